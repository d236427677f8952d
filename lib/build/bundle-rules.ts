/**
 * Rules a store-safe extension bundle must pass: no code built from strings at runtime (`eval`,
 * `new Function`, workers from blobs or data URLs), no remote code, and a manifest that keeps the
 * default strict CSP. Pure functions over file text, used by `e2e/tools/check-bundle.ts` on the build.
 */
import { hasPageScriptName, PAGE_SCRIPT_FILE } from './page-script-name';

export interface Violation {
  file: string;
  rule: string;
  /** What was found, with a little context. */
  excerpt: string;
  message: string;
}

interface TextRule {
  rule: string;
  pattern: RegExp;
  message: string;
}

const SCRIPT_RULES: TextRule[] = [
  { rule: 'eval', pattern: /(?<![\w$])eval\s*\)?\s*\(/g, message: 'evaluates a string as code' },
  // Minifiers drop the `new`: `Function("…")` builds a function all the same.
  { rule: 'new-function', pattern: /(?<![\w$.])(?:new\s+)?Function\s*\(/g, message: 'builds a function from a string' },
  {
    rule: 'string-timer',
    pattern: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/g,
    message: 'passes a string of code to a timer',
  },
  {
    rule: 'remote-import-scripts',
    pattern: /\bimportScripts\s*\(\s*["'`](?:https?:)?\/\//g,
    message: 'loads a remote script into a worker',
  },
  { rule: 'remote-import', pattern: /\bimport\s*\(\s*["'`](?:https?:)?\/\//g, message: 'imports remote code' },
  {
    rule: 'script-blob',
    pattern: /\bnew\s+Blob\s*\(\s*\[[\s\S]{0,600}?type\s*:\s*["'`](?:text|application)\/(?:java|ecma)script/g,
    message: 'builds a script from a string (a Blob of JavaScript)',
  },
];

const HTML_RULES: TextRule[] = [
  {
    rule: 'remote-script',
    pattern: /<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//gi,
    message: 'loads a script from the network',
  },
];

function excerptAt(text: string, index: number): string {
  return text
    .slice(Math.max(0, index - 60), index + 80)
    .replace(/\s+/g, ' ')
    .trim();
}

function applyRules(file: string, text: string, rules: TextRule[]): Violation[] {
  const found: Violation[] = [];
  for (const { rule, pattern, message } of rules) {
    for (const match of text.matchAll(pattern)) {
      found.push({ file, rule, message, excerpt: excerptAt(text, match.index) });
    }
  }
  return found;
}

/** A worker script the extension ships: `new URL('file.js', import.meta.url)` or a plain relative path. */
const PACKAGED_WORKER = /^\s*(?:new\s+URL\s*\(\s*["'`][^"'`:]+["'`]|["'`](?![a-z][a-z0-9+.-]*:|\/\/)[^"'`]+["'`])/i;

function workersFromStrings(file: string, text: string): Violation[] {
  const found: Violation[] = [];
  for (const match of text.matchAll(/\bnew\s+(?:Shared)?Worker\s*\(/g)) {
    const argument = text.slice(match.index + match[0].length, match.index + match[0].length + 300);
    if (PACKAGED_WORKER.test(argument)) continue;
    found.push({
      file,
      rule: 'worker-from-string',
      excerpt: excerptAt(text, match.index),
      message:
        'constructs a worker from something other than a file of the extension (a blob or data URL built from a string); ' +
        "rrweb's inlined canvas worker looks like this, see patches/README.md",
    });
  }
  return found;
}

/**
 * What content scripts must not carry: they are compiled and run in every recorded page at
 * `document_start`, so code only the replay needs costs each page load for nothing. rrweb's bundle
 * holds two copies of PostCSS (it adapts CSS for replay) that its patch makes droppable.
 */
const CONTENT_SCRIPT_RULES: TextRule[] = [
  {
    rule: 'replay-code-in-content-script',
    pattern: /postcss-hover-classes|postcssPlugin/g,
    message: "ships rrweb's replay-only CSS parser (PostCSS) in a content script; see patches/README.md",
  },
];

/** The page-world script without its name: every console call of a recorded page would cost a full stack trace. */
function unnamedPageScript(file: string, text: string): Violation[] {
  if (!PAGE_SCRIPT_FILE.test(file) || hasPageScriptName(text)) return [];
  return [
    {
      file,
      rule: 'unnamed-page-script',
      excerpt: text.slice(-80).trim(),
      message: 'the page-world script does not end with its sourceURL name; see lib/build/page-script-name.ts',
    },
  ];
}

/** Violations in a built JavaScript file (content scripts, under `content-scripts/`, have rules of their own too). */
export function checkScript(file: string, text: string): Violation[] {
  const content = /(^|\/)content-scripts\//.test(file) ? applyRules(file, text, CONTENT_SCRIPT_RULES).slice(0, 1) : [];
  return [...applyRules(file, text, SCRIPT_RULES), ...workersFromStrings(file, text), ...content, ...unnamedPageScript(file, text)];
}

/** Violations in a built HTML page (remote scripts; inline module scripts of the bundle are fine). */
export function checkHtml(file: string, text: string): Violation[] {
  const inline = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].flatMap((m) => checkScript(file, m[1] ?? ''));
  return [...applyRules(file, text, HTML_RULES), ...inline];
}

const UNSAFE_SOURCE = /'unsafe-eval'|'unsafe-inline'|'wasm-unsafe-eval'|(?:^|\s)(?:https?:|\*|data:|blob:)(?:\S*)/;

/** Violations in the manifest: a weakened CSP, or a door for web pages to message the extension. */
export function checkManifest(file: string, manifest: Record<string, unknown>): Violation[] {
  const found: Violation[] = [];
  const csp = manifest.content_security_policy;
  const policies: Array<[string, string]> =
    typeof csp === 'string'
      ? [['content_security_policy', csp]]
      : typeof csp === 'object' && csp !== null
        ? Object.entries(csp as Record<string, string>).map(([k, val]) => [`content_security_policy.${k}`, String(val)])
        : [];
  for (const [where, policy] of policies) {
    for (const directive of policy.split(';')) {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (!name || !/^(script-src|script-src-elem|worker-src|default-src|object-src)$/.test(name)) continue;
      const unsafe = sources.filter((source) => UNSAFE_SOURCE.test(source));
      if (unsafe.length > 0) {
        found.push({
          file,
          rule: 'weak-csp',
          excerpt: `${where}: ${directive.trim()}`,
          message: `weakens the extension CSP with ${unsafe.join(' ')}`,
        });
      }
    }
  }
  if (manifest.externally_connectable !== undefined) {
    found.push({
      file,
      rule: 'externally-connectable',
      excerpt: JSON.stringify(manifest.externally_connectable).slice(0, 200),
      message: 'lets web pages or other extensions message the extension',
    });
  }
  return found;
}

/** One line per violation, for the console. */
export function formatViolation(v: Violation): string {
  return `${v.file}: [${v.rule}] ${v.message}\n    … ${v.excerpt} …`;
}

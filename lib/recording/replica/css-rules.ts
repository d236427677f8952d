/**
 * Splits a stylesheet's text into its top-level rules, as `cssRules` would list them, so the replica
 * can apply `insertRule`/`deleteRule` by index to a sheet it only has as text. The text comes from the
 * browser (`cssText` of each rule, joined) or from the page's own `<style>`; a small scanner is enough
 * (strings, comments, nested blocks), where a full CSS parser would be a large dependency in the worker.
 */

/** The top-level rules of `css`, each with its own text (blank space and comments between rules dropped). */
export function splitRules(css: string): string[] {
  const rules: string[] = [];
  let depth = 0;
  let start = -1;
  let i = 0;
  const n = css.length;
  while (i < n) {
    const c = css[i]!;
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (start < 0) {
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      start = i;
    }
    if (c === '"' || c === "'") {
      i = skipString(css, i);
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        rules.push(css.slice(start, i + 1).trim());
        start = -1;
      }
    } else if (c === ';' && depth === 0) {
      // A statement at-rule (@import, @charset, @namespace, @layer a, b;).
      rules.push(css.slice(start, i + 1).trim());
      start = -1;
    }
    i++;
  }
  if (start >= 0) {
    const rest = css.slice(start).trim();
    if (rest) rules.push(rest);
  }
  return rules;
}

/** Index just past the string that starts at `from`. */
function skipString(css: string, from: number): number {
  const quote = css[from];
  let i = from + 1;
  while (i < css.length) {
    const c = css[i];
    if (c === '\\') i += 2;
    else if (c === quote || c === '\n') return i + 1;
    else i++;
  }
  return i;
}

/**
 * `insertRule(rule, index)` as the replayer performs it on the list: an absent index inserts at the
 * start (the CSSOM's default), one past the end is clamped.
 */
export function insertRule(rules: string[], rule: string, index: number | undefined): void {
  const at = index === undefined ? 0 : Math.max(0, Math.min(index, rules.length));
  rules.splice(at, 0, rule);
}

/** `deleteRule(index)`; an index out of range changes nothing (the replayer ignores the error). */
export function deleteRule(rules: string[], index: number): void {
  if (Number.isInteger(index) && index >= 0 && index < rules.length) rules.splice(index, 1);
}

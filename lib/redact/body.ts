/**
 * Request and response bodies, WebSocket frames and parameter lists, redacted by what they are: JSON,
 * form-urlencoded, multipart, base64 of text, markup and scripts, plain text. Pure, page-safe.
 */
import { base64ToBytes, bytesToBase64, decodeBase64Text, encodeBase64Text } from './base64';
import { redactJsonValue, redactString } from './json';
import { redactMarkup } from './markup';
import { redactKeyValues } from './pairs';
import { extraNames, noExtraRules, REDACTED, type RedactionRules } from './rules';
import { isSecretField, isSecretPair } from './secret-names';
import { redactShapes } from './shapes';
import { redactText } from './text';
import { redactFormText, redactUrlParts } from './url';

/** Redacts a query-string list of `{name, value}` pairs (HAR `queryString`, `postData.params`). */
export function redactParams<T extends { name: string; value?: string }>(params: T[], rules: RedactionRules = noExtraRules): T[] {
  return params.map((p) => {
    if (p.value === undefined) return p;
    return { ...p, value: isSecretPair(p.name, p.value, rules) ? REDACTED : redactString(p.value, rules) };
  });
}

/** The body kinds redaction understands, from a MIME type (and a sniff of the text for JSON). */
export function bodyKind(mimeType: string | undefined, text: string): 'json' | 'form' | 'multipart' | 'text' {
  const mime = (mimeType ?? '').toLowerCase();
  if (mime.includes('json')) return 'json';
  if (mime.includes('x-www-form-urlencoded')) return 'form';
  if (mime.includes('multipart/form-data')) return 'multipart';
  const t = text.trimStart();
  if ((t.startsWith('{') || t.startsWith('[')) && !mime.includes('html')) return 'json';
  return 'text';
}

/** Redacts a request or response body according to its type. Unparseable bodies get free-text redaction. */
export function redactBody(text: string, mimeType: string | undefined, rules: RedactionRules = noExtraRules, depth = 0): string {
  switch (bodyKind(mimeType, text)) {
    case 'json':
      try {
        return JSON.stringify(redactJsonValue(JSON.parse(text), rules));
      } catch {
        return redactText(text, rules);
      }
    case 'form':
      return redactFormText(text, rules);
    case 'multipart':
      return redactMultipart(text, mimeType ?? '', rules);
    case 'text':
      return redactPlainBody(text, mimeType, rules, depth);
  }
}

/** Plain text as the page's code writes it, not markup or source: what `redactPlainBody` reads pairs in. */
function isPlainText(mimeType: string | undefined): boolean {
  const mime = (mimeType ?? '').toLowerCase().split(';')[0]!.trim();
  return mime === '' || mime === 'text/plain' || mime === 'application/octet-stream';
}

/**
 * A text body: a whole body of base64 is decoded and redacted as the body it holds (a beacon's
 * `btoa(JSON.stringify(…))`); plain text (an uploaded `.env`, a `key=value` payload) gets the free-text
 * rules as console text does; markup, scripts, styles and XML lose URL secrets and secret shapes, and
 * the values of secret-named pairs only where they are string literals.
 */
function redactPlainBody(text: string, mimeType: string | undefined, rules: RedactionRules, depth: number): string {
  const decoded = depth < 2 ? decodeBase64Text(text) : null;
  if (decoded !== null) {
    const redacted = redactBody(decoded, undefined, rules, depth + 1);
    return redacted === decoded ? text : encodeBase64Text(redacted, text);
  }
  if (isPlainText(mimeType)) return redactText(text, rules);
  // A URL written in a page (`fetch('/api/profile?api_key=…')`, an `href`, a CSS `url()`) is a URL.
  const out = redactShapes(redactUrlParts(text, rules), rules);
  // Markup and scripts: server-rendered state (`window.__DATA__ = {"accessToken": "…"}`), hidden form
  // fields, `<meta name="csrf-token">`, XML elements named after secrets. Only string literals are
  // taken as values, so code (`var token = read();`) stays readable.
  return redactKeyValues(redactMarkup(out, mimeType, rules), REDACTED, extraNames(rules), true);
}

/** Redacts the parts of a `multipart/form-data` body: secret-named fields lose their value. */
function redactMultipart(text: string, mimeType: string, rules: RedactionRules): string {
  const boundary = /boundary="?([^";]+)"?/i.exec(mimeType)?.[1];
  if (!boundary) return redactText(text, rules);
  const delimiter = `--${boundary}`;
  return text
    .split(delimiter)
    .map((part) => {
      const split = part.indexOf('\r\n\r\n');
      if (split < 0) return part;
      const head = part.slice(0, split);
      const body = part.slice(split + 4);
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const trailing = body.endsWith('\r\n') ? '\r\n' : '';
      const content = trailing ? body.slice(0, -2) : body;
      const typeOfPart = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      const redacted = name && isSecretField(name, rules) ? REDACTED : redactBody(content, typeOfPart ?? 'text/plain', rules);
      return `${head}\r\n\r\n${redacted}${trailing}`;
    })
    .join(delimiter);
}

/** Redacts a base64 body when it decodes to text; binary stays as is (secrets in binary are out of reach). */
export function redactBase64Body(base64: string, mimeType: string | undefined, rules: RedactionRules = noExtraRules): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64ToBytes(base64));
  } catch {
    return base64;
  }
  const redacted = redactBody(text, mimeType, rules);
  return redacted === text ? base64 : bytesToBase64(new TextEncoder().encode(redacted));
}

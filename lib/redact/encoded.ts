/**
 * Bodies that hide text inside an encoding: a whole body of base64 (`btoa(JSON.stringify(…))`, common
 * in analytics beacons and home-made "obfuscated" APIs). Redaction decodes them, redacts the text and
 * encodes it again, so a secret is found whatever the wrapping. Pure.
 */

/** Whole-body base64 (standard or URL-safe), long enough not to be an ordinary word. */
const BASE64_BODY = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** Decoded text of a base64 body when it is printable UTF-8 text, else null (binary, or not base64 at all). */
export function decodeBase64Text(body: string): string | null {
  const trimmed = body.trim();
  if (!BASE64_BODY.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(trimmed.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
  } catch {
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
  // Random bytes rarely decode as UTF-8, and never as text without control characters.
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Base64 of `text` (UTF-8), in the alphabet `like` used (URL-safe when it had `-`/`_`, unpadded when it was). */
export function encodeBase64Text(text: string, like = ''): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  let out = btoa(binary);
  if (/[-_]/.test(like)) out = out.replace(/\+/g, '-').replace(/\//g, '_');
  if (like && !like.trim().endsWith('=')) out = out.replace(/=+$/, '');
  return out;
}

/**
 * Base64, written once: bytes and UTF-8 text to and from base64, and bodies that hide text inside it
 * (`btoa(JSON.stringify(…))`, common in analytics beacons and home-made "obfuscated" APIs), which
 * redaction decodes, redacts and encodes again. Pure, page-safe.
 */

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 61; // '='

/** `bytes` in base64, as ASCII bytes: megabytes never become one string on their way into a file. */
export function base64Bytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET[n >>> 18]!;
    out[o++] = ALPHABET[(n >>> 12) & 63]!;
    out[o++] = ALPHABET[(n >>> 6) & 63]!;
    out[o++] = ALPHABET[n & 63]!;
  }
  if (whole < bytes.length) {
    const n = (bytes[whole]! << 16) | ((bytes[whole + 1] ?? 0) << 8);
    out[o++] = ALPHABET[n >>> 18]!;
    out[o++] = ALPHABET[(n >>> 12) & 63]!;
    out[o++] = whole + 1 < bytes.length ? ALPHABET[(n >>> 6) & 63]! : PAD;
    out[o] = PAD;
  }
  return out;
}

const ascii = new TextDecoder('latin1');

/** `bytes` in standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  return ascii.decode(base64Bytes(bytes));
}

/** The bytes of standard or URL-safe base64 (whitespace ignored); throws on text that is not base64. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 of `text` as UTF-8. */
export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** The UTF-8 text base64 holds, or null when it is not base64 (or, with `fatal`, not valid UTF-8). */
export function base64ToText(base64: string, fatal = true): string | null {
  try {
    return new TextDecoder('utf-8', { fatal }).decode(base64ToBytes(base64));
  } catch {
    return null;
  }
}

/** Whole-body base64 (standard or URL-safe), long enough not to be an ordinary word. */
const BASE64_BODY = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** Decoded text of a base64 body when it is printable UTF-8 text, else null (binary, or not base64 at all). */
export function decodeBase64Text(body: string): string | null {
  const trimmed = body.trim();
  if (!BASE64_BODY.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) return null;
  const text = base64ToText(trimmed.replace(/=+$/, ''));
  // Random bytes rarely decode as UTF-8, and never as text without control characters.
  // eslint-disable-next-line no-control-regex
  return text === null || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Base64 of `text` (UTF-8), in the alphabet `like` used (URL-safe when it had `-`/`_`, unpadded when it was). */
export function encodeBase64Text(text: string, like = ''): string {
  let out = textToBase64(text);
  if (/[-_]/.test(like)) out = out.replace(/\+/g, '-').replace(/\//g, '_');
  if (like && !like.trim().endsWith('=')) out = out.replace(/=+$/, '');
  return out;
}

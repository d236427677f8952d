/**
 * Secrets held by markup: the `value`/`content` of an `<input>` or `<meta>` whose `name`, `id` or
 * `property` names a secret (`<input type="hidden" name="csrf_token" value="…">`), and the text of
 * elements named after one in XML (`<password>…</password>`; HTML's own elements, `<code>` among them,
 * are left alone). Pure, page-safe.
 */
import { REDACTED, type RedactionRules } from './rules';
import { holdsSecret, isSecretField, isSecretHeader } from './secret-names';

const TAG_WITH_VALUE = /<(?:input|meta|param|option)\b[^>]{0,2000}>/gi;
const ATTRIBUTE = /([\w:-]+)\s*=\s*("[^"]*"|'[^']*')/g;
const SECRET_ELEMENT = /<([A-Za-z][\w:.-]{0,80})(\s[^<>]{0,500})?>([^<]{1,4000})<\/\1\s*>/g;

/** Redacts secrets held by the tags and elements of HTML or XML text (`mimeType` tells which). */
export function redactMarkup(text: string, mimeType: string | undefined, rules: RedactionRules): string {
  if (!text.includes('<')) return text;
  const named = (n: string) => isSecretField(n, rules) || isSecretHeader(n, rules);
  const tags = text.replace(TAG_WITH_VALUE, (tag) => {
    const attrs = [...tag.matchAll(ATTRIBUTE)];
    const secret =
      attrs.some(([, k, v]) => ['name', 'id', 'property', 'http-equiv'].includes(k!.toLowerCase()) && named(v!.slice(1, -1))) ||
      attrs.some(([, k, v]) => k!.toLowerCase() === 'type' && v!.slice(1, -1).toLowerCase() === 'password');
    if (!secret) return tag;
    return tag.replace(ATTRIBUTE, (all, k: string, v: string) =>
      ['value', 'content'].includes(k.toLowerCase()) && v.length > 2 ? `${k}=${v[0]}${REDACTED}${v[0]}` : all,
    );
  });
  const mime = (mimeType ?? '').toLowerCase();
  if (!mime.includes('xml') || mime.includes('html')) return tags;
  return tags.replace(SECRET_ELEMENT, (all, tag: string, attrs: string | undefined, inner: string) =>
    !inner.trim() || !isSecretField(tag, rules) || !holdsSecret(tag, inner.trim()) ? all : `<${tag}${attrs ?? ''}>${REDACTED}</${tag}>`,
  );
}

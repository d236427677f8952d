/** Text shown for sizes, durations and bodies in the viewer. */

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMs(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}

/** mm:ss of a replay offset. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A body as readable text: JSON pretty-printed when it parses, base64 bodies named rather than shown. */
export function bodyText(text: string | undefined, mimeType: string, encoding?: string): string {
  if (text === undefined || text === '') return '';
  if (encoding === 'base64') return `(${mimeType || 'binary'} body, ${formatBytes(Math.floor((text.length * 3) / 4))}, base64)`;
  const t = text.trim();
  if (mimeType.includes('json') || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(t), null, 2);
    } catch {
      return text;
    }
  }
  return text;
}

/** The query string of a URL as name/value pairs (empty for a URL that does not parse). */
export function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** An epoch-ms time as ISO text, or a dash for a number no Date can hold. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString();
}

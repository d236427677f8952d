import { execFileSync } from 'node:child_process';
import type { Entry } from 'har-format';
import { expect, it } from 'vitest';
import { normalizeHar } from './data';
import { shellQuote, toCurl } from './curl';

function entry(method: string, url: string, headers: [string, string][], body?: string): Entry {
  const har = normalizeHar({
    log: {
      entries: [
        {
          request: { method, url, headers: headers.map(([name, value]) => ({ name, value })), ...(body !== undefined ? { postData: { mimeType: 'text/plain', text: body } } : {}) },
          response: { status: 200 },
        },
      ],
    },
  });
  return har!.log.entries[0]!;
}

it('quotes for a POSIX shell so that the shell gives back the exact text', () => {
  const hostile = `it's $(touch /tmp/pwned) \`id\` "x" \\ \n; rm -rf ~ & ${'$'}HOME`;
  expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  // The real shell is the judge: printf prints the argument exactly as the program would receive it.
  const out = execFileSync('sh', ['-c', `printf %s ${shellQuote(hostile)}`]).toString();
  expect(out).toBe(hostile);
});

it('builds a GET without -X and keeps headers, skipping pseudo and connection headers', () => {
  const cmd = toCurl(entry('GET', 'https://shop.test/api?q=a b&x=1', [[':authority', 'shop.test'], ['Accept', 'application/json'], ['Content-Length', '0']]));
  expect(cmd).toBe(`curl 'https://shop.test/api?q=a b&x=1' -H 'Accept: application/json'`);
});

it('sends the body with --data-raw and names methods curl would not infer', () => {
  expect(toCurl(entry('POST', 'https://a.test/o', [], `{"note":"it's"}`))).toBe(`curl 'https://a.test/o' --data-raw '{"note":"it'\\''s"}'`);
  expect(toCurl(entry('PUT', 'https://a.test/o', [], 'x'))).toBe(`curl 'https://a.test/o' -X 'PUT' --data-raw 'x'`);
  expect(toCurl(entry('DELETE', 'https://a.test/o', []))).toBe(`curl 'https://a.test/o' -X 'DELETE'`);
});

it('produces a command the shell parses into the recorded arguments', () => {
  const cmd = toCurl(entry('POST', "https://a.test/o?x='1'", [['X-Note', 'a "quoted" $value']], 'line1\nline2'));
  // Replace curl by a printer of its arguments, one per line, and compare.
  const args = execFileSync('sh', ['-c', `f() { for a in "$@"; do printf '%s\\0' "$a"; done; }; f ${cmd.slice('curl '.length)}`])
    .toString()
    .split('\0')
    .slice(0, -1);
  expect(args).toEqual(["https://a.test/o?x='1'", '-H', 'X-Note: a "quoted" $value', '--data-raw', 'line1\nline2']);
});

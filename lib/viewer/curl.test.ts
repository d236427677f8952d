import { execFileSync } from 'node:child_process';
import type { Entry } from 'har-format';
import { expect, it } from 'vitest';
import { normalizeHar } from './data';
import { type CurlCommand, shellQuote, toCurl } from './curl';

function entry(method: string, url: string, headers: [string, string][], body?: string): Entry {
  const har = normalizeHar({
    log: {
      entries: [
        {
          request: {
            method,
            url,
            headers: headers.map(([name, value]) => ({ name, value })),
            ...(body !== undefined ? { postData: { mimeType: 'text/plain', text: body } } : {}),
          },
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
  const cmd = command(
    toCurl(
      entry('GET', 'https://shop.test/api?q=a b&x=1', [
        [':authority', 'shop.test'],
        ['Accept', 'application/json'],
        ['Content-Length', '0'],
      ]),
    ),
  );
  expect(cmd).toBe(`curl --globoff -H 'Accept: application/json' --url 'https://shop.test/api?q=a b&x=1'`);
});

it('sends the body with --data-raw and names methods curl would not infer', () => {
  expect(command(toCurl(entry('POST', 'https://a.test/o', [], `{"note":"it's"}`)))).toBe(
    `curl --globoff --data-raw '{"note":"it'\\''s"}' --url 'https://a.test/o'`,
  );
  expect(command(toCurl(entry('PUT', 'https://a.test/o', [], 'x')))).toBe(
    `curl --globoff -X 'PUT' --data-raw 'x' --url 'https://a.test/o'`,
  );
  expect(command(toCurl(entry('DELETE', 'https://a.test/o', [])))).toBe(`curl --globoff -X 'DELETE' --url 'https://a.test/o'`);
});

it('produces a command the shell parses into the recorded arguments', () => {
  const cmd = command(toCurl(entry('POST', "https://a.test/o?x='1'", [['X-Note', 'a "quoted" $value']], 'line1\nline2')));
  expect(argsOf(cmd)).toEqual([
    '--globoff',
    '-H',
    'X-Note: a "quoted" $value',
    '--data-raw',
    'line1\nline2',
    '--url',
    "https://a.test/o?x='1'",
  ]);
});

/** The arguments curl would receive: the shell parses the command, a printer stands in for curl. */
function argsOf(cmd: string): string[] {
  expect(cmd.startsWith('curl ')).toBe(true);
  return execFileSync('sh', ['-c', `f() { for a in "$@"; do printf '%s\\0' "$a"; done; }; f ${cmd.slice('curl '.length)}`])
    .toString()
    .split('\0')
    .slice(0, -1);
}

function command(result: CurlCommand): string {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.command;
}

it('never lets a recorded URL become a curl option', () => {
  // Quoting stops the shell, not curl: curl reads a quoted "-K<file>" as "take options from <file>".
  for (const url of ['-K/home/tester/.curlrc', '--config=/tmp/x', '-o/home/tester/.bashrc']) {
    expect(toCurl(entry('GET', url, [])).ok).toBe(false);
  }
  const args = argsOf(command(toCurl(entry('GET', 'https://a.test/-K/x', []))));
  expect(args.slice(-2)).toEqual(['--url', 'https://a.test/-K/x']);
});

it('turns off URL globbing, so brackets and braces in a recorded URL are sent as they are', () => {
  const args = argsOf(command(toCurl(entry('GET', 'https://a.test/p?ids=[1-999999]&t={a,b}', []))));
  expect(args).toContain('--globoff');
});

it('refuses URLs other than http and https, and says why', () => {
  for (const url of ['file:///etc/passwd', 'ftp://a.test/x', 'gopher://a.test/', 'dict://a.test/', 'not a url']) {
    const result = toCurl(entry('GET', url, []));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/only http and https/i);
  }
});

it('refuses a method that is not an HTTP token', () => {
  const result = toCurl(entry('GET --next -o /tmp/x', 'https://a.test/', []));
  expect(result.ok).toBe(false);
});

it('leaves out headers whose name is not a token or whose value breaks the line', () => {
  // "-H @file" makes curl read headers from a file; CR/LF would add headers of their own.
  const args = argsOf(
    command(
      toCurl(
        entry('GET', 'https://a.test/', [
          ['@/home/tester/.netrc', 'x'],
          ['X-A', 'a\r\nX-Injected: 1'],
          ['X-Ok', 'fine'],
        ]),
      ),
    ),
  );
  expect(args.filter((a) => a !== '-H' && a.includes(':') && !a.startsWith('https:'))).toEqual(['X-Ok: fine']);
});

it('keeps a body that starts with @ as text, never a file to read', () => {
  const args = argsOf(command(toCurl(entry('POST', 'https://a.test/', [], '@/etc/passwd'))));
  expect(args.slice(args.indexOf('--data-raw'), args.indexOf('--data-raw') + 2)).toEqual(['--data-raw', '@/etc/passwd']);
});

it('refuses a body the shell cannot carry (a NUL character)', () => {
  expect(toCurl(entry('POST', 'https://a.test/', [], 'a\0b')).ok).toBe(false);
});

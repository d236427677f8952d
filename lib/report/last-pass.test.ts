import type { Har } from 'har-format';
import { expect, it } from 'vitest';
import { noExtraRules, REDACTED, redactBody, redactHeaders, redactUrl } from '../redact';
import { redactConsoleEntry } from '../recording/console-redact';
import type { ConsoleEntry } from '../model/report';
import { packEvents } from '../zip/recording-entry';
import { passRecording, passText, passTree, type Tally } from './last-pass';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
const rules = noExtraRules;

function har(entry: {
  url: string;
  headers: { name: string; value: string }[];
  post?: { mimeType: string; text: string };
  content: { mimeType: string; text: string };
  frames?: { opcode: number; data: string }[];
}): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Repro', version: '0' },
      entries: [
        {
          startedDateTime: '2026-03-04T05:06:07.000Z',
          time: 1,
          request: {
            method: 'POST',
            url: entry.url,
            httpVersion: 'HTTP/1.1',
            headers: entry.headers,
            queryString: [],
            cookies: [],
            headersSize: -1,
            bodySize: -1,
            ...(entry.post ? { postData: entry.post } : {}),
          },
          response: {
            status: 200,
            statusText: 'OK',
            httpVersion: 'HTTP/1.1',
            headers: [],
            cookies: [],
            content: { size: 1, ...entry.content },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
          },
          cache: {},
          timings: { send: 0, wait: 1, receive: 0 },
          ...(entry.frames ? { _webSocketMessages: entry.frames.map((f) => ({ type: 'send', time: 1, ...f })) } : {}),
        },
      ],
    },
  } as Har;
}

it('finds nothing more in what capture redacted, and leaves it byte for byte', () => {
  const html = `<script>fetch('/api/profile?api_key=k1&view=full'); var token = read();</script>`;
  const captured = har({
    url: redactUrl('https://shop.test/api/login?token=t1&page=2#access_token=a1', rules),
    headers: redactHeaders(
      [
        { name: 'Authorization', value: 'Bearer t2' },
        { name: 'Referer', value: 'https://shop.test/?session=s1' },
        { name: 'Accept', value: 'text/html' },
      ],
      rules,
    ),
    post: {
      mimeType: 'application/x-www-form-urlencoded',
      text: redactBody('user=ann&password=pw1&remember=1', 'application/x-www-form-urlencoded', rules),
    },
    content: { mimeType: 'text/html', text: redactBody(html, 'text/html', rules) },
    frames: [{ opcode: 1, data: redactBody('CONNECT\nlogin:guest\npasscode:st0mp\n\n', undefined, rules) }],
  });
  const before = JSON.stringify(captured);
  const tally: Tally = { removed: 0 };
  passTree(captured, rules, tally);
  expect(JSON.stringify(captured)).toBe(before);
  expect(tally.removed).toBe(0);

  const lines = [
    redactConsoleEntry({
      level: 'error',
      time: 1,
      message: `token=abc ${JWT}`,
      args: [{ password: 'pw', list: ['Bearer abcdefgh12345678'] }],
      url: 'https://shop.test/cb?code=SplxlOBeZQQYbYS6WxSbIA',
      stack: 'at f (a.js?token=x:1:2)',
    }),
  ];
  const consoleBefore = JSON.stringify(lines);
  passTree(lines, rules, tally);
  expect(JSON.stringify(lines)).toBe(consoleBefore);
  expect(tally.removed).toBe(0);
});

it('removes what a capture path forgot, and counts it', () => {
  const forgot = har({
    url: 'https://shop.test/api?api_key=k-forgot1',
    headers: [
      { name: 'Authorization', value: 'Bearer t-forgot2' },
      { name: 'X-Debug', value: `jwt ${JWT}` },
    ],
    content: { mimeType: 'application/json', text: '{"user":"ann","password":"pw-forgot3"}' },
    frames: [{ opcode: 1, data: 'CONNECT\npasscode:st0mp-forgot4\n\n' }],
  });
  const tally: Tally = { removed: 0 };
  passTree(forgot, rules, tally);
  const text = JSON.stringify(forgot);
  for (const secret of ['k-forgot1', 't-forgot2', JWT, 'pw-forgot3', 'st0mp-forgot4'])
    expect([secret, text.includes(secret)]).toEqual([secret, false]);
  expect(tally.removed).toBe(5);

  const entries: ConsoleEntry[] = [
    { level: 'log', time: 1, message: 'cookie PHPSESSID=php-forgot5; theme=dark', args: [{ apiKey: 'k-forgot6' }] },
  ];
  passTree(entries, rules, tally);
  expect(JSON.stringify(entries)).not.toMatch(/forgot5|forgot6/);
  expect(tally.removed).toBe(7);
});

it("runs the tester's text and README through the rules, and the tester's own patterns", () => {
  const report = {
    title: 'Login loops',
    description: `The header was Bearer abcdefgh12345678 for EMP-4242`,
    page: { url: 'https://shop.test/?x=1', title: 'Shop' },
    custom: { authToken: 'tok-1' },
  };
  const tally: Tally = { removed: 0 };
  passTree(report, { headers: [], fields: [], patterns: ['EMP-\\d+'] }, tally);
  expect(report.description).toBe(`The header was Bearer ${REDACTED} for ${REDACTED}`);
  expect(report.custom.authToken).toBe(REDACTED);
  expect(tally.removed).toBe(3);
  expect(passText('# Login\n\nSee https://shop.test/cb#access_token=a1', rules, tally)).toBe(
    `# Login\n\nSee https://shop.test/cb#access_token=${REDACTED}`,
  );
  expect(tally.removed).toBe(4);
});

it('reads the recording again, packed or not, keeping untouched pieces packed', async () => {
  const clean = JSON.stringify({
    type: 3,
    timestamp: 2,
    data: { source: 0, texts: [{ id: 4, value: 'Order 42 shipped' }], attributes: [], removes: [], adds: [] },
  });
  const secret = JSON.stringify({
    type: 3,
    timestamp: 3,
    data: { source: 0, texts: [{ id: 5, value: 'Employee EMP-4242' }], attributes: [], removes: [], adds: [] },
  });
  const packedClean = { packed: await packEvents([clean, clean]) };
  const packedSecret = { packed: await packEvents([clean, secret]) };
  const tally: Tally = { removed: 0 };
  const out = await passRecording(
    [packedClean, packedSecret, { events: [secret] }],
    { headers: [], fields: [], patterns: ['EMP-\\d+'] },
    tally,
  );
  expect(out[0]).toBe(packedClean);
  expect(out[1]).toEqual({ events: [clean, secret.replace('EMP-4242', REDACTED)] });
  expect(out[2]).toEqual({ events: [secret.replace('EMP-4242', REDACTED)] });
  expect(tally.removed).toBe(2);
});

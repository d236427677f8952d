import { describe, expect, it } from 'vitest';
import { redactBase64Body, redactBody, redactParams } from './body';
import { REDACTED, type RedactionRules } from './rules';

const R = encodeURIComponent(REDACTED);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
const user: RedactionRules = { headers: ['X-Tenant'], fields: ['employeeId'], patterns: ['EMP-\\d+'] };

describe('bodies', () => {
  it.each<[string, string, string | undefined, unknown]>([
    ['flat JSON', '{"user":"ann","password":"pw"}', 'application/json', { user: 'ann', password: REDACTED }],
    [
      'nested JSON and arrays',
      '{"a":{"b":[{"client_secret":"s","ok":1}]},"refreshToken":"r"}',
      'application/json',
      { a: { b: [{ client_secret: REDACTED, ok: 1 }] }, refreshToken: REDACTED },
    ],
    [
      'JSON inside a JSON string',
      JSON.stringify({ payload: JSON.stringify({ token: 't', n: 1 }) }),
      'application/json',
      { payload: JSON.stringify({ token: REDACTED, n: 1 }) },
    ],
    [
      'GraphQL variables',
      JSON.stringify({
        query: 'mutation Login($p: String!) { login(password: $p) }',
        variables: { p: 'x', password: 'pw', card: '4111111111111111' },
      }),
      'application/json',
      { query: 'mutation Login($p: String!) { login(password: $p) }', variables: { p: 'x', password: REDACTED, card: REDACTED } },
    ],
    [
      'card numbers anywhere',
      '{"note":"card 4111 1111 1111 1111","n":4242424242424242}',
      'application/json',
      { note: `card ${REDACTED}`, n: REDACTED },
    ],
    ['bearer in free text', '{"msg":"sent Bearer abcdefgh12345678"}', 'application/json', { msg: `sent Bearer ${REDACTED}` }],
    [
      'error codes stay',
      '{"error":{"code":500,"message":"boom"},"auth":false}',
      'application/json',
      { error: { code: 500, message: 'boom' }, auth: false },
    ],
    [
      'GraphQL inline arguments',
      JSON.stringify({ query: 'mutation { login(user: "ann", password: "hunter22") { token } }' }),
      'application/json',
      { query: `mutation { login(user: "ann", password: "${REDACTED}") { token } }` },
    ],
    [
      'secret pairs inside a string value',
      '{"note":"retry with token=abc123&page=2"}',
      'application/json',
      { note: `retry with token=${REDACTED}&page=2` },
    ],
    ['sniffed JSON without a type', '{"secret":"s"}', undefined, { secret: REDACTED }],
    ['user field rule', '{"employeeId":"7"}', 'application/json', { employeeId: REDACTED }],
  ])('%s', (_name, body, mime, expected) => {
    expect(JSON.parse(redactBody(body, mime, user))).toEqual(expected);
  });

  it.each<[string, string, string, string]>([
    ['form-urlencoded', 'user=ann&password=pw&remember=1', 'application/x-www-form-urlencoded', `user=ann&password=${R}&remember=1`],
    [
      'form value holding JSON',
      `data=${encodeURIComponent('{"ssn":"1"}')}`,
      'application/x-www-form-urlencoded',
      `data=${encodeURIComponent(`{"ssn":"${REDACTED}"}`)}`,
    ],
    ['plain text with a JWT', `hello ${JWT}`, 'text/plain', `hello ${REDACTED}`],
    ['broken JSON falls back to text', `{"token": "${JWT}"`, 'application/json', `{"token": "${REDACTED}"`],
    ['HTML keeps its markup, loses quoted secrets', '<p>{"password":"x"}</p>', 'text/html', `<p>{"password":"${REDACTED}"}</p>`],
  ])('%s', (_name, body, mime, expected) => {
    expect(redactBody(body, mime, user)).toBe(expected);
  });

  it('redacts multipart fields by name and nested JSON parts', () => {
    const b = 'XyZ';
    const body = [
      `--${b}\r\nContent-Disposition: form-data; name="user"\r\n\r\nann\r\n`,
      `--${b}\r\nContent-Disposition: form-data; name="password"\r\n\r\npw\r\n`,
      `--${b}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n{"apiKey":"k"}\r\n`,
      `--${b}--\r\n`,
    ].join('');
    const out = redactBody(body, `multipart/form-data; boundary=${b}`);
    expect(out).toContain('name="user"\r\n\r\nann\r\n');
    expect(out).toContain(`name="password"\r\n\r\n${REDACTED}\r\n`);
    expect(out).toContain(`{"apiKey":"${REDACTED}"}`);
    expect(out).not.toContain('pw\r\n');
  });

  it('redacts a body that is base64 of JSON, form or text, keeping its alphabet', () => {
    const json = btoa('{"secret":"s3cr3tV4lue","a":1}');
    const out = redactBody(json, 'text/plain');
    expect(JSON.parse(atob(out))).toEqual({ secret: REDACTED, a: 1 });
    const urlSafe = btoa('{"token":"??>s3cr3tV4lue"}').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(redactBody(urlSafe, undefined)).not.toMatch(/[+/=]/);
    expect(atob(redactBody(urlSafe, undefined).replace(/-/g, '+').replace(/_/g, '/'))).toBe(`{"token":"${REDACTED}"}`);
    // Nothing secret inside: the body stays byte for byte.
    const harmless = btoa('{"page":"home","n":1}');
    expect(redactBody(harmless, 'text/plain')).toBe(harmless);
  });

  it('redacts secret-named pairs in plain-text bodies and uploaded text files, not in markup or scripts', () => {
    expect(redactBody('user=tester\nkey=s3cr3tV4lue\n', 'text/plain')).toBe(`user=tester\nkey=${REDACTED}\n`);
    expect(redactBody('DB_PASSWORD: hunter22\nmode: fast', undefined)).toBe(`DB_PASSWORD: ${REDACTED}\nmode: fast`);
    expect(redactBody('var token = read();', 'application/javascript')).toBe('var token = read();');
    expect(redactBody('key=s3cr3tV4lue', 'text/html')).toBe('key=s3cr3tV4lue');
    const b = 'XyZ';
    const upload = [
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="credentials.txt"\r\nContent-Type: text/plain\r\n\r\nuser=tester\nkey=s3cr3tV4lue\n\r\n`,
      `--${b}--\r\n`,
    ].join('');
    const out = redactBody(upload, `multipart/form-data; boundary=${b}`);
    expect(out).not.toContain('s3cr3tV4lue');
    expect(out).toContain('user=tester');
  });

  it('redacts base64 text bodies and leaves binary alone', () => {
    const encoded = btoa('{"password":"pw","a":1}');
    expect(JSON.parse(atob(redactBase64Body(encoded, 'application/json')))).toEqual({ password: REDACTED, a: 1 });
    const binary = btoa(String.fromCharCode(0xff, 0xfe, 0x00, 0x81));
    expect(redactBase64Body(binary, 'image/png')).toBe(binary);
  });
});

it('redacts query parameter lists', () => {
  expect(
    redactParams([
      { name: 'code', value: 'SplxlOBeZQQYbYS6WxSbIA' },
      { name: 'code', value: 'E_TIMEOUT' },
      { name: 'q', value: 'x' },
    ]),
  ).toEqual([
    { name: 'code', value: REDACTED },
    { name: 'code', value: 'E_TIMEOUT' },
    { name: 'q', value: 'x' },
  ]);
});

describe('markup and scripts', () => {
  it('redacts server-rendered state, config scripts, hidden fields, meta tags and XML elements', () => {
    const html = [
      '<script>window.__DATA__={"accessToken":"tok-s3cr3t","user":"ann"};</script>',
      '<input type="hidden" name="csrf_token" value="csrf-s3cr3t"><input name="q" value="shoes">',
      '<meta name=\'csrf-token\' content=\'meta-s3cr3t\'><meta name="viewport" content="width=device-width">',
      '<input type="password" id="pw" value="pw-s3cr3t">',
    ].join('\n');
    const out = redactBody(html, 'text/html; charset=utf-8');
    for (const secret of ['tok-s3cr3t', 'csrf-s3cr3t', 'meta-s3cr3t', 'pw-s3cr3t']) expect(out).not.toContain(secret);
    expect(out).toContain('"user":"ann"');
    expect(out).toContain('value="shoes"');
    expect(out).toContain('content="width=device-width"');

    const js = 'const config = { apiKey: "js-s3cr3t", password: \'pw2-s3cr3t\', region: "eu" }; var token = read();';
    const redactedJs = redactBody(js, 'application/javascript');
    expect(redactedJs).not.toMatch(/js-s3cr3t|pw2-s3cr3t/);
    expect(redactedJs).toContain('region: "eu"');
    expect(redactedJs).toContain('var token = read();');

    const xml = '<login><user>ann</user><password>hunter2</password><code>E42</code></login>';
    expect(redactBody(xml, 'application/xml')).toBe(`<login><user>ann</user><password>${REDACTED}</password><code>E42</code></login>`);
  });
});

describe('shapes and names the rules used to miss', () => {
  it('redacts the passcode of a STOMP CONNECT frame and keeps its other headers', () => {
    const frame = 'CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:st0mp-s3cr3t\n\n\u0000';
    expect(redactBody(frame, undefined)).toBe(`CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:${REDACTED}\n\n\u0000`);
  });

  it('redacts SAMLResponse posts and pan fields', () => {
    expect(redactBody('SAMLResponse=PHNhbWxwOlJlc3BvbnNlPg%3D%3D&RelayState=%2Fapp', 'application/x-www-form-urlencoded')).toBe(
      `SAMLResponse=${R}&RelayState=%2Fapp`,
    );
    expect(JSON.parse(redactBody('{"order":7,"pan":"5555555555554444x"}', 'application/json'))).toEqual({ order: 7, pan: REDACTED });
  });

  it('redacts session cookies by their real names when a page writes them out', () => {
    const cookies =
      'PHPSESSID=php-s3cr3t; _gh_sess=gh-s3cr3t; theme=dark; wordpress_logged_in_5c01=admin%7Cwp-s3cr3t; SAPISID=g-s3cr3t/AbC; connect.sid=s%3Aexp-s3cr3t';
    const out = redactBody(cookies, 'text/plain');
    expect(out).not.toMatch(/s3cr3t/);
    expect(out).toContain('theme=dark');
  });
});

describe('URLs written inside bodies', () => {
  const K = 'k-5ecr3t-9f8e7d';
  it.each<[string, string, string]>([
    ['HTML', 'text/html', `<script>fetch('/api/profile?api_key=${K}&view=full', { credentials: 'include' })</script>`],
    ['JavaScript', 'application/javascript', `const next = "https://id.test/authorize?client_id=shop&code=${K}xyz";`],
    ['CSS', 'text/css', `.logo { background: url("https://cdn.test/l.png?token=${K}") }`],
    ['XML', 'application/xml', `<feed><link href="https://a.test/f?x=1&amp;access_token=${K}"/></feed>`],
    ['JSON string', 'application/json', JSON.stringify({ next: `https://a.test/cb?code=${K}xyzAbC` })],
    ['source map', 'application/json', JSON.stringify({ version: 3, sourcesContent: [`fetch("/api?api_key=${K}")`] })],
    ['plain text', 'text/plain', `see https://a.test/#access_token=${K}`],
  ])('%s', (_name, mime, body) => {
    const out = redactBody(body, mime);
    expect(out).not.toContain(K);
    expect(out).toContain(REDACTED);
  });
});

it('changes nothing in a body it redacted already', () => {
  const b = 'XyZ';
  const bodies: Array<[string, string | undefined]> = [
    [
      '{"user":"ann","password":"pw","token":true,"next":"https://a.test/cb?code=SplxlOBeZQQYbYS6WxSbIA","n":4242424242424242}',
      'application/json',
    ],
    ['user=ann&password=pw&next=%2Fcb%3Fapi_key%3Dk1&remember=1', 'application/x-www-form-urlencoded'],
    [
      `<script>fetch('/api/profile?api_key=k1&view=full'); var token = read();</script><input type="hidden" name="csrf_token" value="c1">`,
      'text/html',
    ],
    [`--${b}\r\nContent-Disposition: form-data; name="password"\r\n\r\npw\r\n--${b}--\r\n`, `multipart/form-data; boundary=${b}`],
    [btoa('{"secret":"s3cr3tV4lue","a":1}'), 'text/plain'],
    ['CONNECT\nlogin:guest\npasscode:st0mp\n\n\u0000', undefined],
  ];
  for (const [body, mime] of bodies) {
    const once = redactBody(body, mime);
    expect([body, once !== body]).toEqual([body, true]);
    expect([body, redactBody(once, mime)]).toEqual([body, once]);
  }
});

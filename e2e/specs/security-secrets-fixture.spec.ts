/**
 * The secrets fixture itself: every canary really reaches the place it is listed for. A leak scan of a
 * report is only as strong as this: a canary that never appears on the page proves nothing.
 */
import { CANARIES, scanForCanaries, type CanaryPlace } from '../fixtures/sites/secrets/canaries';
import { canaryInitScript, registerSecretRoutes, secretsPageUrl } from '../fixtures/sites/secrets/routes';
import { expect, test } from '../harness/fixtures';

const ids = (places: CanaryPlace[]) => CANARIES.filter((c) => places.includes(c.place)).map((c) => c.id);

test('the secrets fixture puts every canary where CANARIES.md says', async ({ ext, server }) => {
  const routes = registerSecretRoutes(server);
  const page = await ext.context.newPage();
  const consoleText: string[] = [];
  page.on('console', (m) => {
    consoleText.push(m.text());
    for (const arg of m.args())
      void arg.jsonValue().then(
        (v) => consoleText.push(JSON.stringify(v)),
        () => undefined,
      );
  });
  page.on('pageerror', (e) => consoleText.push(e.message));
  await page.addInitScript({ content: canaryInitScript() });
  // Rejections with a non-Error reason reach no Playwright event: note them in the page.
  await page.addInitScript(() => {
    addEventListener('unhandledrejection', (e) => console.debug('unhandled rejection', JSON.stringify(e.reason)));
  });
  await page.goto(secretsPageUrl(server));

  // Inputs: typed as a tester would, each into its own field (shadow root and iframe included).
  const typed: string[] = [];
  for (const c of CANARIES.filter((x) => x.place === 'input')) {
    const field = c.id === 'input-iframe' ? page.frameLocator('#f-frame-host').locator(c.selector!) : page.locator(c.selector!);
    await field.pressSequentially(c.value);
    typed.push(c.id === 'input-contenteditable' ? await field.innerText() : await field.inputValue());
  }
  expect(scanForCanaries(typed.join('\n')).map((h) => h.id)).toEqual(ids(['input']));

  // The address it was opened at, before "Log" moves it.
  expect(
    scanForCanaries(page.url())
      .map((h) => h.id)
      .sort(),
  ).toEqual(['url-fragment', 'url-referer']);
  await page.getByRole('button', { name: 'Send requests' }).click();
  await expect(page.locator('#done')).toContainText('network');
  await page.getByRole('button', { name: 'Log' }).click();
  await page.getByRole('button', { name: 'Store' }).click();
  await expect(page.locator('#done')).toContainText('storage');

  // What the page sent: headers, cookies, URLs (query, Referer, userinfo), bodies of every kind.
  const sent = new Set(scanForCanaries(routes.received.join('\n---\n')).map((h) => h.id));
  for (const id of ids(['request-header', 'request-body', 'cookie'])) expect([id, sent.has(id)]).toEqual([id, true]);
  for (const id of [
    'url-query-token',
    'url-query-api-key',
    'url-query-password',
    'req-jwt-query',
    'url-referer',
    'url-userinfo-password',
  ]) {
    expect([id, sent.has(id)]).toEqual([id, true]);
  }

  // WebSocket frames both ways: what the server received, what the page received.
  const frames = new Set(scanForCanaries(routes.received.filter((r) => r.startsWith('WS ')).join('\n')).map((h) => h.id));
  for (const id of ['ws-stomp-passcode', 'ws-sent-token']) expect([id, frames.has(id)]).toEqual([id, true]);
  const wsReceived = await page.evaluate(() => JSON.stringify((window as unknown as { __wsReceived?: string[] }).__wsReceived ?? []));
  expect(
    scanForCanaries(wsReceived)
      .map((h) => h.id)
      .sort(),
  ).toEqual(['ws-received-session', 'ws-received-url']);

  // Console and errors (document.cookie printed holds the cookie canaries too), page storage, DOM text and
  // attributes, the address the last lines were written at.
  await expect
    .poll(() =>
      scanForCanaries(consoleText.join('\n'))
        .map((h) => h.id)
        .sort(),
    )
    .toEqual([...ids(['console']), 'cookie-document', 'cookie-second'].sort());
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(scanForCanaries(stored).map((h) => h.id)).toEqual(ids(['storage']));
  const dom = await page.evaluate(() => document.documentElement.outerHTML);
  expect(scanForCanaries(dom).map((h) => h.id)).toEqual(expect.arrayContaining([...ids(['dom']), 'url-userinfo-password']));
  expect(
    scanForCanaries(page.url())
      .map((h) => h.id)
      .sort(),
  ).toEqual(['url-app-fragment', 'url-console-code', 'url-tester-field']);
  // The shop frame's own sources, as the browser loaded them.
  const sources = await page.evaluate(async () =>
    (await Promise.all(['shop.html', 'shop.js', 'shop.css', 'api/links'].map(async (p) => (await fetch(`/secrets/${p}`)).text()))).join(
      '\n',
    ),
  );
  expect(
    scanForCanaries(sources)
      .map((h) => h.id)
      .sort(),
  ).toEqual(ids(['page-source']).sort());
  expect(await page.frameLocator('#shop').locator('h1').textContent()).toBe('Deals');

  // And the responses carry theirs (read back by the page through its own fetch).
  const responses = await page.evaluate(async () => {
    const texts: string[] = [];
    for (const [method, path] of [
      ['POST', '/secrets/api/login'],
      ['GET', '/secrets/api/profile'],
      ['GET', '/secrets/api/challenge'],
      ['POST', '/secrets/graphql'],
      ['GET', '/secrets/api/b64-response'],
    ] as const) {
      const res = await fetch(path, { method });
      texts.push([...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n'), await res.text());
    }
    return texts.join('\n');
  });
  const received = new Set(scanForCanaries(responses).map((h) => h.id));
  for (const id of ids(['response-body'])) expect([id, received.has(id)]).toEqual([id, true]);
  for (const id of ['res-x-session-token', 'res-x-refresh-token', 'res-www-authenticate'])
    expect([id, received.has(id)]).toEqual([id, true]);
  // Set-Cookie is hidden from page scripts: the browser's cookie jar shows it arrived.
  const jar = JSON.stringify(await ext.context.cookies(server.origin));
  expect(
    scanForCanaries(jar)
      .map((h) => h.id)
      .sort(),
  ).toEqual(['console-document-cookie', 'cookie-document', 'cookie-second', 'res-set-cookie']);
});

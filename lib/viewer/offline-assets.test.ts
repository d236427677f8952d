import type { Har } from 'har-format';
import { expect, it } from 'vitest';
import { normalizeHar, type RecordedEvent } from './data';
import { assetsFromHar, inlineAssets, rewriteCssUrls } from './offline-assets';

function har(bodies: [url: string, mimeType: string, text: string, encoding?: string, status?: number][]): Har {
  return normalizeHar({
    log: {
      entries: bodies.map(([url, mimeType, text, encoding, status]) => ({
        request: { url },
        response: { status: status ?? 200, content: { mimeType, text, ...(encoding ? { encoding } : {}) } },
      })),
    },
  })!;
}

const PNG = 'iVBORw0KGgo=';

function page(children: unknown[]): RecordedEvent[] {
  return [
    { type: 4, timestamp: 1, data: { href: 'https://site.test/shop/', width: 800, height: 600 } },
    {
      type: 2,
      timestamp: 2,
      data: { node: { type: 0, id: 1, childNodes: [{ type: 2, tagName: 'html', id: 2, attributes: {}, childNodes: children }] } },
    },
  ];
}

it('turns images, fonts and stylesheets of the HAR into assets, within the budget', () => {
  const assets = assetsFromHar(
    har([
      ['https://cdn.test/a.png', 'image/png', PNG, 'base64'],
      ['https://cdn.test/b.svg', 'image/svg+xml', '<svg/>'],
      ['https://cdn.test/s.css', 'text/css; charset=utf-8', 'body{color:red}'],
      ['https://cdn.test/f.woff2', 'font/woff2', 'AAAA', 'base64'],
      ['https://cdn.test/app.js', 'text/javascript', 'alert(1)'],
      ['https://cdn.test/missing.png', 'image/png', PNG, 'base64', 404],
      ['https://cdn.test/huge.png', 'image/png', 'A'.repeat(5000), 'base64'],
    ]),
    { maxAssetBytes: 1000, maxTotalBytes: 10_000 },
  );
  expect([...assets.keys()]).toEqual([
    'https://cdn.test/a.png',
    'https://cdn.test/b.svg',
    'https://cdn.test/s.css',
    'https://cdn.test/f.woff2',
  ]);
  expect(assets.get('https://cdn.test/a.png')?.value).toBe(`data:image/png;base64,${PNG}`);
  expect(assets.get('https://cdn.test/b.svg')?.value).toBe(`data:image/svg+xml;base64,${btoa('<svg/>')}`);
  expect(assets.get('https://cdn.test/s.css')).toEqual({ kind: 'css', value: 'body{color:red}' });
  const capped = assetsFromHar(
    har([
      ['https://cdn.test/a.png', 'image/png', PNG, 'base64'],
      ['https://cdn.test/c.png', 'image/png', PNG, 'base64'],
    ]),
    {
      maxAssetBytes: 1000,
      maxTotalBytes: 40,
    },
  );
  expect(capped.size).toBe(1);
});

it('rewrites url() in CSS relative to the stylesheet', () => {
  const assets = assetsFromHar(har([['https://cdn.test/fonts/f.woff2', 'font/woff2', 'AAAA', 'base64']]));
  expect(rewriteCssUrls(`@font-face{src:url('../fonts/f.woff2')} a{background:url(x.png)}`, assets, 'https://cdn.test/css/s.css')).toBe(
    `@font-face{src:url("data:font/woff2;base64,AAAA")} a{background:url(x.png)}`,
  );
});

it('points images, srcsets, uninlined stylesheets and inline styles of the recording at the bodies', () => {
  const events = page([
    { type: 2, tagName: 'img', id: 3, attributes: { src: 'https://site.test/shop/logo.png' }, childNodes: [] },
    { type: 2, tagName: 'img', id: 4, attributes: { srcset: 'https://site.test/a.png 1x, https://cdn.test/a.png 2x' }, childNodes: [] },
    { type: 2, tagName: 'link', id: 5, attributes: { rel: 'stylesheet', href: 'https://cdn.test/s.css' }, childNodes: [] },
    { type: 2, tagName: 'div', id: 6, attributes: { style: 'background: url("https://cdn.test/a.png")' }, childNodes: [] },
    { type: 2, tagName: 'img', id: 7, attributes: { src: 'https://elsewhere.test/unknown.png' }, childNodes: [] },
  ]);
  events.push({
    type: 3,
    timestamp: 3,
    data: { source: 0, adds: [{ parentId: 2, node: { type: 2, tagName: 'img', id: 8, attributes: { src: 'logo.png' }, childNodes: [] } }] },
  });
  const log = har([
    ['https://site.test/shop/logo.png', 'image/png', PNG, 'base64'],
    ['https://cdn.test/a.png', 'image/png', PNG, 'base64'],
    ['https://cdn.test/s.css', 'text/css', 'h1{background:url(a.png)}'],
  ]);
  const result = inlineAssets(events, log);
  const nodes = (
    events[1]!.data as { node: { childNodes: { childNodes: { attributes: Record<string, string> }[] }[] } }
  ).node.childNodes[0]!.childNodes.map((n) => n.attributes);
  const data = `data:image/png;base64,${PNG}`;
  expect(nodes[0]!.src).toBe(data);
  expect(nodes[1]).toEqual({ src: data });
  expect(nodes[2]!._cssText).toBe(`h1{background:url("${data}")}`);
  expect(nodes[3]!.style).toBe(`background: url("${data}")`);
  expect(nodes[4]!.src).toBe('https://elsewhere.test/unknown.png');
  expect((events[2]!.data as { adds: { node: { attributes: { src: string } } }[] }).adds[0]!.node.attributes.src).toBe(data);
  expect(result.replaced).toBe(5);
  expect(inlineAssets(events, log).replaced).toBe(0);
});

import { expect, it } from 'vitest';
import { FRAME_NS, frameDocumentUrl, isFrameMessage } from './frame-protocol';

const BUILT = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data: blob:">
    <script type="module" crossorigin src="/chunks/viewer-frame-abc.js"></script>
  </head>
  <body><div id="app"></div></body>
</html>`;

const decode = (url: string) => decodeURIComponent(url.slice('data:text/html;charset=utf-8,'.length));

it('loads the frame page as a data: document whose files and policy point at the extension', () => {
  const url = frameDocumentUrl(BUILT, 'chrome-extension://abcdefgh/viewer.html');
  expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
  const html = decode(url);
  expect(html).toContain(`<head><base href="chrome-extension://abcdefgh/">`);
  expect(html).toContain(
    `script-src chrome-extension://abcdefgh; style-src chrome-extension://abcdefgh 'unsafe-inline'; img-src data: blob:`,
  );
  expect(html).not.toContain(`'self'`);
  expect(html).toContain('src="/chunks/viewer-frame-abc.js"');
});

it('refuses a frame page without a policy rather than load one that would allow anything', () => {
  expect(() => frameDocumentUrl('<html><head></head><body></body></html>', 'chrome-extension://abc/')).toThrow(/Content-Security-Policy/);
});

it('tells its own messages from anything else posted to the window', () => {
  expect(isFrameMessage({ ns: FRAME_NS, type: 'ready' }, 'ready')).toBe(true);
  expect(isFrameMessage({ ns: FRAME_NS, type: 'show' }, 'ready')).toBe(false);
  expect(isFrameMessage({ ns: 'repro:page', type: 'ready' }, 'ready')).toBe(false);
  expect(isFrameMessage('ready', 'ready')).toBe(false);
  expect(isFrameMessage(null, 'ready')).toBe(false);
});

import { expect, it, vi } from 'vitest';
import { saveTextFile } from './save-file';

it('downloads the text under the given name through a link click', async () => {
  const blobs: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return 'blob:test/1';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  const clicked: Array<{ href: string; download: string }> = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download });
  });

  saveTextFile('repro-settings.json', '{"a":1}');
  expect(clicked).toEqual([{ href: 'blob:test/1', download: 'repro-settings.json' }]);
  expect(blobs[0]?.type).toBe('application/json');
  expect(await blobs[0]?.text()).toBe('{"a":1}');
});

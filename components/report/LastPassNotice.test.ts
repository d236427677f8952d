import { flushSync, mount, unmount } from 'svelte';
import { afterEach, expect, it } from 'vitest';
import LastPassNotice from './LastPassNotice.svelte';

afterEach(() => {
  document.body.innerHTML = '';
});

function render(props: { removed: number; sent: boolean }): { text: string; close: () => void } {
  const target = document.createElement('div');
  document.body.append(target);
  const app = mount(LastPassNotice, { target, props });
  flushSync();
  return { text: target.textContent?.replace(/\s+/g, ' ').trim() ?? '', close: () => void unmount(app) };
}

it('tells the tester how many secrets the last pass removed, for a download or a send', () => {
  const downloaded = render({ removed: 2, sent: false });
  expect(downloaded.text).toBe('2 more secrets were removed before download.');
  downloaded.close();
  const sent = render({ removed: 1, sent: true });
  expect(sent.text).toBe('1 more secret was removed before sending.');
  sent.close();
});

it('says nothing when capture had caught everything', () => {
  const none = render({ removed: 0, sent: false });
  expect(none.text).toBe('');
  none.close();
});

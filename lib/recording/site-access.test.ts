import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getCaptureSettings } from '../settings/capture';
import { setEverywhere } from './site-access';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

it('records everywhere only once the browser granted every site, and releases that access when turned off', async () => {
  const request = vi
    .spyOn(fakeBrowser.permissions, 'request')
    .mockResolvedValueOnce(false as never)
    .mockResolvedValueOnce(true as never);
  const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);

  expect(await setEverywhere(true)).toBe(false);
  expect((await getCaptureSettings()).everywhere).toBe(false);

  expect(await setEverywhere(true)).toBe(true);
  expect(request).toHaveBeenLastCalledWith({ origins: ['http://*/*', 'https://*/*'] });
  expect((await getCaptureSettings()).everywhere).toBe(true);
  expect(remove).not.toHaveBeenCalled();

  expect(await setEverywhere(false)).toBe(false);
  expect((await getCaptureSettings()).everywhere).toBe(false);
  expect(remove).toHaveBeenCalledWith({ origins: ['http://*/*', 'https://*/*'] });
});

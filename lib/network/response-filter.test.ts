import { expect, it, vi } from 'vitest';
import { teeResponse, type FilteredBody } from './response-filter';
import { FakeFilter } from './testing';

function tee(cap: number) {
  const filter = new FakeFilter();
  const done = vi.fn<(body: FilteredBody) => void>();
  teeResponse(filter, cap, done);
  return { filter, done };
}

it('passes every chunk on unchanged and in order, and keeps a copy of the body', () => {
  const { filter, done } = tee(100);
  filter.receive([1, 2, 3]);
  expect(filter.page).toEqual([1, 2, 3]);
  filter.receive([4, 5]);
  filter.stop();
  expect(filter.page).toEqual([1, 2, 3, 4, 5]);
  expect(filter.ended).toBe('closed');
  expect(done).toHaveBeenCalledTimes(1);
  expect(done).toHaveBeenCalledWith({ state: 'complete', bytes: new Uint8Array([1, 2, 3, 4, 5]) });
});

it('stops copying once the copy passes the cap, yet stays on the stream: the page gets every byte through it', () => {
  const { filter, done } = tee(4);
  filter.receive([1, 2, 3]);
  filter.receive([4, 5, 6]);
  expect(done.mock.calls).toEqual([[{ state: 'truncated', size: 6 }]]);
  // Not disconnected: in Firefox 140 a disconnect after a write corrupted what the page received.
  expect(filter.ended).toBe('open');
  filter.receive([7, 8, 9]);
  filter.stop();
  expect(filter.page).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(filter.ended).toBe('closed');
  expect(done).toHaveBeenCalledTimes(1);
});

it('streams a body that never ends: each chunk reaches the page as it comes', () => {
  const { filter, done } = tee(1024);
  for (let i = 0; i < 50; i++) {
    filter.receive([i]);
    expect(filter.page.at(-1)).toBe(i);
  }
  expect(done).not.toHaveBeenCalled();
});

it('reports a filter error once, and writes on regardless of what the report side does', () => {
  const filter = new FakeFilter();
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  teeResponse(filter, 100, () => {
    throw new Error('storage is gone');
  });
  filter.receive([1]);
  filter.error = 'Channel redirected';
  filter.onerror?.({});
  filter.onerror?.({});
  filter.receive([2]);
  expect(filter.page).toEqual([1, 2]);
  expect(warn).toHaveBeenCalledTimes(1);
  warn.mockRestore();
});

it('survives a write the filter refuses (it is closing) without throwing into the browser', () => {
  const { filter, done } = tee(100);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  filter.refuseWrites = true;
  expect(() => filter.receive([1, 2])).not.toThrow();
  filter.error = 'Invalid request ID';
  filter.onerror?.({});
  expect(done).toHaveBeenCalledWith({ state: 'error', error: 'Invalid request ID' });
  warn.mockRestore();
});

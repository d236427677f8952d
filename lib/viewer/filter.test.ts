import { expect, it } from 'vitest';
import type { ConsoleLevel } from '../model/report';
import { normalizeHar } from './data';
import { filterConsole, filterNetwork, isFailed, resourceType } from './filter';
import { sampleConsole, sampleHar } from './sample';

const ALL = new Set<ConsoleLevel>(['debug', 'log', 'info', 'warn', 'error']);
const entries = () => normalizeHar(sampleHar())!.log.entries;

it('filters console entries by level and by text in message or stack', () => {
  const c = sampleConsole();
  expect(filterConsole(c, { levels: ALL, query: '' })).toEqual([0, 1]);
  expect(filterConsole(c, { levels: new Set(['error']), query: '' })).toEqual([1]);
  expect(filterConsole(c, { levels: ALL, query: 'PLACEORDER' })).toEqual([1]);
  expect(filterConsole(c, { levels: new Set(['info']), query: 'cart' })).toEqual([]);
});

it('filters requests by text, failure and type', () => {
  expect(filterNetwork(entries(), { query: '', failedOnly: false, type: '' })).toEqual([0, 1]);
  expect(filterNetwork(entries(), { query: 'post', failedOnly: false, type: '' })).toEqual([1]);
  expect(filterNetwork(entries(), { query: '500', failedOnly: false, type: '' })).toEqual([1]);
  expect(filterNetwork(entries(), { query: '', failedOnly: true, type: '' })).toEqual([1]);
  expect(filterNetwork(entries(), { query: '', failedOnly: false, type: 'image' })).toEqual([]);
});

it('calls a request failed on an error status, no response, or a recorded error', () => {
  const [ok, failed] = entries();
  expect(isFailed(ok!)).toBe(false);
  expect(isFailed(failed!)).toBe(true);
  const blocked = normalizeHar({ log: { entries: [{ request: { url: 'https://a.test' }, response: { status: 0 } }] } })!.log.entries[0]!;
  expect(isFailed(blocked)).toBe(true);
  const errored = normalizeHar({
    log: { entries: [{ request: { url: 'https://a.test' }, response: { status: 200, _error: 'net::ERR_ABORTED' } }] },
  })!.log.entries[0]!;
  expect(isFailed(errored)).toBe(true);
});

it('uses the recorded resource type, else guesses from the MIME type', () => {
  expect(resourceType(entries()[0]!)).toBe('fetch');
  const guess = (mimeType: string) =>
    resourceType(
      normalizeHar({ log: { entries: [{ request: { url: 'https://a.test' }, response: { content: { mimeType } } }] } })!.log.entries[0]!,
    );
  expect(guess('image/png')).toBe('image');
  expect(guess('text/css')).toBe('stylesheet');
  expect(guess('application/octet-stream')).toBe('other');
});

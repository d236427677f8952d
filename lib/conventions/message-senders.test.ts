/**
 * Trust boundaries of runtime messages, across the whole codebase: every message names a sender rule,
 * every listener goes through `handle()`, and a message from the wrong sender or with a forged shape
 * reaches no handler.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import type { SenderRule } from '../messaging/define';
import { everyMessage } from './every-message';
import { privacyMessages } from '../privacy/messages';
import { deliverRaw, senders } from '../messaging/testing';
import { APP_NAMESPACE, parseAppMessage } from '../recording/app-messages';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

beforeEach(() => fakeBrowser.reset());

const RULES: SenderRule[] = ['extension-page', 'content-script', 'content-script-top', 'background'];

it('gives every message a known sender rule', () => {
  expect(everyMessage.length).toBeGreaterThan(20);
  for (const { type, def } of everyMessage) expect([type, RULES.includes(def.from)]).toEqual([type, true]);
});

it('listens for runtime messages only through handle()', () => {
  // The door itself, and the test helper that plays the browser delivering messages.
  const doors = ['lib/messaging/runtime.ts', 'lib/messaging/testing.ts'].map((f) => path.join(ROOT, f));
  const files = ['lib', 'entrypoints', 'components'].flatMap((d) => sourceFiles(path.join(ROOT, d))).filter((f) => !doors.includes(f));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const raw = /\bruntime\.(onMessage|onMessageExternal|onConnect|onConnectExternal|onUserScriptMessage)\b/.test(text);
    expect([path.relative(ROOT, file), raw]).toEqual([path.relative(ROOT, file), false]);
  }
});

/** Senders that must never reach a handler with rule `rule`. */
function forgedSenders(rule: SenderRule): Array<[string, Browser.runtime.MessageSender]> {
  const webPage: Browser.runtime.MessageSender = { url: 'https://evil.test/', tab: { id: 7 } as Browser.tabs.Tab, frameId: 0 };
  const common: Array<[string, Browser.runtime.MessageSender]> = [
    ['another extension', senders.otherExtension()],
    ['a web page (no extension id)', webPage],
    ['our id with a web page url and no tab', { id: fakeBrowser.runtime.id, url: 'https://evil.test/' }],
  ];
  switch (rule) {
    case 'extension-page':
      return [...common, ['a content script', senders.contentScript()], ['a content script in a frame', senders.contentScript(1, 3)]];
    case 'content-script':
      return [...common, ['an extension page', senders.popup()]];
    case 'content-script-top':
      return [...common, ['an extension page', senders.popup()], ['a content script in a subframe', senders.contentScript(1, 2)]];
    case 'background':
      return [...common, ['a content script', senders.contentScript()]];
  }
}

it('answers no forged sender and no malformed message, for every message in the protocol', async () => {
  for (const { type, def, messaging } of everyMessage) {
    fakeBrowser.reset();
    const spy = vi.fn(() => 'handled' as never);
    messaging.handle(type, spy);
    for (const [who, sender] of forgedSenders(def.from)) {
      expect([type, who, await deliverRaw({ repro: 1, type, data: {} }, sender)]).toEqual([type, who, undefined]);
    }
    const allowed = {
      'extension-page': senders.popup(),
      'content-script': senders.contentScript(),
      'content-script-top': senders.contentScript(),
      background: senders.background(),
    }[def.from];
    for (const data of ['bogus', null, 42, undefined])
      expect([type, await deliverRaw({ repro: 1, type, data }, allowed)]).toEqual([type, undefined]);
    expect([type, await deliverRaw({ type, data: {} }, allowed)]).toEqual([type, undefined]);
    expect([type, spy.mock.calls.length]).toEqual([type, 0]);
  }
});

it('ignores unknown messages', async () => {
  privacyMessages.handle('privacy:delete-all', vi.fn());
  expect(await deliverRaw({ repro: 1, type: 'privacy:wipe-everything', data: {} }, senders.popup())).toBeUndefined();
});

it('treats app messages carrying commands as nothing', () => {
  for (const type of ['privacy:delete-all', 'recording:status', 'trackers:send', 'delete-all']) {
    expect(parseAppMessage({ ns: APP_NAMESPACE, type, data: {} })).toBeNull();
  }
});

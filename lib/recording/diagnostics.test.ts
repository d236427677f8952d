import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addDiagnostics, diagnosticsItem, readDiagnostics } from './diagnostics';

beforeEach(() => fakeBrowser.reset());

it('adds counts up and reads them with the refused-message count', async () => {
  await addDiagnostics({ pageErrors: 2, forged: 1 });
  await addDiagnostics({ pageErrors: 1, storeErrors: 1 });
  expect(await readDiagnostics()).toMatchObject({
    pageErrors: 3,
    forged: 1,
    dropped: 0,
    storeErrors: 1,
    refusedMessages: expect.any(Number),
  });
});

it('writes nothing for an all-zero delta', async () => {
  let writes = 0;
  const stop = diagnosticsItem.watch(() => writes++);
  await addDiagnostics({ pageErrors: 0, forged: 0 });
  stop();
  expect(writes).toBe(0);
});

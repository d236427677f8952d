import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { readHighlights } from './highlights';
import { sampleBundle, sampleReport } from './testing';

it('reads console errors and failed requests from the zip', async () => {
  expect(await readHighlights(await sampleBundle())).toEqual({
    consoleErrors: [{ message: 'TypeError: cart.total is undefined', url: 'https://shop.test/app.js' }],
    failedRequests: [{ method: 'POST', url: 'https://shop.test/api/orders', status: 500, statusText: 'Internal Server Error' }],
  });
});

it('reads nothing from parts left out of the report', async () => {
  const report = sampleReport();
  const bundle = await sampleBundle({ ...report, files: { ...report.files, console: null, network: null } });
  expect(await readHighlights(bundle)).toEqual({ consoleErrors: [], failedRequests: [] });
});

it('drops control and direction-override characters a page can use to disguise text', async () => {
  const report = sampleReport();
  const bundle = await sampleBundle(report);
  const zip = await JSZip.loadAsync(await bundle.zip.arrayBuffer());
  zip.file(
    'console.json',
    JSON.stringify([{ level: 'error', time: 1, message: 'see\u202Egpj.exe\u202C \u0007bell\nnext\tline', args: [] }]),
  );
  zip.file(
    'network.har',
    JSON.stringify({
      log: {
        entries: [
          { request: { method: 'GET\u0000', url: 'https://shop.test/\u2066a' }, response: { status: 500, statusText: 'Bad\u202E' } },
        ],
      },
    }),
  );
  const highlights = await readHighlights({ ...bundle, zip: await zip.generateAsync({ type: 'blob' }) });
  expect(highlights.consoleErrors[0]!.message).toBe('seegpj.exe bell\nnext\tline');
  expect(highlights.failedRequests[0]).toEqual({ method: 'GET', url: 'https://shop.test/a', status: 500, statusText: 'Bad' });
});

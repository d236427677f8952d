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

/** Drawing on and downloading a report from the reporter in a spec, reading the zip the browser saved, checking report.json. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import type { ReportJson } from '../../lib/model/report';
import type { LaunchedExtension } from '../harness/chromium';
import { expect, type ExtensionHelpers } from '../harness/fixtures';

/** The files of a report zip with everything included, sorted. */
export const FULL_REPORT_FILES = [
  'README.md',
  'console.json',
  'network.har',
  'recording.json',
  'report.json',
  'screenshot.png',
  'viewer.html',
];

/** Clicks "Download .zip" and returns the zip the browser saved (found through the downloads API). */
export async function downloadZip(ext: LaunchedExtension & ExtensionHelpers, popup: Page): Promise<{ name: string; zip: JSZip }> {
  await popup.getByRole('button', { name: 'Download .zip' }).click();
  await expect(popup.getByTestId('outcome')).toContainText(/Saved repro-127\.0\.0\.1-\d{8}-\d{6}\.zip/, { timeout: 30_000 });
  const name = (await popup.getByTestId('outcome').locator('strong').innerText()).trim();
  let path = '';
  await expect
    .poll(async () => {
      const [item] = await ext.inWorker(async () => chrome.downloads.search({ orderBy: ['-startTime'], limit: 1 }), null);
      path = item?.state === 'complete' ? item.filename : '';
      return item?.state;
    })
    .toBe('complete');
  return { name, zip: await JSZip.loadAsync(readFileSync(path)) };
}

/** Draws a rectangle on the reporter's screenshot with the keyboard (R, Enter at each corner). */
export async function drawRectangleWithKeys(reporter: Page): Promise<void> {
  await reporter.getByTestId('annotation-stage').focus();
  await reporter.keyboard.press('r');
  await reporter.keyboard.press('Enter');
  for (let i = 0; i < 3; i++) await reporter.keyboard.press('Shift+ArrowRight');
  for (let i = 0; i < 2; i++) await reporter.keyboard.press('Shift+ArrowDown');
  await reporter.keyboard.press('Enter');
}

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../lib/model/report.schema.json', import.meta.url), 'utf8')));

/** Reads `report.json` from a report zip and expects it valid against the repository's JSON Schema. */
export async function validReportJson(zip: JSZip): Promise<ReportJson> {
  const report = JSON.parse(await zip.file('report.json')!.async('string'));
  expect(validate(report), ajv.errorsText(validate.errors)).toBe(true);
  return report;
}

/**
 * The toolbar popup fits: Chromium caps it at 800 × 600, so at 400 px wide its document must be at most
 * 600 px tall in every state, or what a tester needs hides below the fold.
 */
import type { Page } from '@playwright/test';
import { installNetworkRoutes } from '../fixtures/sites/network/routes';
import { seedDraft } from '../fakes/seed-draft';
import { sampleReport } from '../../lib/trackers/sample-bundle';
import { expect, test } from '../harness/fixtures';

/**
 * The popup's document size at 400 px wide. Measured in a short viewport: a document is never shorter
 * than its viewport, and the toolbar popup takes the height of its content.
 */
async function size(popup: Page): Promise<{ width: number; height: number }> {
  await popup.setViewportSize({ width: 400, height: 100 });
  const measured = await popup.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  await popup.setViewportSize({ width: 400, height: 600 });
  return measured;
}

async function expectFits(popup: Page, state: string): Promise<void> {
  const { width, height } = await size(popup);
  test.info().annotations.push({ type: 'popup size', description: `${state}: ${width} × ${height}` });
  expect({ width, height, fits: width <= 400 && height <= 600 }).toEqual({ width, height, fits: true });
}

test('the popup is at most 600 px tall at 400 px wide: not allowed, recording, repro running, each with pending drafts', async ({
  ext,
  server,
}) => {
  installNetworkRoutes(server);
  const page = await ext.context.newPage();
  await page.goto(server.url('/network/index.html'));
  const popup = await ext.openPopupFor(page);

  // Pending drafts with long titles, present in every state below (the tallest case of each).
  const long = 'The order total shows undefined after applying a coupon twice and then removing it again';
  for (const id of ['p1', 'p2', 'p3', 'p4']) await seedDraft(popup, id, { ...sampleReport(), title: `${long} (${id})` });
  await popup.reload();
  await expect(popup.getByTestId('pending-draft')).toHaveCount(2);
  await expect(popup.getByText('2 more in the reporter')).toBeVisible();

  // Not allowed.
  await expect(popup.getByTestId('capture-status')).toHaveText('Not recording this site');
  await expectFits(popup, 'not allowed');

  // Recording (allowed just now, so the popup says since when), with network capture and its one-time
  // note about the debugging bar.
  await popup.getByRole('button', { name: 'Always record on 127.0.0.1' }).click();
  await expect(popup.getByTestId('capture-status')).toHaveText('Recording this tab');
  await expect(popup.getByTestId('recording-started')).toBeVisible();
  await expect(popup.getByTestId('debugger-note')).toBeVisible({ timeout: 15_000 });
  await expect(popup.getByTestId('capture-summary')).toBeVisible({ timeout: 15_000 });
  await expectFits(popup, 'recording');

  // A one-step download, its outcome beside all of the above.
  await popup.getByRole('button', { name: 'Download .zip' }).click();
  await expect(popup.getByTestId('outcome')).toContainText('Saved', { timeout: 30_000 });
  await expectFits(popup, 'recording, downloaded');

  // A repro running.
  await popup.getByRole('button', { name: 'Start a repro' }).click();
  await expect(popup.getByTestId('capture-status')).toHaveText(/Recording a repro/);
  await expectFits(popup, 'repro running');
});

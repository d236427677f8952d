/** What the tracker specs share: the reporter opened on a recorded page, with a title typed. */
import type { Locator, Page } from '@playwright/test';
import type { LaunchedExtension } from '../harness/chromium';
import type { FixtureServer } from '../harness/fixture-server';
import type { ExtensionHelpers } from '../harness/fixtures';

type Ext = LaunchedExtension & ExtensionHelpers;

/** Opens the popup for the fixture's report page and types a title; answers the popup and its outcome notice. */
export async function reporterWithTitle(ext: Ext, server: FixtureServer, title: string): Promise<{ popup: Page; outcome: Locator }> {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  const popup = await ext.openPopupFor(page);
  await popup.getByLabel('Title').fill(title);
  return { popup, outcome: popup.getByTestId('outcome') };
}

/** What the tracker specs share: the reporter opened on a recorded page, with a title typed. */
import type { Locator, Page } from '@playwright/test';
import type { LaunchedExtension } from '../harness/chromium';
import type { FixtureServer } from '../harness/fixture-server';
import type { ExtensionHelpers } from '../harness/fixtures';

type Ext = LaunchedExtension & ExtensionHelpers;

/** Opens the reporter for the fixture's report page and types a title; answers the reporter and its outcome notice. */
export async function reporterWithTitle(ext: Ext, server: FixtureServer, title: string): Promise<{ reporter: Page; outcome: Locator }> {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  const reporter = await ext.openReporterFor(page);
  await reporter.getByLabel('Title').fill(title);
  return { reporter, outcome: reporter.getByTestId('outcome') };
}

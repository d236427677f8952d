import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { badgeFor } from '../recording/status';
import { DEFAULT_RETENTION_DAYS } from '../settings/retention';
import { CREDENTIAL_DATABASES, DATABASES } from '../storage/databases';
import { BLOCK_ATTRIBUTE, MASK_ATTRIBUTE, privacySections } from './privacy-facts';
import { RETENTION_ALARM } from './retention';

const ROOT = path.resolve(import.meta.dirname, '../..');
const privacyMd = readFileSync(path.join(ROOT, 'PRIVACY.md'), 'utf8');

it('says in PRIVACY.md everything the Privacy page says', () => {
  for (const section of privacySections()) {
    expect(privacyMd).toContain(`\n## ${section.title}\n`);
    for (const item of section.items) expect(privacyMd).toContain(`\n- ${item}\n`);
  }
});

it('names every database, the default retention and the exclusion markers', () => {
  for (const name of [...Object.values(DATABASES), ...Object.values(CREDENTIAL_DATABASES)]) expect(privacyMd).toContain(name);
  expect(privacyMd).toContain(`${DEFAULT_RETENTION_DAYS} days by default`);
  expect(privacyMd).toContain(RETENTION_ALARM);
  for (const marker of [BLOCK_ATTRIBUTE, MASK_ATTRIBUTE]) expect(privacyMd).toContain(marker);
});

it('describes the recording indicator the badge really shows', () => {
  expect(privacyMd).toContain(`badge shows ${badgeFor({ recording: true, decision: 'record' }).text}`);
});

it('matches the manifest on incognito', () => {
  const config = readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8');
  expect(config).toContain("incognito: 'not_allowed'");
  expect(privacyMd).toContain('incognito: "not_allowed"');
});

it('shows the retention the tester chose', () => {
  const howLong = privacySections(30).find((s) => s.title === 'How long it is kept')!;
  expect(howLong.items.join('\n')).toContain('Drafts and sent-report history: 30 days after their last change');
});

it('says what differs on Firefox: how network capture runs, and that no browser bar shows it', () => {
  const items = privacySections().flatMap((s) => s.items);
  expect(items.find((i) => i.startsWith('Network:'))).toMatch(/Firefox through its webRequest API/);
  expect(items.some((i) => /Firefox shows no bar/.test(i))).toBe(true);
});

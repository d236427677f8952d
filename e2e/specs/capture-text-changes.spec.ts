import { expect, test } from '../harness/fixtures';
import { eventsOf, openRecordedPage, readStoredCapture } from './capture-support';

interface Mutation {
  texts: { id: number; value: string }[];
  attributes: { id: number; attributes: Record<string, unknown> }[];
}

type SnapshotNode = { id: number; tagName?: string; attributes?: Record<string, unknown>; childNodes?: SnapshotNode[] };

/** The element of `id` in the first full snapshot. */
function nodeOf(events: { type: number; data: unknown }[], id: string): SnapshotNode {
  const find = (node: SnapshotNode): SnapshotNode | undefined =>
    node.attributes?.id === id ? node : (node.childNodes ?? []).map(find).find((n) => n !== undefined);
  const full = events.find((e) => e.type === 2);
  const found = full && find((full.data as { node: SnapshotNode }).node);
  if (found === undefined) throw new Error(`no element #${id} in the first snapshot`);
  return found;
}

test('a text or attribute changed many times in a quarter second is stored once, with its last value, a change undone is not stored, and markers set meanwhile apply', async ({
  ext,
  server,
}) => {
  const { page, tabId, options } = await openRecordedPage(ext, server, '/capture/text-changes.html');
  await expect.poll(async () => eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 2)).toBe(true);

  await page.bringToFront();
  await page.evaluate(() => (window as unknown as { churn(): void }).churn());
  const mutations = async () =>
    eventsOf(await readStoredCapture(options), tabId)
      .filter((e) => e.type === 3 && (e.data as { source: number }).source === 0)
      .map((e) => e.data as Mutation);
  await expect.poll(async () => (await mutations()).some((m) => m.texts.some((t) => t.value === 'done')), { timeout: 10_000 }).toBe(true);

  const texts = (await mutations()).flatMap((m) => m.texts);
  const counter = texts.filter((t) => /^\d+$/.test(t.value));
  expect(counter.map((t) => t.value)).toEqual(['500']);
  expect(texts.some((t) => t.value === 'wobbling' || t.value === 'steady')).toBe(false);
  // The holder's name changed before its card was marked private: it is masked all the same.
  const stored = JSON.stringify(eventsOf(await readStoredCapture(options), tabId));
  expect(stored).not.toContain('Ottoline');
  expect(texts.some((t) => t.value === '******* ******** ********')).toBe(true);
  // Text under an element with rrweb's mask class, or inside an editable region, changes masked.
  expect(stored).not.toContain('Bartholomew');
  expect(stored).not.toContain('Perpetua');
  expect(texts.some((t) => t.value === '****** *********** ******')).toBe(true);
  expect(texts.some((t) => t.value === '***** ******** *********')).toBe(true);
  // The panel was blocked between its two title changes, in one task: neither title is stored.
  expect(stored).not.toContain('PANELSECRET');
  // Changes of nodes left out of the recording are left out with them, whatever id rrweb keeps for them.
  expect(stored).not.toContain('COMMENTCHANGED');
  expect(stored).not.toContain('SCRIPTCHANGED');
  expect(texts.some((t) => t.id === -2)).toBe(false);
  expect((await mutations()).some((m) => m.attributes.some((a) => a.id === -2))).toBe(false);

  // Attributes: one entry per element, with the last values; nothing for one changed back.
  const events = eventsOf(await readStoredCapture(options), tabId);
  const attributes = (await mutations()).flatMap((m) => m.attributes);
  const of = (id: number) => attributes.filter((a) => a.id === id).map((a) => a.attributes);
  expect(of(nodeOf(events, 'badge').id)).toEqual([{ class: 'tone-300', style: 'color: green;' }]);
  expect(of(nodeOf(events, 'flag').id)).toEqual([]);
  // The password field was recorded as blocked (no attributes of its own); shown as text, it is marked.
  const secret = nodeOf(events, 'secret-label').childNodes!.find((n) => n.tagName === 'input')!;
  expect(secret.attributes?.id).toBeUndefined();
  // (The marker's value is redacted in storage: its name says password.)
  expect(of(secret.id)).toEqual([{ type: 'text', 'data-rr-is-password': expect.any(String) }]);
  expect(await page.locator('#secret').getAttribute('data-rr-is-password')).toBe('true');
});

test('a marker set after earlier changes of an element were written out applies to its next changes, however it came', async ({
  ext,
  server,
}) => {
  const { page, tabId, options } = await openRecordedPage(ext, server, '/capture/text-changes.html');
  const stored = async () => JSON.stringify(eventsOf(await readStoredCapture(options), tabId));
  await expect.poll(async () => eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 2)).toBe(true);

  await page.bringToFront();
  await page.evaluate(() => (window as unknown as { mark(): Promise<void> }).mark());
  await expect.poll(stored, { timeout: 10_000 }).toContain('"marked"');

  const text = await stored();
  // Each element's first change was recorded as it was, while nothing marked it.
  for (const value of ['Later: warm', 'warm', 'Moved: warm', 'Quick: warm'])
    expect([value, text.includes(`"${value}"`)]).toEqual([value, true]);
  // Masked by an ancestor marked earlier, by one it was moved under, by a class set in the click's own task.
  for (const name of ['Cordelia', 'Leopold', 'Evangeline', 'Quillfeather']) expect([name, text.includes(name)]).toEqual([name, false]);
  for (const value of ['Later: Cordelia Ashgrove', 'Moved: Leopold Farthingale', 'Quick: Evangeline Thorn'])
    expect([value, text.includes(JSON.stringify(value.replace(/\S/g, '*')))]).toEqual([value, true]);
});

import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { sampleConsole, sampleEvents, sampleHar, sampleReport } from './sample';
import { DEFAULT_LIMITS, isHostilePath, MESSAGES, readReportZip } from './read-zip';

async function zipOf(files: Record<string, string | Uint8Array>, compress = true): Promise<Blob> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'blob', compression: compress ? 'DEFLATE' : 'STORE' });
}

/** JSZip will not write `..` or a leading `/`: write placeholders of the same length, then patch the names. */
async function hostileZip(files: Record<string, string>, renames: Record<string, string>): Promise<Blob> {
  const bytes = new Uint8Array(await (await zipOf(files)).arrayBuffer());
  const text = new TextDecoder('latin1').decode(bytes);
  for (const [from, to] of Object.entries(renames)) {
    expect(to.length).toBe(from.length);
    let at = text.indexOf(from);
    while (at >= 0) {
      bytes.set(new TextEncoder().encode(to), at);
      at = text.indexOf(from, at + 1);
    }
  }
  return new Blob([bytes]);
}

function validFiles(report: unknown = sampleReport()): Record<string, string> {
  return {
    'report.json': JSON.stringify(report),
    'recording.json': JSON.stringify(sampleEvents()),
    'console.json': JSON.stringify(sampleConsole()),
    'network.har': JSON.stringify(sampleHar()),
    'README.md': '# report',
  };
}

describe('readReportZip', () => {
  it('reads a valid report with its replay, console and network', async () => {
    const result = await readReportZip(await zipOf(validFiles()));
    if (!result.ok) throw new Error(result.error);
    expect(result.data.report.title).toBe('Checkout button does nothing');
    expect(result.data.events).toHaveLength(sampleEvents().length);
    expect(result.data.console?.[1]?.level).toBe('error');
    expect(result.data.har?.log.entries.map((e) => e.response.status)).toEqual([200, 500]);
    expect(result.warnings).toEqual([]);
  });

  it('keeps the report\'s own HAR, pages and all, for "Download HAR"', async () => {
    const har = sampleHar();
    const withPages = {
      log: { ...har.log, pages: [{ id: 'page_1', title: 'Shop', startedDateTime: har.log.entries[0]!.startedDateTime, pageTimings: {} }] },
    };
    const result = await readReportZip(await zipOf({ ...validFiles(), 'network.har': JSON.stringify(withPages) }));
    if (!result.ok) throw new Error(result.error);
    expect(result.data.harOriginal).toEqual(withPages);
    expect(result.data.har?.log).not.toHaveProperty('pages');
  });

  it('says a file that is not a zip is not a zip', async () => {
    const result = await readReportZip(new Blob(['hello, I am text']));
    expect(result).toEqual({ ok: false, error: MESSAGES.notZip });
  });

  it('says a truncated zip is damaged', async () => {
    const whole = new Uint8Array(await (await zipOf(validFiles())).arrayBuffer());
    const result = await readReportZip(new Blob([whole.slice(0, Math.floor(whole.length / 2))]));
    expect(result).toEqual({ ok: false, error: MESSAGES.damaged });
  });

  it('says a zip whose data was corrupted is damaged', async () => {
    const bytes = new Uint8Array(await (await zipOf(validFiles(), false)).arrayBuffer());
    // Flip bytes inside the stored report.json: the CRC no longer matches.
    const at = new TextDecoder().decode(bytes).indexOf('Checkout button');
    bytes[at] = 0x58;
    bytes[at + 1] = 0x58;
    const result = await readReportZip(new Blob([bytes]));
    expect(result).toEqual({ ok: false, error: MESSAGES.damaged });
  });

  it("says a zip without report.json, or with someone else's, is not a Repro report", async () => {
    expect(await readReportZip(await zipOf({ 'photo.txt': 'x' }))).toEqual({ ok: false, error: MESSAGES.notRepro });
    expect(await readReportZip(await zipOf({ 'report.json': '{"format":"other","version":1}' }))).toEqual({
      ok: false,
      error: MESSAGES.notRepro,
    });
    expect(await readReportZip(await zipOf({ 'report.json': 'not json {' }))).toEqual({ ok: false, error: MESSAGES.notRepro });
  });

  it('names a newer format, and refuses an unknown older one', async () => {
    const newer = await readReportZip(await zipOf(validFiles({ ...sampleReport(), version: 2 })));
    expect(newer).toEqual({ ok: false, error: 'Made by a newer Repro (format 2). Update Repro to open this report.' });
    const older = await readReportZip(await zipOf(validFiles({ ...sampleReport(), version: 0 })));
    expect(older).toEqual({ ok: false, error: MESSAGES.older(0) });
  });

  it('explains which field of an invalid report.json is wrong', async () => {
    const result = await readReportZip(await zipOf(validFiles({ ...sampleReport(), severity: 'apocalyptic' })));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/report\.json is not valid \(severity/);
  });

  it('ignores entries with absolute paths or .. and never takes them for report files', async () => {
    const files = { ...validFiles(), 'zz/x.json': '{}', 'zetc/evil': 'x', 'a/zz/zz/b': 'x' };
    const zip = await hostileZip(files, { 'zz/x.json': '../x.json', 'zetc/evil': '/etc/evil', 'a/zz/zz/b': 'a/../../b' });
    const result = await readReportZip(zip);
    if (!result.ok) throw new Error(result.error);
    expect(result.files).toEqual(['report.json', 'recording.json', 'console.json', 'network.har', 'README.md']);
    expect(result.warnings).toEqual([
      'Ignored an entry with an unsafe path: ../x.json',
      'Ignored an entry with an unsafe path: /etc/evil',
      'Ignored an entry with an unsafe path: a/../../b',
    ]);
    expect(result.data.report.title).toBe('Checkout button does nothing');
  });

  it('refuses a zip where ../report.json shadows the real report', async () => {
    const files = { ...validFiles(), 'zz/report.json': JSON.stringify({ ...sampleReport(), title: 'Impostor' }) };
    const result = await readReportZip(await hostileZip(files, { 'zz/report.json': '../report.json' }));
    expect(result).toEqual({ ok: false, error: `${MESSAGES.notRepro} It holds entries with unsafe paths (../report.json).` });
  });

  it('refuses oversized zips: whole file, one entry, the total, too many entries', async () => {
    const big = { ...validFiles(), 'recording.json': JSON.stringify(new Array(200_000).fill(0)) };
    const zip = await zipOf(big);
    expect(await readReportZip(zip, { limits: { ...DEFAULT_LIMITS, zipBytes: 100 } })).toEqual({ ok: false, error: MESSAGES.tooLarge });
    // Highly compressible: small zip, large when inflated (a zip bomb in miniature).
    expect(zip.size).toBeLessThan(50_000);
    expect(await readReportZip(zip, { limits: { ...DEFAULT_LIMITS, entryBytes: 100_000 } })).toEqual({
      ok: false,
      error: MESSAGES.tooLarge,
    });
    expect(await readReportZip(zip, { limits: { ...DEFAULT_LIMITS, totalBytes: 100_000 } })).toEqual({
      ok: false,
      error: MESSAGES.tooLarge,
    });
    const many: Record<string, string> = validFiles();
    for (let i = 0; i < 70; i++) many[`extra-${i}.txt`] = 'x';
    expect(await readReportZip(await zipOf(many))).toEqual({ ok: false, error: MESSAGES.tooLarge });
  });

  it('never inflates entries it does not read, however large they claim or turn out to be', async () => {
    const zip = await zipOf({ ...validFiles(), 'bomb.bin': new Uint8Array(5_000_000) });
    const result = await readReportZip(zip, { limits: { ...DEFAULT_LIMITS, entryBytes: 1_000_000, totalBytes: 1_000_000 } });
    expect(result.ok).toBe(true);
  });

  it('opens a report whose optional parts are missing or damaged, with a warning for each', async () => {
    const files = validFiles();
    delete (files as Record<string, string>)['console.json'];
    files['network.har'] = '{"not":"a har"}';
    const result = await readReportZip(await zipOf(files));
    if (!result.ok) throw new Error(result.error);
    expect(result.data.console).toBeNull();
    expect(result.data.har).toBeNull();
    expect(result.warnings).toEqual([
      'The console log (console.json) is missing from the zip.',
      'The network log (network.har) is damaged and was skipped.',
    ]);
  });
});

describe('isHostilePath', () => {
  it.each([
    ['report.json', false],
    ['assets/a.png', false],
    ['/etc/passwd', true],
    ['..\\x', true],
    ['a/../../x', true],
    ['C:\\Windows', true],
    ['..', true],
  ])('%s → %s', (name, hostile) => {
    expect(isHostilePath(name)).toBe(hostile);
  });
});

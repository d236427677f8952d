/**
 * Opens a report zip from anyone, validating before trusting: size limits against zip bombs, only plain
 * root-level entry names, JSON parsed defensively, `report.json` checked for format and version and
 * against the v1 schema. Every failure is a sentence a person can act on.
 */
import JSZip from 'jszip';
import { crc32Update } from '../zip/crc32';
import { normalizeConsole, normalizeEvents, normalizeHar, type ViewerData } from './data';
import { REPORT_FORMAT, REPORT_VERSION } from '../model/report';
import { checkReportV1 } from '../model/report-v1';

export interface ZipLimits {
  /** Size of the zip file itself. */
  zipBytes: number;
  /** Uncompressed size of any one entry we read. */
  entryBytes: number;
  /** Uncompressed size of everything we read together. */
  totalBytes: number;
  /** Entries in the central directory. */
  entries: number;
}

/** A 100 MB recording must open; a few hundred MB of JSON is what a browser tab can still parse. */
export const DEFAULT_LIMITS: ZipLimits = {
  zipBytes: 300 * 1024 * 1024,
  entryBytes: 400 * 1024 * 1024,
  totalBytes: 600 * 1024 * 1024,
  entries: 64,
};

export type ReadZipResult = { ok: true; data: ViewerData; warnings: string[]; files: string[] } | { ok: false; error: string };

export const MESSAGES = {
  notZip: 'This file is not a zip. A Repro report is a .zip file.',
  notRepro: 'This zip is not a Repro report (it has no valid report.json).',
  damaged: 'The zip is damaged and cannot be read.',
  tooLarge: 'This zip is too large to open safely.',
  newer: (version: number) => `Made by a newer Repro (format ${version}). Update Repro to open this report.`,
  older: (version: unknown) => `This report uses format version ${String(version)}, which this Repro cannot read.`,
} as const;

class LimitError extends Error {}

/** JSZip's streaming reader (`ZipObject#internalStream`, documented), which its type declarations leave out. */
interface EntryStream {
  on(event: 'data', fn: (chunk: Uint8Array) => void): EntryStream;
  on(event: 'error', fn: (e: unknown) => void): EntryStream;
  on(event: 'end', fn: () => void): EntryStream;
  pause(): EntryStream;
  resume(): EntryStream;
}

/** True for names that would escape the folder they are unpacked into, or that are not plain relative paths. */
export function isHostilePath(name: string): boolean {
  return (
    name.startsWith('/') ||
    name.startsWith('\\') ||
    /^[a-zA-Z]:/.test(name) ||
    name.includes('\0') ||
    name.split(/[\\/]/).some((part) => part === '..')
  );
}

class DamagedError extends Error {}

/**
 * Reads one entry, counting bytes as they are inflated (declared sizes in a zip can lie) and checking its
 * CRC. JSZip's own `checkCRC32` would inflate every entry at load, before any limit could stop a bomb.
 * JSZip is kept over @zip.js/zip.js: every zip.js entry point ships its codec-worker launcher (a worker
 * from a configurable, possibly blob, URL), which `npm run check:bundle` refuses, and it is no smaller.
 */
function readLimited(file: JSZip.JSZipObject, budget: { left: number }, entryLimit: number): Promise<Uint8Array> {
  // JSZip keeps the central directory's CRC in a private field (jszip is pinned exactly; without a CRC
  // the entry is refused, so a change there cannot turn the check off).
  const expectedCrc = (file as unknown as { _data?: { crc32?: unknown } })._data?.crc32;
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let crc = 0;
    const stream = (file as unknown as { internalStream(type: 'uint8array'): EntryStream }).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        budget.left -= chunk.length;
        if (size > entryLimit || budget.left < 0) {
          stream.pause();
          reject(new LimitError(file.name));
          return;
        }
        crc = crc32Update(crc, chunk);
        chunks.push(chunk);
      })
      .on('error', reject)
      .on('end', () => {
        if (typeof expectedCrc !== 'number' || expectedCrc >>> 0 !== crc) {
          reject(new DamagedError(file.name));
          return;
        }
        const out = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        resolve(out);
      })
      .resume();
  });
}

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Opens a report zip; never throws. `toUrl` turns the screenshot bytes into a URL the page can show. */
export async function readReportZip(
  file: Blob,
  options: { limits?: ZipLimits; toUrl?: (png: Blob) => string } = {},
): Promise<ReadZipResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (file.size > limits.zipBytes) return { ok: false, error: MESSAGES.tooLarge };
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (head[0] !== 0x50 || head[1] !== 0x4b) return { ok: false, error: MESSAGES.notZip };

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await file.arrayBuffer());
  } catch {
    return { ok: false, error: MESSAGES.damaged };
  }

  const all = Object.values(zip.files);
  if (all.length > limits.entries) return { ok: false, error: MESSAGES.tooLarge };
  const warnings: string[] = [];
  const byName = new Map<string, JSZip.JSZipObject>();
  for (const entry of all) {
    // JSZip rewrites `../x` to `x` on load and keeps the name as written here: judge that one, or a
    // hostile `../report.json` would pass for the real thing.
    const written = entry.unsafeOriginalName ?? entry.name;
    if (isHostilePath(written) || isHostilePath(entry.name)) {
      warnings.push(`Ignored an entry with an unsafe path: ${written}`);
      continue;
    }
    if (!entry.dir) byName.set(entry.name, entry);
  }

  const budget = { left: limits.totalBytes };
  const read = async (name: string): Promise<Uint8Array | null> => {
    const entry = byName.get(name);
    return entry ? readLimited(entry, budget, limits.entryBytes) : null;
  };

  try {
    const reportBytes = await read('report.json');
    if (!reportBytes) {
      // A `../report.json` takes the place of the real one inside JSZip: refuse rather than guess.
      const unsafe = warnings.length
        ? ` It holds entries with unsafe paths (${all
            .filter((e) => !byName.has(e.name))
            .map((e) => e.unsafeOriginalName ?? e.name)
            .join(', ')}).`
        : '';
      return { ok: false, error: MESSAGES.notRepro + unsafe };
    }
    const parsed = parseJson(reportBytes);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return { ok: false, error: MESSAGES.notRepro };
    const raw = parsed.value as { format?: unknown; version?: unknown };
    if (raw.format !== REPORT_FORMAT) return { ok: false, error: MESSAGES.notRepro };
    if (typeof raw.version === 'number' && Number.isInteger(raw.version) && raw.version > REPORT_VERSION) {
      return { ok: false, error: MESSAGES.newer(raw.version) };
    }
    // Only v1 exists; an older or malformed version number is named rather than guessed at.
    if (raw.version !== REPORT_VERSION) return { ok: false, error: MESSAGES.older(raw.version) };
    const checked = checkReportV1(parsed.value);
    if (!checked.ok) return { ok: false, error: `This report is damaged: report.json is not valid (${checked.problem}).` };
    const report = checked.report;

    const part = async <T>(name: string | null, label: string, normalize: (v: unknown) => T | null): Promise<T | null> => {
      if (!name) return null;
      const bytes = await read(name);
      if (!bytes) {
        warnings.push(`The ${label} (${name}) is missing from the zip.`);
        return null;
      }
      const json = parseJson(bytes);
      const value = json.ok ? normalize(json.value) : null;
      if (value === null) warnings.push(`The ${label} (${name}) is damaged and was skipped.`);
      return value;
    };
    const events = await part(report.files.recording, 'replay', normalizeEvents);
    const consoleEntries = await part(report.files.console, 'console log', normalizeConsole);
    let harOriginal: unknown;
    const har = await part(report.files.network, 'network log', (value) => {
      harOriginal = value;
      return normalizeHar(value);
    });

    let screenshotUrl: string | null = null;
    if (report.files.screenshot && options.toUrl) {
      const png = await read(report.files.screenshot);
      if (png) screenshotUrl = options.toUrl(new Blob([png as BlobPart], { type: 'image/png' }));
      else warnings.push('The screenshot is missing from the zip.');
    }
    return {
      ok: true,
      data: { report, events, console: consoleEntries, har, ...(har ? { harOriginal } : {}), screenshotUrl },
      warnings,
      files: [...byName.keys()],
    };
  } catch (e) {
    if (e instanceof LimitError) return { ok: false, error: MESSAGES.tooLarge };
    return { ok: false, error: MESSAGES.damaged };
  }
}

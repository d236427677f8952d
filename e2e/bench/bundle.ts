/** Part 4b: what every recorded page downloads and parses, the content scripts, gzipped. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from './table';

export interface BundleSizes {
  files: Record<string, { bytes: number; gzipBytes: number }>;
  gzipTotal: number;
}

/** Sizes of `content-scripts/*.js` in a built extension. */
export function contentScriptSizes(extensionDir: string): BundleSizes {
  const dir = path.join(extensionDir, 'content-scripts');
  const files: BundleSizes['files'] = {};
  let gzipTotal = 0;
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const content = readFileSync(path.join(dir, name));
    const gzipBytes = gzipSync(content, { level: 9 }).length;
    files[name] = { bytes: content.length, gzipBytes };
    gzipTotal += gzipBytes;
  }
  return { files, gzipTotal };
}

export function bundleRows(sizes: BundleSizes): Row[] {
  const kb = sizes.gzipTotal / 1024;
  return [
    {
      part: '4 bundle',
      measure: `content scripts gzipped (${Object.keys(sizes.files).join(' + ')})`,
      unit: 'KB',
      repro: kb,
      value: kb,
      target: { max: 120, label: '≤ 120 KB' },
    },
  ];
}

/**
 * Offline looks: the replay may reference images, fonts and stylesheets that rrweb could not inline
 * (cross-origin stylesheets, every image). Where the network log holds their bodies, the recorded DOM is
 * pointed at `data:` URLs made from them, within a size budget, so the replay needs no network (which the
 * viewer forbids anyway). Nothing is added to the report: the bodies are already in its HAR.
 */
import type { Entry, Har } from 'har-format';
import type { RecordedEvent, ViewerData } from './data';
import { base64ToText, textToBase64 } from '../redact/base64';

export interface AssetBudget {
  /** Largest single body turned into a data URL. */
  maxAssetBytes: number;
  /** All data URLs together. */
  maxTotalBytes: number;
}

export const DEFAULT_ASSET_BUDGET: AssetBudget = { maxAssetBytes: 2 * 1024 * 1024, maxTotalBytes: 40 * 1024 * 1024 };

interface Asset {
  kind: 'image' | 'font' | 'css';
  /** A data URL (image, font), or the stylesheet's text (css). */
  value: string;
}

function kindOf(mime: string): Asset['kind'] | null {
  const m = mime.toLowerCase().split(';')[0]!.trim();
  if (m === 'text/css') return 'css';
  if (m.startsWith('image/')) return 'image';
  if (m.startsWith('font/') || m.includes('font-woff') || m === 'application/vnd.ms-fontobject' || m.includes('opentype')) return 'font';
  return null;
}

/** URL → asset, from the successful responses whose bodies the HAR holds, within the budget. */
export function assetsFromHar(har: Har | null, budget: AssetBudget = DEFAULT_ASSET_BUDGET): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  let total = 0;
  for (const entry of har?.log.entries ?? ([] as Entry[])) {
    const { content, status } = entry.response;
    const kind = kindOf(content.mimeType);
    if (!kind || status < 200 || status >= 300 || typeof content.text !== 'string' || assets.has(entry.request.url)) continue;
    const base64 = content.encoding === 'base64';
    let value: string | null;
    if (kind === 'css') value = base64 ? base64ToText(content.text, false) : content.text;
    else {
      const mime = content.mimeType.split(';')[0]!.trim();
      // An SVG could carry script; as an image (data: URL in <img>) browsers never run it.
      value = `data:${mime};base64,${base64 ? content.text.replace(/\s/g, '') : textToBase64(content.text)}`;
    }
    if (value === null || value.length > budget.maxAssetBytes || total + value.length > budget.maxTotalBytes) continue;
    total += value.length;
    assets.set(entry.request.url, { kind, value });
  }
  return assets;
}

function resolve(url: string, base: string | undefined): string | null {
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

/** Rewrites `url(...)` in CSS to data URLs where the asset is known. */
export function rewriteCssUrls(css: string, assets: Map<string, Asset>, base?: string): string {
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (match, _q: string, url: string) => {
    if (url.startsWith('data:')) return match;
    const abs = resolve(url.trim(), base);
    const asset = abs ? assets.get(abs) : undefined;
    return asset && asset.kind !== 'css' ? `url("${asset.value}")` : match;
  });
}

interface SerializedNode {
  type?: unknown;
  tagName?: unknown;
  attributes?: Record<string, unknown>;
  childNodes?: unknown;
  textContent?: unknown;
  isStyle?: unknown;
}

export interface InlineResult {
  /** Attributes and style texts pointed at data URLs. */
  replaced: number;
}

/**
 * Points the recorded DOM (full snapshots and added nodes) at the HAR's bodies. Rewrites `events` in
 * place; running it twice changes nothing more.
 */
export function inlineAssets(events: RecordedEvent[] | null, har: Har | null, budget?: AssetBudget): InlineResult {
  const result: InlineResult = { replaced: 0 };
  if (!events?.length) return result;
  const assets = assetsFromHar(har, budget);
  if (!assets.size) return result;
  let base: string | undefined;

  const css = (text: string, cssBase = base): string => {
    const out = rewriteCssUrls(text, assets, cssBase);
    if (out !== text) result.replaced++;
    return out;
  };
  const image = (url: string): string | null => {
    const abs = resolve(url, base);
    const asset = abs ? assets.get(abs) : undefined;
    return asset && asset.kind !== 'css' ? asset.value : null;
  };

  const visit = (node: unknown, depth: number): void => {
    if (typeof node !== 'object' || node === null || depth > 2000) return;
    const n = node as SerializedNode;
    if (n.type === 3 && n.isStyle === true && typeof n.textContent === 'string') n.textContent = css(n.textContent);
    const attrs = n.attributes;
    if (n.type === 2 && attrs && typeof attrs === 'object') {
      const tag = typeof n.tagName === 'string' ? n.tagName.toLowerCase() : '';
      if (typeof attrs.src === 'string' && (tag === 'img' || tag === 'source' || tag === 'input')) {
        const data = image(attrs.src);
        if (data) {
          attrs.src = data;
          result.replaced++;
        }
      }
      if (typeof attrs.srcset === 'string' && (tag === 'img' || tag === 'source')) {
        // The first candidate we hold replaces the set: a srcset of data URLs cannot carry commas safely.
        const hit = attrs.srcset
          .split(',')
          .map((c) => image(c.trim().split(/\s+/)[0] ?? ''))
          .find((d) => d);
        if (hit) {
          delete attrs.srcset;
          attrs.src = hit;
          result.replaced++;
        }
      }
      if (tag === 'link' && typeof attrs.href === 'string' && typeof attrs._cssText !== 'string') {
        const abs = resolve(attrs.href, base);
        const sheet = abs ? assets.get(abs) : undefined;
        if (sheet?.kind === 'css') {
          attrs._cssText = rewriteCssUrls(sheet.value, assets, abs!);
          result.replaced++;
        } else if (sheet) {
          attrs.href = sheet.value; // an icon
          result.replaced++;
        }
      }
      if (typeof attrs._cssText === 'string') attrs._cssText = css(attrs._cssText);
      if (typeof attrs.style === 'string') attrs.style = css(attrs.style);
    }
    if (Array.isArray(n.childNodes)) for (const child of n.childNodes) visit(child, depth + 1);
  };

  for (const event of events) {
    const data = event.data as { href?: unknown; node?: unknown; source?: unknown; adds?: unknown } | null;
    if (!data || typeof data !== 'object') continue;
    if (event.type === 4 && typeof data.href === 'string') base = data.href;
    else if (event.type === 2) visit(data.node, 0);
    else if (event.type === 3 && data.source === 0 && Array.isArray(data.adds)) {
      for (const add of data.adds) visit((add as { node?: unknown } | null)?.node, 0);
    }
  }
  return result;
}

/** Prepares loaded data for viewing: the replay's assets restored from the HAR. Call before it becomes reactive state. */
export function withOfflineAssets(data: ViewerData, budget?: AssetBudget): ViewerData {
  return { ...data, restoredAssets: inlineAssets(data.events, data.har, budget).replaced };
}

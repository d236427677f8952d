/**
 * The page's first full snapshot is taken in slices that yield to the page (lib/page/sliced-snapshot.ts).
 * Whatever the page changes between slices — children added, removed and moved, attributes, classes
 * that mask or block, text, in parts already serialized or not yet, in shadow roots (and shadow roots
 * attached), a same-origin frame, form values (masked), CSSOM rules, scroll offsets, a custom element
 * defined — the sliced snapshot must be the one a synchronous snapshot taken at its end gives: the same
 * tree with the same ids, and the same document when rrweb's Replayer rebuilds each. The patched rrweb
 * and Repro's own record options run in real Chromium; every slice is one node, and seeded random
 * changes land between them.
 */
import path from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { chromiumPath, QUIET_FLAGS } from '../harness/chromium';
import { startFixtureServer, type FixtureServer } from '../harness/fixture-server';
import { rebuilt, rrwebScript, type Recorded } from './replay-support';

const META = 4;
const FULL_SNAPSHOT = 2;

/** The patched rrweb (dist/rrweb.js, as the extension bundles it) with the slicer and Repro's options. */
const pageBundle = buildSync({
  entryPoints: [path.join(import.meta.dirname, 'sliced/page-entry.ts')],
  bundle: true,
  format: 'iife',
  write: false,
}).outputFiles[0]!.text;

type Run = { sliced: Recorded[]; sync: Recorded[]; slices: number; changes: number; fellBack: boolean };

/** Records the fixture with a sliced first snapshot, changing it at random between slices, then takes a synchronous one. */
async function record(page: Page, seed: number, changeRate: number): Promise<Run> {
  return page.evaluate(
    async ({ seed, changeRate }) => {
      type Api = {
        record: ((o: object) => () => void) & { takeFullSnapshot(checkout?: boolean): void };
        takeSnapshotInSlices: (api: unknown, scheduling: object, scrolls: unknown) => () => void;
        toRecordOptions: (config: object, emit: (e: Recorded) => void) => object;
        DEFAULT_RECORDER_CONFIG: object;
        scrollHistory: unknown;
      };
      type Recorded = { type: number; timestamp: number; data: Record<string, unknown> };
      const { record, takeSnapshotInSlices, toRecordOptions, DEFAULT_RECORDER_CONFIG, scrollHistory } = (
        window as unknown as { __sliced: Api }
      ).__sliced;
      let state = seed >>> 0 || 1;
      const random = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 2 ** 32;
      };
      const pick = <T>(list: ArrayLike<T>): T | undefined => list[Math.floor(random() * list.length)];
      const roots = () => [document.body, ...['host', 'host2'].map((id) => document.getElementById(id)!.shadowRoot!)];
      const elements = () =>
        roots()
          .flatMap((r) => [...r.querySelectorAll('*')])
          .filter((e) => !['SCRIPT', 'STYLE', 'IFRAME', 'INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(e.tagName));
      const texts = () =>
        roots().flatMap((r) => {
          const out: Text[] = [];
          const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) if (walker.currentNode.parentElement?.tagName !== 'SCRIPT') out.push(walker.currentNode as Text);
          return out;
        });
      let made = 0;
      const changes: Array<() => void> = [
        () => pick(elements())?.append(Object.assign(document.createElement('span'), { textContent: `added ${made++}` })),
        () => {
          const el = pick(elements());
          if (el && el !== document.body && el.id !== 'host' && el.id !== 'host2') el.remove();
        },
        () => {
          const [a, b] = [pick(elements()), pick(elements())];
          if (a && b && a !== document.body && !a.contains(b) && a.getRootNode() === b.getRootNode()) b.prepend(a);
        },
        () => pick(elements())?.setAttribute('data-k', String(made++)),
        () => pick(elements())?.classList.toggle(pick(['rr-mask', 'rr-block', 'a', 'plain'])!),
        () => pick(elements())?.toggleAttribute('data-repro-mask'),
        () => {
          const t = pick(texts());
          if (t) t.data = `changed ${made++}`;
        },
        () => ((document.getElementById('name') as HTMLInputElement).value = `set ${made++}`),
        () => ((document.getElementById('notes') as HTMLTextAreaElement).value = `notes ${made++}`),
        () => ((document.getElementById('agree') as HTMLInputElement).checked = random() < 0.5),
        () => ((document.getElementById('pick') as HTMLSelectElement).value = pick(['x', 'y'])!),
        () => ((document.getElementById('secret') as HTMLInputElement).value = `secret ${made++}`),
        () =>
          document
            .getElementById('host')!
            .shadowRoot!.append(Object.assign(document.createElement('p'), { textContent: `shadow ${made++}` })),
        () => {
          const frameDoc = (document.getElementById('frame') as HTMLIFrameElement).contentDocument!;
          frameDoc.body.append(Object.assign(frameDoc.createElement('p'), { textContent: `frame ${made++}` }));
        },
        () => (document.getElementById('sheet') as HTMLStyleElement).sheet!.insertRule(`.r${made++} { color: red; }`),
        () => (document.getElementById('scroller')!.scrollTop = Math.floor(random() * 400)),
        () => {
          // Defined late, as a component library loads: the element already serialized is upgraded and gets a shadow root.
          if (customElements.get('sliced-card')) return;
          customElements.define(
            'sliced-card',
            class extends HTMLElement {
              connectedCallback() {
                if (!this.shadowRoot) this.attachShadow({ mode: 'open' }).innerHTML = '<b>card in shadow</b>';
              }
            },
          );
        },
        () => {
          const el = pick(elements().filter((e) => ['DIV', 'SECTION', 'P', 'SPAN'].includes(e.tagName) && !e.shadowRoot));
          // Empty or not: no mutation reports either.
          const root = el?.attachShadow({ mode: 'open' });
          if (root && random() < 0.5) root.innerHTML = `<i>attached ${made++}</i><slot></slot>`;
        },
      ];
      const events: Recorded[] = [];
      let slices = 0;
      let changed = 0;
      let fellBack = false;
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const scheduling = {
        now: () => 0,
        // Out of time before every child: one node a slice.
        budgetMs: -1,
        maxChanges: 20_000,
        next: (fn: () => void) =>
          setTimeout(() => {
            slices++;
            if (random() < changeRate) {
              changed++;
              // A change may find its element gone (removed or moved by an earlier one): then it changes nothing.
              try {
                pick(changes)!();
              } catch {
                changed--;
              }
            }
            fn();
          }, 0),
      };
      const options = {
        ...toRecordOptions(DEFAULT_RECORDER_CONFIG, (e) => {
          events.push(e);
          if (e.type === 2) {
            (window as unknown as { __slicedOut?: boolean }).__slicedOut = true;
            done();
          }
        }),
        reproSnapshotInSlices: (api: { fallback(): void }) =>
          takeSnapshotInSlices({ ...api, fallback: () => ((fellBack = true), api.fallback()) }, scheduling, scrollHistory),
      };
      const stop = record(options);
      await finished;
      // Loaded frames are attached in a later task, for both snapshots.
      await new Promise((r) => setTimeout(r, 300));
      const at = events.length;
      record.takeFullSnapshot(true);
      await new Promise((r) => setTimeout(r, 300));
      stop();
      return { sliced: events.slice(0, at), sync: events.slice(at), slices, changes: changed, fellBack };
    },
    { seed, changeRate },
  );
}

const snapshotOf = (events: Recorded[]) => events.find((e) => e.type === FULL_SNAPSHOT)!.data.node;

let server: FixtureServer;
let browser: Browser;
test.beforeAll(async () => {
  server = await startFixtureServer();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: QUIET_FLAGS });
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The fixture with the bundle added after it loaded (nothing known of its scrolls: every element's
 * offsets are read) or, `fromStart`, as the extension runs it: from `document_start`, watching scrolls.
 */
async function openFixture(fromStart = false): Promise<Page> {
  const page = await browser.newPage();
  if (fromStart) await page.addInitScript({ content: pageBundle });
  await page.goto(`${server.origin}/capture/sliced.html`);
  if (!fromStart) await page.addScriptTag({ content: pageBundle });
  return page;
}

async function replayed(events: Recorded[]): Promise<unknown> {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/capture/one.html`);
  await page.addScriptTag({ path: rrwebScript });
  const out = await rebuilt(page, events);
  await page.close();
  return out;
}

test('a snapshot taken in slices of an unchanging page is the synchronous one', async () => {
  const page = await openFixture();
  const run = await record(page, 1, 0);
  expect(run.fellBack).toBe(false);
  expect(run.slices).toBeGreaterThan(50);
  expect(run.sliced.filter((e) => e.type === META)).toHaveLength(1);
  expect(snapshotOf(run.sliced)).toEqual(snapshotOf(run.sync));
  // Both walks write each element's keys in rrweb's order, with the blocking flag taken off.
  for (const tree of [snapshotOf(run.sliced), snapshotOf(run.sync)]) {
    const orders = elementKeyOrders(tree);
    expect(orders.length).toBeGreaterThan(40);
    expect(orders.filter((keys) => !inElementKeyOrder(keys))).toEqual([]);
    expect(orders.some((keys) => keys.includes('isCustom'))).toBe(true);
  }
  const secret = JSON.stringify(run.sliced);
  for (const text of ['hunter2', 'typed name', 'masked by class', 'masked by attribute', 'never recorded'])
    expect(secret).not.toContain(text);
  await page.close();
});

/** rrweb's keys of a serialized element, in the order it writes them; an event never has `needBlock`. */
const ELEMENT_KEYS = ['type', 'tagName', 'attributes', 'childNodes', 'isSVG', 'rootId', 'isCustom', 'id', 'isShadowHost', 'isShadow'];

function inElementKeyOrder(keys: string[]): boolean {
  const at = keys.map((key) => ELEMENT_KEYS.indexOf(key));
  return at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]!));
}

interface TreeNode {
  type?: number;
  attributes?: Record<string, unknown>;
  childNodes?: TreeNode[];
}

/** Every node of a snapshot tree, parents before their children. */
function treeNodes(tree: unknown): TreeNode[] {
  const found: TreeNode[] = [];
  const visit = (node: TreeNode) => {
    found.push(node);
    for (const child of node.childNodes ?? []) visit(child);
  };
  visit(tree as TreeNode);
  return found;
}

/** The keys of every element in a snapshot tree, as they come. */
function elementKeyOrders(tree: unknown): string[][] {
  return treeNodes(tree)
    .filter((node) => node.type === 2)
    .map((node) => Object.keys(node));
}

/** The serialized nodes of a snapshot tree whose attributes have `name`, by that attribute's value. */
function nodesWith(tree: unknown, name: string): Record<string, unknown>[] {
  return treeNodes(tree).flatMap((node) => (node.attributes && name in node.attributes ? [node.attributes] : []));
}

test('watched from document_start, the slices read scroll offsets only of what the page scrolled, and keep them all', async () => {
  const page = await openFixture(true);
  const elements = await page.evaluate(async () => {
    // A long list the page never scrolls, and a scroller it does.
    document.getElementById('s6')!.insertAdjacentHTML('beforeend', `<ul>${'<li><span>row</span></li>'.repeat(100)}</ul>`);
    document.getElementById('scroller')!.scrollTop = 120;
    // A scroller in a shadow tree, whose scroll events never reach the window: always read.
    const inShadow = document.getElementById('host2')!.shadowRoot!.appendChild(document.createElement('div'));
    inShadow.style.cssText = 'height: 40px; overflow: auto';
    inShadow.innerHTML = '<div style="height: 400px">tall</div>';
    inShadow.scrollTop = 30;
    customElements.define('sliced-card', class extends HTMLElement {});
    // Scroll events are fired with the next frame.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    // Reads of scrollTop by the sliced snapshot, then by the synchronous one taken after it.
    const w = window as unknown as { __reads: [number, number]; __slicedOut?: boolean };
    w.__reads = [0, 0];
    const own = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop')!;
    Object.defineProperty(Element.prototype, 'scrollTop', {
      ...own,
      get(this: Element) {
        w.__reads[w.__slicedOut ? 1 : 0]++;
        return own.get!.call(this);
      },
    });
    return document.querySelectorAll('*').length;
  });
  const run = await record(page, 1, 0);
  expect(run.fellBack).toBe(false);
  const [sliced, sync] = await page.evaluate(() => (window as unknown as { __reads: [number, number] }).__reads);
  // rrweb reads every element; the slices read the root, the body, the scroller, the shadow trees'
  // elements, and those again where the last task reads volatile elements and their ancestors.
  expect(elements).toBeGreaterThan(250);
  expect(sync).toBeGreaterThanOrEqual(elements);
  expect(sliced).toBeGreaterThan(3);
  expect(sliced).toBeLessThan(40);
  const tree = snapshotOf(run.sliced);
  expect(tree).toEqual(snapshotOf(run.sync));
  expect(nodesWith(tree, 'rr_scrollTop').map((a) => a.rr_scrollTop)).toEqual([30, 120]);
  expect(JSON.stringify(tree)).toContain('"tagName":"sliced-card","attributes":{"id":"card"},"childNodes":[],"isCustom":true');
  await page.close();
});

test('changes between slices end up in the snapshot exactly as a synchronous snapshot at its end has them', async () => {
  test.setTimeout(240_000);
  const seeds = Array.from({ length: Number(process.env.SLICED_SEEDS ?? 12) }, (_, i) => 7919 * (i + 1));
  for (const [i, seed] of seeds.entries()) {
    // Every other seed watches scrolls from document_start and reads offsets only where the page scrolled.
    const page = await openFixture(i % 2 === 1);
    const run = await record(page, seed, 0.5);
    expect(run.fellBack, `seed ${seed}`).toBe(false);
    expect(run.changes, `seed ${seed}`).toBeGreaterThan(10);
    expect(snapshotOf(run.sliced), `seed ${seed}: snapshot tree`).toEqual(snapshotOf(run.sync));
    expect(await replayed(run.sliced), `seed ${seed}: replay`).toEqual(await replayed(run.sync));
    const secret = JSON.stringify(run.sliced);
    for (const text of ['hunter2', 'secret ']) expect(secret, `seed ${seed}`).not.toContain(text);
    await page.close();
  }
});

test('too many changes between slices: the synchronous snapshot is taken instead', async () => {
  const page = await openFixture();
  const run = await page.evaluate(async () => {
    type Api = {
      record: (o: object) => () => void;
      takeSnapshotInSlices: (api: unknown, s: object) => () => void;
      toRecordOptions: (c: object, e: (e: { type: number }) => void) => object;
      DEFAULT_RECORDER_CONFIG: object;
    };
    const { record, takeSnapshotInSlices, toRecordOptions, DEFAULT_RECORDER_CONFIG } = (window as unknown as { __sliced: Api }).__sliced;
    const types: number[] = [];
    let fellBack = false;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const scheduling = {
      now: () => 0,
      budgetMs: -1,
      maxChanges: 50,
      next: (fn: () => void) =>
        setTimeout(() => {
          document.getElementById('title')!.dataset.n = String(Math.random());
          fn();
        }, 0),
    };
    const stop = record({
      ...toRecordOptions(DEFAULT_RECORDER_CONFIG, (e) => {
        types.push(e.type);
        if (e.type === 2) done();
      }),
      reproSnapshotInSlices: (api: { fallback(): void }) =>
        takeSnapshotInSlices({ ...api, fallback: () => ((fellBack = true), api.fallback()) }, scheduling),
    });
    await finished;
    stop();
    return { types, fellBack };
  });
  expect(run.fellBack).toBe(true);
  expect(run.types.filter((t) => t === FULL_SNAPSHOT)).toHaveLength(1);
  await page.close();
});

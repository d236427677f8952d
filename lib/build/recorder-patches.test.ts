import { afterEach, describe, expect, it, vi } from 'vitest';
import { installed } from './installed';

/** rrweb as the build takes it, patched (patches/rrweb+2.2.2.patch). */
const patched = installed('rrweb/dist/rrweb.js');
/** rrweb as published: its CommonJS build of the same source, which the patch leaves alone. */
const published = installed('rrweb/dist/rrweb.cjs');

describe('recorder patches', () => {
  // The built content script is checked too: npm run check:bundle (lib/build/bundle-rules.ts).
  it("let a recorder-only build drop the replay's CSS parser: its set-up is pure and nothing reads it at load", () => {
    for (const copy of ['import_postcss$1', 'import_postcss']) {
      expect(published).toMatch(new RegExp(`\\n${copy.replace('$', '\\$')}\\.default\\.stringify;\\n`));
      expect(patched).not.toMatch(new RegExp(`\\n${copy.replace('$', '\\$')}\\.default(\\.\\w+)?;\\n`));
      expect(patched).toMatch(
        new RegExp(`\\nvar ${copy.replace('$', '\\$')} = /\\* @__PURE__ \\*/ __toESM(\\$1)?\\(/\\* @__PURE__ \\*/ \\(`),
      );
    }
    expect(patched).not.toContain('var postcss_default = ');
  });

  // What they change is checked in real Chromium, on the built recorder: e2e/specs/capture-text-changes.spec.ts.
  it('are in the rrweb the build takes, and not in the published one', () => {
    const marks = [
      'reproTextNodes',
      'record.reproTakeMutatedNodes = ',
      'const joined = reproJoinedMatch(element, blockClass, blockSelector, false);',
      'const joined = reproJoinedMatch(el, maskTextClass, maskTextSelector, checkAncestors);',
      'const joined = reproJoinedMatch(el, blockClass, blockSelector, checkAncestors);',
      'function reproJoinedMatch(el, cls, selector, checkAncestors) {',
      'function* reproSerializeSteps(n, options) {',
      'if (reproSnapshotInSlices) {',
      'for (const n of this.reproTextNodes.keys()) {',
      'reproTakeAttributes() {',
      'if (this.reproListBlocked(m.target)) return;',
      '} else if (this.reproAncestorRemoved(m.target)) {}',
      'const parentId = this.mirror.getId(listInShadow ? src_default.host(m.target) : m.target);',
      'if (this.shadowDomManager.shadowDoms.size > 0 && !inDom(n)) this.shadowDomManager.removeShadowRootsIn(n);',
      '(reproMethod_contains || (reproMethod_contains = reproUntaintedMethod("Node", "contains"))).call(n, other)',
      'function reproTextNodeMasked(node, el, maskTextClass, maskTextSelector) {',
      'newlyAddedElement: newlyAddedElement || reproHooks.unscrolled !== void 0 && n.nodeType === 1 && reproHooks.unscrolled(n),',
      'if (tagName.includes("-") && customElements.get(tagName)) isCustomElement = true;',
      'function reproTakeNeedBlock(serializedNode) {',
      'Element: ["querySelector", "querySelectorAll"],',
      'function reproPrivacyCacheFor(blockClass, blockSelector, maskTextClass, maskTextSelector) {',
      'const pending = this.reproObserver !== null ? this.reproObserver.takeRecords() : null;',
      'const needBlock = reproKnownUnblocked ? false : _isBlockedElement(n, blockClass, blockSelector);',
    ];
    for (const mark of marks) expect([mark, patched.includes(mark), published.includes(mark)]).toEqual([mark, true, false]);
  });

  it('look ignored nodes up once per change: added and removed nodes as they come, text and attributes when written out', () => {
    const ignoredTarget = 'if (isIgnored(m.target, this.mirror, this.slimDOMOptions)) return;';
    expect(published).toContain(`processMutation = (m) => {\n\t\t${ignoredTarget}`);
    // Only a changed list's target is looked up, in the branch that also counts its nodes for the storm guard.
    expect(patched.split(ignoredTarget)).toHaveLength(2);
    expect(patched).toMatch(
      /if \(type === "childList"\) \{\s+reproMutatedNodes \+= m\.addedNodes\.length \+ m\.removedNodes\.length;\s+if \(this\.reproPrivacy !== null\) reproPrivacyChanged\(this\.reproPrivacy\);\s+if \(isIgnored\(m\.target, /,
    );
    // A removed node's id is read once: it says both whether rrweb serialized it and whether it ignores it.
    expect(patched).toContain('if (nodeId === -1 || nodeId === IGNORED_NODE || n.tagName === "TITLE"');
    expect(patched.match(/id === IGNORED_NODE \|\| !this\.mirror\.has\(id\)\) continue;/g)).toHaveLength(2);
    expect(patched).toContain(
      'if (id === -1 || id === IGNORED_NODE || reproElementBlocked(this.reproPrivacy, target, this.blockClass, this.blockSelector)) return;',
    );
    // Declared once, at the module's top level, before the recorder runs.
    expect(patched.match(/\nconst IGNORED_NODE = -2;\n/g)).toHaveLength(1);
  });

  it("keep an element's needBlock flag beside its serialization, never in it", () => {
    // rrweb puts it in the literal and deletes it once read (V8 then keeps the object as a dictionary).
    expect(published).toMatch(/isSVG: isSVGElement\(n\) \|\| void 0,\n\t\tneedBlock,\n\t\trootId,\n\t\tisCustom: isCustomElement\n\t\};/);
    expect(patched).toMatch(
      /reproElementNeedBlock = needBlock;\n\treturn \{\n\t\ttype: NodeType\$3\.Element,\n\t\ttagName,\n\t\tattributes,\n\t\tchildNodes: \[\],\n\t\tisSVG: isSVGElement\(n\) \|\| void 0,\n\t\trootId,\n\t\tisCustom: isCustomElement\n\t\};/,
    );
    // Both walks (rrweb's and the sliced one) take it first thing; nothing deletes a property of the node.
    const takes = [...patched.matchAll(/const needBlock = reproTakeNeedBlock\(_serializedNode\);\n\tlet id;/g)];
    expect(takes).toHaveLength(2);
    expect(patched).not.toMatch(/delete (serializedNode|_serializedNode)\.needBlock/);
    expect(functionText(patched, 'reproTakeNeedBlock')).toContain('reproElementNeedBlock = false;');
    expect(patched).not.toContain('Object.assign(_serializedNode, { id })');
  });
});

/** One top-level function of rrweb's bundle, by name, as source text. */
function functionText(source: string, name: string): string {
  const start = source.indexOf(`\nfunction ${name}(`);
  expect(start).toBeGreaterThan(-1);
  return source.slice(start, source.indexOf('\n}\n', start) + 3);
}

type Check = (node: Node, cls: string, selector: string | null, ancestors: boolean) => boolean;
type TextCheck = (node: Node, el: Element, cls: string, selector: string | null) => boolean;

/** rrweb's privacy checks (and the patch's text-node check, when there), built from `source` with the DOM helpers they call. */
function checks(source: string): {
  isBlocked: Check;
  needMaskingText: Check;
  _isBlockedElement: (element: Element, cls: string, selector: string | null) => boolean;
  reproTextNodeMasked?: TextCheck;
} {
  const helpers = {
    parentElement: (n: Node) => n.parentElement,
    parentNode: (n: Node) => n.parentNode,
    childNodes: (n: Node) => n.childNodes,
  };
  const textCheck = source.includes('\nfunction reproTextNodeMasked(');
  const names = [
    'closestElementOfNode',
    'classMatchesRegex',
    'isBlocked',
    'needMaskingText',
    '_isBlockedElement',
    ...(textCheck ? ['reproTextNodeMasked'] : []),
  ];
  const lists = source.includes('reproSelectorLists')
    ? 'const reproSelectorLists = new Map();' + functionText(source, 'reproClassAndSelector') + functionText(source, 'reproJoinedMatch')
    : '';
  const body = `const isElement = (n) => n.nodeType === n.ELEMENT_NODE; ${lists}${names.map((n) => functionText(source, n)).join('')} return { isBlocked, needMaskingText, _isBlockedElement${textCheck ? ', reproTextNodeMasked' : ''} };`;
  return new Function('src_default', 'src_default$2', body)(helpers, helpers) as ReturnType<typeof checks>;
}

describe('joined class-and-selector checks', () => {
  const before = checks(published);
  const after = checks(patched);
  document.body.innerHTML = [
    '<div id="plain"><span id="plain-in">a</span></div>',
    '<div class="rr-block"><span id="class-in">b</span></div>',
    '<div data-repro-block><p><span id="attr-in">c</span></p></div>',
    '<input id="pw" type="password">',
    '<div class="rr-mask"><b id="mask-in">d</b></div>',
    '<section data-repro-mask><b id="mask-attr-in">e</b></section>',
  ].join('');
  const ids = ['plain', 'plain-in', 'class-in', 'attr-in', 'pw', 'mask-in', 'mask-attr-in'];
  const nodes = ids.flatMap((id) => {
    const el = document.getElementById(id)!;
    return el.firstChild ? [el, el.firstChild] : [el];
  });

  it('answer as rrweb did, for elements and text, with and without ancestors, and for a changed text node from its parent read once', () => {
    const cases: [string, string | null][] = [
      ['rr-block', 'input[type="password" i], [data-repro-block]'],
      ['rr-block', null],
      ['rr-mask', '[data-repro-mask]'],
      ['rr-mask', null],
    ];
    let blocked = 0;
    let masked = 0;
    for (const [cls, selector] of cases)
      for (const node of nodes)
        for (const ancestors of [false, true]) {
          const label = `${cls} ${selector} ${(node as Element).id ?? node.textContent} ${ancestors}`;
          const b = before.isBlocked(node, cls, selector, ancestors);
          const m = before.needMaskingText(node, cls, selector, ancestors);
          expect([label, after.isBlocked(node, cls, selector, ancestors)]).toEqual([label, b]);
          expect([label, after.needMaskingText(node, cls, selector, ancestors)]).toEqual([label, m]);
          if (b) blocked++;
          // The snapshot's check of an element itself (no ancestors).
          if (node.nodeType === Node.ELEMENT_NODE && !ancestors) {
            const el = node as Element;
            expect([label, after._isBlockedElement(el, cls, selector)]).toEqual([label, before._isBlockedElement(el, cls, selector)]);
          }
          if (node.nodeType !== Node.TEXT_NODE) continue;
          // The write-out of a changed text node asks its parent element directly: blocked without
          // ancestors, masked with them, the same answers as rrweb's walk from the node.
          const parent = node.parentElement!;
          if (ancestors) {
            expect([label, after.reproTextNodeMasked!(node, parent, cls, selector)]).toEqual([label, m]);
            if (m) masked++;
          } else expect([label, after.isBlocked(parent, cls, selector, false)]).toEqual([label, b]);
        }
    // The cases reach both answers.
    expect(blocked).toBeGreaterThan(4);
    expect(masked).toBeGreaterThan(1);
  });

  it('fall back to rrweb’s steps when the class is not a valid selector', () => {
    const odd = document.createElement('div');
    odd.className = '1x';
    document.body.append(odd);
    expect(() => odd.matches('.1x, [data-repro-block]')).toThrow();
    for (const ancestors of [false, true]) {
      expect(after.isBlocked(odd, '1x', '[data-repro-block]', ancestors)).toBe(true);
      expect(after.isBlocked(odd.appendChild(document.createTextNode('t')), '1x', '[data-repro-block]', ancestors)).toBe(true);
      for (const node of [odd, odd.firstChild!])
        expect(after.needMaskingText(node, '1x', '[data-repro-mask]', ancestors)).toBe(
          before.needMaskingText(node, '1x', '[data-repro-mask]', ancestors),
        );
    }
    expect(after._isBlockedElement(odd, '1x', '[data-repro-block]')).toBe(true);
    expect(after.needMaskingText(odd, '1x', '[data-repro-mask]', false)).toBe(true);
    // The changed text node's check falls back the same way, to rrweb's answer.
    expect(after.reproTextNodeMasked!(odd.firstChild!, odd, '1x', '[data-repro-mask]')).toBe(
      before.needMaskingText(odd.firstChild!, '1x', '[data-repro-mask]', true),
    );
  });
});

/** The write-out's kept privacy answers (`reproPrivacyCacheFor` and the checks that use it), built from the patched bundle. */
function privacyCache() {
  const helpers = {
    parentElement: (n: Node) => n.parentElement,
    parentNode: (n: Node) => n.parentNode,
    childNodes: (n: Node) => n.childNodes,
  };
  const names = [
    'closestElementOfNode',
    'classMatchesRegex',
    'reproClassAndSelector',
    'reproJoinedMatch',
    'needMaskingText',
    'reproTextNodeMasked',
    'isBlocked',
    'reproPrivacyCacheFor',
    'reproPrivacyChanged',
    'reproCachedAnswer',
    'reproKeepAnswer',
    'reproElementBlocked',
    'reproTextUnderMasked',
  ];
  const epochs = /\nconst REPRO_EPOCHS = (\d+);\n/.exec(patched)?.[1];
  expect(epochs).toBeDefined();
  const body = `const isElement = (n) => n.nodeType === n.ELEMENT_NODE; const reproSelectorLists = new Map(); const reproPrivacyCaches = new Map();
    const REPRO_EPOCHS = ${epochs}; ${names.map((n) => functionText(patched, n)).join('')}
    return { cacheFor: reproPrivacyCacheFor, changed: reproPrivacyChanged, blocked: reproElementBlocked, masked: reproTextUnderMasked, epochs: REPRO_EPOCHS };`;
  return new Function('src_default', 'src_default$2', body)(helpers, helpers) as {
    cacheFor(blockClass: unknown, blockSelector: string | null, maskClass: unknown, maskSelector: string | null): PrivacyCache | null;
    changed(cache: PrivacyCache): void;
    blocked(cache: PrivacyCache | null, el: Element, cls: string, selector: string): boolean;
    masked(cache: PrivacyCache | null, node: Node, el: Element, cls: string, selector: string): boolean;
    epochs: number;
  };
}

interface PrivacyCache {
  attributes: Set<string>;
  answers: WeakMap<Element, number>;
  epoch: number;
  on: boolean;
}

describe("an element's attributes read by name", () => {
  it('are the names, values and order read through the collection, which is used where a name cannot be looked up', () => {
    const read = new Function(
      'transformAttribute',
      `const toLowerCase = (s) => s.toLowerCase(); ${functionText(patched, 'ignoreAttribute')}${functionText(patched, 'reproReadAttributes')}${functionText(patched, 'reproReadAttributeNodes')}
      return { byName: reproReadAttributes, byNode: reproReadAttributeNodes };`,
    )((_doc: Document, tag: string, name: string, value: string) => `${tag}:${name}=${value}`) as Record<
      'byName' | 'byNode',
      (n: Element, doc: Document, tagName: string) => Record<string, string>
    >;
    document.body.innerHTML =
      '<p id="bare">a</p><li data-i="7" class="row" id="li" title="">b</li><video id="video" autoplay muted src="v.mp4"></video><svg id="svg" viewBox="0 0 1 1"></svg>';
    const odd = document.createElement('div');
    odd.setAttribute('data-first', '1');
    odd.setAttributeNS(null, 'camelName', 'kept');
    const elements: [Element, string][] = [
      [document.getElementById('bare')!, 'p'],
      [document.getElementById('li')!, 'li'],
      [document.getElementById('video')!, 'video'],
      [document.getElementById('svg')!, 'svg'],
      [odd, 'div'],
    ];
    for (const [el, tag] of elements) {
      const byName = read.byName(el, document, tag);
      expect([tag, Object.entries(byName)]).toEqual([tag, Object.entries(read.byNode(el, document, tag))]);
    }
    expect(Object.keys(read.byName(document.getElementById('li')!, document, 'li'))).toEqual(['data-i', 'class', 'id', 'title']);
    expect(read.byName(document.getElementById('video')!, document, 'video')).not.toHaveProperty('autoplay');
    expect(read.byName(odd, document, 'div')).toEqual({ 'data-first': 'div:data-first=1', camelName: 'div:camelname=kept' });
  });
});

describe('tag names looked up by name', () => {
  it('are the names rrweb gives, a form with a control named "tagName" included', () => {
    const build = (source: string) =>
      new Function(
        `const toLowerCase = (s) => s.toLowerCase(); var tagNameRegex = new RegExp("[^a-z0-9-_:]");
        ${source.includes('const reproValidTagNames') ? 'const reproValidTagNames = new Map();' : ''}${functionText(source, 'getValidTagName$1')} return getValidTagName$1;`,
      )() as (el: Element) => string;
    const before = build(published);
    const after = build(patched);
    expect(patched).toContain('const reproValidTagNames = /* @__PURE__ */ new Map();');
    document.body.innerHTML =
      '<div></div><form id="plain"></form><form id="shadowed"><input name="tagName"></form><svg><foreignObject></foreignObject></svg><my-widget></my-widget>';
    // Browsers let a form's control named "tagName" override the form's own `tagName`; happy-dom does not.
    const shadowed = document.getElementById('shadowed') as HTMLFormElement;
    Object.defineProperty(shadowed, 'tagName', { value: shadowed.elements.namedItem('tagName') });
    const elements = [...document.body.querySelectorAll('*'), document.createElementNS('urn:x', 'x:Odd.Name')];
    // Twice each: the second answer comes from what the first kept.
    for (const round of [1, 2])
      for (const el of elements) expect([round, el.localName, after(el)]).toEqual([round, el.localName, before(el)]);
    expect(elements.map(after)).toEqual(['div', 'form', 'form', 'input', 'svg', 'foreignobject', 'my-widget', 'div']);
  });
});

describe('the snapshot walk asking both lists at once', () => {
  it('answers "neither" only for elements neither blocked nor masked by their own checks', () => {
    const own = checks(patched);
    const either = new Function(
      `const reproSelectorLists = new Map(); let reproBothLists = null; ${functionText(patched, 'reproClassAndSelector')}${functionText(patched, 'reproMatchesEither')} return reproMatchesEither;`,
    )() as (el: Element, bc: unknown, bs: string | null, mc: unknown, ms: string | null) => boolean | undefined;
    const BLOCK = 'input[type="password" i], [data-repro-block]';
    const MASK = '[data-repro-mask], [contenteditable]:not([contenteditable="false"])';
    document.body.innerHTML = [
      '<p id="plain">a</p>',
      '<p class="rr-block">b</p>',
      '<p class="rr-mask">c</p>',
      '<input id="pw" type="PASSWORD">',
      '<p data-repro-mask>d</p>',
      '<div contenteditable><p id="in-editable">e</p></div>',
      '<p contenteditable="false">f</p>',
    ].join('');
    for (const el of document.body.querySelectorAll('*')) {
      const answer = either(el, 'rr-block', BLOCK, 'rr-mask', MASK);
      const expected = own._isBlockedElement(el, 'rr-block', BLOCK) || own.needMaskingText(el, 'rr-mask', MASK, false);
      expect([el.outerHTML, answer]).toEqual([el.outerHTML, expected]);
    }
    // Both answers come up: the plain elements ask nothing more, the marked ones their own checks.
    const neither = [...document.body.querySelectorAll('*')].filter((el) => !either(el, 'rr-block', BLOCK, 'rr-mask', MASK));
    expect(neither.map((el) => el.id || el.getAttribute('contenteditable'))).toEqual(
      expect.arrayContaining(['plain', 'in-editable', 'false']),
    );
    expect(neither.some((el) => el.matches('.rr-block, .rr-mask, [data-repro-mask], div'))).toBe(false);
    // Lists it cannot join, or that do not parse, are left to the checks of their own.
    expect(either(document.body, /rr-/, BLOCK, 'rr-mask', MASK)).toBeUndefined();
    expect(either(document.body, 'rr-block', null, 'rr-mask', MASK)).toBeUndefined();
    expect(either(document.body, '1x', BLOCK, 'rr-mask', MASK)).toBeUndefined();
    expect(patched).toContain('reproKnownUnblocked = false;\n\tif (!_serializedNode) return null;');
  });
});

describe("the write-out's kept privacy answers", () => {
  const BLOCK = 'input[type="password" i], [autocomplete^="cc-" i], [data-repro-block]';
  const MASK = '[data-repro-mask], [contenteditable]:not([contenteditable="false"])';

  it('are kept only for lists whose answers follow from attributes and the tree, and name the attributes to watch', () => {
    const { cacheFor } = privacyCache();
    const cache = cacheFor('rr-block', BLOCK, 'rr-mask', MASK)!;
    expect([...cache.attributes].sort()).toEqual([
      'autocomplete',
      'class',
      'contenteditable',
      'data-repro-block',
      'data-repro-mask',
      'id',
      'type',
    ]);
    // One cache per pair of lists, shared by every buffer with them.
    expect(cacheFor('rr-block', BLOCK, 'rr-mask', MASK)).toBe(cache);
    expect(cacheFor('rr-block', '[data-X-Secret]', 'rr-mask', '*')!.attributes.has('data-x-secret')).toBe(true);
    // State no attribute shows, a namespace, an escape, a pattern class, a missing list: asked every time.
    for (const [blockClass, block, mask] of [
      ['rr-block', 'input:checked', MASK],
      ['rr-block', BLOCK, 'p:empty'],
      ['rr-block', BLOCK, ':NOT(a):hover'],
      ['rr-block', '[href^="tel:"]', MASK],
      ['rr-block', 'svg|a', MASK],
      ['rr-block', '.a\\:b', MASK],
      [/^rr-/, BLOCK, MASK],
      ['rr-block', null, MASK],
    ] as const)
      expect([blockClass, block, mask, cacheFor(blockClass, block, 'rr-mask', mask)]).toEqual([blockClass, block, mask, null]);
  });

  it('answer as the checks do, the same answer while the epoch lasts, and ask again in the next', () => {
    const { cacheFor, changed, blocked, masked, epochs } = privacyCache();
    const cache = cacheFor('rr-block', BLOCK, 'rr-mask', MASK)!;
    document.body.innerHTML = '<section id="box"><p id="line">Ann</p></section>';
    const box = document.getElementById('box')!;
    const line = document.getElementById('line')!;
    const text = line.firstChild!;
    const ask = () => [blocked(cache, line, 'rr-block', BLOCK), masked(cache, text, line, 'rr-mask', MASK)];
    cache.on = true;
    expect(ask()).toEqual([false, false]);
    // Marked private with no change seen: the kept answers stand (the buffer would have seen the change).
    line.setAttribute('data-repro-block', '');
    box.setAttribute('data-repro-mask', '');
    expect(ask()).toEqual([false, false]);
    changed(cache);
    expect(ask()).toEqual([true, true]);
    // Not in use (a write-out after a change): asked every time, nothing kept.
    changed(cache);
    cache.on = false;
    line.removeAttribute('data-repro-block');
    box.removeAttribute('data-repro-mask');
    expect(ask()).toEqual([false, false]);
    line.setAttribute('data-repro-block', '');
    expect(ask()).toEqual([true, false]);
    // Without a cache, the checks themselves.
    expect(blocked(null, line, 'rr-block', BLOCK)).toBe(true);
    // The epochs start over, with nothing kept, before the numbers grow large.
    cache.on = true;
    cache.epoch = epochs - 1;
    expect(ask()).toEqual([true, false]);
    const before = cache.answers;
    changed(cache);
    expect([cache.epoch, cache.answers === before]).toEqual([0, false]);
    line.removeAttribute('data-repro-block');
    expect(ask()).toEqual([false, false]);
    expect(Number.isSafeInteger(epochs * 16) && epochs * 16 < 2 ** 30).toBe(true);
  });
});

describe('DOM reads through kept getters', () => {
  /** The accessor wrappers of rrweb-snapshot's copy, built from `source` over an untainted prototype `proto`. */
  function wrappers(source: string, proto: (key: string) => object) {
    const names = ['parentNode$2', 'childNodes$2', 'textContent$2', 'shadowRoot$2'];
    const kept = source.includes('\nfunction reproUntaintedGetter$2(') ? functionText(source, 'reproUntaintedGetter$2') : '';
    const body = `${kept}${functionText(source, 'getUntaintedAccessor$2')}${names.map((n) => functionText(source, n)).join('')}
      return { parentNode: parentNode$2, childNodes: childNodes$2, textContent: textContent$2, shadowRoot: shadowRoot$2 };`;
    // Each wrapper's kept getter is a `var` declared beside it; the function text leaves it out.
    const vars = [...source.matchAll(/\nvar (reproGet_\w+);\nfunction \w+\$2\(/g)].map((m) => `var ${m[1]};`).join('');
    return new Function('getUntaintedPrototype$2', 'untaintedAccessorCache$2', vars + body)(proto, {}) as Record<
      string,
      (n: Node) => unknown
    >;
  }

  it('answer as rrweb did, and as the untainted prototype says even when the page patched its own', () => {
    const untainted = (key: string) => (globalThis as unknown as Record<string, { prototype: object }>)[key]!.prototype;
    const before = wrappers(published, untainted);
    const after = wrappers(patched, untainted);
    expect(patched).toContain('function reproUntaintedGetter$2(key, accessor) {');
    document.body.innerHTML = '<div id="host"><p>one</p>two</div>';
    const host = document.getElementById('host')!;
    host.attachShadow({ mode: 'open' }).innerHTML = '<b>in</b>';
    const nodes: Node[] = [document, document.body, host, host.firstChild!, host.lastChild!, host.firstChild!.firstChild!];
    for (const node of nodes)
      for (const read of ['parentNode', 'childNodes', 'textContent', 'shadowRoot'])
        expect([read, after[read]!(node)]).toEqual([read, before[read]!(node)]);
    // A page's own getter (here on the element) is not what the kept one calls.
    Object.defineProperty(host, 'parentNode', { get: () => null, configurable: true });
    expect(after.parentNode!(host)).toBe(document.body);
  });

  it('read the property itself where the prototype has no getter, as rrweb did', () => {
    const bare = () => ({});
    const node = { parentNode: 'own', textContent: 'text' } as unknown as Node;
    expect(wrappers(patched, bare).parentNode!(node)).toBe('own');
    expect(wrappers(patched, bare).textContent!(node)).toBe(wrappers(published, bare).textContent!(node));
  });
});

describe("a frame's load listener", () => {
  type Once = (iframe: object, listener: () => void, timeoutMs: number) => void;
  const once = (source: string): Once => new Function(`${functionText(source, 'onceIframeLoaded')} return onceIframeLoaded;`)() as Once;

  /** A srcdoc frame whose blank first document is complete when rrweb serializes the frame element. */
  function frame() {
    let doc = { readyState: 'complete' };
    const loads: Array<() => void> = [];
    const element = {
      src: '',
      contentWindow: {
        get document() {
          return doc;
        },
        location: { href: 'about:blank' },
      },
      get contentDocument() {
        return doc;
      },
      addEventListener: (type: string, fn: () => void) => type === 'load' && loads.push(fn),
    };
    return {
      element,
      navigate: () => (doc = { readyState: 'loading' }),
      load: () => {
        doc.readyState = 'complete';
        for (const fn of loads) fn();
      },
    };
  }

  afterEach(() => vi.useRealTimers());

  // The frame's document is attached (serialized) each time the listener runs. rrweb's Replayer builds
  // a document id once: attached empty first, the frame replays empty (e2e/specs/capture-fidelity.spec.ts).
  it('waits for the load of a document that replaced the blank one and is still loading, so it is attached once, loaded', () => {
    vi.useFakeTimers();
    const calls = (source: string) => {
      const f = frame();
      let attached = 0;
      once(source)(f.element, () => attached++, 5000);
      f.navigate();
      vi.advanceTimersByTime(1);
      const early = attached;
      f.load();
      return [early, attached];
    };
    expect(calls(published)).toEqual([1, 2]);
    expect(calls(patched)).toEqual([0, 1]);
  });

  it('still attaches at once a frame that stays on its blank document', () => {
    vi.useFakeTimers();
    const f = frame();
    let attached = 0;
    once(patched)(f.element, () => attached++, 5000);
    vi.advanceTimersByTime(1);
    expect(attached).toBe(1);
  });
});

/**
 * Build-time patches to rrweb's recorder (its `MutationBuffer`), applied with the store-safe patches
 * (`./store-safe-patches.ts`, which fail the build when their text no longer matches).
 *
 * Why: rrweb does the whole of its work for every mutation record, even when the same node changes
 * again before the buffer is written out. A live list that rewrites its cells 60 times a second, or
 * Repro's buffer held back for a quarter second (`MUTATION_FLUSH_MS` in `lib/page/page-recorder.ts`),
 * repeats that work for each change of the same text node: read its text, check whether it is blocked,
 * walk its ancestors twice to know whether it is masked. Only its last value is ever replayed.
 *
 * What: a text node is taken once per written-out buffer, with the text it had before its first change.
 * When the buffer is written out, each taken node is checked once: left out if blocked then, its text
 * read then, left out if it is back to where it started, masked if masked then. So a node that became
 * blocked or masked in between is treated as such (stricter than rrweb, which decides per record), and a
 * change undone within the buffer is not written at all. Text is read once per node, not once per record
 * and again when written. Attribute changes are left as rrweb does them: it already keeps one entry per
 * node, and checking again when written out cost more than it saved.
 * The events have rrweb's format unchanged.
 *
 * Also: whether a text is masked is one walk up its ancestors, not two. rrweb looks for its mask class
 * and then for the mask selector, each with its own `closest`; Repro always sets both, so a text
 * change costs two walks up the tree where one, with the class added to the selector list, answers
 * the same (the selectors are checked valid before rrweb gets them, `lib/page/rrweb-options.ts`).
 * Whether an element is blocked is likewise one `matches` (or one `closest`) of the block class and
 * selector together, where rrweb made the element's class list, asked it, then matched the selector.
 * Each joined list is made once and the same string passed every time, so Blink looks its parsed
 * selector up without copying and hashing a new string for each change. If the class cannot be
 * written as a selector, the check falls back to rrweb's own steps.
 *
 * Also: rrweb asks, for every mutation record, whether its node is one it leaves out of the recording
 * (an ignored node: a script, a comment, whitespace-only text; one map lookup each). For text and
 * attribute changes the answer is known again when the buffer is written out, where each change's node
 * id is looked up anyway: there an ignored node's changes are dropped (rrweb's map keeps the id of the
 * last ignored node, so the check is for the id itself). Added and removed nodes are checked as before.
 *
 * Also: rrweb counts, for the recorder's storm guard, the nodes the page adds and removes as the changes
 * come in (`record.reproTakeMutatedNodes`). While changes are held back, nodes that came and went in
 * between never reach an event, so the events alone cannot tell a page that replaces thousands of nodes
 * a frame from a calm one; rrweb's work on them is done all the same.
 */
import type { StoreSafePatch } from './patch';

const RRWEB = /[\\/]node_modules[\\/]rrweb[\\/]dist[\\/]rrweb\.js$/;

export const recorderPatches: StoreSafePatch[] = [
  {
    name: 'rrweb text nodes pending once per buffer',
    module: RRWEB,
    find: /(var MutationBuffer = class \{\n\tfrozen = false;\n\tlocked = false;\n\ttexts = \[\];\n)/,
    replace: '$1\treproTextNodes = /* @__PURE__ */ new Map();\n',
  },
  {
    name: 'rrweb text change taken once, read when written out',
    module: RRWEB,
    find: /case "characterData": \{\n\t+const value = src_default\.textContent\(m\.target\);\n\t+if \(!isBlocked\(m\.target, this\.blockClass, this\.blockSelector, false\) && value !== m\.oldValue\) this\.texts\.push\(\{\n\t+value: needMaskingText\(m\.target, this\.maskTextClass, this\.maskTextSelector, true\) && value \? this\.maskTextFn \? this\.maskTextFn\(value, closestElementOfNode\(m\.target\)\) : value\.replace\(\/\[\\S\]\/g, "\*"\) : value,\n\t+node: m\.target\n\t+\}\);\n\t+break;\n\t+\}/,
    replace: [
      'case "characterData": {',
      '\t\t\t\tif (this.reproTextNodes.has(m.target)) break;',
      '\t\t\t\tthis.reproTextNodes.set(m.target, m.oldValue);',
      '\t\t\t\tthis.texts.push({ value: null, node: m.target });',
      '\t\t\t\tbreak;',
      '\t\t\t}',
    ].join('\n'),
  },
  {
    name: 'rrweb text values read when written out',
    module: RRWEB,
    find: /(texts: this\.texts\.map\(\(text\) => \{\n\t+const n = text\.node;\n\t+const parent = src_default\.parentNode\(n\);\n\t+if \(parent && parent\.tagName === "TEXTAREA"\) this\.genTextAreaValueMutation\(parent\);\n\t+return \{\n\t+id: this\.mirror\.getId\(n\),\n\t+)value: text\.value\n(\t+\};\n\t+\}\)\.filter\(\(text\) => !addedIds\.has\(text\.id\)\)\.filter\(\(text\) => this\.mirror\.has\(text\.id\)\)),/,
    replace:
      '$1node: n\n$2' +
      '.filter((text) => !isBlocked(text.node, this.blockClass, this.blockSelector, false)).map(({ id, node }) => ({ id, node, value: src_default.textContent(node) }))' +
      '.filter((text) => text.value !== this.reproTextNodes.get(text.node)).map(({ id, node, value }) => ({\n' +
      '\t\t\t\tid,\n' +
      '\t\t\t\tvalue: needMaskingText(node, this.maskTextClass, this.maskTextSelector, true) && value ? this.maskTextFn ? this.maskTextFn(value, closestElementOfNode(node)) : value.replace(/[\\S]/g, "*") : value\n' +
      '\t\t\t})),',
  },
  {
    name: 'rrweb pending text nodes cleared when written out',
    module: RRWEB,
    find: /(\n(\t+)this\.texts = \[\];\n)(\t+this\.attributes = \[\];\n\t+this\.attributeMap = \/\* @__PURE__ \*\/ new WeakMap\(\);)/,
    replace: '$1$2this.reproTextNodes = /* @__PURE__ */ new Map();\n$3',
  },
  {
    name: 'rrweb counts the nodes added and removed as changes come in',
    module: RRWEB,
    find: /(processMutations = \(mutations\) => \{\n(\t+))(mutations\.forEach\(this\.processMutation\);)/,
    replace: '$1for (const m of mutations) if (m.type === "childList") reproMutatedNodes += m.addedNodes.length + m.removedNodes.length;\n$2$3',
  },
  {
    name: 'rrweb node count kept beside its mutation buffers',
    module: RRWEB,
    find: /(\nvar mutationBuffers = \/\* @__PURE__ \*\/ new Set\(\);\n)/,
    replace: '$1var reproMutatedNodes = 0;\n',
  },
  {
    name: 'rrweb node count taken by the recorder',
    module: RRWEB,
    find: /(\nrecord\.mirror = mirror;\n)/,
    replace: '$1record.reproTakeMutatedNodes = () => {\n\tconst n = reproMutatedNodes;\n\treproMutatedNodes = 0;\n\treturn n;\n};\n',
  },
  {
    name: 'rrweb class-and-selector lists kept between checks',
    module: RRWEB,
    find: /(\nfunction isBlocked\(node, blockClass, blockSelector, checkAncestors\) \{\n)/,
    replace:
      '\nconst reproSelectorLists = /* @__PURE__ */ new Map();\n' +
      '/** `.cls, selector` as one list, the same string each time: Blink finds its parsed selector at once. */\n' +
      'function reproClassAndSelector(cls, selector) {\n' +
      '\tlet bySelector = reproSelectorLists.get(cls);\n' +
      '\tif (!bySelector) reproSelectorLists.set(cls, bySelector = /* @__PURE__ */ new Map());\n' +
      '\tlet list = bySelector.get(selector);\n' +
      '\tif (list === void 0) bySelector.set(selector, list = `.${cls}, ${selector}`);\n' +
      '\treturn list;\n' +
      '}$1',
  },
  {
    name: 'rrweb blocked element found in one check',
    module: RRWEB,
    find: /(\nfunction isBlocked\(node, blockClass, blockSelector, checkAncestors\) \{\n\tif \(!node\) return false;\n\tconst el = closestElementOfNode\(node\);\n\tif \(!el\) return false;\n)/,
    replace:
      '$1\tif (typeof blockClass === "string" && blockSelector) try {\n' +
      '\t\tconst list = reproClassAndSelector(blockClass, blockSelector);\n' +
      '\t\treturn checkAncestors ? el.closest(list) !== null : el.matches(list);\n' +
      '\t} catch (e) {}\n',
  },
  {
    name: 'rrweb masked text found in one walk up the ancestors',
    module: RRWEB,
    find: /(function needMaskingText\(node, maskTextClass, maskTextSelector, checkAncestors\) \{\n[\s\S]*?\ttry \{\n(\t+)if \(typeof maskTextClass === "string"\) \{\n)/,
    replace: '$1$2\tif (checkAncestors && maskTextSelector) return el.closest(reproClassAndSelector(maskTextClass, maskTextSelector)) !== null;\n',
  },
  {
    name: 'rrweb ignored nodes of text and attribute changes left out when written out',
    module: RRWEB,
    find: /if \(isIgnored\(m\.target, this\.mirror, this\.slimDOMOptions\)\) return;/,
    replace:
      'if (m.type === "childList" ? isIgnored(m.target, this.mirror, this.slimDOMOptions) : m.target.tagName === "TITLE" && this.slimDOMOptions.headTitleMutations) return;',
  },
  {
    name: 'rrweb text changes of ignored nodes dropped when written out',
    module: RRWEB,
    find: /\.filter\(\(text\) => this\.mirror\.has\(text\.id\)\)/,
    replace: '.filter((text) => text.id !== IGNORED_NODE && this.mirror.has(text.id))',
  },
  {
    name: 'rrweb attribute changes of ignored nodes dropped when written out',
    module: RRWEB,
    find: /\.filter\(\(attribute\) => this\.mirror\.has\(attribute\.id\)\)/,
    replace: '.filter((attribute) => attribute.id !== IGNORED_NODE && this.mirror.has(attribute.id))',
  },
  {
    name: 'rrweb ignored-node id named where the changes are written out',
    module: RRWEB,
    find: /(\nvar mutationBuffers = \/\* @__PURE__ \*\/ new Set\(\);\n)/,
    replace: '$1/** The id rrweb gives the nodes it leaves out of the recording (slimDOM, whitespace-only text). */\nconst IGNORED_NODE = -2;\n',
  },
];

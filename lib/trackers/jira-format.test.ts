// @vitest-environment node
import { expect, it } from 'vitest';
import { adfErrors } from '../../e2e/fakes/contract-schemas';
import { toAdf, toWiki } from './jira-format';
import { sampleReport } from './testing';

const highlights = {
  consoleErrors: [{ message: 'TypeError: x is undefined' }],
  failedRequests: [{ method: 'GET', url: 'https://shop.test/api', status: 0, statusText: '' }],
};

it('builds ADF that validates against Atlassian’s schema, even with empty optional fields', () => {
  expect(adfErrors(toAdf(sampleReport(), highlights, 'r.zip'))).toEqual([]);
  const sparse = sampleReport({ description: '', steps: [''], expected: '', actual: '' });
  expect(adfErrors(toAdf(sparse, { consoleErrors: [], failedRequests: [] }, 'r.zip'))).toEqual([]);
  expect(JSON.stringify(toAdf(sampleReport(), highlights, 'r.zip'))).toContain('GET https://shop.test/api → no response');
});

it('escapes page text in wiki markup so it cannot format or link', () => {
  const wiki = toWiki(sampleReport({ steps: ['Click [here|http://evil] *now*'] }), highlights, 'r.zip');
  expect(wiki).toContain('# Click \\[here\\|http://evil\\] \\*now\\*');
  expect(wiki).toContain('{noformat}\nTypeError: x is undefined\n{noformat}');
  expect(wiki).toContain('[^r.zip]');
});

/** What a page controls, crafted to become markup: a console line, a request URL and status text, a step. */
const hostile = {
  consoleErrors: [
    { message: 'Uncaught {no{noformat}format}[Session expired|https://evil.test/login] {NOFORMAT}!https://evil.test/p.png!' },
  ],
  failedRequests: [
    { method: 'GET', url: 'https://shop.test/a?x=[Pay here|https://evil.test]', status: 500, statusText: '!https://evil.test/pixel.png!' },
  ],
};

it('keeps a console line inside its noformat block however it spells the closing tag', () => {
  const wiki = toWiki(sampleReport(), hostile, 'r.zip');
  // Exactly the block's own opening and closing tags: nothing the page wrote can close it early.
  expect(wiki.match(/\{noformat/gi)).toEqual(['{noformat', '{noformat']);
  expect(wiki).toContain('[Session expired|https://evil.test/login]');
});

it('escapes links, images and backslashes in page text outside code blocks', () => {
  const report = sampleReport({ steps: ['Click \\[Win|https://evil.test\\]', 'See !https://evil.test/p.png!'] });
  const wiki = toWiki(report, hostile, 'r.zip');
  // A backslash the page wrote cannot pair with an escape to make a line break and free the bracket.
  expect(wiki).toContain('# Click &#92;\\[Win\\|https://evil.test&#92;\\]');
  expect(wiki).toContain('# See \\!https://evil.test/p.png\\!');
  expect(wiki).toContain('* GET https://shop.test/a?x=\\[Pay here\\|https://evil.test\\] → 500 \\!https://evil.test/pixel.png\\!');
  // Outside the noformat block, every [ and ! is escaped, and no backslash stands unescaped before one.
  const outside = wiki.replace(/\{noformat\}[\s\S]*?\{noformat\}/, '');
  expect(outside.replace(/\[\^r\.zip\]/, '')).not.toMatch(/(^|[^\\])[[!]|\\\\/);
});

it('links only a web page address in ADF, never another scheme', () => {
  const doc = JSON.stringify(toAdf(sampleReport({ page: { url: 'javascript:alert(document.domain)', title: 'x' } }), hostile, 'r.zip'));
  expect(doc).not.toContain('"href"');
  expect(doc).toContain('javascript:alert(document.domain)');
  expect(JSON.stringify(toAdf(sampleReport(), hostile, 'r.zip'))).toContain('"href":"https://shop.test/cart"');
  expect(adfErrors(toAdf(sampleReport({ page: { url: 'javascript:alert(1)', title: 'x' } }), hostile, 'r.zip'))).toEqual([]);
});

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

import { expect, it } from 'vitest';
import { redactMarkup } from './markup';
import { noExtraRules, REDACTED } from './rules';

it('redacts values of secret-named inputs and metas, and password inputs', () => {
  const html =
    '<input type="hidden" name="csrf_token" value="c1"><input name="q" value="shoes"><meta name="csrf-token" content="m1"><input type="password" value="p1">';
  expect(redactMarkup(html, 'text/html', noExtraRules)).toBe(
    `<input type="hidden" name="csrf_token" value="${REDACTED}"><input name="q" value="shoes"><meta name="csrf-token" content="${REDACTED}"><input type="password" value="${REDACTED}">`,
  );
});

it('redacts XML elements named after secrets, not HTML ones', () => {
  expect(redactMarkup('<a><password>pw1</password><code>E42</code></a>', 'application/xml', noExtraRules)).toBe(
    `<a><password>${REDACTED}</password><code>E42</code></a>`,
  );
  expect(redactMarkup('<p><password>pw1</password></p>', 'text/html', noExtraRules)).toBe('<p><password>pw1</password></p>');
});

it('takes the tester’s field names', () => {
  expect(redactMarkup('<input name="employeeId" value="7">', 'text/html', { headers: [], fields: ['employeeId'], patterns: [] })).toBe(
    `<input name="employeeId" value="${REDACTED}">`,
  );
});

import { expect, it } from 'vitest';
import { REDACTED } from '../redact';
import { redactStep } from './step-redact';

it("applies the tester's rules to a step's text and address", () => {
  const rules = { headers: [], fields: ['employeeId'], patterns: ['EMP-\\d+'] };
  const step = {
    time: 1,
    kind: 'click' as const,
    text: 'Click "EMP-4242"',
    url: 'https://shop.test/u?employeeId=e-77&tab=2#access_token=at-1',
  };
  expect(redactStep(step, rules)).toEqual({
    time: 1,
    kind: 'click',
    text: `Click "${REDACTED}"`,
    url: `https://shop.test/u?employeeId=${REDACTED}&tab=2#access_token=${REDACTED}`,
  });
});

it('leaves a step without secrets as it was', () => {
  const step = { time: 1, kind: 'navigate' as const, text: 'Go to /cart', url: 'https://shop.test/cart?page=2' };
  expect(redactStep(step)).toEqual(step);
});

import { expect, it } from 'vitest';
import { badgeFor, formatElapsed } from './status';

it('formats elapsed time as m:ss', () => {
  expect(formatElapsed(0)).toBe('0:00');
  expect(formatElapsed(65_400)).toBe('1:05');
  expect(formatElapsed(-5)).toBe('0:00');
});

it("shows REC while recording, and a repro's minutes once past the first", () => {
  expect(badgeFor({ recording: true, decision: 'record' }).text).toBe('REC');
  expect(badgeFor({ recording: true, decision: 'record', mode: 'repro', since: 0 }, 30_000)).toMatchObject({
    text: 'REC',
    title: expect.stringContaining('0:30'),
  });
  expect(badgeFor({ recording: false, decision: 'not-allowed', mode: 'repro', since: 0, lostAccess: { host: 'sso.test' } })).toMatchObject({
    text: '!',
    title: expect.stringContaining('sso.test'),
  });
  expect(badgeFor({ recording: true, decision: 'not-allowed', mode: 'repro', since: 0 }, 185_000).text).toBe('3m');
  expect(badgeFor({ recording: false, decision: 'paused' }).text).toBe('❚❚');
  expect(badgeFor({ recording: false, decision: 'not-allowed' }).text).toBe('');
});

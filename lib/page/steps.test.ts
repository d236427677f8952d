import { afterEach, expect, it } from 'vitest';
import type { Step } from '../model/report';
import { installStepTracker } from './steps';
import { $, click, page, type } from './steps/testing';

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
  document.body.innerHTML = '';
  history.replaceState(null, '', '/');
});

it('emits every kind of step in the order the tester acted, with the page address', () => {
  history.replaceState(null, '', '/form');
  page('<input id="q" aria-label="Query"><button id="b">Search</button>');
  const steps: Step[] = [];
  stop = installStepTracker((s) => steps.push(s));
  type($('#q'));
  click($('#b'));
  expect(steps.map((s) => [s.kind, s.text])).toEqual([
    ['navigate', 'Go to /form'],
    ['type', 'Type into "Query"'],
    ['click', 'Click "Search"'],
  ]);
  expect(steps.every((s) => s.url === location.href)).toBe(true);
});

it('never throws into the page when the consumer throws', () => {
  page('<button id="b">Go</button>');
  stop = installStepTracker(() => {
    throw new Error('consumer');
  });
  expect(() => click($('#b'))).not.toThrow();
});

it('emits nothing once stopped', () => {
  page('<button id="b">Go</button>');
  const steps: Step[] = [];
  stop = installStepTracker((s) => steps.push(s), { initialNavigation: false });
  stop();
  stop = undefined;
  click($('#b'));
  history.pushState(null, '', '/after');
  expect(steps).toEqual([]);
});

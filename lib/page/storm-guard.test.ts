import { describe, expect, it } from 'vitest';
import { createStormGuard, mutationWeight } from './storm-guard';

const mutation = (adds: number, attributes = 0) => ({
  type: 3,
  data: { source: 0, adds: new Array(adds).fill({}), removes: [], texts: [], attributes: new Array(attributes).fill({}) },
});

describe('mutationWeight', () => {
  it('counts the DOM changes of a mutation event and nothing else', () => {
    expect(mutationWeight(mutation(3, 2))).toBe(5);
    expect(mutationWeight({ type: 3, data: { source: 1 } })).toBe(0);
    expect(mutationWeight({ type: 2, data: {} })).toBe(0);
    expect(mutationWeight(null)).toBe(0);
  });
});

describe('createStormGuard', () => {
  it('says overloaded once the changes of one second pass the bound', () => {
    const guard = createStormGuard(100);
    expect(guard.overloaded(mutation(60), 1000)).toBe(false);
    expect(guard.overloaded(mutation(60), 1500)).toBe(true);
  });

  it('starts counting again each second', () => {
    const guard = createStormGuard(100);
    expect(guard.overloaded(mutation(90), 1000)).toBe(false);
    expect(guard.overloaded(mutation(90), 2000)).toBe(false);
    expect(guard.overloaded(mutation(90), 3100)).toBe(false);
  });

  it('says overloaded once writing changes out took more than its share of a second, two seconds running', () => {
    const guard = createStormGuard(100, 250);
    expect(guard.spent(120, 1000)).toBe(false);
    expect(guard.spent(120, 1250)).toBe(false);
    // Over the bound in this second: one slow second is not a storm.
    expect(guard.spent(20, 1500)).toBe(false);
    // A new second starts afresh, for changes and time alike...
    expect(guard.overloaded(mutation(90), 2100)).toBe(false);
    expect(guard.spent(200, 2200)).toBe(false);
    // ...and when it too goes over, that is two seconds running.
    expect(guard.spent(100, 2400)).toBe(true);
  });

  it('does not join two slow seconds with a calm one between them', () => {
    const guard = createStormGuard(100, 250);
    expect(guard.spent(300, 1000)).toBe(false);
    expect(guard.spent(10, 2000)).toBe(false);
    expect(guard.spent(300, 3000)).toBe(false);
    expect(guard.spent(300, 4000)).toBe(true);
    guard.reset();
    expect(guard.spent(300, 5000)).toBe(false);
  });

  it('says overloaded once the nodes added and removed in one second pass the bound', () => {
    const guard = createStormGuard(100, 250, 1_000);
    expect(guard.nodes(600, 1000)).toBe(false);
    expect(guard.nodes(400, 1500)).toBe(false);
    expect(guard.nodes(1, 1900)).toBe(true);
    expect(guard.nodes(900, 2000)).toBe(false);
    guard.reset();
    expect(guard.nodes(900, 2100)).toBe(false);
  });
});

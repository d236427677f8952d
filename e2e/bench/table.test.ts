import { describe, expect, it } from 'vitest';
import { formatNumber, formatTable, missedRows, rowCells, statusOf, type Row } from './table';

const ratio: Row = { part: '1 overhead', measure: 'ratio', unit: '', digits: 2, value: 0.42, target: { max: 1, label: '≤ 1.0' } };
const heap: Row = { part: '2 memory', measure: 'heap', unit: 'MB', bare: 1.25, rrweb: null, repro: 3 };

describe('statusOf', () => {
  it('passes a figure at or under its target and misses one over it', () => {
    expect(statusOf(ratio)).toBe('PASS');
    expect(statusOf({ ...ratio, value: 1 })).toBe('PASS');
    expect(statusOf({ ...ratio, value: 1.01 })).toBe('MISS');
  });
  it('says n/a for a target without a figure, and nothing without a target', () => {
    expect(statusOf({ ...ratio, value: null })).toBe('n/a');
    expect(statusOf(heap)).toBe('');
  });
});

describe('rowCells', () => {
  it('prints numbers with their unit and digits, and a dash for a missing one', () => {
    expect(rowCells(heap)).toEqual(['2 memory', 'heap', '1.3 MB', '–', '3.0 MB', '', '', '']);
    expect(rowCells(ratio).slice(5)).toEqual(['0.42', '≤ 1.0', 'PASS']);
  });
  it('prints the note in place of a missing figure', () => {
    const row: Row = {
      part: '3 report',
      measure: 'time',
      unit: 'ms',
      value: null,
      note: 'n/a (reporter not built)',
      target: { max: 1500 },
    };
    expect(rowCells(row).slice(5)).toEqual(['n/a (reporter not built)', '≤ 1500', 'n/a']);
  });
  it('formats missing numbers as a dash', () => {
    expect(formatNumber(undefined)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatNumber(2.345, 2)).toBe('2.35');
  });
});

describe('formatTable', () => {
  it('aligns every column under a header and a rule', () => {
    const lines = formatTable([ratio, heap]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^part\s+│ measure\s+│ bare\s+│ rrweb\s+│ Repro\s+│ figure │ target │ status$/);
    expect(lines[1]).toMatch(/^─+─┼─/);
    // Every separator sits at the same column on every line.
    const columns = (line: string) => [...line].flatMap((c, i) => (c === '│' || c === '┼' ? [i] : []));
    expect(columns(lines[2]!)).toEqual(columns(lines[0]!));
    expect(columns(lines[3]!).slice(0, 4)).toEqual(columns(lines[0]!).slice(0, 4));
    expect(lines[2]).toContain('PASS');
  });
  it('lists the rows that missed', () => {
    expect(missedRows([ratio, heap, { ...ratio, measure: 'slow', value: 2 }]).map((r) => r.measure)).toEqual(['slow']);
  });
});

describe('samples', () => {
  it('stay out of the printed table', () => {
    expect(rowCells({ ...heap, samples: { bare: [1, 2, 3] } })).toEqual(rowCells(heap));
  });
});

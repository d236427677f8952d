/** The one table the benchmark prints: rows of figures, each beside its target and PASS/MISS. Pure. */

export interface Target {
  /** The figure passes when it is at most this. */
  max: number;
  /** How the target reads in the table, e.g. "≤ 1.0 (aim 0.5)". Defaults to "≤ max". */
  label?: string;
}

export interface Row {
  /** Which part of the benchmark, e.g. "1 overhead". */
  part: string;
  measure: string;
  unit: string;
  /** Digits after the decimal point when printing numbers (default 1). */
  digits?: number;
  bare?: number | null;
  rrweb?: number | null;
  repro?: number | null;
  /** The figure checked against the target (a ratio, or the Repro figure itself). */
  value?: number | null;
  target?: Target;
  /** Printed instead of the figure when there is none, e.g. "n/a (reporter not built)". */
  note?: string;
  /** The samples behind the medians, per variant: kept in the JSON results to judge the noise, not printed. */
  samples?: Partial<Record<'bare' | 'rrweb' | 'repro', number[]>>;
}

export type Status = 'PASS' | 'MISS' | 'n/a' | '';

/** PASS or MISS against the target; n/a when a target exists but the figure is missing; blank otherwise. */
export function statusOf(row: Row): Status {
  if (!row.target) return '';
  if (row.value === undefined || row.value === null || !Number.isFinite(row.value)) return 'n/a';
  return row.value <= row.target.max ? 'PASS' : 'MISS';
}

/** A number with `digits` decimals, "–" for a missing one. */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

function cell(row: Row, value: number | null | undefined): string {
  if (value === undefined) return '';
  const text = formatNumber(value, row.digits ?? 1);
  return text === '–' ? text : `${text} ${row.unit}`.trim();
}

const HEADERS = ['part', 'measure', 'bare', 'rrweb', 'Repro', 'figure', 'target', 'status'] as const;

/** The cells of one row, in the order of the headers. */
export function rowCells(row: Row): string[] {
  const figure = row.note && (row.value === undefined || row.value === null) ? row.note : cell(row, row.value);
  return [
    row.part,
    row.measure,
    cell(row, row.bare),
    cell(row, row.rrweb),
    cell(row, row.repro),
    figure,
    row.target ? (row.target.label ?? `≤ ${row.target.max}`) : '',
    statusOf(row),
  ];
}

/** The table as aligned plain text, one line per row, with a header and a rule under it. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [HEADERS.slice() as string[], ...rows.map(rowCells)];
  const widths = HEADERS.map((_, i) => Math.max(...lines.map((l) => [...l[i]!].length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join(' │ ')
      .trimEnd();
  return [render(lines[0]!), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...lines.slice(1).map(render)].join('\n');
}

/** The rows whose figure missed its target. */
export function missedRows(rows: readonly Row[]): Row[] {
  return rows.filter((r) => statusOf(r) === 'MISS');
}

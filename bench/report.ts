import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';

export type Verdict = 'PASS' | 'FAIL' | 'INFO' | 'ERROR';

/** One line of the table: a measured figure, what it is compared with, and the target. */
export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly value: number | null;
  readonly unit: string;
  /** The same-run yardstick for ratio targets (the floor, the minimal bundle). */
  readonly baseline?: { readonly label: string; readonly value: number; readonly unit: string };
  readonly ratio?: number;
  readonly target: string;
  readonly verdict: Verdict;
  /** For values that are not a plain number with a unit, e.g. `1 read + 1 write`. */
  readonly display?: string;
}

const format = (value: number, unit: string): string => {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`.trim();
};

/** One figure's cells in the table: label, measured, baseline, ratio, target, result. */
export const figureCells = (f: Figure): readonly string[] => [
  f.label,
  f.display ?? (f.value === null ? 'n/a' : format(f.value, f.unit)),
  f.baseline ? `${f.baseline.label} ${format(f.baseline.value, f.baseline.unit)}` : '',
  f.ratio === undefined ? '' : `${f.ratio.toFixed(2)} ×`,
  f.target,
  f.verdict,
];

/** A Markdown table, so it reads on a terminal and is the table of docs/benchmarks.md as it is. */
export const renderTable = (figures: readonly Figure[]): string => {
  const rows = [
    ['figure', 'measured', 'same-run baseline', 'ratio', 'target', 'result'],
    ...figures.map(figureCells),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join(
    '\n',
  );
};

export const writeResults = async (
  path: URL,
  run: { readonly quick: boolean; readonly seconds: number },
  figures: readonly Figure[],
  details: Record<string, unknown>,
): Promise<void> => {
  const document = {
    timestamp: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    loadAverage: loadavg(),
    quick: run.quick,
    durationSeconds: Math.round(run.seconds * 10) / 10,
    figures,
    details,
  };
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
};

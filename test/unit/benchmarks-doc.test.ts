import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Figure, figureCells } from '../../bench/report.ts';
import {
  BENCHMARKS_DOC,
  BenchResults,
  README,
  README_BLOCK,
  RESULTS_FILE,
  renderBenchmarksDoc,
  renderReadmeBench,
  withReadmeBench,
} from '../../bench/report-docs.ts';

const lastRun = (): BenchResults => BenchResults.parse(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')));

/** The table row of a figure in a rendered document, its cells trimmed. */
const rowOf = (doc: string, label: string): string[] | undefined =>
  doc
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .find((cells) => cells[0] === label);

describe('docs/benchmarks.md, generated from bench/results.json', () => {
  it('renders every figure of the last run with its measured value, baseline, ratio, target and result', () => {
    // Prepare
    const results = lastRun();
    // Act
    const doc = renderBenchmarksDoc(results);
    // Assess
    expect(results.figures.length).toBeGreaterThan(0);
    for (const figure of results.figures) {
      expect(rowOf(doc, figure.label), figure.id).toEqual([...figureCells(figure)]);
    }
  });

  it('says when and where the run was made, and counts the verdicts', () => {
    const results = lastRun();
    const doc = renderBenchmarksDoc(results);
    expect(doc).toContain(results.timestamp.slice(0, 10));
    expect(doc).toContain(`${results.cpus} core`);
    expect(doc).toContain(`${results.figures.length} figures`);
    const passed = results.figures.filter((f) => f.verdict === 'PASS').length;
    expect(doc).toContain(`${passed} PASS`);
  });

  it('shows a figure without a value as n/a, and a quick run as such', () => {
    const figure: Figure = {
      id: 'x',
      label: 'a figure that failed',
      value: null,
      unit: 'ms',
      target: '≤ 1 ms',
      verdict: 'ERROR',
    };
    const doc = renderBenchmarksDoc({ ...lastRun(), quick: true, figures: [figure] });
    expect(rowOf(doc, 'a figure that failed')).toEqual([
      'a figure that failed',
      'n/a',
      '',
      '',
      '≤ 1 ms',
      'ERROR',
    ]);
    expect(doc).toContain('quick: smaller samples');
    expect(doc).toContain('1 figure: 1 ERROR');
  });

  it('is in step with bench/results.json (npm run bench:docs writes it again)', () => {
    expect(readFileSync(BENCHMARKS_DOC, 'utf8')).toBe(renderBenchmarksDoc(lastRun()));
  });

  it('refuses results that are not what the bench writes', () => {
    expect(() => BenchResults.parse({ ...lastRun(), figures: [{ label: 'no id' }] })).toThrow();
  });
});

describe("the README's benchmark figures, generated from bench/results.json", () => {
  it('are in step with bench/results.json: every figure with its result, value and target', () => {
    // Prepare
    const results = lastRun();
    const readme = readFileSync(README, 'utf8');
    // Act
    const block = readme.slice(
      readme.indexOf(README_BLOCK.start) + README_BLOCK.start.length,
      readme.indexOf(README_BLOCK.end),
    );
    // Assess
    expect(block.trim()).toBe(renderReadmeBench(results));
    for (const figure of results.figures) {
      const [label, measured, , , target, verdict] = figureCells(figure);
      expect(block).toContain(`- **${verdict}** ${label}: ${measured}`);
      expect(block).toContain(`target ${target}`);
    }
  });

  it('replace only the block between the markers, and refuse a README without them', () => {
    const readme = `# Title\n\n${README_BLOCK.start}\nold\n${README_BLOCK.end}\n\n## Next\n`;
    expect(withReadmeBench(readme, 'new')).toBe(
      `# Title\n\n${README_BLOCK.start}\n\nnew\n\n${README_BLOCK.end}\n\n## Next\n`,
    );
    expect(() => withReadmeBench('# Title\n', 'new')).toThrow(/no block of benchmark figures/);
  });
});

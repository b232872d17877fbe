import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { readCollectedLines } from './log-collector.ts';
import { collectPersonalData, makePersonalDataScanner } from './log-scan.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the workers of this run collect their lines (log-collector.ts). */
    logRunDir: string;
  }
}

/**
 * Global set-up of every project: a run directory for the collected lines, and at the end of the
 * run the scan of every line for the test data's phone numbers, names, case notes and addresses,
 * and of every log entry for case facts (docs/security.md). Vitest calls this once per project and tears all down at the end, so the
 * last teardown scans. A hit fails the run (exit code 1) with the file, the kind of data and the
 * line up to it, never the value; the summary goes to `summary.json` in the run directory. The
 * collected lines of a clean run are deleted; a run with hits keeps them for a look.
 * HOTLINE_TEST_LOG_DIR chooses the directory (default: a new one under the system's temp dir).
 */
interface Run {
  readonly dir: string;
  users: number;
}
const RUN = Symbol.for('hotline.test.logRun');
const MAX_LISTED_HITS = 50;

export default function setup(project: TestProject): () => Promise<void> {
  const run: Run = Reflect.get(globalThis, RUN) ?? { dir: newRunDir(), users: 0 };
  Reflect.set(globalThis, RUN, run);
  run.users++;
  project.provide('logRunDir', run.dir);
  return async () => {
    run.users--;
    if (run.users > 0) return;
    Reflect.deleteProperty(globalThis, RUN);
    report(run.dir, scanRun(run.dir));
  };
}

const newRunDir = (): string => {
  const dir =
    process.env.HOTLINE_TEST_LOG_DIR ??
    join(tmpdir(), 'hotline-test-logs', `${new Date().toISOString().replace(/[:.]/g, '')}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  // A directory given again keeps no lines of an earlier run.
  for (const name of readdirSync(dir)) if (name.endsWith('.jsonl')) rmSync(join(dir, name));
  return dir;
};

interface Hit {
  readonly file: string;
  readonly source: string;
  readonly kind: string;
  readonly prefix: string;
  count: number;
}

export interface RunScan {
  readonly linesScanned: number;
  readonly testFiles: number;
  readonly fixturesChecked: Readonly<Record<string, number>>;
  readonly hits: number;
  /** The first hits, grouped: file, where it was written, kind of data, the line up to the value. */
  readonly findings: readonly Hit[];
}

/** Scans every line collected in `dir` and writes `summary.json` there. */
export const scanRun = (dir: string): RunScan => {
  const scanner = makePersonalDataScanner(collectPersonalData());
  const hits = new Map<string, Hit>();
  const files = new Set<string>();
  let lines = 0;
  for (const { file, source, line } of readCollectedLines(dir)) {
    lines++;
    files.add(file);
    for (const finding of scanner.scan(line)) {
      // The line up to the value, and not a character of it.
      const prefix = line.slice(0, Math.min(finding.index, 80));
      const key = `${file}\u0000${source}\u0000${finding.kind}\u0000${prefix}`;
      const hit = hits.get(key) ?? { file, source, kind: finding.kind, prefix, count: 0 };
      hit.count++;
      hits.set(key, hit);
    }
  }
  const { phones, names, notes, addresses } = scanner.counts;
  const scan: RunScan = {
    linesScanned: lines,
    testFiles: files.size,
    fixturesChecked: { phoneNumbers: phones, tenantNames: names, caseNotes: notes, addresses },
    hits: [...hits.values()].reduce((sum, hit) => sum + hit.count, 0),
    findings: [...hits.values()].slice(0, MAX_LISTED_HITS),
  };
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(scan, null, 2)}\n`);
  return scan;
};

/** Prints the scan's summary line, and fails the run with every hit listed when there is one. */
const report = (dir: string, scan: RunScan): void => {
  const { phoneNumbers, tenantNames, caseNotes, addresses } = scan.fixturesChecked;
  process.stdout.write(
    `\n log scan: ${scan.linesScanned} log lines of ${scan.testFiles} test files checked for ${phoneNumbers} ` +
      `phone numbers (any notation), ${tenantNames} tenant names, ${caseNotes} case notes, ${addresses} ` +
      `addresses and case facts in log entries (arrears, dates, stage, summaries): ${scan.hits} hits (${join(dir, 'summary.json')})\n`,
  );
  if (scan.hits === 0) {
    for (const name of readdirSync(dir)) if (name.endsWith('.jsonl')) rmSync(join(dir, name));
    return;
  }
  process.stderr.write(
    ' personal data in log lines (file · written to · kind · the line up to the value):\n',
  );
  for (const hit of scan.findings) {
    process.stderr.write(
      `   ${hit.file} · ${hit.source} · ${hit.kind} ×${hit.count} · ${JSON.stringify(hit.prefix)}\n`,
    );
  }
  process.exitCode = 1;
};

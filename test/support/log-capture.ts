import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import { logger } from '../../shared/observability/logger.ts';

export interface CapturedLogs {
  /** Everything logged so far, as written. */
  text(): string;
  /** The log lines so far, parsed. */
  entries(): Record<string, unknown>[];
  restore(): void;
}

/** Sends the one logger's lines into memory until `restore()`, so a test can read what it logged. */
export const startLogCapture = (): CapturedLogs => {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const before = logger.sendTo(new Console({ stdout: sink, stderr: sink }));
  return {
    text: () => chunks.join(''),
    entries: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => void logger.sendTo(before),
  };
};

/**
 * Captures the logs of every test in the enclosing file or describe block: the privacy tests read
 * them, and the run stays readable. The returned object always reads the current test's lines.
 */
export const captureLogsOfEachTest = (): Omit<CapturedLogs, 'restore'> => {
  let current: CapturedLogs | undefined;
  beforeEach(() => {
    current = startLogCapture();
  });
  afterEach(() => {
    current?.restore();
  });
  return {
    text: () => current?.text() ?? '',
    entries: () => current?.entries() ?? [],
  };
};

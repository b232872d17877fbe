import type { ChildProcess } from 'node:child_process';
import { Console } from 'node:console';
import { openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { format, inspect } from 'node:util';
import { threadId } from 'node:worker_threads';

/**
 * Collects every line the test run writes (docs/security.md, "What is guaranteed": no phone number, name or case note
 * in any log line), so that the end of the run can scan them all (log-scan.ts). In each worker:
 * - `process.stdout.write` and `process.stderr.write`, where the one logger writes (Powertools builds
 *   its own Console on them) and anything else that prints;
 * - every `Console`: the global one (vitest's, which does not write to the process streams) and
 *   every Console built after set-up, such as the in-memory ones tests capture the logger with;
 * - the stdout and stderr of child processes (test/support/cli.ts: `hotline …`, `hotline start`).
 * Lines go, one JSON object each, to a file per worker process in the run directory.
 */

/** One collected line: the test file it came from, where it was written, and the text. */
export interface CollectedLine {
  readonly file: string;
  readonly source: string;
  readonly line: string;
}

interface CollectorState {
  readonly fd: number;
  testFile: string;
  /** Above 0 while a Console method runs: what it writes to a process stream is collected already. */
  depth: number;
  /** Text after the last line break, per source, until the line is complete. */
  readonly pending: Map<string, string>;
}

// On globalThis: with isolated test files the module is evaluated again for each file, the
// wrapped streams and consoles stay, and must find the one state of their process.
const STATE = Symbol.for('hotline.test.logCollector');
const WRAPPED = Symbol.for('hotline.test.logCollector.wrapped');
const CONSOLE_METHODS = ['log', 'info', 'debug', 'warn', 'error', 'trace', 'dir'] as const;

const collectorState = (): CollectorState | undefined => Reflect.get(globalThis, STATE);

const writeLines = (state: CollectorState, source: string, lines: readonly string[]): void => {
  let out = '';
  for (const line of lines) {
    if (line.trim() !== '') out += `${JSON.stringify({ f: state.testFile, s: source, l: line })}\n`;
  }
  if (out !== '') writeSync(state.fd, out);
};

/** Adds text written by `source`; a line is complete at its line break (or when flushed). */
const collect = (state: CollectorState, source: string, text: string): void => {
  const lines = `${state.pending.get(source) ?? ''}${text}`.split(/\r?\n/);
  state.pending.set(source, lines.pop() ?? '');
  writeLines(state, source, lines);
};

const flush = (state: CollectorState, source?: string): void => {
  for (const [key, rest] of state.pending) {
    if (source !== undefined && key !== source) continue;
    writeLines(state, key, [rest]);
    state.pending.delete(key);
  }
};

const textOf = (chunk: unknown): string =>
  typeof chunk === 'string'
    ? chunk
    : chunk instanceof Uint8Array
      ? Buffer.from(chunk).toString('utf8')
      : String(chunk);

const isWrapped = (fn: unknown): boolean => typeof fn === 'function' && Reflect.get(fn, WRAPPED) === true;

const wrapStream = (stream: NodeJS.WriteStream, source: string): void => {
  const original = stream.write;
  if (isWrapped(original)) return;
  const write = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    const state = collectorState();
    if (state && state.depth === 0) collect(state, source, textOf(chunk));
    return Reflect.apply(original, this, [chunk, ...rest]);
  };
  Reflect.set(write, WRAPPED, true);
  stream.write = write as typeof stream.write;
};

/** A Console method that collects what it prints, once, however it prints it. */
const collectingMethod = (original: (...args: unknown[]) => void, name: string) => {
  const method = function (this: unknown, ...args: unknown[]): void {
    const state = collectorState();
    if (state && state.depth === 0) {
      collect(state, `console.${name}`, `${name === 'dir' ? inspect(args[0]) : format(...args)}\n`);
    }
    if (state) state.depth++;
    try {
      Reflect.apply(original, this, args);
    } finally {
      if (state) state.depth--;
    }
  };
  Reflect.set(method, WRAPPED, true);
  return method;
};

/** Node binds a Console's methods when it is built, so wrapping the prototype covers every later one. */
const wrapConsoles = (): void => {
  const prototype = Console.prototype as unknown as Record<string, unknown>;
  const target = globalThis.console as unknown as Record<string, unknown>;
  for (const name of CONSOLE_METHODS) {
    for (const holder of [prototype, target]) {
      const original = holder[name];
      if (typeof original !== 'function' || isWrapped(original)) continue;
      holder[name] = collectingMethod(original as (...args: unknown[]) => void, name);
    }
  }
};

/** Starts collecting in this worker (once), and attributes what follows to `testFile`. */
export const installLogCollector = (runDir: string, testFile: string): void => {
  let state = collectorState();
  if (state === undefined) {
    state = {
      fd: openSync(join(runDir, `worker-${process.pid}-${threadId}.jsonl`), 'a'),
      testFile,
      depth: 0,
      pending: new Map(),
    };
    Reflect.set(globalThis, STATE, state);
    const installed = state;
    process.on('exit', () => flush(installed));
  }
  flush(state);
  state.testFile = testFile;
  wrapStream(process.stdout, 'stdout');
  wrapStream(process.stderr, 'stderr');
  // Again for each file: the global console may be a new one.
  wrapConsoles();
};

/** Collects what a child process prints on stdout and stderr, labelled with its command. */
export const collectChildOutput = (
  child: ChildProcess,
  label: string,
  options: { readonly stderrOnly?: boolean } = {},
): void => {
  const state = collectorState();
  if (state === undefined) return;
  for (const [name, stream] of [
    ['stdout', options.stderrOnly ? null : child.stdout],
    ['stderr', child.stderr],
  ] as const) {
    if (!stream) continue;
    const source = `child ${label} ${child.pid ?? '?'} ${name}`;
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer | string) => {
      collect(state, source, typeof chunk === 'string' ? chunk : decoder.write(chunk));
    });
    stream.on('close', () => {
      collect(state, source, decoder.end());
      flush(state, source);
    });
  }
};

/** Every line collected in `runDir`, worker file by worker file. */
export function* readCollectedLines(runDir: string): Generator<CollectedLine> {
  for (const name of readdirSync(runDir).filter((file) => /^worker-.*\.jsonl$/.test(file))) {
    for (const record of readFileSync(join(runDir, name), 'utf8').split('\n')) {
      if (record === '') continue;
      const { f, s, l } = JSON.parse(record) as { f: string; s: string; l: string };
      yield { file: f, source: s, line: l };
    }
  }
}

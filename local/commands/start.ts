import { createServer } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { wireAgentApi } from '../../functions/agent-api/wiring.ts';
import { wireMetricsApi } from '../../functions/metrics-api/wiring.ts';
import { wirePrivacyApi } from '../../functions/privacy-api/wiring.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import {
  loadAgentApiEnv,
  loadLocalAuthEnv,
  loadLocalEnv,
  loadLocalMetricsApiEnv,
  loadPrivacyApiEnv,
  localWebConfig,
} from '../../shared/config/env.ts';
import { createLocalAuth, DEMO_USERS } from '../auth.ts';
import { makeCallSimulator } from '../call-simulator.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { LocalContactAssignments } from '../contact-assignments.ts';
import { assertJava, LocalSetupError } from '../dynamodb-local.ts';
import { LocalLiveQueue } from '../live-queue.ts';
import { parseWholeNumber } from '../option-values.ts';
import { RecordingContactAttributes } from '../recording-contact-attributes.ts';
import { seedDemoDataIfEmpty } from '../seed.ts';
import { createHotlineServer } from '../server.ts';
import { openStore, readServerFile, removeServerFile, writeServerFile } from '../store.ts';
import { makeLocalTransfers } from '../transfers.ts';
import { UsageError } from '../usage.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** The local mode holds tenants' data: it listens on this machine only unless told otherwise. */
const DEFAULT_HOST = '127.0.0.1';
const isLoopback = (host: string): boolean => ['127.0.0.1', '::1', 'localhost'].includes(host);

/**
 * The names other machines may address this server by when it listens on `host`: that address, or,
 * for a wildcard (0.0.0.0, ::), every address of this machine and its host name.
 */
const publicHostsOf = (host: string): string[] => {
  const bracketed = (address: string) => (address.includes(':') ? `[${address}]` : address);
  if (host !== '0.0.0.0' && host !== '::') return [bracketed(host)];
  const addresses = Object.values(networkInterfaces()).flatMap((entries) =>
    (entries ?? []).map((entry) => bracketed(entry.address)),
  );
  return [...addresses, hostname()];
};

/** Fails fast, before DynamoDB Local is started, when the port is taken. */
const assertPortFree = (port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalSetupError(
              `port ${port} is in use: stop what uses it, or start with --port ${port + 1} (or PORT=${port + 1})`,
            )
          : error,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });

const START_OPTIONS = defineOptions({
  port: {
    type: 'string',
    value: 'N',
    meaning: 'the port to listen on (default 3000, or PORT; 0 picks a free one)',
  },
  host: {
    type: 'string',
    value: 'ADDRESS',
    meaning: 'the address to listen on (default 127.0.0.1: this machine only)',
  },
  data: { type: 'string', value: 'DIR', meaning: 'where DynamoDB Local keeps the data (default .hotline/)' },
  'in-memory': {
    type: 'boolean',
    default: false,
    meaning: 'keep the data in memory: gone when the server stops',
  },
});

/** The pages and who signs in where: what a new user needs first (README, "Set-up"). */
export const PAGES = [
  ['simulator.html', 'place a call as a caller would', DEMO_USERS.agent],
  ['workspace.html', 'the agent workspace where the call rings', DEMO_USERS.agent],
  ['agent.html', 'the agent page on its own', DEMO_USERS.agent],
  ['dashboard.html', "the managers' dashboard", DEMO_USERS.manager],
] as const;

export const LOGINS = [
  [DEMO_USERS.agent, 'an agent: simulator, workspace, agent page'],
  [DEMO_USERS.colleague, 'a second agent: takes calls transferred to them, sees only the calls they answer'],
  [DEMO_USERS.supervisor, 'a team lead: reads any call, corrects any outcome'],
  [DEMO_USERS.manager, 'the dashboard'],
  [DEMO_USERS.privacy, 'the data-protection office: exports, erasures, audit trail'],
] as const;

/** What `npm start` prints once it serves: the pages, then the demo logins. */
export const tourOf = (url: string): string => {
  const pageWidth = Math.max(...PAGES.map(([page]) => `${url}/${page}`.length));
  const loginWidth = Math.max(...LOGINS.map(([user]) => `${user.username} / ${user.password}`.length));
  return [
    'pages:',
    ...PAGES.map(
      ([page, what, user]) =>
        `  ${`${url}/${page}`.padEnd(pageWidth)}  ${what} (sign in as ${user.username})`,
    ),
    'demo logins (user / password):',
    ...LOGINS.map(([user, what]) => `  ${`${user.username} / ${user.password}`.padEnd(loginWidth)}  ${what}`),
  ].join('\n');
};

/**
 * `hotline start` (what `npm start` runs): DynamoDB Local with the data in `--data` (or in memory),
 * demo data on first start, and the local server. Ctrl-C stops both cleanly; the data stays.
 */
export const startCommand = async (args: string[]): Promise<void> => {
  const { values } = parseCommandArgs(START_OPTIONS, args);
  const local = loadLocalEnv();
  // 0 picks a free port (tests); the URL printed below names the one chosen.
  const port = values.port === undefined ? local.PORT : parseWholeNumber(values.port, '--port', 0, 65_535);
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host must name an address, such as 127.0.0.1');
  const dataDir = values.data ?? local.HOTLINE_DATA_DIR;
  const inMemory = values['in-memory'] === true;
  const other = readServerFile(dataDir);
  if (other)
    throw new LocalSetupError(
      `a hotline server already runs on ${dataDir} (pid ${other.pid}, ${other.url}): stop it first`,
    );
  await assertPortFree(port, host);
  if (!isLoopback(host)) {
    say(
      `warning: listening on ${host}: other machines that reach this address can use the hotline and its data; use --host 127.0.0.1 (the default) unless that is meant`,
    );
  }
  if (!local.DYNAMODB_ENDPOINT) {
    assertJava();
    say('starting DynamoDB Local …');
  }
  const authEnv = loadLocalAuthEnv();
  const store = await openStore({ local, dataDir, inMemory, exclusive: true });
  const { readModel } = makeDynamoAdapters(store.env);
  const seeded = await seedDemoDataIfEmpty(readModel, { onProgress: (line) => say(line) });
  // Stands in for Connect's contact attributes: the simulated flow writes them, the agent API reads
  // them (the caller's court-letter report) and records the outcome codes in them.
  const contactAttributes = new RecordingContactAttributes();
  const simulator = makeCallSimulator({ env: store.env });
  // Stands in for Connect's DescribeContact: a queued simulated call is its placing agent's, and a
  // transfer makes a new contact of the call for the colleague it goes to.
  const contactAssignments = new LocalContactAssignments();
  const transfers = makeLocalTransfers({ assignments: contactAssignments, users: Object.values(DEMO_USERS) });
  const liveQueue = new LocalLiveQueue();
  const server = createHotlineServer({
    readModel,
    simulateCall: async (request, answeredBy) => {
      const report = await simulator(request);
      contactAttributes.rememberFlowAttributes(report.contactId, report.contactAttributes);
      if (report.result === 'queued' && answeredBy.connectUserId !== undefined) {
        contactAssignments.assign(report.contactId, answeredBy.connectUserId, new Date(report.at));
      }
      return report;
    },
    // The agent API's own wiring on this store, with the local contact attributes and agents.
    agentApi: wireAgentApi(loadAgentApiEnv(store.envVars), { contactAttributes, contactAssignments }),
    // The metrics API's own wiring on this store; the live view comes from the simulated calls.
    metricsApi: wireMetricsApi(loadLocalMetricsApiEnv(store.envVars), { liveQueue }),
    // The privacy office's export, erasure and audit trail on this store (demo user `privacy`).
    privacyApi: wirePrivacyApi(loadPrivacyApiEnv(store.envVars)),
    liveQueue,
    transfers,
    publicHosts: isLoopback(host) ? [] : publicHostsOf(host),
    auth: createLocalAuth({ secret: authEnv.HOTLINE_AUTH_SECRET }),
    webConfig: localWebConfig(authEnv),
    status: {
      dynamodb: {
        owner: store.owner === 'external' ? 'external' : 'self',
        storage: inMemory ? 'memory' : 'disk',
      },
      startedAt: new Date(),
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://localhost:${typeof address === 'object' && address ? address.port : port}`;
  // Written in memory mode too: other commands then work on this server's store, not on one of their own.
  writeServerFile(dataDir, {
    pid: process.pid,
    url,
    dynamoEndpoint: store.endpoint,
    startedAt: new Date().toISOString(),
  });
  const summary = await readModel.summary();
  say(
    `hotline running at ${url} · DynamoDB Local ${new URL(store.endpoint).origin} (${inMemory ? 'in memory' : `data in ${dataDir}`}) · ` +
      `${summary?.counts.tenancies ?? 0} tenancies${seeded ? ' (demo data seeded)' : ''} · Ctrl-C stops`,
  );
  say(tourOf(url));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping …`);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    removeServerFile(dataDir);
    await store.close();
    say(
      inMemory
        ? 'stopped; the in-memory data is gone'
        : `stopped; the data stays in ${dataDir} for the next start`,
    );
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
};

export const startDescriptor: CommandDescriptor = {
  name: 'start',
  usage: ['start [--port N] [--host ADDRESS] [--data DIR] [--in-memory]'],
  summary: 'what `npm start` runs: DynamoDB Local, the demo data and the local server with its pages',
  description:
    'What `npm start` runs: DynamoDB Local with the data in --data (or in memory), the demo data on first start, ' +
    'and the local server; it prints the page addresses and the demo logins. Listens on 127.0.0.1 only unless ' +
    '--host says otherwise (with a warning), and answers only requests addressed to its own name and port ' +
    '(no DNS rebinding). Ctrl-C stops both cleanly; the data stays.',
  options: START_OPTIONS,
  examples: [{ command: 'hotline start --port 3001 --in-memory', shows: 'a throwaway server on port 3001' }],
  run: startCommand,
};

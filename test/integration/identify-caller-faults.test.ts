import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';
import { makeLookupAdapters } from '../../shared/adapters/dynamodb/wiring.ts';
import { loadIdentifyCallerEnv } from '../../shared/config/env.ts';
import { STRING_MAP_MAX_BYTES } from '../../shared/connect/contact-flow-event.ts';
import { IDENTIFY_CALLER_KEYS } from '../../shared/connect/identify-caller-contract.ts';
import { aContactFlowEvent } from '../fixtures/tenancy-files.ts';
import { createTestTables } from '../support/dynamo.ts';

type Handler = (event: unknown) => Promise<Record<string, string>>;

/** The flow's InvocationTimeLimitSeconds: a slower answer takes the flow's error branch. */
const FLOW_LIMIT_MS = 3_000;
/** Room for a shared, busy machine on top of the budget; still well inside the flow limit. */
const MARGIN_MS = 1_000;

/** The real handler module, cold-started with this environment, as Lambda would load it. */
const importHandler = async (envVars: Record<string, string>): Promise<Handler> => {
  for (const [name, value] of Object.entries(envVars)) vi.stubEnv(name, value);
  vi.resetModules();
  const { handler } = await import('../../functions/identify-caller/handler.ts');
  return handler;
};

const timed = async (work: () => Promise<Record<string, string>>) => {
  const started = performance.now();
  const attributes = await work();
  return { attributes, elapsedMs: performance.now() - started };
};

const expectWellFormed = (attributes: Record<string, string>) => {
  expect(Object.keys(attributes).sort()).toEqual([...IDENTIFY_CALLER_KEYS].sort());
  for (const value of Object.values(attributes)) expect(typeof value).toBe('string');
  expect(Buffer.byteLength(JSON.stringify(attributes), 'utf8')).toBeLessThan(STRING_MAP_MAX_BYTES);
};

const unreachableEnv = (endpoint: string) => ({
  READ_MODEL_TABLE: 'faults-ReadModel',
  CALLS_TABLE: 'faults-Calls',
  DYNAMODB_ENDPOINT: endpoint,
  AWS_REGION: 'eu-central-1',
  // The key file is local: only DynamoDB is out of reach.
  HASH_KEY_DIR: mkdtempSync(join(tmpdir(), 'hotline-faults-key-')),
});

describe('identify-caller when DynamoDB refuses connections', () => {
  let handler: Handler;
  let budgetMs: number;

  beforeAll(async () => {
    // Prepare: a port nothing listens on
    const port = await freePort();
    const envVars = unreachableEnv(`http://127.0.0.1:${port}`);
    budgetMs = loadIdentifyCallerEnv(envVars).LOOKUP_BUDGET_MS;
    handler = await importHandler(envVars);
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('answers unavailable well within the budget', async () => {
    // Act
    const { attributes, elapsedMs } = await timed(() =>
      handler(aContactFlowEvent({ contactId: 'refused-1' })),
    );
    // Assess
    expect(attributes).toMatchObject({
      lookupStatus: 'unavailable',
      identifiedBy: 'none',
      riskLevel: 'normal',
    });
    expectWellFormed(attributes);
    expect(elapsedMs).toBeLessThan(budgetMs + MARGIN_MS);
  });

  it('answers unavailable for a keypad lookup too', async () => {
    // Act
    const { attributes, elapsedMs } = await timed(() =>
      handler(
        aContactFlowEvent({
          contactId: 'refused-2',
          parameters: { lookup: 'tenancy', tenancyNumber: '100200300' },
        }),
      ),
    );
    // Assess
    expect(attributes.lookupStatus).toBe('unavailable');
    expect(elapsedMs).toBeLessThan(budgetMs + MARGIN_MS);
  });

  it('still rates a caller who reports a court letter as high', async () => {
    // Act
    const attributes = await handler(
      aContactFlowEvent({ contactId: 'refused-3', parameters: { lookup: 'phone', courtLetter: 'true' } }),
    );
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'unavailable', riskLevel: 'high' });
  });
});

describe('identify-caller when DynamoDB accepts connections and never answers', () => {
  let handler: Handler;
  let budgetMs: number;
  let server: Server;
  const sockets = new Set<Socket>();
  let connections = 0;

  beforeAll(async () => {
    // Prepare: a blackhole that takes every connection and never sends a byte
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.resume(); // read and discard the request, so that a client hang-up is noticed
      socket.on('error', () => sockets.delete(socket));
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('blackhole has no port');
    const envVars = unreachableEnv(`http://127.0.0.1:${address.port}`);
    budgetMs = loadIdentifyCallerEnv(envVars).LOOKUP_BUDGET_MS;
    handler = await importHandler(envVars);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers unavailable within the budget and well within the flow limit', async () => {
    // Act
    const { attributes, elapsedMs } = await timed(() => handler(aContactFlowEvent({ contactId: 'hole-1' })));
    // Assess
    expect(connections).toBeGreaterThan(0); // the request really went into the blackhole
    expect(attributes).toMatchObject({
      lookupStatus: 'unavailable',
      identifiedBy: 'none',
      riskLevel: 'normal',
    });
    expectWellFormed(attributes);
    expect(elapsedMs).toBeLessThan(budgetMs + MARGIN_MS);
    expect(budgetMs + MARGIN_MS).toBeLessThan(FLOW_LIMIT_MS);
  });

  it('answers the next call within the budget too', async () => {
    // Act
    const { attributes, elapsedMs } = await timed(() =>
      handler(
        aContactFlowEvent({
          contactId: 'hole-2',
          parameters: { lookup: 'tenancy', tenancyNumber: '100200300' },
        }),
      ),
    );
    // Assess
    expect(attributes.lookupStatus).toBe('unavailable');
    expect(elapsedMs).toBeLessThan(budgetMs + MARGIN_MS);
  });
});

describe('identify-caller when DynamoDB never answers and the SDK would wait longer than the budget', () => {
  let handler: Handler;
  let budgetMs: number;
  let server: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Prepare: a blackhole, and an SDK socket timeout far beyond the budget, so only the budget can end the wait
    server = createServer((socket) => {
      sockets.add(socket);
      socket.resume(); // read and discard the request, so that a client hang-up is noticed
      socket.on('error', () => sockets.delete(socket));
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('blackhole has no port');
    const envVars = {
      ...unreachableEnv(`http://127.0.0.1:${address.port}`),
      DYNAMODB_REQUEST_TIMEOUT_MS: '20000',
      DYNAMODB_MAX_ATTEMPTS: '3',
    };
    budgetMs = loadIdentifyCallerEnv(envVars).LOOKUP_BUDGET_MS;
    handler = await importHandler(envVars);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers unavailable when the budget is spent', async () => {
    // Act
    const { attributes, elapsedMs } = await timed(() => handler(aContactFlowEvent({ contactId: 'long-1' })));
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'unavailable', riskLevel: 'normal' });
    expect(elapsedMs).toBeGreaterThanOrEqual(budgetMs - 50);
    expect(elapsedMs).toBeLessThan(budgetMs + MARGIN_MS);
  });

  it('closes the connections it gave up on', async () => {
    // Act
    await handler(aContactFlowEvent({ contactId: 'long-2' }));
    // Assess
    await expect.poll(() => sockets.size, { timeout: 5_000 }).toBe(0);
  });
});

describe('identify-caller against DynamoDB Local before the first import', () => {
  let handler: Handler;
  let adapters: ReturnType<typeof makeLookupAdapters>;
  let callsTable: string;

  beforeAll(async () => {
    // Prepare: tables of this file's own, and no read model imported into them
    const { env, envVars } = await createTestTables();
    callsTable = env.CALLS_TABLE;
    adapters = makeLookupAdapters(env);
    handler = await importHandler(envVars);
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    adapters.doc.destroy();
  });

  it('answers not_found for a caller number, not an error', async () => {
    // Act
    const attributes = await handler(
      aContactFlowEvent({ contactId: 'empty-1', callerNumber: '+436641234567' }),
    );
    // Assess
    expect(attributes).toMatchObject({
      lookupStatus: 'not_found',
      identifiedBy: 'none',
      riskLevel: 'normal',
    });
    expectWellFormed(attributes);
  });

  it('answers not_found for a keyed tenancy number, not an error', async () => {
    // Act
    const attributes = await handler(
      aContactFlowEvent({
        contactId: 'empty-2',
        parameters: { lookup: 'tenancy', tenancyNumber: '100200300' },
      }),
    );
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'not_found', identifiedBy: 'none' });
  });

  it('logs the enquiry all the same', async () => {
    // Act
    await handler(aContactFlowEvent({ contactId: 'empty-3', callerNumber: '+436641234567' }));
    // Assess
    const { Item } = await adapters.doc.send(
      new GetCommand({ TableName: callsTable, Key: { pk: 'CALL#empty-3', sk: 'LOG' } }),
    );
    expect(Item).toMatchObject({ entity: 'call', channel: 'VOICE' });
  });
});

describe('identify-caller against DynamoDB Local without its tables', () => {
  let handler: Handler;
  let budgetMs: number;

  beforeAll(async () => {
    // Prepare: a reachable DynamoDB, but table names that do not exist there
    const { envVars } = await createTestTables();
    const missing = { ...envVars, READ_MODEL_TABLE: 'missing-ReadModel', CALLS_TABLE: 'missing-Calls' };
    budgetMs = loadIdentifyCallerEnv(missing).LOOKUP_BUDGET_MS;
    handler = await importHandler(missing);
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('answers unavailable within the budget', async () => {
    // Act
    const { attributes, elapsedMs } = await timed(() =>
      handler(aContactFlowEvent({ contactId: 'missing-1' })),
    );
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'unavailable', riskLevel: 'normal' });
    expect(elapsedMs).toBeLessThan(budgetMs + MARGIN_MS);
  });
});

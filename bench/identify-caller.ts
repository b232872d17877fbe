import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { handler as IdentifyCallerHandler } from '../functions/identify-caller/handler.ts';
import { seededRandom } from '../local/demo/random.ts';
import { localEndpointSettings } from '../shared/adapters/dynamodb/client.ts';
import { callKeys } from '../shared/adapters/dynamodb/entities/call.ts';
import type { PersonalHasher } from '../shared/adapters/dynamodb/entities/personal-hasher.ts';
import { phoneEntryKey } from '../shared/adapters/dynamodb/entities/phone-entry.ts';
import { tenancyFileKey } from '../shared/adapters/dynamodb/entities/tenancy-file.ts';
import type { E164 } from '../shared/domain/phone.ts';
import type { TenancyId } from '../shared/domain/tenancy.ts';
import type { Callers } from './callers.ts';
import { type CountingProxy, countBetween, type RequestCount } from './counting-proxy.ts';
import { type Summary, summarize } from './stats.ts';

/**
 * identify-caller against DynamoDB Local: warm latency of the real handler module beside the floor
 * (one raw GetItem and one raw conditional PutItem sent together), and the DynamoDB requests one
 * inbound call sends, counted by a proxy.
 */
export type CallerKind = 'found' | 'shared' | 'unknown' | 'keypad';
export const CALLER_KINDS: readonly CallerKind[] = ['found', 'shared', 'unknown', 'keypad'];

/** Share of each kind in the latency run: mostly known callers, as on the real line. */
const MIX: readonly (readonly [CallerKind, number])[] = [
  ['found', 0.6],
  ['unknown', 0.2],
  ['shared', 0.1],
  ['keypad', 0.1],
];
const EXPECTED_STATUS: Record<CallerKind, string> = {
  found: 'found',
  shared: 'ambiguous',
  unknown: 'not_found',
  keypad: 'found',
};

export interface BenchTables {
  readonly endpoint: string;
  readonly region: string;
  readonly readModelTable: string;
  readonly callsTable: string;
  /** The active read-model generation, so the floor reads the very item the handler reads. */
  readonly generation: string;
  /** Where the store's hash key is, and its hasher: the floor reads the phone entry by the same key. */
  readonly hashKeyDir: string;
  readonly hasher: PersonalHasher;
}

type Handler = typeof IdentifyCallerHandler;
type Key = { readonly pk: string; readonly sk: string };

interface PlannedCall {
  readonly kind: CallerKind;
  readonly callerNumber: E164;
  readonly tenancyNumber?: TenancyId;
  /** The item the lookup reads: the phone entry, or the tenancy file when keyed in. */
  readonly readKey: Key;
}

/**
 * Imports a fresh instance of the real handler module (its own clients, its own pointer cache)
 * configured from `env`, as the Lambda runtime would at a cold start. The query string makes Node
 * evaluate handler.ts again; the modules it imports are shared.
 */
const loadHandler = async (instance: string, env: Record<string, string>): Promise<Handler> => {
  Object.assign(process.env, env);
  const url = new URL('../functions/identify-caller/handler.ts', import.meta.url);
  url.searchParams.set('instance', instance);
  const module: unknown = await import(url.href);
  if (typeof module !== 'object' || module === null || !('handler' in module)) {
    throw new Error('functions/identify-caller/handler.ts does not export `handler`');
  }
  if (typeof module.handler !== 'function') throw new Error('`handler` is not a function');
  return module.handler as Handler;
};

const handlerEnv = (tables: BenchTables, endpoint: string): Record<string, string> => ({
  READ_MODEL_TABLE: tables.readModelTable,
  CALLS_TABLE: tables.callsTable,
  DYNAMODB_ENDPOINT: endpoint,
  AWS_REGION: tables.region,
  HASH_KEY_DIR: tables.hashKeyDir,
  POWERTOOLS_LOG_LEVEL: 'WARN',
});

/**
 * A ContactFlowEvent as Connect sends it to a Lambda function
 * (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html); each call is a new contact.
 */
const contactFlowEvent = (call: PlannedCall, contactId: string) => ({
  Name: 'ContactFlowEvent',
  Details: {
    ContactData: {
      Attributes: {},
      Channel: 'VOICE',
      ContactId: contactId,
      InitialContactId: contactId,
      PreviousContactId: contactId,
      CustomerEndpoint: { Address: call.callerNumber, Type: 'TELEPHONE_NUMBER' },
      SystemEndpoint: { Address: '+43140008000', Type: 'TELEPHONE_NUMBER' },
      InitiationMethod: 'INBOUND',
      InstanceARN: 'arn:aws:connect:eu-central-1:111111111111:instance/00000000-0000-4000-8000-000000000000',
      LanguageCode: 'de-DE',
      MediaStreams: { Customer: { Audio: null } },
      Queue: null,
      References: {},
    },
    Parameters:
      call.kind === 'keypad'
        ? { lookup: 'tenancy', tenancyNumber: call.tenancyNumber ?? '' }
        : { lookup: 'phone' },
  },
});

const planCall = (
  kind: CallerKind,
  callers: Callers,
  generation: string,
  hasher: PersonalHasher,
  random: () => number,
): PlannedCall => {
  const any = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error(`no ${kind} callers in the read model`);
    return item;
  };
  if (kind === 'keypad') {
    const tenancyNumber = any(callers.keypad);
    return {
      kind,
      callerNumber: any(callers.unknown),
      tenancyNumber,
      readKey: tenancyFileKey(generation, tenancyNumber),
    };
  }
  const callerNumber = any(callers[kind]);
  return { kind, callerNumber, readKey: phoneEntryKey(generation, hasher.phone(callerNumber)) };
};

const planMix = (
  count: number,
  callers: Callers,
  generation: string,
  hasher: PersonalHasher,
  seed: number,
) => {
  const random = seededRandom(seed).next;
  return Array.from({ length: count }, () => {
    const roll = random();
    let cumulative = 0;
    const kind =
      MIX.find(([, share]) => {
        cumulative += share;
        return roll < cumulative;
      })?.[0] ?? 'found';
    return planCall(kind, callers, generation, hasher, random);
  });
};

/** The floor: what one inbound call cannot do without, one read and one write in one round trip. */
const makeFloor = (tables: BenchTables) => {
  const client = new DynamoDBClient({
    region: tables.region,
    endpoint: tables.endpoint,
    // As identify-caller's own client is set up against DynamoDB Local: same credentials, no SigV4 hashing.
    ...localEndpointSettings(tables.endpoint, tables.region),
  });
  const round = async (call: PlannedCall): Promise<void> => {
    const contactId = `floor-${randomUUID()}`;
    const key = callKeys.log(contactId);
    const now = new Date();
    await Promise.all([
      client.send(
        new GetItemCommand({
          TableName: tables.readModelTable,
          Key: { pk: { S: call.readKey.pk }, sk: { S: call.readKey.sk } },
        }),
      ),
      client.send(
        new PutItemCommand({
          TableName: tables.callsTable,
          Item: {
            pk: { S: key.pk },
            sk: { S: key.sk },
            entity: { S: 'call' },
            version: { N: '1' },
            receivedAt: { S: now.toISOString() },
            channel: { S: 'VOICE' },
            expiresAt: { N: String(Math.floor(now.getTime() / 1000) + 400 * 86_400) },
            lookupModes: { SS: [call.kind === 'keypad' ? 'tenancy' : 'phone'] },
            contactIds: { SS: [contactId] },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ]);
  };
  return { round, close: () => client.destroy() };
};

export interface LatencyResult {
  readonly handler: Summary;
  readonly floor: Summary;
  readonly handlerByKind: Record<CallerKind, Summary>;
  readonly calls: number;
  readonly warmUp: number;
  /** Answers per kind (`found`, `ambiguous`, …): a wrong answer makes the latency meaningless. */
  readonly answers: Record<CallerKind, Record<string, number>>;
  readonly wrongAnswers: number;
}

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

export const measureLatency = async (
  tables: BenchTables,
  callers: Callers,
  options: { readonly calls: number; readonly warmUp: number; readonly seed: number },
): Promise<LatencyResult> => {
  const handler = await loadHandler('latency', handlerEnv(tables, tables.endpoint));
  const floor = makeFloor(tables);
  const plan = planMix(
    options.warmUp + options.calls,
    callers,
    tables.generation,
    tables.hasher,
    options.seed,
  );
  const handlerMs: number[] = [];
  const floorMs: number[] = [];
  const byKind = Object.fromEntries(CALLER_KINDS.map((k) => [k, [] as number[]])) as Record<
    CallerKind,
    number[]
  >;
  const answers = Object.fromEntries(CALLER_KINDS.map((k) => [k, {}])) as Record<
    CallerKind,
    Record<string, number>
  >;
  let wrongAnswers = 0;
  try {
    for (const [i, call] of plan.entries()) {
      const event = contactFlowEvent(call, randomUUID());
      let status = '';
      const runHandler = () =>
        timed(async () => {
          status = (await handler(event)).lookupStatus;
        });
      const runFloor = () => timed(() => floor.round(call));
      // Alternate the order so neither side always runs right after the other's garbage.
      let h: number;
      let f: number;
      if (i % 2 === 0) {
        h = await runHandler();
        f = await runFloor();
      } else {
        f = await runFloor();
        h = await runHandler();
      }
      if (i < options.warmUp) continue;
      handlerMs.push(h);
      floorMs.push(f);
      byKind[call.kind].push(h);
      answers[call.kind][status] = (answers[call.kind][status] ?? 0) + 1;
      if (status !== EXPECTED_STATUS[call.kind]) wrongAnswers++;
    }
  } finally {
    floor.close();
  }
  return {
    handler: summarize(handlerMs),
    floor: summarize(floorMs),
    handlerByKind: Object.fromEntries(CALLER_KINDS.map((k) => [k, summarize(byKind[k])])) as Record<
      CallerKind,
      Summary
    >,
    calls: options.calls,
    warmUp: options.warmUp,
    answers,
    wrongAnswers,
  };
};

export interface RequestsPerCall {
  readonly kind: CallerKind;
  /** The first call of a fresh handler module: the read-model pointer is not cached yet. */
  readonly cold: RequestCount;
  readonly warm: {
    readonly calls: number;
    readonly maxReads: number;
    readonly maxWrites: number;
    /** Requests that are neither reads nor writes (none expected). */
    readonly maxOther: number;
    readonly meanReads: number;
    readonly meanWrites: number;
    readonly operations: Record<string, number>;
  };
}

/**
 * For each kind of caller, a fresh handler module pointed at the counting proxy: one cold call,
 * then warm calls, each counted on its own (calls run one after the other).
 */
export const countRequestsPerCall = async (
  tables: BenchTables,
  callers: Callers,
  proxy: CountingProxy,
  options: { readonly warmCalls: number; readonly seed: number },
): Promise<RequestsPerCall[]> => {
  const random = seededRandom(options.seed).next;
  const results: RequestsPerCall[] = [];
  for (const kind of CALLER_KINDS) {
    const handler = await loadHandler(`count-${kind}`, handlerEnv(tables, proxy.endpoint));
    const callOnce = async (): Promise<RequestCount> => {
      const call = planCall(kind, callers, tables.generation, tables.hasher, random);
      const before = proxy.counts();
      const { lookupStatus } = await handler(contactFlowEvent(call, randomUUID()));
      if (lookupStatus !== EXPECTED_STATUS[kind]) {
        throw new Error(`a ${kind} caller was answered ${lookupStatus}, expected ${EXPECTED_STATUS[kind]}`);
      }
      return countBetween(before, proxy.counts());
    };
    const cold = await callOnce();
    const warm: RequestCount[] = [];
    for (let i = 0; i < options.warmCalls; i++) warm.push(await callOnce());
    const operations: Record<string, number> = {};
    for (const count of warm) {
      for (const [operation, n] of Object.entries(count.operations)) {
        operations[operation] = (operations[operation] ?? 0) + n;
      }
    }
    results.push({
      kind,
      cold,
      warm: {
        calls: warm.length,
        maxReads: Math.max(...warm.map((c) => c.reads)),
        maxWrites: Math.max(...warm.map((c) => c.writes)),
        maxOther: Math.max(...warm.map((c) => c.other)),
        meanReads: warm.reduce((sum, c) => sum + c.reads, 0) / warm.length,
        meanWrites: warm.reduce((sum, c) => sum + c.writes, 0) / warm.length,
        operations,
      },
    });
  }
  return results;
};

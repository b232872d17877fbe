import { createHash } from 'node:crypto';
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
} from '@aws-sdk/client-connect';
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AGENT_METRICS, ConnectLiveQueue } from '../../shared/adapters/connect/live-queue.ts';
import { DynamoCallCounters, MAX_SYNC_ATTEMPTS } from '../../shared/adapters/dynamodb/call-counters.ts';
import { DynamoMetricsCounters } from '../../shared/adapters/dynamodb/metrics-counters.ts';
import { DynamoOutcomeStore, outcomeCounterWrites } from '../../shared/adapters/dynamodb/outcome-store.ts';
import { type CallFacts, callContribution } from '../../shared/domain/call-metrics.ts';
import { deriveTimeline } from '../../shared/domain/call-timeline.ts';
import {
  CorruptRecordError,
  CounterConflictError,
  StaleOutcomeError,
  StoreUnavailableError,
} from '../../shared/domain/errors.ts';
import type { RecordedOutcome } from '../../shared/domain/outcomes.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import {
  agentCounts,
  byQueuePage,
  emptyPage,
  INSTANCE,
  queueArn,
  summaryPage,
  waiting,
} from '../fixtures/connect-current-metrics.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const connect = mockClient(ConnectClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);

const TABLE = 'test-Calls';
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
/** Written out here, not with the entity modules: the key formats are part of the stored contract. */
const CALL_KEY = { pk: `CALL#${CONTACT}`, sk: 'LOG' };
const DAY_KEY = { pk: 'METRICS#2026', sk: 'DAY#2026-11-24' };

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeEach(() => {
  ddb.reset();
  connect.reset();
});

/** An abandoned general call, Tuesday 24 November 2026 at 10:00 Vienna. */
const ABANDONED: CallFacts = {
  timeline: deriveTimeline({
    initiatedAt: new Date('2026-11-24T09:00:00.000Z'),
    afterHours: false,
    queuedAt: new Date('2026-11-24T09:00:20.000Z'),
    queue: 'general',
    disconnectedAt: new Date('2026-11-24T09:02:00.000Z'),
  }),
};
/** The same call once a late CONNECTED_TO_AGENT said it was answered after 30 s. */
const ANSWERED: CallFacts = {
  timeline: deriveTimeline({
    ...ABANDONED.timeline,
    answeredAt: new Date('2026-11-24T09:00:50.000Z'),
  }),
};

/**
 * The day update the adapter must send: that day's item in this table, adding exactly these counts.
 * How the expression is written is left to the DynamoDB Local tests (test/integration/metrics.test.ts),
 * which count calls through it; here, which day and which counters by how much.
 */
const dayUpdate = (key: { pk: string; sk: string }, counts: Record<string, number>) => ({
  Update: {
    TableName: TABLE,
    Key: key,
    UpdateExpression: expect.any(String),
    ExpressionAttributeNames: expect.any(Object),
    ExpressionAttributeValues: {
      ':entity': 'metrics-day',
      ':version': 1,
      ...Object.fromEntries(Object.entries(counts).map(([name, count]) => [`:${name}`, count])),
    },
  },
});

/** A call-log item as the store hands it back, with what it says is counted. */
const aCallItem = (counted?: { day: string; counts: Record<string, number> }) => ({
  ...CALL_KEY,
  entity: 'call',
  version: 1,
  initiations: new Set(['2026-11-24T09:00:00.000Z#open']),
  enqueues: new Set(['2026-11-24T09:00:20.000Z#general']),
  answers: new Set(['2026-11-24T09:00:50.000Z']),
  disconnects: new Set(['2026-11-24T09:02:00.000Z#CUSTOMER_DISCONNECT']),
  ...(counted ? { counted } : {}),
});

describe('DynamoCallCounters', () => {
  const counters = new DynamoCallCounters(doc, TABLE);

  it('counts a call for the first time with one transaction: its record of what is counted, and its day', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});
    // Act
    const result = await counters.sync(CONTACT, { facts: ABANDONED });
    // Assess
    expect(result).toEqual({ outcome: 'counted', first: true, days: 1, attempts: 1 });
    expect(ddb.calls()).toHaveLength(1);
    const counts = { calls: 1, h10c: 1, abandoned: 1, h10x: 1 };
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input).toEqual({
      TransactItems: [
        {
          Update: {
            TableName: TABLE,
            Key: CALL_KEY,
            UpdateExpression: 'SET #counted = :next',
            ConditionExpression: 'attribute_not_exists(#counted)',
            ExpressionAttributeNames: { '#counted': 'counted' },
            ExpressionAttributeValues: { ':next': { day: '2026-11-24', counts } },
          },
        },
        dayUpdate(DAY_KEY, counts),
      ],
    });
  });

  it('writes nothing when the counters already hold the call as it is (a repeated event)', async () => {
    // Act
    const result = await counters.sync(CONTACT, { facts: ABANDONED, counted: callContribution(ABANDONED) });
    // Assess
    expect(result).toEqual({ outcome: 'unchanged' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('corrects a counted call with the difference, on condition that the record is still what was read', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});
    const counted = callContribution(ABANDONED);
    // Act
    await counters.sync(CONTACT, { facts: ANSWERED, counted });
    // Assess
    const [callUpdate, day] = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(callUpdate?.Update).toMatchObject({
      ConditionExpression: '#counted = :previous',
      ExpressionAttributeValues: {
        ':previous': counted,
        ':next': { day: '2026-11-24', counts: expect.objectContaining({ answered: 1, waitSum: 30 }) },
      },
    });
    expect(day).toEqual(
      dayUpdate(DAY_KEY, {
        ...{ abandoned: -1, h10x: -1, answered: 1, h10a: 1 },
        ...{ waitSum: 30, waitN: 1, w30: 1, handleSum: 70, handleN: 1 },
      }),
    );
  });

  it('moves a call to another day with one update per day, in the same transaction', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});
    const counted = { day: '2026-11-25' as IsoDate, counts: { calls: 1, h00c: 1 } };
    // Act
    const result = await counters.sync(CONTACT, { facts: ABANDONED, counted });
    // Assess
    expect(result).toEqual({ outcome: 'counted', first: false, days: 2, attempts: 1 });
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.slice(1)).toEqual([
      dayUpdate({ pk: 'METRICS#2026', sk: 'DAY#2026-11-25' }, { calls: -1, h00c: -1 }),
      dayUpdate(DAY_KEY, { abandoned: 1, h10x: 1, calls: 1, h10c: 1 }),
    ]);
  });

  it('reads the call again when another writer counted it first, and writes only what is still missing', async () => {
    // Prepare: the other writer counted the call as abandoned; this one has seen the answer
    const stored = callContribution(ABANDONED);
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'None')).resolves({});
    ddb.on(GetCommand).resolves({ Item: aCallItem(stored) });
    // Act
    const result = await counters.sync(CONTACT, { facts: ANSWERED });
    // Assess: counted already by the other writer, so this is a correction, not the first count
    expect(result).toEqual({ outcome: 'counted', first: false, days: 1, attempts: 2 });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: CALL_KEY,
      ConsistentRead: true,
    });
    const second = ddb.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems ?? [];
    expect(second[0]?.Update?.ConditionExpression).toBe('#counted = :previous');
    expect(second[1]).toEqual(
      dayUpdate(DAY_KEY, {
        ...{ abandoned: -1, h10x: -1, answered: 1, h10a: 1 },
        ...{ waitSum: 30, waitN: 1, w30: 1, handleSum: 70, handleN: 1 },
      }),
    );
  });

  it('stops without writing when the other writer already counted exactly this', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    ddb.on(GetCommand).resolves({ Item: aCallItem(callContribution(ANSWERED)) });
    // Act
    const result = await counters.sync(CONTACT, { facts: ANSWERED });
    // Assess
    expect(result).toEqual({ outcome: 'unchanged' });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('tries again when today’s counters were busy with another transaction', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});
    ddb.on(GetCommand).resolves({ Item: aCallItem() });
    // Act
    const result = await counters.sync(CONTACT, { facts: ANSWERED });
    // Assess
    expect(result).toMatchObject({ outcome: 'counted', attempts: 2 });
  });

  it(`gives up after ${MAX_SYNC_ATTEMPTS} tries with a conflict error, so that the event comes again`, async () => {
    // Prepare
    const conflict = cancelled('ConditionalCheckFailed', 'None');
    ddb.on(TransactWriteCommand).rejects(conflict);
    ddb.on(GetCommand).resolves({ Item: aCallItem({ day: '2026-11-24', counts: { calls: 7 } }) });
    // Act
    const error = await counters.sync(CONTACT, { facts: ANSWERED }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(CounterConflictError);
    expect(error).toMatchObject({ cause: conflict });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, MAX_SYNC_ATTEMPTS);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, MAX_SYNC_ATTEMPTS - 1);
  });

  it('turns any other failure into StoreUnavailableError with its cause, without trying again', async () => {
    // Prepare
    const failure = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    ddb.on(TransactWriteCommand).rejects(failure);
    // Act
    const error = await counters.sync(CONTACT, { facts: ANSWERED }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ cause: failure });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

describe('DynamoMetricsCounters', () => {
  const reader = new DynamoMetricsCounters(doc, TABLE);
  const dayItem = (day: string, counts: Record<string, number>) => ({
    pk: `METRICS#${day.slice(0, 4)}`,
    sk: `DAY#${day}`,
    entity: 'metrics-day',
    version: 1,
    ...counts,
  });

  it('reads a year of days with one Query on the year’s partition', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [dayItem('2026-03-02', { calls: 3, h09c: 3 })] });
    // Act
    const read = await reader.readDays('2026-01-01' as IsoDate, '2026-12-31' as IsoDate);
    // Assess
    expect(read).toEqual({ days: [{ day: '2026-03-02', counts: { calls: 3, h09c: 3 } }], requests: 1 });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: {
        ':pk': 'METRICS#2026',
        ':first': 'DAY#2026-01-01',
        ':last': 'DAY#2026-12-31',
      },
    });
  });

  it('reads one Query per calendar year a period touches, each clamped to the period', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });
    // Act
    const read = await reader.readDays('2025-11-15' as IsoDate, '2027-01-10' as IsoDate);
    // Assess
    expect(read.requests).toBe(3);
    expect(
      ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues),
    ).toEqual([
      { ':pk': 'METRICS#2025', ':first': 'DAY#2025-11-15', ':last': 'DAY#2025-12-31' },
      { ':pk': 'METRICS#2026', ':first': 'DAY#2026-01-01', ':last': 'DAY#2026-12-31' },
      { ':pk': 'METRICS#2027', ':first': 'DAY#2027-01-01', ':last': 'DAY#2027-01-10' },
    ]);
  });

  it('follows further pages and counts each as a request', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [dayItem('2026-01-02', { calls: 1 })], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolves({ Items: [dayItem('2026-01-03', { calls: 2 })] });
    // Act
    const read = await reader.readDays('2026-01-01' as IsoDate, '2026-01-31' as IsoDate);
    // Assess
    expect(read.requests).toBe(2);
    expect(read.days.map((day) => day.day)).toEqual(['2026-01-02', '2026-01-03']);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });

  it('refuses a day item that is not a counter item', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [{ ...dayItem('2026-01-02', {}), calls: 'many' }] });
    // Act
    const read = reader.readDays('2026-01-01' as IsoDate, '2026-01-31' as IsoDate);
    // Assess
    await expect(read).rejects.toBeInstanceOf(CorruptRecordError);
  });
});

describe('DynamoOutcomeStore with its counters', () => {
  const store = new DynamoOutcomeStore(doc, TABLE, outcomeCounterWrites(TABLE));
  const anOutcome = (overrides: Partial<RecordedOutcome> = {}): RecordedOutcome => ({
    contactId: CONTACT,
    revision: 1,
    codes: ['housing_allowance'],
    recordedAt: '2026-11-25T10:00:00.000Z',
    recordedBy: 'agent-sub',
    requestIds: ['req-1'],
    callDay: '2026-11-24' as IsoDate,
    ...overrides,
  });
  const correction = () => ({
    previous: anOutcome(),
    next: anOutcome({
      revision: 2,
      codes: ['instalment_plan'],
      caseResolution: 'housing_secured',
      caseId: 'case-1',
      requestIds: ['req-1', 'req-2'],
    }),
    expiresAt: 1_830_000_000,
    requestId: 'req-2',
  });

  it('adds the day counters of the first outcome to its transaction', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});
    // Act
    await store.save({ next: anOutcome(), expiresAt: 1_830_000_000, requestId: 'req-1' });
    // Assess
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.at(-1)).toEqual(dayUpdate(DAY_KEY, { withOutcome: 1, oc_housing_allowance: 1 }));
    expect(items[0]?.Put?.Item).toMatchObject({ callDay: '2026-11-24' });
  });

  it('puts only the difference to the replaced revision into a correction’s transaction', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});
    // Act
    await store.save(correction());
    // Assess
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.at(-1)).toEqual(
      dayUpdate(DAY_KEY, { oc_housing_allowance: -1, oc_instalment_plan: 1, secured: 1 }),
    );
  });

  it('sends the same transaction again, token and all, when only the day counters were busy', async () => {
    // Prepare: outcome, revision, call log, case resolution, then the counter item
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'None', 'None', 'TransactionConflict'))
      .resolves({});
    // Act
    await store.save(correction());
    // Assess
    const [first, second] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);
    expect(second).toEqual(first);
    expect(first?.ClientRequestToken).toBe(
      createHash('sha256').update(`${CONTACT}\nrequest:req-2`).digest('hex').slice(0, 36),
    );
  });

  it('gives the agent a stale answer when the counters stay busy', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'None', 'None', 'TransactionConflict'));
    // Act
    const attempt = store.save(correction());
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StaleOutcomeError);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });
});

describe('ConnectLiveQueue', () => {
  const queues = {
    urgent: queueArn('q-urgent'),
    general: queueArn('q-general'),
    callback: queueArn('q-callback'),
  };
  const clock = fixedClock('2026-11-24T09:00:00.000Z');
  const live = new ConnectLiveQueue(new ConnectClient({ region: 'eu-central-1' }), INSTANCE, queues, clock);
  const FILTERS = { Queues: ['q-urgent', 'q-general', 'q-callback'], Channels: ['VOICE'] };
  const BY_QUEUE: Partial<GetCurrentMetricDataCommandInput> = { Groupings: ['QUEUE'] };
  const SUMMARY = { CurrentMetrics: [...AGENT_METRICS] };
  const inputs = () => connect.commandCalls(GetCurrentMetricDataCommand).map((call) => call.args[0].input);

  it('asks Connect twice over the three queues, voice only: who waits grouped by queue, the agents ungrouped', async () => {
    // Prepare
    connect.on(GetCurrentMetricDataCommand).resolves(emptyPage());
    // Act
    await live.current();
    // Assess
    expect(connect).toHaveReceivedCommandTimes(GetCurrentMetricDataCommand, 2);
    expect(inputs()).toEqual(
      expect.arrayContaining([
        {
          InstanceId: INSTANCE,
          Filters: FILTERS,
          Groupings: ['QUEUE'],
          CurrentMetrics: [
            { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
            { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
          ],
        },
        {
          InstanceId: INSTANCE,
          Filters: FILTERS,
          CurrentMetrics: [
            { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
            { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
          ],
        },
      ]),
    );
  });

  it('reports each queue by name, with zeroes for a queue Connect left out, and the agents once', async () => {
    // Prepare: three agents on one routing profile serving urgent and general; grouped by queue,
    // Connect would count them in both
    connect
      .on(GetCurrentMetricDataCommand, BY_QUEUE)
      .resolves(byQueuePage([waiting('q-urgent', 2, 95.4), waiting('q-general', 0, 0)]))
      .on(GetCurrentMetricDataCommand, SUMMARY)
      .resolves(summaryPage(agentCounts(1, 3)));
    // Act
    const report = await live.current();
    // Assess
    expect(report).toEqual({
      at: '2026-11-24T09:00:00.000Z',
      queues: [
        { queue: 'urgent', contactsInQueue: 2, oldestContactAgeSeconds: 95 },
        { queue: 'general', contactsInQueue: 0, oldestContactAgeSeconds: null },
        { queue: 'callback', contactsInQueue: 0, oldestContactAgeSeconds: null },
      ],
      agents: { available: 1, online: 3 },
    });
  });

  it('takes the agents from the summary whether it carries an empty dimensions field or none', async () => {
    // Prepare: two routing profiles, A (2 agents) for urgent and general, B (3 agents) for general
    // and callback: grouped by queue they would count 2, 5 and 3; the summary counts 5 agents
    connect
      .on(GetCurrentMetricDataCommand, BY_QUEUE)
      .resolves(
        byQueuePage([waiting('q-urgent', 1, 12), waiting('q-general', 3, 40), waiting('q-callback', 0, 0)]),
      )
      .on(GetCurrentMetricDataCommand, SUMMARY)
      .resolves(summaryPage(agentCounts(2, 5), { dimensions: 'absent' }));
    // Act
    const report = await live.current();
    // Assess
    expect(report.agents).toEqual({ available: 2, online: 5 });
    expect(report.queues.map((queue) => queue.contactsInQueue)).toEqual([1, 3, 0]);
  });

  it('reports no agents when the summary is empty', async () => {
    // Prepare
    connect
      .on(GetCurrentMetricDataCommand, BY_QUEUE)
      .resolves(byQueuePage([waiting('q-urgent', 1, 5)]))
      .on(GetCurrentMetricDataCommand, SUMMARY)
      .resolves(emptyPage());
    // Act
    const report = await live.current();
    // Assess
    expect(report.agents).toEqual({ available: 0, online: 0 });
    expect(report.queues[0]).toEqual({ queue: 'urgent', contactsInQueue: 1, oldestContactAgeSeconds: 5 });
  });

  it('follows further pages of both requests, each with its own token and the same parameters', async () => {
    // Prepare
    connect
      .on(GetCurrentMetricDataCommand, BY_QUEUE)
      .resolvesOnce(byQueuePage([], 'queues-2'))
      .resolves(byQueuePage([waiting('q-callback', 4, 61)]))
      .on(GetCurrentMetricDataCommand, SUMMARY)
      .resolvesOnce(emptyPage('agents-2'))
      .resolves(summaryPage(agentCounts(0, 2)));
    // Act
    const report = await live.current();
    // Assess
    expect(connect).toHaveReceivedCommandTimes(GetCurrentMetricDataCommand, 4);
    const grouped = inputs().filter((input) => input.Groupings !== undefined);
    const ungrouped = inputs().filter((input) => input.Groupings === undefined);
    expect(grouped.map((input) => input.NextToken)).toEqual([undefined, 'queues-2']);
    expect(ungrouped.map((input) => input.NextToken)).toEqual([undefined, 'agents-2']);
    expect(new Set(grouped.map(({ NextToken: _, ...rest }) => JSON.stringify(rest))).size).toBe(1);
    expect(new Set(ungrouped.map(({ NextToken: _, ...rest }) => JSON.stringify(rest))).size).toBe(1);
    expect(report.queues[2]).toEqual({ queue: 'callback', contactsInQueue: 4, oldestContactAgeSeconds: 61 });
    expect(report.agents).toEqual({ available: 0, online: 2 });
  });

  it('asks nothing when no queue is configured', async () => {
    // Act
    const report = await new ConnectLiveQueue(new ConnectClient({}), INSTANCE, {}, clock).current();
    // Assess
    expect(report).toEqual({
      at: '2026-11-24T09:00:00.000Z',
      queues: [],
      agents: { available: 0, online: 0 },
    });
    expect(connect.calls()).toHaveLength(0);
  });
});

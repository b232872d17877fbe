import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCallLogCompletion } from '../../shared/adapters/dynamodb/call-log-completion.ts';
import { fromCallTimelineItem } from '../../shared/adapters/dynamodb/entities/call.ts';
import { CorruptRecordError, StoreUnavailableError } from '../../shared/domain/errors.ts';
import type { CallLogEntry } from '../../shared/ports/call-log-completion.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);

const TABLE = 'test-Calls';
const RETENTION_DAYS = 30;
const store = new DynamoCallLogCompletion(doc, TABLE, RETENTION_DAYS);
/** Written out here, not with the entity modules: the key format is part of the stored contract. */
const CALL_KEY = { pk: 'CALL#c-1', sk: 'LOG' };
const INITIATED_AT = new Date('2026-11-24T09:00:00.000Z');
const EXPIRES_AT = INITIATED_AT.getTime() / 1000 + RETENTION_DAYS * 86_400;

const aDisconnectEntry = (): CallLogEntry => ({
  initialContactId: 'c-1',
  contactId: 'c-2',
  channel: 'VOICE',
  initiated: { at: INITIATED_AT, afterHours: false },
  queued: { at: new Date('2026-11-24T09:00:40.000Z'), queue: 'urgent' },
  answeredAt: new Date('2026-11-24T09:02:10.500Z'),
  disconnected: { at: new Date('2026-11-24T09:09:30.000Z'), reason: 'CUSTOMER_DISCONNECT' },
});

const aCallItem = (sets: Record<string, string[]>) => ({
  ...CALL_KEY,
  entity: 'call',
  version: 1,
  receivedAt: '2026-11-24T09:00:01.000Z',
  ...Object.fromEntries(Object.entries(sets).map(([name, entries]) => [name, new Set(entries)])),
});

beforeEach(() => {
  ddb.reset();
});

describe('DynamoCallLogCompletion', () => {
  it('adds every milestone of an event with one UpdateItem: set unions, first-write-wins for the rest', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: aCallItem({}) });
    // Act
    await store.complete(aDisconnectEntry());
    // Assess
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    // What is written, not how the expression spells it: that every order of the events, each
    // delivered again, gives the same item is pinned on DynamoDB Local
    // (test/integration/contact-events.test.ts). toEqual: the matchers' partial comparison does
    // not look inside Sets.
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ TableName: TABLE, Key: CALL_KEY });
    expect(input?.ExpressionAttributeValues).toEqual({
      ':entity': 'call',
      ':version': 1,
      ':channel': 'VOICE',
      ':expiresAt': EXPIRES_AT,
      ':contactIds': new Set(['c-2']),
      ':initiations': new Set(['2026-11-24T09:00:00.000Z#open']),
      ':enqueues': new Set(['2026-11-24T09:00:40.000Z#urgent']),
      ':answers': new Set(['2026-11-24T09:02:10.500Z']),
      ':disconnects': new Set(['2026-11-24T09:09:30.000Z#CUSTOMER_DISCONNECT']),
    });
    expect(input?.ReturnValues).toBe('ALL_NEW');
  });

  it('sends no condition and reads nothing first', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: aCallItem({}) });
    // Act
    await store.complete(aDisconnectEntry());
    // Assess
    expect(ddb.calls()).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toBeUndefined();
  });

  it('adds only the sets the event has milestones for, and times the TTL by the earliest one', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: aCallItem({}) });
    const queuedAt = new Date('2026-11-24T09:00:40.000Z');
    // Act
    await store.complete({
      initialContactId: 'c-1',
      contactId: 'c-1',
      channel: 'VOICE',
      queued: { at: queuedAt },
    });
    // Assess
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).toMatch(/ ADD #contactIds :contactIds, #enqueues :enqueues$/);
    expect(input?.ExpressionAttributeValues?.[':enqueues']).toEqual(new Set(['2026-11-24T09:00:40.000Z']));
    expect(input?.ExpressionAttributeValues?.[':expiresAt']).toBe(
      queuedAt.getTime() / 1000 + RETENTION_DAYS * 86_400,
    );
  });

  it('marks an initiation outside the opening hours as closed', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: aCallItem({}) });
    // Act
    await store.complete({ ...aDisconnectEntry(), initiated: { at: INITIATED_AT, afterHours: true } });
    // Assess
    expect(
      ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':initiations'],
    ).toEqual(new Set(['2026-11-24T09:00:00.000Z#closed']));
  });

  it('returns the timeline of the whole item as it now stands', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({
      Attributes: aCallItem({
        initiations: ['2026-11-24T09:00:00.000Z#open'],
        enqueues: ['2026-11-24T09:00:40.000Z#urgent'],
        disconnects: ['2026-11-24T09:03:10.000Z#CUSTOMER_DISCONNECT'],
      }),
    });
    // Act
    const { timeline } = await store.complete(aDisconnectEntry());
    // Assess
    expect(timeline).toEqual({
      initiatedAt: new Date('2026-11-24T09:00:00.000Z'),
      afterHours: false,
      queuedAt: new Date('2026-11-24T09:00:40.000Z'),
      queue: 'urgent',
      answeredAt: undefined,
      disconnectedAt: new Date('2026-11-24T09:03:10.000Z'),
      disconnectReason: 'CUSTOMER_DISCONNECT',
      waitSeconds: 150,
      handleSeconds: undefined,
      abandoned: true,
    });
  });

  it('returns what the counters need of the item, from the same answer, and what it says is counted', async () => {
    // Prepare
    const counted = { day: '2026-11-24', counts: { calls: 1, h10c: 1 } };
    ddb.on(UpdateCommand).resolves({
      Attributes: {
        ...aCallItem({ disconnects: ['2026-11-24T09:03:10.000Z#CUSTOMER_DISCONNECT'] }),
        counted,
      },
    });
    // Act
    const { counting } = await store.complete(aDisconnectEntry());
    // Assess
    expect(ddb.calls()).toHaveLength(1);
    expect(counting).toEqual({
      facts: {
        timeline: expect.objectContaining({ disconnectedAt: new Date('2026-11-24T09:03:10.000Z') }),
        receivedAt: new Date('2026-11-24T09:00:01.000Z'),
      },
      counted,
    });
  });

  it('refuses an item whose record of what is counted is malformed', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({
      Attributes: { ...aCallItem({}), counted: { day: '2026-02-30', counts: { calls: 1 } } },
    });
    // Act
    const attempt = store.complete(aDisconnectEntry());
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CorruptRecordError);
  });

  it('turns an SDK failure into StoreUnavailableError with the SDK error as cause', async () => {
    // Prepare
    const sdkError = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    ddb.on(UpdateCommand).rejects(sdkError);
    // Act
    const attempt = store.complete(aDisconnectEntry());
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toMatchObject({ cause: sdkError });
  });
});

describe('fromCallTimelineItem', () => {
  it('takes the earliest initiation, enqueue and answer and the latest disconnect of a transferred call', () => {
    // Act
    const timeline = fromCallTimelineItem(
      aCallItem({
        initiations: ['2026-11-24T09:05:00.000Z#open', '2026-11-24T09:00:00.000Z#open'],
        enqueues: ['2026-11-24T09:05:02.000Z#general', '2026-11-24T09:00:40.000Z#urgent'],
        answers: ['2026-11-24T09:06:00.000Z', '2026-11-24T09:02:10.000Z'],
        disconnects: ['2026-11-24T09:05:00.000Z#OTHER', '2026-11-24T09:20:00.000Z#AGENT_DISCONNECT'],
      }),
    );
    // Assess
    expect(timeline).toMatchObject({
      initiatedAt: new Date('2026-11-24T09:00:00.000Z'),
      queuedAt: new Date('2026-11-24T09:00:40.000Z'),
      queue: 'urgent',
      answeredAt: new Date('2026-11-24T09:02:10.000Z'),
      disconnectedAt: new Date('2026-11-24T09:20:00.000Z'),
      disconnectReason: 'AGENT_DISCONNECT',
      waitSeconds: 90,
      handleSeconds: 1070,
    });
  });

  it('prefers the entry that names a queue or reason when two share an instant', () => {
    // Act
    const timeline = fromCallTimelineItem(
      aCallItem({
        enqueues: ['2026-11-24T09:00:40.000Z', '2026-11-24T09:00:40.000Z#urgent'],
        disconnects: ['2026-11-24T09:03:10.000Z#CUSTOMER_DISCONNECT', '2026-11-24T09:03:10.000Z'],
      }),
    );
    // Assess
    expect(timeline).toMatchObject({ queue: 'urgent', disconnectReason: 'CUSTOMER_DISCONNECT' });
  });

  it('reads an item identify-caller wrote before any event as a timeline with nothing in it', () => {
    // Act
    const timeline = fromCallTimelineItem(aCallItem({}));
    // Assess
    expect(timeline).toEqual({
      initiatedAt: undefined,
      afterHours: undefined,
      queuedAt: undefined,
      queue: undefined,
      answeredAt: undefined,
      disconnectedAt: undefined,
      disconnectReason: undefined,
      waitSeconds: undefined,
      handleSeconds: undefined,
      abandoned: false,
    });
  });

  it('refuses an entry that is not an instant', () => {
    // Act
    const read = () => fromCallTimelineItem(aCallItem({ answers: ['yesterday'] }));
    // Assess
    expect(read).toThrow(CorruptRecordError);
  });
});

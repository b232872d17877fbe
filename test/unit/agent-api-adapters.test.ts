import { createHash, createHmac } from 'node:crypto';
import {
  ConnectClient,
  GetContactAttributesCommand,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  IdempotentParameterMismatchException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectContactAttributes } from '../../shared/adapters/connect/contact-attributes.ts';
import { DynamoCallRecords } from '../../shared/adapters/dynamodb/call-records.ts';
import { callKeys } from '../../shared/adapters/dynamodb/entities/call.ts';
import { outcomeKeys } from '../../shared/adapters/dynamodb/entities/call-outcome.ts';
import { nameEntryKey } from '../../shared/adapters/dynamodb/entities/name-entry.ts';
import { tenancyFileKey } from '../../shared/adapters/dynamodb/entities/tenancy-file.ts';
import { DynamoOutcomeStore } from '../../shared/adapters/dynamodb/outcome-store.ts';
import { DynamoTenancyDirectory } from '../../shared/adapters/dynamodb/tenancy-directory.ts';
import {
  CaseAlreadyResolvedError,
  ContactNotFoundError,
  CorruptRecordError,
  StaleOutcomeError,
  StoreUnavailableError,
  TenancyConflictError,
} from '../../shared/domain/errors.ts';
import type { RecordedOutcome } from '../../shared/domain/outcomes.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import type { OutcomeChange } from '../../shared/ports/outcome-store.ts';
import { aListedTenancyFile } from '../fixtures/tenancy-files.ts';
import { TEST_HASH_KEY, testHasher, testHashing } from '../support/hash-keys.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const connect = mockClient(ConnectClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);

const TABLE = 'test-Calls';
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const TENANCY = '100200300' as TenancyId;
const EXPIRES = 1_830_000_000;
/** Computed here, not with the adapter: the token's derivation is part of the retry contract. */
const token = (suffix: string) =>
  createHash('sha256').update(`${CONTACT}\n${suffix}`).digest('hex').slice(0, 36);

const anOutcome = (overrides: Partial<RecordedOutcome> = {}): RecordedOutcome => ({
  contactId: CONTACT,
  revision: 1,
  codes: ['housing_allowance', 'fund_application'],
  note: 'Antrag besprochen',
  followUp: { kind: 'consultation', at: '2026-11-26T09:00:00.000Z' },
  recordedAt: '2026-11-25T10:00:00.000Z',
  recordedBy: 'agent-sub',
  requestIds: ['r-1'],
  ...overrides,
});

const outcomeAttributes = (outcome: RecordedOutcome) => ({
  entity: 'call-outcome',
  version: 1,
  contactId: outcome.contactId,
  revision: outcome.revision,
  codes: outcome.codes,
  ...(outcome.note ? { note: outcome.note } : {}),
  ...(outcome.followUp ? { followUp: outcome.followUp } : {}),
  ...(outcome.caseResolution ? { caseResolution: outcome.caseResolution } : {}),
  ...(outcome.caseId ? { caseId: outcome.caseId } : {}),
  recordedAt: outcome.recordedAt,
  recordedBy: outcome.recordedBy,
  requestIds: outcome.requestIds,
  expiresAt: EXPIRES,
});

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

/** Computed here, not with the entity modules: the key format (key version, `#`, HMAC prefix) is part of the stored contract. */
const hashOf = (phone: string) =>
  `${TEST_HASH_KEY.version}#${createHmac('sha256', TEST_HASH_KEY.secret).update(phone).digest('hex').slice(0, 32)}`;

/** The read model's pointer to the active generation, as the directory reads it first. */
const servePointer = (generation: string) =>
  ddb.on(GetCommand, { Key: { pk: 'READMODEL', sk: 'ACTIVE' } }).resolves({
    Item: {
      pk: 'READMODEL',
      sk: 'ACTIVE',
      entity: 'read-model-pointer',
      version: 1,
      generation,
      activatedAt: '2026-11-25T08:00:00.000Z',
      counts: { tenancies: 2, cases: 0, openCases: 0, phoneNumbers: 3 },
      hashKeyVersion: TEST_HASH_KEY.version,
    },
  });

describe('DynamoOutcomeStore: the transaction', () => {
  it('writes a first outcome only if none exists, and puts its summary and tenancy on the call log', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});
    const store = new DynamoOutcomeStore(doc, TABLE);
    const next = anOutcome();
    // Act
    await store.save({ next, expiresAt: EXPIRES, tenancyId: TENANCY, requestId: 'r-1' });
    // Assess
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input).toEqual({
      ClientRequestToken: token('request:r-1'),
      TransactItems: [
        {
          Put: {
            TableName: TABLE,
            Item: { pk: `CALL#${CONTACT}`, sk: 'OUTCOME#CURRENT', ...outcomeAttributes(next) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: TABLE,
            Key: { pk: `CALL#${CONTACT}`, sk: 'LOG' },
            UpdateExpression: 'SET #outcome = :outcome, #tenancyId = :tenancyId, #tenancyKey = :tenancyKey',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: {
              '#outcome': 'outcome',
              '#tenancyId': 'tenancyId',
              '#tenancyKey': 'tenancyKey',
            },
            ExpressionAttributeValues: {
              ':outcome': {
                codes: ['housing_allowance', 'fund_application'],
                note: 'Antrag besprochen',
                recordedAt: '2026-11-25T10:00:00.000Z',
                revision: 1,
              },
              ':tenancyId': TENANCY,
              ':tenancyKey': `TENANCY#${TENANCY}`,
            },
          },
        },
      ],
    });
  });

  it('replaces revision n only if it is still current, keeps n as history, and closes the case', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});
    const store = new DynamoOutcomeStore(doc, TABLE);
    const previous = anOutcome({ revision: 1, requestIds: [] });
    const next = anOutcome({
      revision: 2,
      codes: ['fund_application'],
      note: undefined,
      followUp: undefined,
      caseResolution: 'housing_secured',
      caseId: 'C-7',
      requestIds: [],
    });
    const change: OutcomeChange = {
      next,
      previous,
      expiresAt: EXPIRES,
      caseResolution: {
        put: {
          caseId: 'C-7',
          tenancyId: TENANCY,
          resolution: 'housing_secured',
          contactId: CONTACT,
          recordedAt: next.recordedAt,
        },
      },
    };
    // Act
    await store.save(change);
    // Assess
    const input = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    expect(input?.ClientRequestToken).toBe(token('revision:2'));
    expect(input?.TransactItems).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: { pk: `CALL#${CONTACT}`, sk: 'OUTCOME#CURRENT', ...outcomeAttributes(next) },
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':revision': 1 },
        },
      },
      {
        Put: {
          TableName: TABLE,
          Item: { pk: `CALL#${CONTACT}`, sk: 'OUTCOME#V0001', ...outcomeAttributes(previous) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: TABLE,
          Key: { pk: `CALL#${CONTACT}`, sk: 'LOG' },
          UpdateExpression: 'SET #outcome = :outcome',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#outcome': 'outcome' },
          ExpressionAttributeValues: {
            ':outcome': {
              codes: ['fund_application'],
              caseResolution: 'housing_secured',
              recordedAt: '2026-11-25T10:00:00.000Z',
              revision: 2,
            },
          },
        },
      },
      {
        Put: {
          TableName: TABLE,
          Item: {
            pk: 'CASE#C-7',
            sk: 'RESOLUTION',
            entity: 'case-resolution',
            version: 1,
            caseId: 'C-7',
            tenancyId: TENANCY,
            resolution: 'housing_secured',
            contactId: CONTACT,
            recordedAt: '2026-11-25T10:00:00.000Z',
            expiresAt: EXPIRES,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #contactId = :contactId',
          ExpressionAttributeNames: { '#contactId': 'contactId' },
          ExpressionAttributeValues: { ':contactId': CONTACT },
        },
      },
    ]);
  });

  it('deletes a resolution an earlier revision set, only if this call set it', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const store = new DynamoOutcomeStore(doc, TABLE);
    await store.save({
      next: anOutcome({ revision: 2 }),
      previous: anOutcome({ revision: 1, caseResolution: 'housing_lost', caseId: 'C-7' }),
      expiresAt: EXPIRES,
      caseResolution: { remove: { caseId: 'C-7' } },
    });
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.at(-1)).toEqual({
      Delete: {
        TableName: TABLE,
        Key: { pk: 'CASE#C-7', sk: 'RESOLUTION' },
        ConditionExpression: 'attribute_not_exists(pk) OR #contactId = :contactId',
        ExpressionAttributeNames: { '#contactId': 'contactId' },
        ExpressionAttributeValues: { ':contactId': CONTACT },
      },
    });
  });

  it('adds the counter writes of the seam to the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const counter = {
      Update: { TableName: 'metrics', Key: { pk: 'M', sk: 'DAY' }, UpdateExpression: 'ADD n :one' },
    };
    const store = new DynamoOutcomeStore(doc, TABLE, () => [counter]);
    await store.save({ next: anOutcome(), expiresAt: EXPIRES });
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.at(-1)).toEqual(counter);
  });
});

describe('DynamoOutcomeStore: refusals become domain errors', () => {
  const correction = (): OutcomeChange => ({
    next: anOutcome({ revision: 2 }),
    previous: anOutcome({ revision: 1 }),
    expiresAt: EXPIRES,
    caseResolution: {
      put: {
        caseId: 'C-7',
        tenancyId: TENANCY,
        resolution: 'housing_lost',
        contactId: CONTACT,
        recordedAt: 'x',
      },
    },
  });

  it.each([
    ['the current revision moved on', ['ConditionalCheckFailed', 'None', 'None', 'None'], StaleOutcomeError],
    [
      'the history item exists already',
      ['None', 'ConditionalCheckFailed', 'None', 'None'],
      StaleOutcomeError,
    ],
    ['the call log is gone', ['None', 'None', 'ConditionalCheckFailed', 'None'], ContactNotFoundError],
    [
      'another call closed the case',
      ['None', 'None', 'None', 'ConditionalCheckFailed'],
      CaseAlreadyResolvedError,
    ],
    ['another transaction was in flight', ['TransactionConflict', 'None', 'None', 'None'], StaleOutcomeError],
  ])('when %s', async (_case, codes, expected) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...codes));
    const store = new DynamoOutcomeStore(doc, TABLE);
    await expect(store.save(correction())).rejects.toBeInstanceOf(expected);
  });

  it('treats a token reused with other values as a stale write', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(new IdempotentParameterMismatchException({ message: 'mismatch', $metadata: {} }));
    const store = new DynamoOutcomeStore(doc, TABLE);
    await expect(store.save(correction())).rejects.toBeInstanceOf(StaleOutcomeError);
  });

  it('wraps any other failure as the store being unavailable, with the cause', async () => {
    const failure = new Error('socket hang up');
    ddb.on(TransactWriteCommand).rejects(failure);
    const store = new DynamoOutcomeStore(doc, TABLE);
    const error = await store.save(correction()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).cause).toBe(failure);
  });
});

describe('DynamoOutcomeStore: reads', () => {
  it('reads the current outcome consistently and parses it', async () => {
    const outcome = anOutcome();
    ddb
      .on(GetCommand)
      .resolves({ Item: { pk: `CALL#${CONTACT}`, sk: 'OUTCOME#CURRENT', ...outcomeAttributes(outcome) } });
    const store = new DynamoOutcomeStore(doc, TABLE);
    expect(await store.current(CONTACT)).toEqual(outcome);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: `CALL#${CONTACT}`, sk: 'OUTCOME#CURRENT' },
      ConsistentRead: true,
    });
  });

  it('refuses a stored outcome that does not match its schema', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { pk: `CALL#${CONTACT}`, sk: 'OUTCOME#CURRENT', entity: 'call-outcome' } });
    const store = new DynamoOutcomeStore(doc, TABLE);
    await expect(store.current(CONTACT)).rejects.toBeInstanceOf(CorruptRecordError);
  });
});

describe('DynamoCallRecords', () => {
  const aCallItem = (contactId: string, receivedAt: string, extra: Record<string, unknown> = {}) => ({
    pk: `CALL#${contactId}`,
    sk: 'LOG',
    entity: 'call',
    version: 1,
    receivedAt,
    channel: 'VOICE',
    expiresAt: EXPIRES,
    contactIds: new Set([contactId]),
    lookupModes: new Set(['phone']),
    ...extra,
  });

  it('reads a call log with what identify-caller logged of the caller, and its outcome, in one consistent Query', async () => {
    const hash = `test1#${'a'.repeat(32)}`;
    const outcome = anOutcome();
    ddb.on(QueryCommand).resolves({
      Items: [
        aCallItem(CONTACT, '2026-11-25T10:00:00.000Z', {
          callerKey: `PHONE#${hash}`,
          keyedTenancyId: TENANCY,
          queuedAt: 'x',
        }),
        { pk: `CALL#${CONTACT}`, sk: 'OUTCOME#CURRENT', ...outcomeAttributes(outcome) },
      ],
    });
    const calls = new DynamoCallRecords(doc, TABLE);
    expect(await calls.findWithOutcome(CONTACT)).toEqual({
      call: {
        contactId: CONTACT,
        receivedAt: '2026-11-25T10:00:00.000Z',
        // The day the metrics count the call on: no INITIATED event yet, so identify-caller's.
        day: '2026-11-25',
        expiresAt: EXPIRES,
        callerPhoneHash: hash,
        keyedTenancyId: TENANCY,
        timeline: { abandoned: false },
      },
      outcome,
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `CALL#${CONTACT}`, ':from': 'LOG', ':to': 'OUTCOME#CURRENT' },
      ConsistentRead: true,
    });
  });

  it('answers a call without an outcome, and nothing for an outcome without its call log', async () => {
    const calls = new DynamoCallRecords(doc, TABLE);
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [aCallItem(CONTACT, '2026-11-25T10:00:00.000Z')] })
      .resolvesOnce({
        Items: [{ pk: `CALL#${CONTACT}`, sk: 'OUTCOME#CURRENT', ...outcomeAttributes(anOutcome()) }],
      });
    expect((await calls.findWithOutcome(CONTACT))?.outcome).toBeUndefined();
    expect(await calls.findWithOutcome(CONTACT)).toBeUndefined();
  });

  it('ranges over the call log and the current outcome only: the revisions sort after it', () => {
    const range = outcomeKeys.withCallLog(CONTACT);
    expect([range.from, range.to]).toEqual([callKeys.log(CONTACT).sk, outcomeKeys.current(CONTACT).sk]);
    expect(outcomeKeys.revision(CONTACT, 1).sk > range.to).toBe(true);
    expect(outcomeKeys.revision(CONTACT, 9999).sk > range.to).toBe(true);
  });

  it('attaches a tenancy with a conditional update that never creates a call log', async () => {
    ddb.on(UpdateCommand).resolves({});
    const calls = new DynamoCallRecords(doc, TABLE);
    await calls.attachTenancy(CONTACT, TENANCY);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { pk: `CALL#${CONTACT}`, sk: 'LOG' },
      UpdateExpression: 'SET #tenancyId = :tenancyId, #tenancyKey = :tenancyKey',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':tenancyId': TENANCY, ':tenancyKey': `TENANCY#${TENANCY}` },
    });
  });

  it("records an agent's tenancy and files the call under it in one conditional update", async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const calls = new DynamoCallRecords(doc, TABLE);
    // Act
    await calls.attachAgentTenancy(CONTACT, TENANCY, {});
    // Assess
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { pk: `CALL#${CONTACT}`, sk: 'LOG' },
      UpdateExpression:
        'SET #agentTenancyId = :tenancyId, #tenancyId = :tenancyId, #tenancyKey = :tenancyKey',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(#agentTenancyId) OR #agentTenancyId = :tenancyId)',
      ExpressionAttributeValues: { ':tenancyId': TENANCY, ':tenancyKey': `TENANCY#${TENANCY}` },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it("replaces an agent's earlier choice only if it is still that one and its case not closed by this call", async () => {
    ddb.on(UpdateCommand).resolves({});
    const calls = new DynamoCallRecords(doc, TABLE);
    await calls.attachAgentTenancy(CONTACT, TENANCY, { replaces: '100200399' as TenancyId });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression:
        'attribute_exists(pk) AND ((#agentTenancyId = :replaces AND attribute_not_exists(#outcome.#caseResolution)) OR #agentTenancyId = :tenancyId)',
      ExpressionAttributeValues: {
        ':tenancyId': TENANCY,
        ':tenancyKey': `TENANCY#${TENANCY}`,
        ':replaces': '100200399',
      },
    });
  });

  it.each([
    ['a call that changed meanwhile', { pk: { S: `CALL#${CONTACT}` } }, TenancyConflictError],
    ['a call log that is gone', undefined, ContactNotFoundError],
  ])("reports %s when attaching an agent's tenancy", async (_case, item, expected) => {
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'no',
        $metadata: {},
        ...(item ? { Item: item } : {}),
      }),
    );
    const calls = new DynamoCallRecords(doc, TABLE);
    const error = await calls.attachAgentTenancy(CONTACT, TENANCY, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(expected);
    expect((error as Error).cause).toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('reports a call log that is gone when attaching', async () => {
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    const calls = new DynamoCallRecords(doc, TABLE);
    await expect(calls.attachTenancy(CONTACT, TENANCY)).rejects.toBeInstanceOf(ContactNotFoundError);
  });

  it('lists the keys the callsByTenancy index keeps under the tenancy and each of its numbers', async () => {
    // Prepare
    const first = '+436601234567' as E164;
    const second = '+436609876543' as E164;
    const filed = (contactId: string, receivedAt: string, tenancyKey: string) => ({
      pk: `CALL#${contactId}`,
      sk: 'LOG',
      tenancyKey,
      receivedAt,
    });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':tenancyKey': `TENANCY#${TENANCY}` } })
      .resolves({ Items: [filed('t-1', '2026-11-24T10:00:00.000Z', `TENANCY#${TENANCY}`)] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':tenancyKey': `PHONE#${hashOf(first)}` } })
      .resolves({ Items: [filed('n-1', '2026-11-25T10:00:00.000Z', `PHONE#${hashOf(first)}`)] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':tenancyKey': `PHONE#${hashOf(second)}` } })
      .resolves({ Items: [] });
    const calls = new DynamoCallRecords(doc, TABLE);
    // Act
    const listed = await calls.listFiledUnder(
      { tenancyId: TENANCY, phoneHashes: [hashOf(first), hashOf(second), hashOf(first)] },
      { limit: 3 },
    );
    // Assess: one Query per filing (a number listed twice once), newest first, no filter.
    expect(listed).toEqual([
      { contactId: 't-1', receivedAt: '2026-11-24T10:00:00.000Z', filing: { tenancyId: TENANCY } },
      { contactId: 'n-1', receivedAt: '2026-11-25T10:00:00.000Z', filing: { phoneHash: hashOf(first) } },
    ]);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 3);
    for (const call of ddb.commandCalls(QueryCommand)) {
      const { input } = call.args[0];
      expect(input).toMatchObject({
        TableName: TABLE,
        IndexName: 'callsByTenancy',
        KeyConditionExpression: '#tenancyKey = :tenancyKey',
        ScanIndexForward: false,
        Limit: 3,
      });
      expect(input.FilterExpression).toBeUndefined();
    }
  });

  it('reads the listed logs in one BatchGetItem, retries what DynamoDB left unprocessed, drops expired ones', async () => {
    // Prepare: the first answer leaves one key unprocessed; one log is past retention.
    const now = new Date('2026-11-25T12:00:00Z');
    const expired = Math.floor(now.getTime() / 1000) - 1;
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: {
          [TABLE]: [
            aCallItem('c-1', '2026-11-24T10:00:00.000Z'),
            aCallItem('c-2', '2026-11-23T10:00:00.000Z', { expiresAt: expired }),
          ],
        },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'CALL#c-3', sk: 'LOG' }] } },
      })
      .resolvesOnce({ Responses: { [TABLE]: [aCallItem('c-3', '2026-11-22T10:00:00.000Z')] } });
    const calls = new DynamoCallRecords(doc, TABLE);
    // Act
    const found = await calls.findMany(['c-1', 'c-2', 'c-3', 'c-1'], { now });
    // Assess
    expect(found.map((call) => call.contactId)).toEqual(['c-1', 'c-3']);
    const requests = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems);
    expect(requests).toEqual([
      {
        [TABLE]: {
          Keys: [
            { pk: 'CALL#c-1', sk: 'LOG' },
            { pk: 'CALL#c-2', sk: 'LOG' },
            { pk: 'CALL#c-3', sk: 'LOG' },
          ],
        },
      },
      { [TABLE]: { Keys: [{ pk: 'CALL#c-3', sk: 'LOG' }] } },
    ]);
  });

  it('gives up with a store error when DynamoDB keeps leaving keys unprocessed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolves({ UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'CALL#c-1', sk: 'LOG' }] } } });
    vi.useFakeTimers();
    try {
      const calls = new DynamoCallRecords(doc, TABLE);
      const read = calls
        .findMany(['c-1'], { now: new Date('2026-11-25T12:00:00Z') })
        .catch((e: unknown) => e);
      await vi.runAllTimersAsync();
      expect(await read).toBeInstanceOf(StoreUnavailableError);
      expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 8);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('DynamoCallRecords: what a call log says of the call', () => {
  it('reads the filing and the course of the call from the contact-event milestones', async () => {
    // Prepare: filed under the caller's number; queued, given up after 40 s.
    const hash = `test1#${'b'.repeat(32)}`;
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          pk: `CALL#${CONTACT}`,
          sk: 'LOG',
          entity: 'call',
          version: 1,
          receivedAt: '2026-11-25T10:00:01.000Z',
          expiresAt: EXPIRES,
          callerKey: `PHONE#${hash}`,
          tenancyKey: `PHONE#${hash}`,
          initiations: new Set(['2026-11-25T10:00:00.000Z#open']),
          enqueues: new Set(['2026-11-25T10:00:20.000Z#general']),
          disconnects: new Set(['2026-11-25T10:01:00.000Z#CUSTOMER_DISCONNECT']),
        },
      ],
    });
    const calls = new DynamoCallRecords(doc, TABLE);
    // Act
    const found = await calls.findWithOutcome(CONTACT);
    // Assess
    expect(found?.call.filing).toEqual({ phoneHash: hash });
    expect(found?.call.timeline).toMatchObject({
      afterHours: false,
      queue: 'general',
      queuedAt: new Date('2026-11-25T10:00:20.000Z'),
      disconnectReason: 'CUSTOMER_DISCONNECT',
      waitSeconds: 40,
      abandoned: true,
    });
  });

  it('reads a filing under a tenancy, and none from a key of another shape', async () => {
    const item = (tenancyKey: string) => ({
      pk: `CALL#${CONTACT}`,
      sk: 'LOG',
      entity: 'call',
      version: 1,
      expiresAt: EXPIRES,
      tenancyKey,
    });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item(`TENANCY#${TENANCY}`)] })
      .resolvesOnce({ Items: [item('TENANCY#12')] });
    const calls = new DynamoCallRecords(doc, TABLE);
    expect((await calls.findWithOutcome(CONTACT))?.call.filing).toEqual({ tenancyId: TENANCY });
    expect((await calls.findWithOutcome(CONTACT))?.call.filing).toBeUndefined();
  });
});

describe('DynamoTenancyDirectory.ownPhoneHashes', () => {
  it('answers the hashes of the numbers no other tenancy lists, without reading the one known', async () => {
    // Prepare: three numbers: the one that found the caller, one of the tenancy alone, one shared.
    const [known, alone, shared] = ['+436641234567', '+436641234568', '+43140008000'];
    const file = aListedTenancyFile({ tenancyId: TENANCY, phoneNumbers: [known, alone, shared] });
    const neighbour = aListedTenancyFile({ tenancyId: '100200399', phoneNumbers: [shared] });
    const entry = (phone: string, files: unknown[]) => ({
      Item: { pk: `G#gen-1#PHONE#${hashOf(phone)}`, sk: 'FILES', entity: 'phone-entry', version: 2, files },
    });
    servePointer('gen-1');
    ddb
      .on(GetCommand, { Key: { pk: `G#gen-1#PHONE#${hashOf(alone)}`, sk: 'FILES' } })
      .resolves(entry(alone, [file]));
    ddb
      .on(GetCommand, { Key: { pk: `G#gen-1#PHONE#${hashOf(shared)}`, sk: 'FILES' } })
      .resolves(entry(shared, [file, neighbour]));
    const directory = new DynamoTenancyDirectory(doc, {
      table: 'test-ReadModel',
      pointerCacheSeconds: 60,
      clock: fixedClock('2026-11-25T10:00:00Z'),
      hashing: testHashing(),
    });
    // Act
    const own = await directory.ownPhoneHashes(file, { knownOwn: hashOf(known) });
    // Assess
    expect(own).toEqual([hashOf(known), hashOf(alone)]);
    expect(ddb).not.toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: `G#gen-1#PHONE#${hashOf(known)}`, sk: 'FILES' },
    });
  });
});

describe('DynamoTenancyDirectory.findByPhoneHash', () => {
  it('reads the phone entry of the active generation by the hash', async () => {
    // Prepare
    const hash = hashOf('+436641234567');
    const file = aListedTenancyFile();
    servePointer('gen-1');
    ddb.on(GetCommand, { Key: { pk: `G#gen-1#PHONE#${hash}`, sk: 'FILES' } }).resolves({
      Item: { pk: `G#gen-1#PHONE#${hash}`, sk: 'FILES', entity: 'phone-entry', version: 2, files: [file] },
    });
    const directory = new DynamoTenancyDirectory(doc, {
      table: 'test-ReadModel',
      pointerCacheSeconds: 0,
      clock: fixedClock('2026-11-25T10:00:00Z'),
      hashing: testHashing(),
    });
    // Act
    const files = await directory.findByPhoneHash(hash);
    // Assess
    expect(files).toEqual([file]);
  });
});

describe('ConnectContactAttributes', () => {
  it('sends the codes, comma-separated, to the initial contact', async () => {
    // Prepare
    connect.on(UpdateContactAttributesCommand).resolves({});
    const port = new ConnectContactAttributes(new ConnectClient({ region: 'eu-central-1' }), 'instance-1');
    // Act
    await port.recordOutcomeCodes(CONTACT, ['housing_allowance', 'appointment_booked']);
    // Assess
    expect(connect).toHaveReceivedCommandTimes(UpdateContactAttributesCommand, 1);
    expect(connect).toHaveReceivedCommandWith(UpdateContactAttributesCommand, {
      InstanceId: 'instance-1',
      InitialContactId: CONTACT,
      Attributes: { outcomeCodes: 'housing_allowance,appointment_booked' },
    });
  });

  it('lets a Connect failure reach the caller', async () => {
    connect.on(UpdateContactAttributesCommand).rejects(new Error('ThrottlingException'));
    const port = new ConnectContactAttributes(new ConnectClient({ region: 'eu-central-1' }), 'instance-1');
    await expect(port.recordOutcomeCodes(CONTACT, ['information_only'])).rejects.toThrow(
      'ThrottlingException',
    );
  });

  it('reads the attributes the flow set on the initial contact, and none when it set none', async () => {
    // Prepare
    connect
      .on(GetContactAttributesCommand, { InitialContactId: CONTACT })
      .resolves({ Attributes: { courtLetterReported: 'true', riskLevel: 'high' } })
      .on(GetContactAttributesCommand, { InitialContactId: 'other' })
      .resolves({});
    const port = new ConnectContactAttributes(new ConnectClient({ region: 'eu-central-1' }), 'instance-1');
    // Act
    const [reported, none] = [await port.read(CONTACT), await port.read('other')];
    // Assess
    expect(connect).toHaveReceivedCommandWith(GetContactAttributesCommand, {
      InstanceId: 'instance-1',
      InitialContactId: CONTACT,
    });
    expect(reported).toEqual({ courtLetterReported: 'true', riskLevel: 'high' });
    expect(none).toEqual({});
  });
});

describe('DynamoTenancyDirectory.findByName', () => {
  const directory = () =>
    new DynamoTenancyDirectory(doc, {
      table: 'test-ReadModel',
      pointerCacheSeconds: 60,
      clock: fixedClock('2026-11-25T10:00:00Z'),
      hashing: testHashing(),
    });
  const entryKey = (word: string) => nameEntryKey('gen-1', testHasher.name('1100', word));
  const serveEntry = (word: string, tenancyIds: string[], tooCommon = false) =>
    ddb.on(GetCommand, { Key: entryKey(word) }).resolves({
      Item: { ...entryKey(word), entity: 'name-entry', version: 1, tenancyIds, tooCommon },
    });

  it("reads each word's entry, keeps the tenancies in all of them, and reads their files in one batch", async () => {
    // Prepare
    servePointer('gen-1');
    serveEntry('anna', ['100200300', '100200301']);
    serveEntry('huber', ['100200301', '100200302']);
    serveEntry('maria', [], true);
    const file = aListedTenancyFile({ tenancyId: '100200301', tenantName: 'Anna Maria Huber' });
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        'test-ReadModel': [
          { ...tenancyFileKey('gen-1', file.tenancy.tenancyId), entity: 'tenancy-file', version: 2, file },
        ],
      },
    });
    // Act
    const found = await directory().findByName('1100', ['anna', 'huber', 'maria'], { readLimit: 100 });
    // Assess: a word too common to keep a list narrows nothing.
    expect(found).toEqual({ kind: 'found', files: [file] });
    expect(ddb).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: { 'test-ReadModel': { Keys: [tenancyFileKey('gen-1', '100200301' as TenancyId)] } },
    });
    // No name in any key: the entry's key is a hash of postal code and word.
    expect(JSON.stringify(entryKey('huber'))).not.toContain('huber');
  });

  it('finds nobody when a word is in no name there, without reading any file', async () => {
    servePointer('gen-1');
    serveEntry('huber', ['100200301']);
    ddb.on(GetCommand, { Key: entryKey('nobody') }).resolves({});
    expect(await directory().findByName('1100', ['huber', 'nobody'], { readLimit: 100 })).toEqual({
      kind: 'found',
      files: [],
    });
    expect(ddb).not.toHaveReceivedCommand(BatchGetCommand);
  });

  it('answers too many, reading no file, when more match than the limit or every word is too common', async () => {
    servePointer('gen-1');
    serveEntry('huber', ['100200301', '100200302', '100200303']);
    serveEntry('maria', [], true);
    expect(await directory().findByName('1100', ['huber'], { readLimit: 2 })).toEqual({ kind: 'too_many' });
    expect(await directory().findByName('1100', ['maria'], { readLimit: 2 })).toEqual({ kind: 'too_many' });
    expect(ddb).not.toHaveReceivedCommand(BatchGetCommand);
  });
});

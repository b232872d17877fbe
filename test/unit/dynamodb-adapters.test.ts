import { createHmac } from 'node:crypto';
import {
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { core } from 'zod';
import { DynamoEnquiryLog } from '../../shared/adapters/dynamodb/enquiry-log.ts';
import { DynamoTenancyDirectory } from '../../shared/adapters/dynamodb/tenancy-directory.ts';
import { CorruptRecordError, StoreUnavailableError } from '../../shared/domain/errors.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { Enquiry } from '../../shared/ports/enquiry-log.ts';
import { aListedTenancyFile, aTenancyFile } from '../fixtures/tenancy-files.ts';
import { TEST_HASH_KEY, testHasher, testHashing } from '../support/hash-keys.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);

const TABLE = 'test-ReadModel';
const PHONE = '+436641234567' as E164;
/** Computed here, not with the entity modules: the key format (key version, `#`, HMAC prefix) is part of the stored contract. */
const PHONE_HASH = `${TEST_HASH_KEY.version}#${createHmac('sha256', TEST_HASH_KEY.secret).update(PHONE).digest('hex').slice(0, 32)}`;
const POINTER_KEY = { pk: 'READMODEL', sk: 'ACTIVE' };

const aPointerItem = (generation = 'gen-1') => ({
  ...POINTER_KEY,
  entity: 'read-model-pointer',
  version: 1,
  generation,
  activatedAt: '2026-11-25T08:00:00.000Z',
  counts: { tenancies: 2, cases: 1, openCases: 1, phoneNumbers: 2 },
  hashKeyVersion: TEST_HASH_KEY.version,
});

const aPhoneEntryItem = (generation: string, files = [aListedTenancyFile()]) => ({
  pk: `G#${generation}#PHONE#${PHONE_HASH}`,
  sk: 'FILES',
  entity: 'phone-entry',
  version: 2,
  files,
});

const aTenancyFileItem = (generation: string, file = aListedTenancyFile()) => ({
  pk: `G#${generation}#TENANCY#${file.tenancy.tenancyId}`,
  sk: 'FILE',
  entity: 'tenancy-file',
  version: 2,
  file,
});

/** A clock the test moves by hand. */
const aManualClock = (start = '2026-11-25T10:00:00.000Z') => {
  let now = new Date(start).getTime();
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advanceMs: (ms: number) => (now += ms) };
};

const aDirectory = (pointerCacheSeconds = 10) => {
  const time = aManualClock();
  const directory = new DynamoTenancyDirectory(doc, {
    table: TABLE,
    pointerCacheSeconds,
    clock: time.clock,
    hashing: testHashing(),
  });
  return { directory, ...time };
};

/** Answers each GetItem from a map of `pk|sk` to item. */
const serveItems = (items: readonly Record<string, unknown>[]) => {
  const byKey = new Map(items.map((item) => [`${item.pk}|${item.sk}`, item]));
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({
    Item: byKey.get(`${input.Key.pk}|${input.Key.sk}`),
  }));
};

const getInputs = () => ddb.commandCalls(GetCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ddb.reset();
});

describe('DynamoTenancyDirectory: lookups', () => {
  it('reads the pointer, then the phone entry of the active generation', async () => {
    // Prepare
    const file = aListedTenancyFile();
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1', [file])]);
    const { directory } = aDirectory();
    // Act
    const files = await directory.findByPhone(PHONE);
    // Assess
    expect(files).toEqual([file]);
    expect(getInputs()).toEqual([
      { TableName: TABLE, Key: POINTER_KEY },
      { TableName: TABLE, Key: { pk: `G#gen-1#PHONE#${PHONE_HASH}`, sk: 'FILES' } },
    ]);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 2);
  });

  it('keeps the number out of the key', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1')]);
    const { directory } = aDirectory();
    // Act
    await directory.findByPhone(PHONE);
    // Assess
    expect(JSON.stringify(getInputs())).not.toContain('6641234567');
  });

  it('returns every tenancy of a shared number', async () => {
    // Prepare
    const files = [
      aListedTenancyFile({ tenancyId: '100200301' }),
      aListedTenancyFile({ tenancyId: '100200302' }),
    ];
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1', files)]);
    const { directory } = aDirectory();
    // Act
    const found = await directory.findByPhone(PHONE);
    // Assess
    expect(found).toEqual(files);
  });

  it('returns no tenancy for a number without an entry', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1')]);
    const { directory } = aDirectory();
    // Act
    const found = await directory.findByPhone(PHONE);
    // Assess
    expect(found).toEqual([]);
  });

  it('returns no tenancy before the first import, after one read', async () => {
    // Prepare
    serveItems([]);
    const { directory } = aDirectory();
    // Act
    const byPhone = await directory.findByPhone(PHONE);
    const byId = await directory.findByTenancyId('100200300' as TenancyId);
    // Assess
    expect(byPhone).toEqual([]);
    expect(byId).toBeUndefined();
    expect(getInputs()).toEqual([{ TableName: TABLE, Key: POINTER_KEY }]);
  });

  it('reads a tenancy file by tenancy number in the active generation', async () => {
    // Prepare
    const file = aListedTenancyFile({ tenancyId: '100200300' });
    serveItems([aPointerItem('gen-7'), aTenancyFileItem('gen-7', file)]);
    const { directory } = aDirectory();
    // Act
    const found = await directory.findByTenancyId('100200300' as TenancyId);
    // Assess
    expect(found).toEqual(file);
    expect(getInputs()).toEqual([
      { TableName: TABLE, Key: POINTER_KEY },
      { TableName: TABLE, Key: { pk: 'G#gen-7#TENANCY#100200300', sk: 'FILE' } },
    ]);
  });

  it('returns undefined for an unknown tenancy number', async () => {
    // Prepare
    serveItems([aPointerItem('gen-7')]);
    const { directory } = aDirectory();
    // Act
    const found = await directory.findByTenancyId('999999999' as TenancyId);
    // Assess
    expect(found).toBeUndefined();
  });

  it('passes the caller’s abort signal to every request', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1')]);
    const { directory } = aDirectory();
    const { signal } = new AbortController();
    // Act
    await directory.findByPhone(PHONE, { signal });
    // Assess
    const options = ddb.commandCalls(GetCommand).map((call) => (call.args as unknown[])[1]);
    expect(options).toEqual([{ abortSignal: signal }, { abortSignal: signal }]);
  });
});

describe('DynamoTenancyDirectory: pointer cache', () => {
  it('reads the pointer once while it is fresh', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1')]);
    const { directory, advanceMs } = aDirectory(10);
    await directory.findByPhone(PHONE);
    advanceMs(9_999);
    // Act
    await directory.findByPhone(PHONE);
    // Assess
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 3);
    expect(getInputs().filter((input) => input.Key?.pk === 'READMODEL')).toHaveLength(1);
  });

  it('reads the pointer again once the cache time has passed', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1')]);
    const { directory, advanceMs } = aDirectory(10);
    await directory.findByPhone(PHONE);
    advanceMs(10_000);
    // Act
    await directory.findByPhone(PHONE);
    // Assess
    expect(getInputs().filter((input) => input.Key?.pk === 'READMODEL')).toHaveLength(2);
  });

  it('follows a new import after the cache time', async () => {
    // Prepare
    const before = aListedTenancyFile({ tenancyId: '100200300' });
    const after = aListedTenancyFile({ tenancyId: '100200399' });
    serveItems([
      aPointerItem('gen-1'),
      aPhoneEntryItem('gen-1', [before]),
      aPhoneEntryItem('gen-2', [after]),
    ]);
    const { directory, advanceMs } = aDirectory(10);
    await directory.findByPhone(PHONE);
    serveItems([
      aPointerItem('gen-2'),
      aPhoneEntryItem('gen-1', [before]),
      aPhoneEntryItem('gen-2', [after]),
    ]);
    // Act
    const cached = await directory.findByPhone(PHONE);
    advanceMs(10_000);
    const fresh = await directory.findByPhone(PHONE);
    // Assess
    expect(cached).toEqual([before]);
    expect(fresh).toEqual([after]);
  });

  it('finds the first import after the cache time, though it cached "no import yet"', async () => {
    // Prepare
    serveItems([]);
    const { directory, advanceMs } = aDirectory(10);
    await directory.findByPhone(PHONE);
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1')]);
    advanceMs(10_000);
    // Act
    const found = await directory.findByPhone(PHONE);
    // Assess
    expect(found).toHaveLength(1);
  });

  it('reads the pointer on every lookup when the cache time is 0', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1')]);
    const { directory } = aDirectory(0);
    // Act
    await directory.findByPhone(PHONE);
    await directory.findByPhone(PHONE);
    // Assess
    expect(getInputs().filter((input) => input.Key?.pk === 'READMODEL')).toHaveLength(2);
  });

  it('reads the pointer afresh when asked to, cache or not', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1')]);
    const { directory } = aDirectory(10);
    await directory.pointer();
    serveItems([aPointerItem('gen-2')]);
    // Act
    const pointer = await directory.pointer({ fresh: true });
    // Assess
    expect(pointer?.generation).toBe('gen-2');
  });

  it('does not cache a failed pointer read', async () => {
    // Prepare
    const { directory } = aDirectory(10);
    ddb.on(GetCommand).rejectsOnce(new InternalServerError({ message: 'down', $metadata: {} }));
    await expect(directory.findByPhone(PHONE)).rejects.toBeInstanceOf(StoreUnavailableError);
    serveItems([aPointerItem('gen-1'), aPhoneEntryItem('gen-1')]);
    // Act
    const found = await directory.findByPhone(PHONE);
    // Assess
    expect(found).toHaveLength(1);
  });

  it('returns the pointer without entity and version', async () => {
    // Prepare
    serveItems([aPointerItem('gen-1')]);
    const { directory } = aDirectory();
    // Act
    const pointer = await directory.pointer();
    // Assess
    expect(pointer).toEqual({
      generation: 'gen-1',
      activatedAt: '2026-11-25T08:00:00.000Z',
      counts: { tenancies: 2, cases: 1, openCases: 1, phoneNumbers: 2 },
      hashKeyVersion: TEST_HASH_KEY.version,
    });
  });
});

describe('DynamoTenancyDirectory: corrupt items', () => {
  it.each([
    ['without a generation', { ...aPointerItem(), generation: undefined }],
    ['of another entity', { ...aPointerItem(), entity: 'tenancy-file' }],
    ['of an unknown version', { ...aPointerItem(), version: 2 }],
    [
      'with negative counts',
      { ...aPointerItem(), counts: { tenancies: -1, cases: 0, openCases: 0, phoneNumbers: 0 } },
    ],
  ])('refuses a pointer %s', async (_what, pointer) => {
    // Prepare
    serveItems([pointer]);
    const { directory } = aDirectory();
    // Act
    const lookup = directory.findByPhone(PHONE);
    // Assess
    await expect(lookup).rejects.toBeInstanceOf(CorruptRecordError);
  });

  it.each([
    ['with no files', { ...aPhoneEntryItem('gen-1'), files: [] }],
    ['of another entity', { ...aPhoneEntryItem('gen-1'), entity: 'call' }],
    [
      'holding a tenancy with a bad tenancy id',
      aPhoneEntryItem('gen-1', [aListedTenancyFile({ tenancyId: '12' })]),
    ],
    [
      'holding a tenancy with an empty number hash',
      aPhoneEntryItem('gen-1', [{ ...aListedTenancyFile(), phoneHashes: [''] }]),
    ],
    [
      'of the earlier shape, which held the numbers themselves',
      { ...aPhoneEntryItem('gen-1', []), version: 1, files: [aTenancyFile()] },
    ],
  ])('refuses a phone entry %s', async (_what, entry) => {
    // Prepare
    serveItems([aPointerItem('gen-1'), entry]);
    const { directory } = aDirectory();
    // Act
    const lookup = directory.findByPhone(PHONE);
    // Assess
    await expect(lookup).rejects.toBeInstanceOf(CorruptRecordError);
  });

  it('refuses a tenancy file with a case in an unknown stage, and keeps the schema error as cause', async () => {
    // Prepare
    const file = aListedTenancyFile({ tenancyId: '100200300', cases: [{ stage: 'arrears' }] });
    const item = aTenancyFileItem('gen-1', file);
    serveItems([
      aPointerItem('gen-1'),
      { ...item, file: { ...file, cases: [{ ...file.cases[0], stage: 'appeal' }] } },
    ]);
    const { directory } = aDirectory();
    // Act
    const error = await directory.findByTenancyId('100200300' as TenancyId).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect((error as Error).cause).toBeInstanceOf(core.$ZodError);
  });
});

describe('DynamoTenancyDirectory: store errors', () => {
  it.each([
    [
      'throughput exceeded',
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    ],
    ['a missing table', new ResourceNotFoundException({ message: 'no table', $metadata: {} })],
    ['an internal error', new InternalServerError({ message: 'oops', $metadata: {} })],
    ['a socket timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' })],
  ])('turns %s into StoreUnavailableError with the SDK error as cause', async (_what, sdkError) => {
    // Prepare
    ddb.on(GetCommand).rejects(sdkError);
    const { directory } = aDirectory();
    // Act
    const error = await directory.findByPhone(PHONE).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).cause).toBe(sdkError);
  });

  it('turns a failing entry read into StoreUnavailableError', async () => {
    // Prepare
    const sdkError = new InternalServerError({ message: 'oops', $metadata: {} });
    ddb
      .on(GetCommand, { Key: POINTER_KEY })
      .resolves({ Item: aPointerItem('gen-1') })
      .on(GetCommand, { Key: { pk: `G#gen-1#PHONE#${PHONE_HASH}`, sk: 'FILES' } })
      .rejects(sdkError);
    const { directory } = aDirectory();
    // Act
    const lookup = directory.findByPhone(PHONE);
    // Assess
    await expect(lookup).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('DynamoEnquiryLog', () => {
  const CALLS = 'test-Calls';
  const RETENTION_DAYS = 400;
  const log = new DynamoEnquiryLog(doc, CALLS, RETENTION_DAYS, async () => testHasher);
  const RECEIVED = new Date('2026-11-25T10:00:00.500Z');
  const RECEIVED_S = Math.floor(RECEIVED.getTime() / 1000);

  const anEnquiry = (overrides: Partial<Enquiry> = {}): Enquiry => ({
    initialContactId: 'contact-1',
    contactId: 'contact-2',
    channel: 'VOICE',
    receivedAt: RECEIVED,
    mode: 'phone',
    callerNumber: PHONE,
    ...overrides,
  });

  it('sends one idempotent UpdateItem for a phone lookup', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    // Act
    await log.logEnquiry(anEnquiry());
    // Assess
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    // What is written, not how the expression spells it: that a retry, a second leg and a transfer
    // keep the first write's time, TTL and filing is pinned on DynamoDB Local
    // (test/integration/contact-events.test.ts).
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ TableName: CALLS, Key: { pk: 'CALL#contact-1', sk: 'LOG' } });
    expect(input?.ReturnValues).toBe('UPDATED_OLD');
    expect(input?.ExpressionAttributeValues).toEqual({
      ':entity': 'call',
      ':version': 1,
      ':receivedAt': '2026-11-25T10:00:00.500Z',
      ':channel': 'VOICE',
      ':expiresAt': RECEIVED_S + RETENTION_DAYS * 86_400,
      ':callerKey': `PHONE#${PHONE_HASH}`,
      // Filed under the number until its tenancy is known; never over a filing under a tenancy.
      ':tenancyKey': `PHONE#${PHONE_HASH}`,
      ':mode': new Set(['phone']),
      ':contact': new Set(['contact-2']),
    });
  });

  it('records the keyed tenancy number, and no caller key, for a keypad lookup', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    // Act
    await log.logEnquiry(
      anEnquiry({ mode: 'tenancy', callerNumber: undefined, keyedTenancyId: '100200300' as TenancyId }),
    );
    // Assess
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: expect.stringContaining('#keyedTenancyId = :keyedTenancyId'),
      ExpressionAttributeValues: expect.objectContaining({
        ':keyedTenancyId': '100200300',
        ':mode': new Set(['tenancy']),
      }),
    });
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).not.toContain('callerKey');
    expect(input?.ExpressionAttributeValues).not.toHaveProperty(':callerKey');
  });

  it('files a keypad lookup under the keyed tenancy in the same write, over a filing by the number', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    // Act
    await log.logEnquiry(
      anEnquiry({ mode: 'tenancy', callerNumber: undefined, keyedTenancyId: '100200300' as TenancyId }),
    );
    // Assess
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: expect.stringContaining('#tenancyKey = :tenancyKey'),
      ExpressionAttributeValues: expect.objectContaining({ ':tenancyKey': 'TENANCY#100200300' }),
    });
  });

  it('files nothing for a withheld number with nothing keyed', async () => {
    ddb.on(UpdateCommand).resolves({});
    await log.logEnquiry(anEnquiry({ callerNumber: undefined }));
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).not.toContain('tenancyKey');
  });

  it('keys the log by the initial contact id, so that transferred legs share one item', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    // Act
    await log.logEnquiry(anEnquiry({ initialContactId: 'first-leg', contactId: 'second-leg' }));
    // Assess
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { Key: { pk: 'CALL#first-leg', sk: 'LOG' } });
  });

  it('never sends the caller number itself', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    // Act
    await log.logEnquiry(anEnquiry());
    // Assess
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(JSON.stringify(input, (_k, v: unknown) => (v instanceof Set ? [...v] : v))).not.toContain(
      '6641234567',
    );
  });

  it('reports the first enquiry of a contact as first', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    // Act
    const result = await log.logEnquiry(anEnquiry());
    // Assess
    expect(result).toEqual({ firstForContact: true });
  });

  it('reports a repeated enquiry of a contact as not first', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { receivedAt: '2026-11-25T09:59:58.000Z' } });
    // Act
    const result = await log.logEnquiry(anEnquiry());
    // Assess
    expect(result).toEqual({ firstForContact: false });
  });

  it('passes the caller’s abort signal to the request', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const { signal } = new AbortController();
    // Act
    await log.logEnquiry(anEnquiry(), { signal });
    // Assess
    expect((ddb.commandCalls(UpdateCommand)[0]?.args as unknown[] | undefined)?.[1]).toEqual({
      abortSignal: signal,
    });
  });

  it.each([
    [
      'throughput exceeded',
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    ],
    ['a missing table', new ResourceNotFoundException({ message: 'no table', $metadata: {} })],
    ['a socket timeout', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
  ])('turns %s into StoreUnavailableError with the SDK error as cause', async (_what, sdkError) => {
    // Prepare
    ddb.on(UpdateCommand).rejects(sdkError);
    // Act
    const error = await log.logEnquiry(anEnquiry()).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).cause).toBe(sdkError);
  });
});

import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { callKeys } from '../../shared/adapters/dynamodb/entities/call.ts';
import { toManifestItem } from '../../shared/adapters/dynamodb/entities/generation-manifest.ts';
import { nameEntryKey, toNameEntryItem } from '../../shared/adapters/dynamodb/entities/name-entry.ts';
import { phoneEntryKey, toPhoneEntryItem } from '../../shared/adapters/dynamodb/entities/phone-entry.ts';
import {
  readModelPointerKey,
  toPointerItem,
} from '../../shared/adapters/dynamodb/entities/read-model-pointer.ts';
import { tenancyFileKey, toTenancyFileItem } from '../../shared/adapters/dynamodb/entities/tenancy-file.ts';
import { DynamoHeldData } from '../../shared/adapters/dynamodb/held-data.ts';
import { StoreUnavailableError } from '../../shared/domain/errors.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import { aListedTenancyFile } from '../fixtures/tenancy-files.ts';
import { TEST_HASH_KEY, testHasher, testHashing } from '../support/hash-keys.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const TABLES = { readModel: 'test-ReadModel', calls: 'test-Calls' };
const GENERATION = '20261125T091500123Z-k3f9';
const PHONE = '+436641110001' as E164;
const TENANCY = '100200400' as TenancyId;
const FILE = aListedTenancyFile({ tenancyId: TENANCY, tenantName: 'Erika Auskunft', phoneNumbers: [PHONE] });
const NEIGHBOUR = aListedTenancyFile({
  tenancyId: '100200401',
  tenantName: 'Hans Auskunft',
  phoneNumbers: [PHONE],
});

/** One generation holding the tenancy; its number shared with a neighbour; no calls, no resolutions. */
const storedGeneration = () => {
  const nameHash = testHasher.name(FILE.tenancy.postalCode, 'auskunft');
  const nameKey = nameEntryKey(GENERATION, nameHash);
  const phoneKey = phoneEntryKey(GENERATION, testHasher.phone(PHONE));
  ddb.on(QueryCommand, { TableName: TABLES.readModel }).resolves({
    Items: [
      toManifestItem(
        GENERATION,
        0,
        [
          tenancyFileKey(GENERATION, TENANCY),
          tenancyFileKey(GENERATION, NEIGHBOUR.tenancy.tenancyId),
          phoneKey,
          nameKey,
        ],
        TEST_HASH_KEY.version,
      ),
    ],
  });
  ddb.on(QueryCommand, { TableName: TABLES.calls }).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: readModelPointerKey() }).resolves({
    Item: toPointerItem({
      generation: GENERATION,
      activatedAt: '2026-11-25T09:15:00.000Z',
      counts: { tenancies: 2, cases: 0, openCases: 0, phoneNumbers: 1 },
      hashKeyVersion: TEST_HASH_KEY.version,
    }),
  });
  ddb.on(GetCommand, { Key: tenancyFileKey(GENERATION, TENANCY) }).resolves({
    Item: toTenancyFileItem(GENERATION, FILE),
  });
  ddb.on(GetCommand, { Key: phoneKey }).resolves({
    Item: toPhoneEntryItem(GENERATION, testHasher.phone(PHONE), [FILE, NEIGHBOUR]),
  });
  ddb.on(GetCommand, { Key: nameKey }).resolves({
    Item: toNameEntryItem(GENERATION, nameHash, [TENANCY, NEIGHBOUR.tenancy.tenancyId]),
  });
};

describe('DynamoHeldData', () => {
  beforeEach(() => {
    ddb.reset();
  });

  it('takes the tenancy out of shared entries and the manifest, each rewrite only while the item exists', async () => {
    // Prepare
    storedGeneration();
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    // Act
    const erased = await new DynamoHeldData(doc, TABLES, testHashing()).erase(TENANCY);
    // Assess
    expect(erased).toEqual({ readModelEntries: 1, calls: 0, outcomes: 0, caseResolutions: 0 });
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.map((put) => put.ConditionExpression)).toEqual([
      'attribute_exists(pk)',
      'attribute_exists(pk)',
      'attribute_exists(pk)',
    ]);
    expect(puts[0]?.Item?.files).toEqual([NEIGHBOUR]);
    expect(puts[1]?.Item?.tenancyIds).toEqual([NEIGHBOUR.tenancy.tenancyId]);
    expect(JSON.stringify(puts[2]?.Item?.keys)).not.toContain(TENANCY);
    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([
      tenancyFileKey(GENERATION, TENANCY),
    ]);
  });

  it('leaves a generation an import deleted meanwhile deleted, and goes on', async () => {
    // Prepare: every rewrite finds its item gone
    storedGeneration();
    ddb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    ddb.on(DeleteCommand).resolves({});
    // Act
    const erased = await new DynamoHeldData(doc, TABLES, testHashing()).erase(TENANCY);
    // Assess
    expect(erased.readModelEntries).toBe(1);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(1);
  });

  it('stops with a store error before the read model when a call cannot be deleted, so a rerun finds it', async () => {
    // Prepare: one call filed under the tenancy, whose delete fails
    storedGeneration();
    const log = {
      ...callKeys.log('c-1'),
      entity: 'call',
      version: 1,
      receivedAt: '2026-11-25T09:00:00.000Z',
      expiresAt: 1,
    };
    ddb.on(QueryCommand, { TableName: TABLES.calls, IndexName: 'callsByTenancy' }).resolves({
      Items: [{ pk: log.pk, sk: log.sk, receivedAt: log.receivedAt, tenancyKey: `TENANCY#${TENANCY}` }],
    });
    ddb
      .on(QueryCommand, { TableName: TABLES.calls, KeyConditionExpression: '#pk = :pk' })
      .resolves({ Items: [log] });
    ddb.on(DeleteCommand).rejects(new Error('throttled'));
    // Act
    const erasing = new DynamoHeldData(doc, TABLES, testHashing()).erase(TENANCY);
    // Assess
    await expect(erasing).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.TableName)).toEqual([
      TABLES.calls,
    ]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

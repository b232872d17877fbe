import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { toManifestItem } from '../../shared/adapters/dynamodb/entities/generation-manifest.ts';
import { tenancyFileKey, toTenancyFileItem } from '../../shared/adapters/dynamodb/entities/tenancy-file.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { listedFileOf, type TenancyId } from '../../shared/domain/tenancy.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { aTenancyFile } from '../fixtures/tenancy-files.ts';
import { createTestTables } from '../support/dynamo.ts';
import { testHasher } from '../support/hash-keys.ts';

/** A clock the test moves by hand. */
const movableClock = (start: string) => {
  let now = Date.parse(start);
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advanceMinutes: (minutes: number) => (now += minutes * 60_000) };
};

const files = (tag: string) => [
  aTenancyFile({ tenancyId: '200000001', phoneNumbers: ['+436641111111'], cases: [{ caseWorker: tag }] }),
  aTenancyFile({ tenancyId: '200000002', phoneNumbers: ['+436642222222'] }),
];

describe('read model generations and their clean-up', () => {
  let adapters: ReturnType<typeof makeDynamoAdapters>;
  let table: string;
  let time: ReturnType<typeof movableClock>;

  beforeEach(async () => {
    const { env } = await createTestTables({ READ_MODEL_CACHE_SECONDS: '0' });
    table = env.READ_MODEL_TABLE;
    time = movableClock('2026-11-25T08:00:00Z');
    adapters = makeDynamoAdapters(env, time.clock);
  });

  const tenancyItem = async (generation: string) =>
    (
      await adapters.doc.send(
        new GetCommand({ TableName: table, Key: tenancyFileKey(generation, '200000001' as TenancyId) }),
      )
    ).Item;

  const manifestCount = async () =>
    (
      await adapters.doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
          ExpressionAttributeValues: { ':pk': 'READMODEL', ':m': 'MANIFEST#' },
          Select: 'COUNT',
        }),
      )
    ).Count;

  /** A manifest and one of its items, as an import that is still writing (or died) leaves them. */
  const writeHalfGeneration = async (generation: string) => {
    const item = toTenancyFileItem(
      generation,
      listedFileOf(files(generation)[0] ?? aTenancyFile(), (phone) => testHasher.phone(phone)),
    );
    await adapters.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: [
            { PutRequest: { Item: toManifestItem(generation, 0, [item], undefined) } },
            { PutRequest: { Item: item } },
          ],
        },
      }),
    );
  };

  it('keeps the active and the previous generation and deletes older ones by their manifests', async () => {
    // Prepare and act: three imports, ten minutes apart
    const first = await adapters.readModel.replace(files('first'));
    time.advanceMinutes(10);
    const second = await adapters.readModel.replace(files('second'));
    time.advanceMinutes(10);
    const third = await adapters.readModel.replace(files('third'));
    // Assess
    expect(await tenancyItem(first.generation)).toBeUndefined();
    expect(await tenancyItem(second.generation)).toBeDefined();
    expect(await tenancyItem(third.generation)).toBeDefined();
    expect(await manifestCount()).toBe(2);
    const found = await adapters.directory.findByTenancyId('200000001' as TenancyId);
    expect(found?.cases[0]?.caseWorker).toBe('third');
  });

  it('keeps one generation more while the previous switch is recent, for readers that cached it', async () => {
    const first = await adapters.readModel.replace(files('first'));
    time.advanceMinutes(1);
    await adapters.readModel.replace(files('second'));
    time.advanceMinutes(1);
    await adapters.readModel.replace(files('third'));
    expect(await tenancyItem(first.generation)).toBeDefined();
  });

  it('cleans up what an import that died half-way left behind', async () => {
    // Prepare: a manifest and one of its items, as a crashed import leaves them
    const crashed = '20261125T070000000Z-dead';
    await writeHalfGeneration(crashed);
    // Act
    const summary = await adapters.readModel.replace(files('next'));
    // Assess
    expect(await tenancyItem(crashed)).toBeUndefined();
    expect(await tenancyItem(summary.generation)).toBeDefined();
    expect(await manifestCount()).toBe(1);
  });

  it('leaves a newer generation alone: an import that started after this switch is still writing it', async () => {
    // Prepare: a generation made after the clock's now, half written, as a later import has it
    const later = '20261125T090000000Z-next';
    await writeHalfGeneration(later);
    // Act
    await adapters.readModel.replace(files('now'));
    // Assess
    expect(await tenancyItem(later)).toBeDefined();
    expect(await manifestCount()).toBe(2);
  });

  it('stops before the switch once its signal is aborted, and nothing becomes visible', async () => {
    // Prepare
    const controller = new AbortController();
    // Act
    const attempt = adapters.readModel.replace(files('aborted'), {
      onProgress: ({ written }) => {
        if (written > 0) controller.abort(new Error('out of time'));
      },
      signal: controller.signal,
    });
    // Assess
    await expect(attempt).rejects.toThrow('out of time');
    expect(await adapters.readModel.summary()).toBeUndefined();
  });
});

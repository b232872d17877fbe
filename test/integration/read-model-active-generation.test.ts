import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { manifestKeys } from '../../shared/adapters/dynamodb/entities/generation-manifest.ts';
import {
  makeActiveGenerationReader,
  makeDynamoAdapters,
} from '../../shared/adapters/dynamodb/import-wiring.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { aTenancyFile } from '../fixtures/tenancy-files.ts';
import { createTestTables } from '../support/dynamo.ts';

/** The reader `hotline doctor` uses on a deployed table, here on DynamoDB Local. */
describe('the active generation of a read-model table', () => {
  let adapters: ReturnType<typeof makeDynamoAdapters>;
  let table: string;

  beforeEach(async () => {
    const { env } = await createTestTables();
    table = env.READ_MODEL_TABLE;
    adapters = makeDynamoAdapters(env, fixedClock('2026-11-25T08:00:00Z'));
    return () => adapters.destroy();
  });

  it('is undefined before the first import', async () => {
    expect(await makeActiveGenerationReader(adapters.doc, table).activeGeneration()).toBeUndefined();
  });

  it('is the imported generation with its counts, its items stored', async () => {
    // Prepare
    const imported = await adapters.readModel.replace([
      aTenancyFile({ tenancyId: '300000001', phoneNumbers: ['+436641111111'] }),
      aTenancyFile({ tenancyId: '300000002', phoneNumbers: ['+436642222222', '+436643333333'] }),
    ]);
    // Act
    const active = await makeActiveGenerationReader(adapters.doc, table).activeGeneration();
    // Assess
    expect(active).toMatchObject({
      generation: imported.generation,
      activatedAt: imported.activatedAt,
      counts: { tenancies: 2, phoneNumbers: 3 },
      itemsStored: true,
    });
  });

  it('says so when the pointer names a generation that is no longer stored', async () => {
    // Prepare: an import, then its manifest gone (as if someone cleaned the table by hand)
    const imported = await adapters.readModel.replace([aTenancyFile({ tenancyId: '300000003' })]);
    await adapters.doc.send(
      new DeleteCommand({ TableName: table, Key: manifestKeys.item(imported.generation, 0) }),
    );
    // Act
    const active = await makeActiveGenerationReader(adapters.doc, table).activeGeneration();
    // Assess
    expect(active).toMatchObject({ generation: imported.generation, itemsStored: false });
  });
});

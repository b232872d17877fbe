import { createReadStream } from 'node:fs';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DEMO_CALLERS, generateDemoData } from '../../local/demo/demo-data.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { InvalidImportError } from '../../shared/domain/errors.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { ListedTenancyFile, TenancyId } from '../../shared/domain/tenancy.ts';
import { viennaDate } from '../../shared/domain/vienna-calendar.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { listedTenancyOf } from '../fixtures/tenancy-files.ts';
import { createTestTables } from '../support/dynamo.ts';

const fixture = (name: string) => new URL(`../fixtures/csv/${name}`, import.meta.url);
const csvFile = (name: string) => ({ name, content: createReadStream(fixture(name)) });

/** Tables of the test's own; every lookup reads the pointer afresh, as a cold function would. */
const setUp = async () => {
  const { env } = await createTestTables({ READ_MODEL_CACHE_SECONDS: '0' });
  const adapters = makeDynamoAdapters(env);
  return { ...adapters, importReadModel: makeImportReadModel({ readModel: adapters.readModel }) };
};

const ids = (files: readonly ListedTenancyFile[]) => files.map((f) => f.tenancy.tenancyId);

describe('importing the read model into DynamoDB Local', () => {
  it('imports CSV files, then finds callers by number and by tenancy number', async () => {
    // Prepare
    const { directory, importReadModel } = await setUp();
    // Act
    const summary = await importReadModel({
      tenancies: csvFile('tenancies-valid-excel.csv'),
      cases: csvFile('cases-valid-excel.csv'),
    });
    // Assess
    expect(summary).toMatchObject({
      casesImported: true,
      counts: { tenancies: 4, cases: 4, openCases: 3, phoneNumbers: 4 },
    });
    const byMobile = await directory.findByPhone('+436641234567' as E164);
    expect(ids(byMobile)).toEqual(['100200300']);
    expect(byMobile[0]?.cases.map((c) => [c.caseId, c.status])).toEqual([
      ['F-2025-00017', 'closed'],
      ['F-2026-00101', 'open'],
    ]);
    expect(ids(await directory.findByPhone('+43140008000' as E164))).toEqual(['100200301']);
    const keyed = await directory.findByTenancyId('100200303' as TenancyId);
    expect(keyed?.tenancy).toMatchObject({ tenantName: 'Emina Hodžić' });
    expect(keyed?.phoneHashes).toEqual([]);
    expect(keyed?.cases).toMatchObject([{ caseId: 'F-2026-00103', stage: 'termination' }]);
  });

  it('stores no phone number anywhere in the read model: only keyed hashes, in keys and files', async () => {
    // Prepare
    const { env } = await createTestTables({ READ_MODEL_CACHE_SECONDS: '0' });
    const adapters = makeDynamoAdapters(env);
    const importReadModel = makeImportReadModel({ readModel: adapters.readModel });
    // Act
    await importReadModel({
      tenancies: csvFile('tenancies-valid-excel.csv'),
      cases: csvFile('cases-valid-excel.csv'),
    });
    // Assess: every number of the file, in E.164 and in its national digits, is in no item.
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateScan(
      { client: adapters.doc },
      { TableName: env.READ_MODEL_TABLE, ConsistentRead: true },
    )) {
      items.push(...(page.Items ?? []));
    }
    const stored = JSON.stringify(items);
    const numbers = ['+436641234567', '+43140008000', '+431234567', '+436769876543'];
    expect(items.filter((item) => item.entity === 'tenancy-file')).toHaveLength(4);
    for (const number of numbers) {
      expect(stored).not.toContain(number);
      expect(stored).not.toContain(number.replace('+43', '0'));
    }
    // ... yet the number still finds its tenancy, and the file names its numbers' hashes.
    const [found] = await adapters.directory.findByPhone('+436641234567' as E164);
    expect(found?.tenancy.tenancyId).toBe('100200300');
    expect(found?.phoneHashes).toHaveLength(1);
    expect(found?.tenancy).not.toHaveProperty('phoneNumbers');
  });

  it('leaves the previous read model untouched when a file has a bad row', async () => {
    // Prepare
    const { directory, readModel, importReadModel } = await setUp();
    await importReadModel({ tenancies: csvFile('tenancies-valid.csv'), cases: csvFile('cases-valid.csv') });
    const summaryBefore = await readModel.summary();
    const lookupBefore = await directory.findByPhone('+436641234567' as E164);
    // Act and assess: one at a time, so that no rejection waits unobserved
    await expect(
      importReadModel({ tenancies: csvFile('tenancies-bad.csv'), cases: csvFile('cases-valid.csv') }),
    ).rejects.toBeInstanceOf(InvalidImportError);
    await expect(
      importReadModel({ tenancies: csvFile('tenancies-valid.csv'), cases: csvFile('cases-bad.csv') }),
    ).rejects.toBeInstanceOf(InvalidImportError);
    expect(await readModel.summary()).toEqual(summaryBefore);
    expect(await directory.findByPhone('+436641234567' as E164)).toEqual(lookupBefore);
  });

  it('makes a model without cases when no cases file is given', async () => {
    // Prepare
    const { directory, importReadModel } = await setUp();
    await importReadModel({ tenancies: csvFile('tenancies-valid.csv'), cases: csvFile('cases-valid.csv') });
    // Act
    const summary = await importReadModel({ tenancies: csvFile('tenancies-valid.csv') });
    // Assess
    expect(summary).toMatchObject({ casesImported: false, counts: { tenancies: 4, cases: 0, openCases: 0 } });
    expect((await directory.findByTenancyId('100200300' as TenancyId))?.cases).toEqual([]);
  });

  it('lets a reader during an import see the old model or the new one, never a mixture', async () => {
    // Prepare: in the old model the shared number belongs to tenancies 0 and 1, in the new one to 1 and 2;
    // every name and case worker carries its model's marker.
    const { directory, importReadModel } = await setUp();
    await importReadModel(version('old', 50));
    const shared = '+4315551234' as E164;
    const first = tenancyId(0);
    /** What one lookup saw: `old` or `new` when the result is wholly one model, otherwise what went wrong. */
    const judge = (
      files: readonly ListedTenancyFile[],
      expected: Record<'old' | 'new', TenancyId[]>,
    ): string => {
      const markers = new Set(files.flatMap(markersOf));
      const [marker] = markers;
      if (markers.size !== 1 || (marker !== 'old' && marker !== 'new'))
        return `mixed ${[...markers].join('+')}`;
      return ids(files).join() === expected[marker].join() ? marker : `inconsistent ${marker}`;
    };
    const observe = async (): Promise<string[]> => {
      const sharing = await directory.findByPhone(shared);
      const keyed = await directory.findByTenancyId(first);
      return [
        judge(sharing, { old: [tenancyId(0), tenancyId(1)], new: [tenancyId(1), tenancyId(2)] }),
        judge(keyed ? [keyed] : [], { old: [first], new: [first] }),
      ];
    };
    // Act
    let importing = true;
    const switched = importReadModel(version('new', 1000)).finally(() => {
      importing = false;
    });
    const seenDuring: string[] = [];
    while (importing) seenDuring.push(...(await observe()));
    await switched;
    const seenAfter = await observe();
    // Assess
    // lookup after lookup: the old model until the switch, then the new one, and never anything else
    expect(seenDuring.join()).toMatch(/^old(,old)*(,new)*$/);
    expect(seenAfter).toEqual(['new', 'new']);
  });

  it('imports 2,000 generated demo tenancies through their CSV text and finds the demo callers', async () => {
    // Prepare
    const { directory, importReadModel } = await setUp();
    const demo = generateDemoData({ seed: 2026, today: viennaDate(new Date()), tenancies: 2000 });
    // Act
    const summary = await importReadModel({
      tenancies: { name: 'tenancies.csv', content: demo.tenanciesCsv },
      cases: { name: 'cases.csv', content: demo.casesCsv },
    });
    // Assess
    expect(summary.counts).toMatchObject({
      tenancies: 2000,
      cases: demo.files.reduce((sum, f) => sum + f.cases.length, 0),
    });
    expect(ids(await directory.findByPhone(DEMO_CALLERS.critical.phone as E164))).toEqual([
      DEMO_CALLERS.critical.tenancyId,
    ]);
    expect(ids(await directory.findByPhone(DEMO_CALLERS.shared.phone as E164))).toEqual([
      ...DEMO_CALLERS.shared.tenancyIds,
    ]);
    expect(await directory.findByPhone(DEMO_CALLERS.unknown.phone as E164)).toEqual([]);
    const keyed = await directory.findByTenancyId(DEMO_CALLERS.noNumber.tenancyId as TenancyId);
    const imported = demo.files.find((f) => f.tenancy.tenancyId === DEMO_CALLERS.noNumber.tenancyId);
    // The caller without a number: a file with no number hashes.
    expect(keyed).toEqual(
      imported && { tenancy: listedTenancyOf(imported.tenancy), cases: imported.cases, phoneHashes: [] },
    );
  });
});

const tenancyId = (i: number) => String(300_000_000 + i) as TenancyId;

const markersOf = (file: ListedTenancyFile): string[] => [
  file.tenancy.tenantName.split(' ').at(-1) ?? '',
  ...file.cases.map((c) => c.caseWorker.split(' ').at(-1) ?? ''),
];

/** A whole read model whose every name and case worker ends in `marker`. */
const version = (marker: 'old' | 'new', count: number) => {
  const sharedBy = marker === 'old' ? [0, 1] : [1, 2];
  const tenancies = ['tenancy_id,tenant_name,phone_numbers,address,postal_code,household_size,children'];
  const cases = ['case_id,tenancy_id,status,stage,arrears_eur,months_in_arrears,case_worker,opened_on'];
  for (let i = 0; i < count; i++) {
    const phones = [`0660 ${1_000_000 + i}`, ...(sharedBy.includes(i) ? ['01 555 12 34'] : [])];
    tenancies.push(`${tenancyId(i)},Tenant ${i} ${marker},${phones.join(';')},Gasse ${i}/1,1100,1,0`);
    if (i % 3 === 0) {
      const stage = marker === 'old' ? 'arrears' : 'lawsuit';
      cases.push(`F-${marker}-${i},${tenancyId(i)},open,${stage},100.00,1,Worker ${marker},2026-06-01`);
    }
  }
  return {
    tenancies: { name: 'tenancies.csv', content: tenancies.join('\n') },
    cases: { name: 'cases.csv', content: cases.join('\n') },
  };
};

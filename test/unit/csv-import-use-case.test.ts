import { describe, expect, it } from 'vitest';
import { InvalidImportError } from '../../shared/domain/errors.ts';
import { openCaseOf, type TenancyFile } from '../../shared/domain/tenancy.ts';
import type { ReadModelStore, ReadModelSummary, ReplaceProgress } from '../../shared/ports/read-model.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

/** A read model in memory that remembers what it was given. */
class FakeReadModelStore implements ReadModelStore {
  readonly replaced: (readonly TenancyFile[])[] = [];
  #summary: ReadModelSummary | undefined;

  async replace(
    files: readonly TenancyFile[],
    options?: { readonly onProgress?: (progress: ReplaceProgress) => void },
  ): Promise<ReadModelSummary> {
    this.replaced.push(files);
    options?.onProgress?.({ written: files.length, total: files.length });
    this.#summary = {
      generation: `g${this.replaced.length}`,
      activatedAt: '2026-11-25T09:00:00.000Z',
      counts: {
        tenancies: files.length,
        cases: files.reduce((sum, f) => sum + f.cases.length, 0),
        openCases: files.filter((f) => openCaseOf(f)).length,
        phoneNumbers: new Set(files.flatMap((f) => f.tenancy.phoneNumbers)).size,
      },
    };
    return this.#summary;
  }

  async summary(): Promise<ReadModelSummary | undefined> {
    return this.#summary;
  }
}

const TENANCIES = [
  'tenancy_id,tenant_name,phone_numbers,address,postal_code,household_size,children',
  '100200300,Maria Gruber,0664 123 45 67,Quellenstraße 24/3/7,1100,3,2',
  '100200301,Karl Berger,,Praterstraße 1/1,1020,1,0',
].join('\n');
const CASES = [
  'case_id,tenancy_id,status,stage,arrears_eur,months_in_arrears,case_worker,opened_on',
  'F-1,100200300,open,lawsuit,1234.50,3,Eva Novak,2026-06-01',
].join('\n');

describe('importing the read model', () => {
  it('replaces the read model with the tenancies and their cases', async () => {
    // Prepare
    const readModel = new FakeReadModelStore();
    const importReadModel = makeImportReadModel({ readModel });
    // Act
    const summary = await importReadModel({
      tenancies: { name: 'tenancies.csv', content: TENANCIES },
      cases: { name: 'cases.csv', content: CASES },
    });
    // Assess
    expect(readModel.replaced).toHaveLength(1);
    expect(readModel.replaced[0]?.map((f) => [f.tenancy.tenancyId, f.cases.length])).toEqual([
      ['100200300', 1],
      ['100200301', 0],
    ]);
    expect(summary).toMatchObject({
      generation: 'g1',
      casesImported: true,
      rows: { tenancies: 2, cases: 1 },
      counts: { tenancies: 2, cases: 1, openCases: 1, phoneNumbers: 1 },
    });
  });

  it('without a cases file makes a model without cases, and says so', async () => {
    // Prepare
    const readModel = new FakeReadModelStore();
    const importReadModel = makeImportReadModel({ readModel });
    await importReadModel({
      tenancies: { name: 'tenancies.csv', content: TENANCIES },
      cases: { name: 'cases.csv', content: CASES },
    });
    // Act
    const summary = await importReadModel({ tenancies: { name: 'tenancies.csv', content: TENANCIES } });
    // Assess
    expect(readModel.replaced[1]?.flatMap((f) => f.cases)).toEqual([]);
    expect(summary).toMatchObject({ casesImported: false, counts: { cases: 0, openCases: 0 } });
  });

  it('writes nothing when a file has a bad row', async () => {
    // Prepare
    const readModel = new FakeReadModelStore();
    const importReadModel = makeImportReadModel({ readModel });
    // Act
    const attempt = importReadModel({
      tenancies: { name: 'tenancies.csv', content: TENANCIES },
      cases: { name: 'cases.csv', content: `${CASES}\nF-2,100200301,open,lawsuit,x,3,Eva Novak,2026-06-01` },
    });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidImportError);
    expect(readModel.replaced).toEqual([]);
  });

  it('reports the progress of writing the new model', async () => {
    // Prepare
    const readModel = new FakeReadModelStore();
    const importReadModel = makeImportReadModel({ readModel });
    const progress: ReplaceProgress[] = [];
    // Act
    await importReadModel({
      tenancies: { name: 'tenancies.csv', content: TENANCIES },
      onProgress: (p) => progress.push(p),
    });
    // Assess
    expect(progress).toEqual([{ written: 2, total: 2 }]);
  });
});

describe('importing the read model: log lines', () => {
  const logs = captureLogsOfEachTest();

  it('name the upload they import on every line, and nobody of its files', async () => {
    // Prepare
    const importReadModel = makeImportReadModel({ readModel: new FakeReadModelStore() });
    // Act
    await importReadModel({
      tenancies: { name: 'tenancies.csv', content: TENANCIES },
      cases: { name: 'cases.csv', content: CASES },
      importId: 'import-2026-11-25',
    });
    // Assess
    const lines = logs.entries();
    expect(lines.map((line) => line.message)).toEqual([
      'read model import validated',
      'read model import finished',
    ]);
    for (const line of lines) expect(line.importId).toBe('import-2026-11-25');
    expect(logs.text()).not.toMatch(/Gruber|Berger|Quellenstraße|664 123|Novak/);
  });
});

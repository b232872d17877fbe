import { generateDemoData } from '../local/demo/demo-data.ts';
import { makeDynamoAdapters } from '../shared/adapters/dynamodb/import-wiring.ts';
import type { Env } from '../shared/config/env.ts';
import type { IsoDate } from '../shared/domain/vienna-calendar.ts';
import { makeImportReadModel } from '../shared/use-cases/import-read-model.ts';
import { progress } from './stats.ts';

export interface ImportResult {
  readonly tenancies: number;
  readonly cases: number;
  /** What was timed. */
  readonly path: string;
  readonly csvBytes: number;
  /** CSV text to an active read model. */
  readonly seconds: number;
  readonly tenanciesPerSecond: number;
  /** Of which reading and checking both files, before the first write. */
  readonly readSeconds: number;
  readonly itemsWritten: number;
  readonly generateSeconds: number;
}

/**
 * Times one whole import of `count` tenancies, CSV text to active read model, through the import
 * use case (shared/use-cases/import-read-model.ts) into empty tables of its own. The CSV files come
 * from the demo data generator (local/demo/), as `npm start` seeds them.
 */
export const measureImport = async (
  env: Env,
  options: { readonly tenancies: number; readonly seed: number; readonly today: IsoDate },
): Promise<ImportResult> => {
  const generateStart = performance.now();
  const demo = generateDemoData({ seed: options.seed, today: options.today, tenancies: options.tenancies });
  const expectedCases = demo.files.reduce((sum, file) => sum + file.cases.length, 0);
  const generateSeconds = (performance.now() - generateStart) / 1000;
  const { readModel, doc } = makeDynamoAdapters(env);
  const importReadModel = makeImportReadModel({ readModel });
  try {
    let itemsWritten = 0;
    let reported = 0;
    let firstWriteAt: number | undefined;
    const start = performance.now();
    const summary = await importReadModel({
      tenancies: { name: 'tenancies.csv', content: demo.tenanciesCsv },
      cases: { name: 'cases.csv', content: demo.casesCsv },
      onProgress: ({ written, total }) => {
        firstWriteAt ??= performance.now();
        itemsWritten = written;
        if (written - reported >= total / 4 || written === total) {
          reported = written;
          progress(`import: ${written.toLocaleString('en')} of ${total.toLocaleString('en')} items written`);
        }
      },
    });
    const end = performance.now();
    if (summary.counts.tenancies !== options.tenancies || summary.counts.cases !== expectedCases) {
      throw new Error(
        `the import activated ${summary.counts.tenancies} tenancies and ${summary.counts.cases} cases, expected ${options.tenancies} and ${expectedCases}`,
      );
    }
    const seconds = (end - start) / 1000;
    return {
      tenancies: options.tenancies,
      cases: expectedCases,
      path: 'generateDemoData CSV → makeImportReadModel → DynamoDB Local',
      csvBytes: Buffer.byteLength(demo.tenanciesCsv) + Buffer.byteLength(demo.casesCsv),
      seconds,
      tenanciesPerSecond: options.tenancies / seconds,
      readSeconds: ((firstWriteAt ?? end) - start) / 1000,
      itemsWritten,
      generateSeconds,
    };
  } finally {
    doc.destroy();
  }
};

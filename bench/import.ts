import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { wireReadModelImport } from '../functions/read-model-import/wiring.ts';
import { generateDemoData } from '../local/demo/demo-data.ts';
import { localEndpointSettings } from '../shared/adapters/dynamodb/client.ts';
import { personalHasher } from '../shared/adapters/dynamodb/entities/personal-hasher.ts';
import { makeReadModelStore } from '../shared/adapters/dynamodb/import-wiring.ts';
import {
  BATCH_SIZE,
  CONCURRENT_BATCHES,
  readModelItems,
} from '../shared/adapters/dynamodb/read-model-store.ts';
import { loadOrCreateHashKey } from '../shared/adapters/local/hash-key-file.ts';
import { loadReadModelImportEnv } from '../shared/config/env.ts';
import type { IsoDate } from '../shared/domain/vienna-calendar.ts';
import { readTenancyFiles } from '../shared/import/read-tenancy-files.ts';
import { ImportReportSchema, uploadKeys } from '../shared/import/uploads.ts';
import { fakeImportBucket, s3ObjectCreatedEvent } from '../test/support/fake-import-bucket.ts';
import { progress } from './stats.ts';

export interface ImportResult {
  readonly tenancies: number;
  readonly cases: number;
  /** What was timed. */
  readonly path: string;
  readonly csvBytes: number;
  /** S3 event to active read model, through the import function's handler. */
  readonly seconds: number;
  readonly tenanciesPerSecond: number;
  readonly itemsWritten: number;
  /** The same items written with raw BatchWriteItem, same batch size and concurrency, same run. */
  readonly floorSeconds: number;
  /** Reading and checking both files alone (CSV stream to tenancy files), for the note. */
  readonly readSeconds: number;
  /** The process's peak while the import ran: what sizes the function's memory. */
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
  readonly generateSeconds: number;
}

export interface ImportTables {
  readonly endpoint: string;
  readonly region: string;
  /** Tables for the import function's path. */
  readonly readModelTable: string;
  /** Empty tables of the same definition for the floor. */
  readonly floorReadModelTable: string;
}

const BUCKET = 'bench-import-uploads';

/**
 * Times one whole import of `count` tenancies the way it runs in AWS: the import function's handler
 * (functions/read-model-import) on an S3 event, its files streamed from an in-memory bucket (S3
 * itself is the only thing replaced) into the same use case and store as `hotline import`, against
 * DynamoDB Local. Beside it, the floor: the very items that import writes, sent as raw
 * BatchWriteItem requests of the same size at the same concurrency into empty tables.
 */
export const measureImport = async (
  tables: ImportTables,
  options: { readonly tenancies: number; readonly seed: number; readonly today: IsoDate },
): Promise<ImportResult> => {
  const generateStart = performance.now();
  const { expectedCases, tenanciesCsv, casesCsv } = generateFiles(options);
  const generateSeconds = (performance.now() - generateStart) / 1000;
  // A hash key of the bench's own, as a local store has (generated in a folder of its own).
  const location = {
    AWS_REGION: tables.region,
    DYNAMODB_ENDPOINT: tables.endpoint,
    HASH_KEY_DIR: mkdtempSync(join(tmpdir(), 'hotline-bench-key-')),
  };

  // The floor first, in a function of its own: its parsed copy of the files and its items are
  // garbage once it returns, so the timed import does not run with a second copy on the heap
  // (which a Lambda would not have, and whose garbage collection the import would pay for).
  const { floorSeconds, readSeconds, itemsWritten } = await measureFloor(tables, location, {
    tenanciesCsv,
    casesCsv,
  });
  // The floor wrote into empty tables; the import does too: its tables are dropped from DynamoDB
  // Local (in memory), so that the JVM does not carry the floor's half million items meanwhile.
  await dropTable(tables, tables.floorReadModelTable);

  const bucket = fakeImportBucket(BUCKET, { chunkBytes: 64 * 1024 });
  const importId = 'bench-220k';
  const tenanciesVersion = bucket.put(uploadKeys.file(importId, 'tenancies.csv'), tenanciesCsv);
  const casesVersion = bucket.put(uploadKeys.file(importId, 'cases.csv'), casesCsv);
  const manifestVersion = bucket.put(
    uploadKeys.manifest(importId),
    JSON.stringify({
      tenancies: { name: 'tenancies.csv', versionId: tenanciesVersion },
      cases: { name: 'cases.csv', versionId: casesVersion },
    }),
  );
  const snsClient = new SNSClient({ region: tables.region });
  mockClient(snsClient).on(PublishCommand).resolves({ MessageId: 'bench' });
  const handler = wireReadModelImport(
    loadReadModelImportEnv({
      READ_MODEL_TABLE: tables.readModelTable,
      IMPORT_BUCKET: BUCKET,
      IMPORT_TOPIC_ARN: 'arn:aws:sns:eu-central-1:111122223333:bench',
      ...location,
    }),
    { s3: bucket.client, sns: snsClient },
  );
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 100);
  progress(`import: ${options.tenancies.toLocaleString('en')} tenancies through the import function`);
  const start = performance.now();
  try {
    await handler(s3ObjectCreatedEvent(BUCKET, uploadKeys.manifest(importId), manifestVersion), {
      getRemainingTimeInMillis: () => 15 * 60_000,
    });
  } finally {
    clearInterval(sampler);
    sample();
  }
  const seconds = (performance.now() - start) / 1000;
  const report = ImportReportSchema.parse(JSON.parse(bucket.text(uploadKeys.report(importId)) ?? 'null'));
  if (
    report.status !== 'imported' ||
    report.counts.tenancies !== options.tenancies ||
    report.counts.cases !== expectedCases
  ) {
    throw new Error(
      `the import reported ${JSON.stringify(report)}, expected ${options.tenancies} tenancies and ${expectedCases} cases imported`,
    );
  }
  return {
    tenancies: options.tenancies,
    cases: expectedCases,
    path: 'S3 event → read-model-import handler → CSV streamed from the bucket → makeImportReadModel → DynamoDB Local',
    csvBytes: tenanciesCsv.length + casesCsv.length,
    seconds,
    tenanciesPerSecond: options.tenancies / seconds,
    itemsWritten,
    floorSeconds,
    readSeconds,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapUsedMb: peakHeap / 2 ** 20,
    generateSeconds,
  };
};

const generateFiles = (options: {
  readonly tenancies: number;
  readonly seed: number;
  readonly today: IsoDate;
}) => {
  const demo = generateDemoData({ seed: options.seed, today: options.today, tenancies: options.tenancies });
  return {
    expectedCases: demo.files.reduce((sum, file) => sum + file.cases.length, 0),
    tenanciesCsv: Buffer.from(demo.tenanciesCsv),
    casesCsv: Buffer.from(demo.casesCsv),
  };
};

/** The items of a parsed copy of the same files, under a generation of their own, written raw. */
const measureFloor = async (
  tables: ImportTables,
  location: {
    readonly AWS_REGION: string;
    readonly DYNAMODB_ENDPOINT: string;
    readonly HASH_KEY_DIR: string;
  },
  files: { readonly tenanciesCsv: Buffer; readonly casesCsv: Buffer },
) => {
  const readStart = performance.now();
  const parsed = await readTenancyFiles({
    tenancies: { name: 'tenancies.csv', content: files.tenanciesCsv },
    cases: { name: 'cases.csv', content: files.casesCsv },
  });
  const readSeconds = (performance.now() - readStart) / 1000;
  // Hashed with the same key as the import, so that both write the same bytes.
  const { items } = readModelItems(
    'FLOOR',
    parsed.files,
    personalHasher(loadOrCreateHashKey(location.HASH_KEY_DIR)),
  );
  const floorStore = makeReadModelStore({ READ_MODEL_TABLE: tables.floorReadModelTable, ...location });
  try {
    progress(`import floor: ${items.length.toLocaleString('en')} items, raw BatchWriteItem`);
    const start = performance.now();
    await rawBatchWrite(floorStore.bulk, tables.floorReadModelTable, items);
    return { floorSeconds: (performance.now() - start) / 1000, readSeconds, itemsWritten: items.length };
  } finally {
    floorStore.bulk.destroy();
  }
};

const dropTable = async (tables: ImportTables, table: string): Promise<void> => {
  const client = new DynamoDBClient({
    region: tables.region,
    endpoint: tables.endpoint,
    ...localEndpointSettings(tables.endpoint, tables.region),
  });
  try {
    await client.send(new DeleteTableCommand({ TableName: table }));
  } finally {
    client.destroy();
  }
};

/** The floor: BatchWriteItem of BATCH_SIZE items, CONCURRENT_BATCHES at a time, unprocessed items sent again. */
const rawBatchWrite = async (
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      let pending = items.slice(next, next + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
      next += BATCH_SIZE;
      while (pending.length > 0) {
        const { UnprocessedItems } = await doc.send(
          new BatchWriteCommand({ RequestItems: { [table]: pending } }),
        );
        pending = (UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, worker));
};

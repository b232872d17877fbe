import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { loadLocalEnv } from '../../shared/config/env.ts';
import type { CsvInput, ImportSummary } from '../../shared/use-cases/import-read-model.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { openStore } from '../store.ts';
import { assertReadableFile, required } from '../usage.ts';
import { progressReporter } from './progress.ts';

/** `hotline import --tenancies FILE [--cases FILE]`: replaces the read model; a bad file changes nothing. */
export const importCommand = async (args: string[]): Promise<void> => {
  const { values } = parseArgs({
    args,
    options: {
      tenancies: { type: 'string' },
      cases: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const tenancies = csvFile(required(values.tenancies, '--tenancies FILE'), 'tenancies');
  const cases = values.cases === undefined ? undefined : csvFile(values.cases, 'cases');
  const store = await openStore({ local: loadLocalEnv(), dataDir: values.data });
  try {
    const importReadModel = makeImportReadModel(makeDynamoAdapters(store.env));
    const progress = progressReporter('writing');
    const summary = await importReadModel({ tenancies, cases, onProgress: progress.update });
    progress.done();
    process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : describe(summary));
  } finally {
    await store.close();
  }
};

/** Checks the file can be read now (one clear line if not), then streams it into the import. */
const csvFile = (path: string, what: string): CsvInput => {
  assertReadableFile(path, what);
  return { name: path, content: createReadStream(path) };
};

const describe = (summary: ImportSummary): string =>
  [
    `imported ${summary.counts.tenancies} tenancies with ${summary.counts.phoneNumbers} phone numbers`,
    summary.casesImported
      ? `and ${summary.counts.cases} cases (${summary.counts.openCases} open)`
      : 'and no cases (no --cases file: the new read model holds no cases)',
    `generation ${summary.generation}, active since ${summary.activatedAt}`,
  ]
    .join('\n')
    .concat('\n');

import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { loadLocalEnv } from '../../shared/config/env.ts';
import { InvalidImportError } from '../../shared/domain/errors.ts';
import type { CsvInput, ImportSummary } from '../../shared/use-cases/import-read-model.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { openStore } from '../store.ts';
import { assertReadableFile, required } from '../usage.ts';
import {
  defaultStackImportClients,
  importToStack,
  type StackImportClients,
  StackImportError,
} from './import-to-stack.ts';
import { progressReporter } from './progress.ts';

/**
 * `hotline import --tenancies FILE [--cases FILE] [--stack NAME]`: replaces the read model (the local
 * store, or with --stack a deployed stack's); a bad file changes nothing.
 */
export const importCommand = async (args: string[]): Promise<void> => {
  const { values } = parseArgs({
    args,
    options: {
      tenancies: { type: 'string' },
      cases: { type: 'string' },
      data: { type: 'string' },
      stack: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.stack !== undefined) {
    await importIntoStack(required(values.stack, '--stack NAME'), values);
    return;
  }
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

/**
 * `hotline import --stack NAME …`: the same files into a deployed stack through its import bucket.
 * The report prints as the local import prints its result; a rejected upload lists its problems
 * and a failed one says why, both with a non-zero exit.
 */
const importIntoStack = async (
  stack: string,
  values: { tenancies?: string | undefined; cases?: string | undefined; json?: boolean | undefined },
  clients: StackImportClients = defaultStackImportClients(),
): Promise<void> => {
  const tenancies = required(values.tenancies, '--tenancies FILE');
  assertReadableFile(tenancies, 'tenancies');
  if (values.cases !== undefined) assertReadableFile(values.cases, 'cases');
  const report = await importToStack({ stack, tenancies, cases: values.cases }, clients);
  if (report.status === 'rejected') throw new InvalidImportError(report.problems);
  if (report.status === 'failed')
    throw new StackImportError(`import ${report.importId} failed: ${report.reason}`);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describe(report));
};

const describe = (
  summary: Pick<ImportSummary, 'counts' | 'casesImported' | 'generation' | 'activatedAt'>,
): string =>
  [
    `imported ${summary.counts.tenancies} tenancies with ${summary.counts.phoneNumbers} phone numbers`,
    summary.casesImported
      ? `and ${summary.counts.cases} cases (${summary.counts.openCases} open)`
      : 'and no cases (no --cases file: the new read model holds no cases)',
    `generation ${summary.generation}, active since ${summary.activatedAt}`,
  ]
    .join('\n')
    .concat('\n');

import { createReadStream } from 'node:fs';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { loadLocalEnv } from '../../shared/config/env.ts';
import { InvalidImportError } from '../../shared/domain/errors.ts';
import type { CsvInput, ImportSummary } from '../../shared/use-cases/import-read-model.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { openStore } from '../store.ts';
import { assertReadableFile, required } from '../usage.ts';
import {
  defaultStackImportClients,
  importToStack,
  type StackImportClients,
  StackImportError,
} from './import-to-stack.ts';
import { progressReporter } from './progress.ts';

const IMPORT_OPTIONS = defineOptions({
  tenancies: { type: 'string', value: 'FILE', meaning: 'the tenancies CSV file (docs/tenancy-data.md)' },
  cases: {
    type: 'string',
    value: 'FILE',
    meaning: 'the cases CSV file; without it the cases stay as they are',
  },
  stack: { type: 'string', value: 'NAME', meaning: "import into this deployed stack's read model instead" },
  json: { type: 'boolean', default: false, meaning: 'print the summary as one JSON document' },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default .hotline/)' },
});

/**
 * `hotline import --tenancies FILE [--cases FILE] [--stack NAME]`: replaces the read model (the local
 * store, or with --stack a deployed stack's); a bad file changes nothing.
 */
export const importCommand = async (args: string[]): Promise<void> => {
  const { values } = parseCommandArgs(IMPORT_OPTIONS, args);
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

export const importDescriptor: CommandDescriptor = {
  name: 'import',
  usage: [
    'import --tenancies FILE [--cases FILE] [--json]',
    'import --stack NAME --tenancies FILE [--cases FILE] [--json]',
  ],
  summary: 'replaces the tenancy read model from the CSV files (locally, or in a deployed stack)',
  description:
    'Replaces the tenancy read model from the CSV files (docs/tenancy-data.md) and prints counts; a file with any bad row ' +
    'changes nothing and every problem is listed as `file:line:column field: what is wrong`. With --stack, the ' +
    "same import into a deployed stack: uploads to its import bucket (found in the stack's outputs, default AWS " +
    "credentials and region), waits for the import function's report with progress, prints it as the local import does.",
  options: IMPORT_OPTIONS,
  examples: [
    {
      command: 'hotline import --tenancies tenancies.csv --cases cases.csv',
      shows: 'the local read model replaced',
    },
  ],
  run: importCommand,
};

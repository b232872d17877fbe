import * as z from 'zod';
import { sortableId } from '../domain/sortable-id.ts';

/**
 * How an import travels through the import bucket (infra/constructs/read-model-import.ts), in one
 * place for the CLI that uploads, the function that imports and the CDK trigger:
 *
 *   imports/<importId>/tenancies.csv   the tenancies (required)
 *   imports/<importId>/cases.csv       the cases (optional: without it the new model has no cases)
 *   imports/<importId>/manifest.json   written last: its creation starts the import
 *   imports/<importId>/progress.json   written by the function while it works
 *   imports/<importId>/report.json     written by the function once, when it is done
 *
 * Why a manifest: the two CSV files of one import must be read together, and S3 announces each
 * object on its own, in no guaranteed order. Triggering on the manifest, written after both files,
 * means the function never starts with half an upload; the manifest says whether there is a cases
 * file (so a missing one is an error, not "no cases") and which object versions to read (the bucket
 * is versioned), so a file overwritten during the import cannot mix into it.
 */
export const IMPORT_KEY_PREFIX = 'imports/';
export const MANIFEST_FILE = 'manifest.json';
export const REPORT_FILE = 'report.json';
export const PROGRESS_FILE = 'progress.json';
export const TENANCIES_FILE = 'tenancies.csv';
export const CASES_FILE = 'cases.csv';

/** The stack outputs the CLI reads (`hotline import --stack NAME`), by key. */
export const IMPORT_STACK_OUTPUTS = {
  bucket: 'ImportBucketName',
  topic: 'ImportReportTopicArn',
} as const;

/** An import's folder name: the CLI makes `20261202T101500123Z-k3f9`; by hand, any safe name. */
export const ImportIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be letters, digits, ".", "_" or "-" (at most 100)');
export type ImportId = z.infer<typeof ImportIdSchema>;

export const uploadKeys = {
  folder: (importId: ImportId) => `${IMPORT_KEY_PREFIX}${importId}/`,
  file: (importId: ImportId, name: string) => `${IMPORT_KEY_PREFIX}${importId}/${name}`,
  manifest: (importId: ImportId) => `${IMPORT_KEY_PREFIX}${importId}/${MANIFEST_FILE}`,
  report: (importId: ImportId) => `${IMPORT_KEY_PREFIX}${importId}/${REPORT_FILE}`,
  progress: (importId: ImportId) => `${IMPORT_KEY_PREFIX}${importId}/${PROGRESS_FILE}`,
  /** The import a manifest key belongs to, or undefined for any other key. */
  importIdOfManifest: (key: string): ImportId | undefined => {
    const match = /^imports\/([^/]+)\/manifest\.json$/.exec(key)?.[1];
    return match !== undefined && ImportIdSchema.safeParse(match).success ? match : undefined;
  },
} as const;

/** One CSV file of an import: its name inside the import's folder and, if known, its version. */
const UploadedFileSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.csv$/i, 'must be a .csv file name without a folder'),
  versionId: z.string().min(1).max(1024).optional(),
});
export type UploadedFile = z.infer<typeof UploadedFileSchema>;

/** `manifest.json`: which files make up the import. Unknown fields are ignored. */
export const ImportManifestSchema = z.object({
  tenancies: UploadedFileSchema,
  cases: UploadedFileSchema.optional(),
});
export type ImportManifest = z.infer<typeof ImportManifestSchema>;

const ProblemSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  field: z.string(),
  message: z.string(),
});

const CountsSchema = z.object({
  tenancies: z.number().int(),
  cases: z.number().int(),
  openCases: z.number().int(),
  phoneNumbers: z.number().int(),
});

const reportBase = {
  importId: ImportIdSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
};

/**
 * `report.json`: what became of an import. Counts, generation and problems (file, line, column,
 * field and a message that names no field's value); never a value of the files.
 * - `imported`: the new model is active.
 * - `rejected`: the files (or the manifest) had problems; nothing changed.
 * - `failed`: the import could not finish (the store, S3, time); nothing changed, and it alarms.
 */
export const ImportReportSchema = z.discriminatedUnion('status', [
  z.object({
    ...reportBase,
    status: z.literal('imported'),
    generation: z.string(),
    activatedAt: z.iso.datetime(),
    casesImported: z.boolean(),
    counts: CountsSchema,
    rows: z.object({ tenancies: z.number().int(), cases: z.number().int() }),
  }),
  z.object({
    ...reportBase,
    status: z.literal('rejected'),
    problems: z.array(ProblemSchema).readonly(),
  }),
  z.object({
    ...reportBase,
    status: z.literal('failed'),
    reason: z.string(),
  }),
]);
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** `progress.json`: where a running import is, for the CLI that waits. */
export const ImportProgressSchema = z.object({
  importId: ImportIdSchema,
  stage: z.enum(['reading', 'writing']),
  written: z.number().int(),
  total: z.number().int(),
  at: z.iso.datetime(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

/** Sortable, unique import ids: `20261202T101500123Z-k3f9`. */
export const newImportId = (at: Date): ImportId => sortableId(at);

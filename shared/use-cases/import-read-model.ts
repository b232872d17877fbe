import type { CsvInput } from '../import/csv-reader.ts';
import { readTenancyFiles } from '../import/read-tenancy-files.ts';
import { logger } from '../observability/logger.ts';
import type { ReadModelStore, ReadModelSummary, ReplaceProgress } from '../ports/read-model.ts';

export type { CsvInput } from '../import/csv-reader.ts';

export interface ImportReadModelInput {
  /** `tenancies.csv` (docs/tenancy-data.md); `name` is what problems are reported against. */
  readonly tenancies: CsvInput;
  /**
   * `cases.csv`. The read model is a snapshot, not a patch: without a cases file the new model
   * holds the tenancies and no cases at all (no open case, so nobody is rated on a case), and
   * `casesImported` in the result is false.
   */
  readonly cases?: CsvInput | undefined;
  /** Called as the items of the new model are written (before it becomes visible). */
  readonly onProgress?: ((progress: ReplaceProgress) => void) | undefined;
  /** Aborts the import before its switch (ReplaceOptions.signal): nothing becomes visible. */
  readonly signal?: AbortSignal | undefined;
  /** The upload this import reads (the import function's), named on its log lines. */
  readonly importId?: string | undefined;
}

export interface ImportSummary extends ReadModelSummary {
  /** False when no cases file was given: the new model has no cases, whatever the old one had. */
  readonly casesImported: boolean;
  readonly rows: { readonly tenancies: number; readonly cases: number };
}

export interface ImportReadModelDeps {
  readonly readModel: ReadModelStore;
}

/**
 * Replaces the tenancy read model with the content of the CSV files. Both files are read and
 * checked completely before anything is written: any problem throws InvalidImportError (every
 * problem with file, line and column) and the model readers see stays as it was. The new model then
 * becomes visible in one step (ReadModelStore.replace); a concurrent import that finishes first
 * makes this one fail with ConcurrentImportError, again without a visible change.
 */
export const makeImportReadModel =
  (deps: ImportReadModelDeps) =>
  async (input: ImportReadModelInput): Promise<ImportSummary> => {
    const startedAt = performance.now();
    const casesImported = input.cases !== undefined;
    const parsed = await readTenancyFiles({ tenancies: input.tenancies, cases: input.cases });
    const readMs = Math.round(performance.now() - startedAt);
    logger.info('read model import validated', {
      importId: input.importId,
      tenancies: parsed.files.length,
      cases: parsed.caseRows,
      casesImported,
      readMs,
    });
    const summary = await deps.readModel.replace(parsed.files, {
      onProgress: input.onProgress,
      signal: input.signal,
    });
    logger.info('read model import finished', {
      importId: input.importId,
      generation: summary.generation,
      counts: summary.counts,
      casesImported,
      readMs,
      totalMs: Math.round(performance.now() - startedAt),
    });
    return { ...summary, casesImported, rows: { tenancies: parsed.tenancyRows, cases: parsed.caseRows } };
  };

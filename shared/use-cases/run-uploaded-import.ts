import {
  ConcurrentImportError,
  InvalidImportError,
  InvalidManifestError,
  type RowProblem,
  UploadedFileMissingError,
} from '../domain/errors.ts';
import { type ImportId, type ImportReport, MANIFEST_FILE, uploadKeys } from '../import/uploads.ts';
import { logger } from '../observability/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { ImportNotifier, ImportUploads } from '../ports/import-uploads.ts';
import type { ReplaceProgress } from '../ports/read-model.ts';
import type { ImportReadModelInput, ImportSummary } from './import-read-model.ts';

export interface UploadedImport {
  readonly importId: ImportId;
  /** The manifest version the event announced (the bucket is versioned). */
  readonly manifestVersionId?: string | undefined;
  /** Aborted when time runs out: the import stops before its switch and is reported as failed. */
  readonly signal?: AbortSignal | undefined;
}

export type UploadedImportResult =
  | { readonly outcome: 'reported'; readonly report: ImportReport }
  /** The import had a report already (S3 announced the manifest twice, or it was re-sent). */
  | { readonly outcome: 'already-reported' };

export interface RunUploadedImportDeps {
  readonly uploads: ImportUploads;
  readonly notifier: ImportNotifier;
  /** The same use case `hotline import` runs locally (makeImportReadModel). */
  readonly importReadModel: (input: ImportReadModelInput) => Promise<ImportSummary>;
  readonly clock: Clock;
}

/** Progress is written at these fractions of the items: a handful of small PutObjects per import. */
const PROGRESS_STEPS = 4;

/**
 * Runs the import an upload announces: reads its manifest, streams its files into the import use
 * case (the same validation and atomic switch as the local import), writes `report.json` next to
 * the upload and notifies. Each import id is imported at most once: an import that has a report is
 * not run again, and of two runs of one event only the first report is kept.
 *
 * A report of status `failed` means nothing changed (the switch is the last step, and the signal
 * stops the import before it); the caller fails the invocation so that it alarms.
 */
export const makeRunUploadedImport =
  (deps: RunUploadedImportDeps) =>
  async (upload: UploadedImport): Promise<UploadedImportResult> => {
    const { importId } = upload;
    if (await deps.uploads.hasReport(importId)) {
      logger.info('import already reported', { importId });
      return { outcome: 'already-reported' };
    }
    const startedAt = deps.clock.now().toISOString();
    const finish = <R extends Record<string, unknown>>(rest: R) => ({
      importId,
      startedAt,
      finishedAt: deps.clock.now().toISOString(),
      ...rest,
    });
    const progress = progressWriter(deps, importId);

    let report: ImportReport;
    try {
      await progress.write({ stage: 'reading', written: 0, total: 0 });
      const manifest = await deps.uploads.readManifest(importId, upload.manifestVersionId);
      const summary = await deps.importReadModel({
        tenancies: {
          name: manifest.tenancies.name,
          content: deps.uploads.open(importId, manifest.tenancies),
        },
        cases: manifest.cases
          ? { name: manifest.cases.name, content: deps.uploads.open(importId, manifest.cases) }
          : undefined,
        onProgress: progress.onWriting,
        signal: upload.signal,
        importId,
      });
      report = finish({
        status: 'imported',
        generation: summary.generation,
        activatedAt: summary.activatedAt,
        casesImported: summary.casesImported,
        counts: summary.counts,
        rows: summary.rows,
      });
    } catch (error) {
      const rejected = rejectionOf(error);
      report = rejected
        ? finish({ status: 'rejected', problems: rejected })
        : finish({ status: 'failed', reason: failureReason(error, upload.signal) });
      if (!rejected) logger.error('uploaded import failed', { importId, error });
    }

    await progress.settled();
    const written = await deps.uploads.writeReport(report);
    if (written === 'exists') {
      logger.warn('import reported by another run', { importId, status: report.status });
      return { outcome: 'already-reported' };
    }
    logger.info('uploaded import reported', {
      importId,
      status: report.status,
      ...(report.status === 'imported' ? { generation: report.generation, counts: report.counts } : {}),
      ...(report.status === 'rejected' ? { problems: report.problems.length } : {}),
    });
    await deps.notifier.notify(report, { reportKey: uploadKeys.report(importId) });
    return { outcome: 'reported', report };
  };

/** Problems a person fixes in the upload, located by file, line and column; undefined for failures. */
const rejectionOf = (error: unknown): readonly RowProblem[] | undefined => {
  if (error instanceof InvalidImportError) return error.problems;
  if (error instanceof InvalidManifestError) {
    return [{ file: MANIFEST_FILE, line: 1, column: 1, field: '', message: error.reason }];
  }
  if (error instanceof UploadedFileMissingError) {
    return [
      {
        file: error.file,
        line: 1,
        column: 1,
        field: '',
        message: `is named in ${MANIFEST_FILE} but is not in the upload; upload it before ${MANIFEST_FILE}`,
      },
    ];
  }
  return undefined;
};

/** What the report says about a failure: what happened and what to do, never an SDK message. */
const failureReason = (error: unknown, signal: AbortSignal | undefined): string => {
  if (error instanceof ConcurrentImportError) {
    return 'another import finished first; this one was discarded and nothing of it is visible. Upload again if it should win.';
  }
  if (signal?.aborted) {
    return 'the import ran out of time before its switch; nothing of it is visible. See the function log.';
  }
  return 'the import could not finish (store or bucket unavailable); nothing of it is visible. See the function log, then upload again.';
};

/**
 * Writes `progress.json` at the start and at each quarter of the items, one write at a time. A
 * progress write that fails is logged and skipped on purpose: progress is for a person watching,
 * and the import must not fail because of it (the report is what counts, and its write is not skipped).
 */
const progressWriter = (deps: Pick<RunUploadedImportDeps, 'uploads' | 'clock'>, importId: ImportId) => {
  let chain: Promise<void> = Promise.resolve();
  let nextStep = 1;
  const write = (state: { stage: 'reading' | 'writing'; written: number; total: number }): Promise<void> => {
    chain = chain.then(() =>
      deps.uploads
        .writeProgress({ importId, ...state, at: deps.clock.now().toISOString() })
        .catch((error: unknown) => logger.warn('import progress not written', { importId, error })),
    );
    return chain;
  };
  return {
    write,
    /** Resolves once every progress write has been made: none may land after the report. */
    settled: (): Promise<void> => chain,
    onWriting: ({ written, total }: ReplaceProgress): void => {
      if (written === 0 || written >= (total * nextStep) / PROGRESS_STEPS) {
        if (written > 0) nextStep = Math.floor((written / total) * PROGRESS_STEPS) + 1;
        void write({ stage: 'writing', written, total });
      }
    },
  };
};

import { issuePaths } from '../../shared/connect/contact-flow-event.ts';
import { UploadedImportFailedError } from '../../shared/domain/errors.ts';
import { decodeS3Key, isS3TestEvent, S3ObjectCreatedEvent } from '../../shared/import/s3-event.ts';
import { uploadKeys } from '../../shared/import/uploads.ts';
import { logger } from '../../shared/observability/logger.ts';
import type { UploadedImport, UploadedImportResult } from '../../shared/use-cases/run-uploaded-import.ts';

/** What the handler uses of the Lambda context. */
export interface ImportInvocationContext {
  getRemainingTimeInMillis(): number;
}

export interface ReadModelImportHandlerOptions {
  /** The bucket whose manifests start imports; events from any other bucket are ignored. */
  readonly bucket: string;
  /** How long before the function's timeout a running import is stopped, so that its report is written. */
  readonly stopBeforeTimeoutMs: number;
}

/**
 * Parse, call the use case, map. S3 invokes asynchronously: a malformed event, another bucket or a
 * key that is not a manifest would fail the same way every time, so they are logged and dropped. An
 * import whose report says `failed` fails the invocation (after the report and the notification),
 * so that Lambda's Errors metric raises the import alarm.
 */
export const createReadModelImportHandler =
  (
    runUploadedImport: (upload: UploadedImport) => Promise<UploadedImportResult>,
    options: ReadModelImportHandlerOptions,
  ) =>
  async (event: unknown, context?: ImportInvocationContext): Promise<void> => {
    if (isS3TestEvent(event)) {
      logger.info('s3 test event ignored');
      return;
    }
    const parsed = S3ObjectCreatedEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('invalid s3 event', { paths: issuePaths(parsed.error) });
      return;
    }
    for (const record of parsed.data.Records) {
      const key = decodeS3Key(record.s3.object.key);
      const importId = uploadKeys.importIdOfManifest(key);
      if (record.s3.bucket.name !== options.bucket || importId === undefined) {
        logger.warn('s3 object is not an import manifest', { key });
        continue;
      }
      // The use case names the import on each of its lines; nothing is appended to the shared logger,
      // whose keys overlapping invocations would share.
      const remainingMs = context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY;
      const signal = Number.isFinite(remainingMs)
        ? AbortSignal.timeout(Math.max(1, remainingMs - options.stopBeforeTimeoutMs))
        : undefined;
      const result = await runUploadedImport({
        importId,
        manifestVersionId: record.s3.object.versionId,
        signal,
      });
      if (result.outcome === 'reported' && result.report.status === 'failed') {
        throw new UploadedImportFailedError(importId);
      }
    }
  };

import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { makeReadModelStore } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { S3ImportUploads } from '../../shared/adapters/s3/import-uploads.ts';
import { SnsImportNotifier } from '../../shared/adapters/sns/import-notifier.ts';
import type { ReadModelImportEnv } from '../../shared/config/env.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { makeRunUploadedImport } from '../../shared/use-cases/run-uploaded-import.ts';
import { createReadModelImportHandler } from './create-handler.ts';

export interface ReadModelImportWiringOptions {
  readonly s3?: S3Client;
  readonly sns?: SNSClient;
  readonly clock?: Clock;
}

/**
 * read-model-import, composed from configuration: handler.ts once per cold start, the benchmark and tests. The
 * import itself is the local import's use case on the same read-model store (import-wiring.ts).
 */
export const wireReadModelImport = (env: ReadModelImportEnv, options: ReadModelImportWiringOptions = {}) => {
  const clock = options.clock ?? systemClock;
  const s3 = options.s3 ?? new S3Client({ region: env.AWS_REGION });
  const sns = options.sns ?? new SNSClient({ region: env.AWS_REGION });
  const { readModel } = makeReadModelStore(env, clock);
  return createReadModelImportHandler(
    makeRunUploadedImport({
      uploads: new S3ImportUploads(s3, env.IMPORT_BUCKET),
      notifier: new SnsImportNotifier(sns, env.IMPORT_TOPIC_ARN, env.IMPORT_BUCKET),
      importReadModel: makeImportReadModel({ readModel }),
      clock,
    }),
    { bucket: env.IMPORT_BUCKET, stopBeforeTimeoutMs: env.IMPORT_STOP_BEFORE_TIMEOUT_SECONDS * 1000 },
  );
};

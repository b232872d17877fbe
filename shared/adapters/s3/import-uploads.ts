import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { InvalidManifestError, UploadedFileMissingError } from '../../domain/errors.ts';
import {
  type ImportId,
  type ImportManifest,
  ImportManifestSchema,
  type ImportProgress,
  type ImportReport,
  type UploadedFile,
  uploadKeys,
} from '../../import/uploads.ts';
import type { ImportUploads } from '../../ports/import-uploads.ts';

/** A manifest names two files; anything larger is not a manifest. */
const MAX_MANIFEST_BYTES = 64 * 1024;

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);

/**
 * 412: the report exists (the write's `If-None-Match: *` failed); 409: another write of it is in
 * flight. Either way another run of the same event is reporting. S3 conditional writes:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
const isTakenByAnotherWrite = (error: unknown): boolean =>
  error instanceof S3ServiceException &&
  (error.$metadata.httpStatusCode === 412 || error.$metadata.httpStatusCode === 409);

const json = (value: unknown) => ({
  Body: `${JSON.stringify(value, null, 2)}\n`,
  ContentType: 'application/json',
});

/** The import bucket through the S3 API (GetObject bodies are streamed, never read whole). */
export class S3ImportUploads implements ImportUploads {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async hasReport(importId: ImportId): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: uploadKeys.report(importId) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async readManifest(importId: ImportId, versionId?: string): Promise<ImportManifest> {
    let text: string;
    try {
      const { Body, ContentLength } = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: uploadKeys.manifest(importId),
          VersionId: versionId,
        }),
      );
      if ((ContentLength ?? 0) > MAX_MANIFEST_BYTES) {
        throw new InvalidManifestError(`it is larger than ${MAX_MANIFEST_BYTES / 1024} KiB`);
      }
      text = (await Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (isMissing(error)) throw new InvalidManifestError('it is not in the upload', { cause: error });
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidManifestError('it is not valid JSON', { cause: error });
    }
    const parsed = ImportManifestSchema.safeParse(value);
    if (!parsed.success) {
      const where = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`,
      );
      throw new InvalidManifestError(where.join('; '));
    }
    return parsed.data;
  }

  open(importId: ImportId, file: UploadedFile): Readable {
    const { s3, bucket } = this;
    async function* body(): AsyncGenerator<Uint8Array> {
      let stream: Readable;
      try {
        const { Body } = await s3.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: uploadKeys.file(importId, file.name),
            VersionId: file.versionId,
          }),
        );
        if (!(Body instanceof Readable)) throw new TypeError('S3 GetObject returned no stream body');
        stream = Body;
      } catch (error) {
        if (isMissing(error)) throw new UploadedFileMissingError(file.name, { cause: error });
        throw error;
      }
      yield* stream;
    }
    return Readable.from(body(), { objectMode: false });
  }

  async writeProgress(progress: ImportProgress): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: uploadKeys.progress(progress.importId),
        ...json(progress),
      }),
    );
  }

  async writeReport(report: ImportReport): Promise<'written' | 'exists'> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: uploadKeys.report(report.importId),
          IfNoneMatch: '*',
          ...json(report),
        }),
      );
      return 'written';
    } catch (error) {
      if (isTakenByAnotherWrite(error)) return 'exists';
      throw error;
    }
  }
}

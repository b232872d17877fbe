import { createReadStream, statSync } from 'node:fs';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type DescribedStack, describeStack } from '../../shared/adapters/aws/cloudformation-stack.ts';
import {
  CASES_FILE,
  IMPORT_STACK_OUTPUTS,
  type ImportId,
  type ImportManifest,
  ImportProgressSchema,
  type ImportReport,
  ImportReportSchema,
  newImportId,
  TENANCIES_FILE,
  uploadKeys,
} from '../../shared/import/uploads.ts';
import { DeploymentReadError } from '../../shared/ports/deployed-hotline.ts';
import { InputFileError, noSuchStack } from '../usage.ts';
import { progressReporter } from './progress.ts';

/** A deployed stack cannot take the import: no such stack, no import bucket, no report in time. */
export class StackImportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StackImportError';
  }
}

export interface StackImportClients {
  readonly cloudFormation: CloudFormationClient;
  readonly s3: S3Client;
}

export interface StackImportOptions {
  readonly stack: string;
  readonly tenancies: string;
  readonly cases?: string | undefined;
  /** How long to wait for the report: the function may run 15 minutes and may queue behind another import. */
  readonly waitMs?: number;
  /** First pause between polls, growing by half each time up to `maxPollMs`. */
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  readonly now?: () => Date;
}

/** The default AWS credential chain and region (AWS_PROFILE, AWS_REGION, SSO, …), as the AWS CLI uses them. */
export const defaultStackImportClients = (): StackImportClients => ({
  cloudFormation: new CloudFormationClient({}),
  s3: new S3Client({}),
});

const WAIT_MS = 30 * 60_000;

/**
 * `hotline import --stack NAME`: finds the stack's import bucket (its `ImportBucketName` output),
 * uploads the files and then the manifest that starts the import (shared/import/uploads.ts), and
 * polls for the report with backoff, showing the function's progress. Resolves with the report;
 * the caller prints it and sets the exit code.
 */
export const importToStack = async (
  options: StackImportOptions,
  clients: StackImportClients,
): Promise<ImportReport> => {
  const now = options.now ?? (() => new Date());
  const bucket = await importBucketOf(options.stack, clients.cloudFormation);
  const importId = newImportId(now());
  const manifest: ImportManifest = {
    tenancies: await uploadFile(clients.s3, bucket, importId, TENANCIES_FILE, options.tenancies),
    ...(options.cases
      ? { cases: await uploadFile(clients.s3, bucket, importId, CASES_FILE, options.cases) }
      : {}),
  };
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: uploadKeys.manifest(importId),
      Body: JSON.stringify(manifest),
      ContentType: 'application/json',
    }),
  );
  process.stderr.write(
    `uploaded to s3://${bucket}/${uploadKeys.folder(importId)}; waiting for the import…\n`,
  );
  return waitForReport(clients.s3, bucket, importId, options);
};

const importBucketOf = async (stack: string, cloudFormation: CloudFormationClient): Promise<string> => {
  let described: DescribedStack | undefined;
  try {
    described = await describeStack(cloudFormation, stack);
  } catch (error) {
    const cause = error instanceof DeploymentReadError ? error.cause : error;
    throw new StackImportError(
      `cannot read the stack ${stack} (${cause instanceof Error ? cause.name : 'error'}); check the AWS credentials and region`,
      { cause },
    );
  }
  if (described === undefined) throw new StackImportError(noSuchStack(stack));
  const bucket = described.outputs.find((output) => output.key === IMPORT_STACK_OUTPUTS.bucket)?.value;
  if (!bucket) {
    throw new StackImportError(
      `the stack ${stack} has no ${IMPORT_STACK_OUTPUTS.bucket} output; deploy the current version of the hotline stack first`,
    );
  }
  return bucket;
};

const uploadFile = async (s3: S3Client, bucket: string, importId: ImportId, name: string, path: string) => {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new InputFileError(`cannot read the ${name} file ${path}`, { cause: error });
  }
  const progress = progressReporter(`uploading ${name}`, { unit: 'bytes' });
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: uploadKeys.file(importId, name),
      Body: createReadStream(path),
      ContentType: 'text/csv',
    },
  });
  upload.on('httpUploadProgress', ({ loaded }) => progress.update({ written: loaded ?? 0, total: size }));
  const result = await upload.done();
  progress.done();
  return { name, ...(result.VersionId ? { versionId: result.VersionId } : {}) };
};

const waitForReport = async (
  s3: S3Client,
  bucket: string,
  importId: ImportId,
  options: StackImportOptions,
): Promise<ImportReport> => {
  const deadline = Date.now() + (options.waitMs ?? WAIT_MS);
  const maxPollMs = options.maxPollMs ?? 15_000;
  let pause = options.firstPollMs ?? 1_000;
  const progress = progressReporter('importing');
  for (;;) {
    const report = await readJson(s3, bucket, uploadKeys.report(importId));
    if (report !== undefined) {
      progress.done();
      return ImportReportSchema.parse(report);
    }
    const state = ImportProgressSchema.safeParse(await readJson(s3, bucket, uploadKeys.progress(importId)));
    if (state.success && state.data.stage === 'writing') progress.update(state.data);
    if (Date.now() + pause > deadline) {
      progress.done();
      throw new StackImportError(
        `no report for import ${importId} after ${Math.round((options.waitMs ?? WAIT_MS) / 60_000)} minutes; look at the import function's log group`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(maxPollMs, Math.round(pause * 1.5));
  }
};

/** An object's JSON, or undefined while it does not exist. */
const readJson = async (s3: S3Client, bucket: string, key: string): Promise<unknown> => {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await Body?.transformToString('utf8');
    return text === undefined ? undefined : JSON.parse(text);
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
};

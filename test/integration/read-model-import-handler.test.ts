import { readFileSync } from 'node:fs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { wireReadModelImport } from '../../functions/read-model-import/wiring.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { loadReadModelImportEnv } from '../../shared/config/env.ts';
import { UploadedImportFailedError } from '../../shared/domain/errors.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import { ImportProgressSchema, ImportReportSchema, uploadKeys } from '../../shared/import/uploads.ts';
import { createTestTables } from '../support/dynamo.ts';
import { fakeImportBucket, s3ObjectCreatedEvent } from '../support/fake-import-bucket.ts';

const BUCKET = 'hotline-import-uploads';
const TOPIC = 'arn:aws:sns:eu-central-1:111122223333:ImportReports';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url));

/** The Lambda context's one method the handler uses: plenty of time unless a test says otherwise. */
const lambdaContext = (remainingMs = 900_000) => ({ getRemainingTimeInMillis: () => remainingMs });

describe('the import function: S3 upload to the read model on DynamoDB Local', () => {
  let bucket: ReturnType<typeof fakeImportBucket>;
  let sns: AwsClientStub<SNSClient>;
  let adapters: ReturnType<typeof makeDynamoAdapters>;
  let handler: ReturnType<typeof wireReadModelImport>;

  beforeEach(async () => {
    const { env, envVars } = await createTestTables({ READ_MODEL_CACHE_SECONDS: '0' });
    adapters = makeDynamoAdapters(env);
    bucket = fakeImportBucket(BUCKET, { chunkBytes: 97 });
    const snsClient = new SNSClient({ region: 'eu-central-1' });
    sns = mockClient(snsClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    handler = wireReadModelImport(
      loadReadModelImportEnv({ ...envVars, IMPORT_BUCKET: BUCKET, IMPORT_TOPIC_ARN: TOPIC }),
      { s3: bucket.client, sns: snsClient },
    );
  });

  /** Uploads as `hotline import --stack` does: the files, then the manifest that starts the import. */
  const upload = (importId: string, files: { tenancies: string; cases?: string }) => {
    const tenancies = bucket.put(uploadKeys.file(importId, 'tenancies.csv'), fixture(files.tenancies));
    const cases = files.cases
      ? bucket.put(uploadKeys.file(importId, 'cases.csv'), fixture(files.cases))
      : undefined;
    const manifest = {
      tenancies: { name: 'tenancies.csv', versionId: tenancies },
      ...(cases ? { cases: { name: 'cases.csv', versionId: cases } } : {}),
    };
    const versionId = bucket.put(uploadKeys.manifest(importId), JSON.stringify(manifest));
    return s3ObjectCreatedEvent(BUCKET, uploadKeys.manifest(importId), versionId);
  };
  const reportOf = (importId: string) =>
    ImportReportSchema.parse(JSON.parse(bucket.text(uploadKeys.report(importId)) ?? 'null'));
  const published = () =>
    sns.commandCalls(PublishCommand).map((call) => JSON.parse(call.args[0].input.Message ?? 'null'));

  it('imports a good upload, reports its counts next to it and notifies the topic', async () => {
    // Act
    await handler(
      upload('imp-good', { tenancies: 'tenancies-valid.csv', cases: 'cases-valid.csv' }),
      lambdaContext(),
    );
    // Assess
    const report = reportOf('imp-good');
    expect(report).toMatchObject({
      importId: 'imp-good',
      status: 'imported',
      casesImported: true,
      counts: { tenancies: 4, cases: 4, openCases: 3, phoneNumbers: 4 },
    });
    expect(await adapters.readModel.summary()).toMatchObject({
      generation: report.status === 'imported' ? report.generation : 'none',
    });
    const found = await adapters.directory.findByPhone('+436641234567' as E164);
    expect(found.map((file) => file.tenancy.tenancyId)).toEqual(['100200300']);
    expect(
      ImportProgressSchema.parse(JSON.parse(bucket.text(uploadKeys.progress('imp-good')) ?? '')),
    ).toMatchObject({ stage: 'writing' });
    expect(published()).toEqual([
      expect.objectContaining({
        importId: 'imp-good',
        status: 'imported',
        report: `s3://${BUCKET}/imports/imp-good/report.json`,
        counts: { tenancies: 4, cases: 4, openCases: 3, phoneNumbers: 4 },
      }),
    ]);
    // Both files were read as streams of the versions the manifest names.
    expect(bucket.mock).toHaveReceivedCommandWith(GetObjectCommand, {
      Key: 'imports/imp-good/cases.csv',
      VersionId: expect.stringMatching(/^v\d+$/),
    });
  });

  it('rejects a bad file with every problem located and changes nothing', async () => {
    // Prepare
    await handler(
      upload('imp-1', { tenancies: 'tenancies-valid.csv', cases: 'cases-valid.csv' }),
      lambdaContext(),
    );
    const before = await adapters.readModel.summary();
    // Act: a rejected file is the uploader's to fix, not a failure of the function
    await handler(
      upload('imp-2', { tenancies: 'tenancies-bad.csv', cases: 'cases-valid.csv' }),
      lambdaContext(),
    );
    // Assess
    const report = reportOf('imp-2');
    expect(report.status).toBe('rejected');
    const problems = report.status === 'rejected' ? report.problems : [];
    expect(problems.slice(0, 2)).toEqual([
      { file: 'tenancies.csv', line: 3, column: 1, field: 'tenancy_id', message: 'must be 6 to 12 digits' },
      {
        file: 'tenancies.csv',
        line: 3,
        column: 3,
        field: 'phone_numbers',
        message: 'phone number 2 is not a valid phone number',
      },
    ]);
    expect(await adapters.readModel.summary()).toEqual(before);
    expect(published().at(-1)).toMatchObject({
      importId: 'imp-2',
      status: 'rejected',
      problems: problems.length,
    });
  });

  it('imports a repeated event once, and the same files uploaded again to the same model', async () => {
    // Prepare
    const event = upload('imp-a', { tenancies: 'tenancies-valid.csv', cases: 'cases-valid.csv' });
    await handler(event, lambdaContext());
    const first = await adapters.readModel.summary();
    // Act: S3 delivers the event again, then the same files come as a new upload
    await handler(event, lambdaContext());
    const afterRepeat = await adapters.readModel.summary();
    await handler(
      upload('imp-b', { tenancies: 'tenancies-valid.csv', cases: 'cases-valid.csv' }),
      lambdaContext(),
    );
    // Assess
    expect(afterRepeat).toEqual(first);
    expect(published().map((message) => message.importId)).toEqual(['imp-a', 'imp-b']);
    const again = await adapters.readModel.summary();
    expect(again?.generation).not.toBe(first?.generation);
    expect(again?.counts).toEqual(first?.counts);
    expect(reportOf('imp-a').status).toBe('imported');
  });

  it('rejects an upload whose manifest names a cases file that is not there', async () => {
    // Prepare
    bucket.put(uploadKeys.file('imp-missing', 'tenancies.csv'), fixture('tenancies-valid.csv'));
    const versionId = bucket.put(
      uploadKeys.manifest('imp-missing'),
      JSON.stringify({ tenancies: { name: 'tenancies.csv' }, cases: { name: 'cases.csv' } }),
    );
    // Act
    await handler(
      s3ObjectCreatedEvent(BUCKET, uploadKeys.manifest('imp-missing'), versionId),
      lambdaContext(),
    );
    // Assess
    expect(reportOf('imp-missing')).toMatchObject({
      status: 'rejected',
      problems: [
        { file: 'cases.csv', line: 1, column: 1, message: expect.stringContaining('not in the upload') },
      ],
    });
    expect(await adapters.readModel.summary()).toBeUndefined();
  });

  it('stops an import that runs out of time before its switch, reports it failed and fails the invocation', async () => {
    // Prepare: the function is a second from its timeout, within the minute it keeps for the report
    const event = upload('imp-late', { tenancies: 'tenancies-valid.csv', cases: 'cases-valid.csv' });
    // Act
    const run = handler(event, lambdaContext(60_001));
    // Assess
    await expect(run).rejects.toBeInstanceOf(UploadedImportFailedError);
    expect(reportOf('imp-late')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('ran out of time'),
    });
    expect(await adapters.readModel.summary()).toBeUndefined();
    expect(published()).toEqual([expect.objectContaining({ importId: 'imp-late', status: 'failed' })]);
  });

  it('ignores the test event S3 sends when the trigger is configured, and keys that are not manifests', async () => {
    // Act
    await handler({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET }, lambdaContext());
    await handler(s3ObjectCreatedEvent(BUCKET, 'imports/imp-x/tenancies.csv'), lambdaContext());
    // Assess
    expect(bucket.mock.calls()).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
  });
});

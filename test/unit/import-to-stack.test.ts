import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { importToStack, StackImportError } from '../../local/commands/import-to-stack.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));
const BUCKET = 'hotline-readmodelimportuploads-abc123';
const NOW = () => new Date('2026-12-02T10:15:00.123Z');

/** DescribeStacks as CloudFormation answers it for the deployed hotline stack (outputs trimmed). */
const describedStack = {
  Stacks: [
    {
      StackName: 'Hotline',
      StackId:
        'arn:aws:cloudformation:eu-central-1:111122223333:stack/Hotline/0a1b2c3d-4e5f-11ef-8a6b-0a1b2c3d4e5f',
      CreationTime: new Date('2026-11-30T08:00:00Z'),
      StackStatus: 'UPDATE_COMPLETE' as const,
      Outputs: [
        { OutputKey: 'WebUrl', OutputValue: 'https://d111111abcdef8.cloudfront.net' },
        { OutputKey: 'ImportBucketName', OutputValue: BUCKET, Description: 'Bucket for read model imports' },
      ],
    },
  ],
};

const json = (value: unknown) => ({ Body: sdkStreamMixin(Readable.from([JSON.stringify(value)])) });
const noSuchKey = () =>
  new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });

describe('hotline import --stack: upload to the stack’s import bucket and wait for the report', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const s3 = mockClient(S3Client);
  const clients = {
    cloudFormation: new CloudFormationClient({ region: 'eu-central-1' }),
    s3: new S3Client({ region: 'eu-central-1' }),
  };
  const options = {
    stack: 'Hotline',
    tenancies: fixture('tenancies-valid.csv'),
    cases: fixture('cases-valid.csv'),
    now: NOW,
    firstPollMs: 1,
    maxPollMs: 2,
  };

  beforeEach(() => {
    cloudFormation.reset();
    s3.reset();
    cloudFormation.on(DescribeStacksCommand).resolves(describedStack);
    let version = 0;
    s3.on(PutObjectCommand).callsFake(() => ({ VersionId: `v${++version}` }));
  });

  it('uploads both files, then the manifest naming their versions, and returns the report once it is there', async () => {
    // Prepare: no report on the first poll (the function is writing), then the report
    const imported = {
      importId: '20261202T101500123Z-abcd',
      status: 'imported',
      startedAt: '2026-12-02T10:15:01.000Z',
      finishedAt: '2026-12-02T10:16:40.000Z',
      generation: '20261202T101502000Z-x1y2',
      activatedAt: '2026-12-02T10:16:39.000Z',
      casesImported: true,
      counts: { tenancies: 4, cases: 4, openCases: 3, phoneNumbers: 4 },
      rows: { tenancies: 4, cases: 4 },
    };
    let reportPolls = 0;
    s3.on(GetObjectCommand).callsFake((input: { Key?: string }) => {
      if (input.Key?.endsWith('/report.json')) {
        reportPolls++;
        if (reportPolls < 2) throw noSuchKey();
        return json(imported);
      }
      return json({ importId: 'x', stage: 'writing', written: 4, total: 8, at: '2026-12-02T10:16:00.000Z' });
    });
    // Act
    const report = await importToStack(options, clients);
    // Assess
    expect(report).toEqual(imported);
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Hotline' });
    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(puts.map((put) => [put.Bucket, put.Key])).toEqual([
      [BUCKET, expect.stringMatching(/^imports\/20261202T101500123Z-[a-z0-9]{4}\/tenancies\.csv$/)],
      [BUCKET, expect.stringMatching(/^imports\/20261202T101500123Z-[a-z0-9]{4}\/cases\.csv$/)],
      [BUCKET, expect.stringMatching(/^imports\/20261202T101500123Z-[a-z0-9]{4}\/manifest\.json$/)],
    ]);
    expect(JSON.parse(String(puts[2]?.Body))).toEqual({
      tenancies: { name: 'tenancies.csv', versionId: 'v1' },
      cases: { name: 'cases.csv', versionId: 'v2' },
    });
    expect(reportPolls).toBe(2);
  });

  it('says so when the stack does not exist', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        message: 'Stack with id Hotlin does not exist',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    // Act
    const attempt = importToStack({ ...options, stack: 'Hotlin' }, clients);
    // Assess
    await expect(attempt).rejects.toThrow(
      new StackImportError(
        'there is no stack Hotlin in this account and region; check --stack, AWS_PROFILE and AWS_REGION',
      ),
    );
    expect(s3.calls()).toHaveLength(0);
  });

  it('says so when the stack has no import bucket, and uploads nothing', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves({ Stacks: describedStack.Stacks.map((stack) => ({ ...stack, Outputs: [] })) });
    // Act
    const attempt = importToStack(options, clients);
    // Assess
    await expect(attempt).rejects.toThrow(/has no ImportBucketName output/);
    expect(s3.calls()).toHaveLength(0);
  });

  it('gives up with a clear error when no report comes in time', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(noSuchKey());
    // Act
    const attempt = importToStack({ ...options, waitMs: 20 }, clients);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StackImportError);
  });
});

import { type App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { HotlineTable } from '../../infra/constructs/hotline-table.ts';
import { ReadModelImport } from '../../infra/constructs/read-model-import.ts';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import { TABLES } from '../../shared/adapters/dynamodb/tables.ts';
import { IMPORT_STACK_OUTPUTS } from '../../shared/import/uploads.ts';
import { idAt, testApps } from '../support/cdk-app.ts';

type Json = Record<string, unknown>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Json };

const apps = testApps('import');

describe('ReadModelImport, in a stack of its own with the read-model table', () => {
  let app: App;
  let stack: Stack;
  let template: Template;
  let ids: { bucket: string; fn: string; topic: string; table: string; policy: string };

  beforeAll(() => {
    // Prepare: one synth for every test of this block.
    app = apps({ 'aws:cdk:enable-path-metadata': true }, { cdkJsonFlags: false });
    stack = new Stack(app, 'Probe', { env: { region: 'eu-central-1' } });
    const readModel = new HotlineTable(stack, 'ReadModel', { definition: TABLES.readModel });
    const accessLogsBucket = new Bucket(stack, 'Logs', { enforceSSL: true });
    Validations.of(accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The access-log bucket of the probe stack; it logs nothing of its own.',
    });
    const hashKey = new Secret(stack, 'HashKey');
    Validations.of(hashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The hash key of the probe stack; the data stack documents why it is not rotated.',
    });
    new ReadModelImport(stack, 'Import', { readModel, accessLogsBucket, hashKey });
    template = Template.fromStack(stack);
    ids = {
      bucket: idAt(template, 'AWS::S3::Bucket', 'Probe/Import/Uploads/Resource'),
      fn: idAt(template, 'AWS::Lambda::Function', 'Probe/Import/Function/Resource'),
      topic: idAt(template, 'AWS::SNS::Topic', 'Probe/Import/ReportTopic/Resource'),
      table: idAt(template, 'AWS::DynamoDB::GlobalTable', 'Probe/ReadModel/Resource'),
      policy: idAt(template, 'AWS::IAM::Policy', 'Probe/Import/FunctionRole/DefaultPolicy/Resource'),
    };
  });

  const resource = (id: string): Json => template.toJSON().Resources[id].Properties;
  const statements = (): Statement[] =>
    (resource(ids.policy).PolicyDocument as { Statement: Statement[] }).Statement;
  const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

  it('keeps uploads in a private, encrypted, versioned bucket that takes TLS only and lets them expire', () => {
    // Act
    const bucket = resource(ids.bucket);
    // Assess
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
      ],
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.LifecycleConfiguration).toMatchObject({
      Rules: [
        expect.objectContaining({
          Prefix: 'imports/',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        }),
        expect.objectContaining({ Prefix: 'imports/', ExpiredObjectDeleteMarker: true }),
      ],
    });
    expect(bucket.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'import-uploads/' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(template.toJSON().Resources[ids.bucket].DeletionPolicy).toBe('Retain');
  });

  it('starts the import function for each manifest under imports/, and for nothing else', () => {
    // Act and assess
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: ids.bucket },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'suffix', Value: '/manifest.json' },
                  { Name: 'prefix', Value: 'imports/' },
                ],
              },
            },
            LambdaFunctionArn: arnOf(ids.fn),
          },
        ],
      },
    });
  });

  it('configures the notifications with a role of its own: no AWS-managed policy, logs of its own handler only (CDK adds s3:PutBucketNotification)', () => {
    // Act
    const role = resource(idAt(template, 'AWS::IAM::Role', 'Probe/Import/NotificationsHandlerRole/Resource'));
    const policy = resource(
      idAt(template, 'AWS::IAM::Policy', 'Probe/Import/NotificationsHandlerRole/DefaultPolicy/Resource'),
    );
    // Assess
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(policy.PolicyDocument)).toContain(
      'log-group:/aws/lambda/Probe-BucketNotificationsHandler*',
    );
  });

  it('sizes the function for 220,000 tenancies in one run, one import at a time, without retries', () => {
    // Act
    const fn = resource(ids.fn);
    // Assess
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 900,
      MemorySize: 4096,
      ReservedConcurrentExecutions: 1,
    });
    expect((fn.Environment as { Variables: Json }).Variables).toMatchObject({
      IMPORT_BUCKET: { Ref: ids.bucket },
      IMPORT_TOPIC_ARN: { Ref: ids.topic },
      READ_MODEL_TABLE: { Ref: ids.table },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.fn },
      MaximumRetryAttempts: 0,
    });
  });

  it('lets the function read uploads, write only reports and progress, publish to its topic and write the read model', () => {
    // Act
    const actions = Object.fromEntries(
      statements().map((statement) => [[statement.Action].flat().join(','), statement]),
    );
    // Assess
    const objects = (suffix: string) => ({ 'Fn::Join': ['', [arnOf(ids.bucket), suffix]] });
    expect(actions['s3:GetObject,s3:GetObjectVersion']?.Resource).toEqual(objects('/imports/*'));
    expect(actions['s3:PutObject']?.Resource).toEqual([
      objects('/imports/*/report.json'),
      objects('/imports/*/progress.json'),
    ]);
    expect(actions['s3:ListBucket']).toMatchObject({
      Resource: arnOf(ids.bucket),
      Condition: { StringLike: { 's3:prefix': ['imports/*'] } },
    });
    expect(actions['sns:Publish']?.Resource).toEqual({ Ref: ids.topic });
    expect(
      actions['dynamodb:GetItem,dynamodb:PutItem,dynamodb:BatchWriteItem,dynamodb:Query']?.Resource,
    ).toEqual(arnOf(ids.table));
    expect(Object.keys(actions).some((action) => action.includes('s3:DeleteObject'))).toBe(false);
  });

  it('encrypts the report topic and takes TLS only', () => {
    // Act and assess
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms on any failed invocation of the import function', () => {
    // Act and assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.fn } }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('leaves cdk-nag AwsSolutions nothing to report', () => {
    // Act
    const report = awsSolutionsChecks().validateScope(app);
    // Assess
    expect(
      report.violations.map(
        (violation) => `${violation.ruleName} ${JSON.stringify(violation.violatingResources)}`,
      ),
    ).toEqual([]);
  });
});

describe('ReadModelImport in the hotline app', () => {
  it('names the bucket and the topic in outputs the CLI reads, and sends the failure alarm to the alarm topic', () => {
    // Prepare
    const app = apps();
    // Act: synth, with cdk-nag enforced on the whole app as in `cdk synth`.
    const { hotline } = buildHotlineApp(app);
    const template = Template.fromStack(hotline);
    // Assess
    const resolve = (value: unknown) => hotline.resolve(value);
    template.hasOutput(IMPORT_STACK_OUTPUTS.bucket, {
      Value: resolve(hotline.readModelImport.bucket.bucketName),
    });
    template.hasOutput(IMPORT_STACK_OUTPUTS.topic, {
      Value: resolve(hotline.readModelImport.reportTopic.topicArn),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: resolve(hotline.readModelImport.function.functionName) }],
      AlarmActions: [resolve(hotline.monitoring.alarmTopic.topicArn)],
      OKActions: [resolve(hotline.monitoring.alarmTopic.topicArn)],
    });
  });
});

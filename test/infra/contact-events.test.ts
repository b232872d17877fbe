import { type App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContactEvents } from '../../infra/constructs/contact-events.ts';
import { HotlineTable } from '../../infra/constructs/hotline-table.ts';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import { TABLES } from '../../shared/adapters/dynamodb/tables.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { idAt, testApps } from '../support/cdk-app.ts';

const INSTANCE_ARN =
  'arn:aws:connect:eu-central-1:111111111111:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const URGENT_ARN = `${INSTANCE_ARN}/queue/urgent-id`;
const GENERAL_ARN = `${INSTANCE_ARN}/queue/general-id`;
const CALLBACK_ARN = `${INSTANCE_ARN}/queue/callback-id`;

type Json = Record<string, unknown>;

const apps = testApps('events');
/** Without cdk.json's flags: the construct alone, in a stack of its own. */
const anApp = (context: Record<string, unknown> = {}) => apps(context, { cdkJsonFlags: false });

describe('ContactEvents, in a stack of its own with the calls table', () => {
  let app: App;
  let template: Template;
  let ids: { rule: string; fn: string; queue: string; role: string; logs: string; table: string };

  beforeAll(() => {
    // Prepare: one synth for every test of this block.
    app = anApp({ 'aws:cdk:enable-path-metadata': true });
    const stack = new Stack(app, 'Probe', { env: { region: 'eu-central-1' } });
    const calls = new HotlineTable(stack, 'Calls', { definition: TABLES.calls });
    new ContactEvents(stack, 'ContactEvents', {
      instanceArn: INSTANCE_ARN,
      calls,
      queueArns: { urgent: URGENT_ARN, general: GENERAL_ARN, callback: CALLBACK_ARN },
      officeHours: hotlineOfficeHours('2026-11-25' as IsoDate),
    });
    template = Template.fromStack(stack);
    ids = {
      rule: idAt(template, 'AWS::Events::Rule', 'Probe/ContactEvents/Rule/Resource'),
      fn: idAt(template, 'AWS::Lambda::Function', 'Probe/ContactEvents/Function/Resource'),
      queue: idAt(template, 'AWS::SQS::Queue', 'Probe/ContactEvents/DeadLetterQueue/Resource'),
      role: idAt(template, 'AWS::IAM::Role', 'Probe/ContactEvents/FunctionRole/Resource'),
      logs: idAt(template, 'AWS::Logs::LogGroup', 'Probe/ContactEvents/FunctionLogs/Resource'),
      table: idAt(template, 'AWS::DynamoDB::GlobalTable', 'Probe/Calls/Resource'),
    };
  });

  const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

  it("matches only the instance's voice contact events that end a contact (they carry every milestone), on the default bus", () => {
    // Act
    const rule = template.toJSON().Resources[ids.rule].Properties;
    // Assess
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.State).toBe('ENABLED');
    expect(rule.EventPattern).toEqual({
      source: ['aws.connect'],
      'detail-type': ['Amazon Connect Contact Event'],
      detail: {
        eventType: ['DISCONNECTED', 'COMPLETED'],
        channel: [{ 'equals-ignore-case': 'voice' }],
        $or: [{ instanceArn: [INSTANCE_ARN] }, { instanceARN: [INSTANCE_ARN] }],
      },
    });
  });

  it('sends the events to the function, with bounded retries and a dead-letter queue for failed deliveries', () => {
    // Act
    const targets = template.toJSON().Resources[ids.rule].Properties.Targets;
    // Assess
    expect(targets).toEqual([
      {
        Id: 'Target0',
        Arn: arnOf(ids.fn),
        DeadLetterConfig: { Arn: arnOf(ids.queue) },
        RetryPolicy: { MaximumRetryAttempts: 16, MaximumEventAgeInSeconds: 6 * 3600 },
      },
    ]);
  });

  it('retries a failed run twice and then parks the original event in the same dead-letter queue', () => {
    // Assess
    expect(template.toJSON().Resources[ids.fn].Properties.DeadLetterConfig).toEqual({
      TargetArn: arnOf(ids.queue),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.fn },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
    });
  });

  it('keeps dead letters encrypted for 14 days and refuses them over plain HTTP', () => {
    // Assess
    expect(template.toJSON().Resources[ids.queue].Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': arnOf(ids.rule) } },
          }),
        ]),
      },
    });
  });

  it('alarms as soon as one event waits in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });

  it('lets only this rule invoke the function', () => {
    // Act
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    // Assess
    expect(permissions.map((permission) => permission.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(ids.fn),
        Principal: 'events.amazonaws.com',
        SourceArn: arnOf(ids.rule),
      },
    ]);
  });

  it('may GetItem and UpdateItem on the calls table, send to its dead-letter queue and write its own logs, nothing else', () => {
    // Act
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(ids.role))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
      .map((statement) => ({
        effect: statement.Effect,
        actions: [statement.Action].flat().sort(),
        resources: [statement.Resource].flat(),
      }));
    const role = template.toJSON().Resources[ids.role].Properties;
    // Assess
    expect(statements).toHaveLength(3);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          effect: 'Allow',
          actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
          resources: [arnOf(ids.table)],
        },
        { effect: 'Allow', actions: ['sqs:SendMessage'], resources: [arnOf(ids.queue)] },
        {
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [arnOf(ids.logs)],
        },
      ]),
    );
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
  });

  it('gets the calls table and the queue ARNs in the variables its configuration reads', () => {
    // Act
    const variables = template.toJSON().Resources[ids.fn].Properties.Environment.Variables;
    // Assess
    expect(variables).toMatchObject({
      CALLS_TABLE: { Ref: ids.table },
      URGENT_QUEUE_ARN: URGENT_ARN,
      GENERAL_QUEUE_ARN: GENERAL_ARN,
      CALLBACK_QUEUE_ARN: CALLBACK_ARN,
      // The holidays computed at synth, the same the Connect hours close on.
      OFFICE_CLOSED_DAYS: expect.stringMatching(/^2026-12-08,2026-12-25,2026-12-26,2027-01-01,/),
    });
    expect(variables.READ_MODEL_TABLE).toBeUndefined();
  });

  it('runs on Node.js 24 on arm64, with its own log group kept for a month', () => {
    // Act
    const fn = template.toJSON().Resources[ids.fn].Properties;
    // Assess
    expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 10 });
    expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: ids.logs } });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('leaves cdk-nag AwsSolutions nothing to report', () => {
    // Act
    const report = awsSolutionsChecks().validateScope(app);
    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

describe('ContactEvents in the hotline app', () => {
  it("listens to the stack's Connect instance and names its queues", () => {
    // Prepare
    const app = apps();
    // Act: synth, with cdk-nag enforced on the whole app as in `cdk synth`.
    const { hotline } = buildHotlineApp(app);
    const template = Template.fromStack(hotline);
    // Assess
    const resolve = (value: unknown) => hotline.resolve(value);
    const instanceArn = resolve(hotline.connect.instanceArn);
    const { queues } = hotline.contactFlow;
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({ $or: [{ instanceArn: [instanceArn] }, { instanceARN: [instanceArn] }] }),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          URGENT_QUEUE_ARN: resolve(queues.urgent.attrQueueArn),
          GENERAL_QUEUE_ARN: resolve(queues.general.attrQueueArn),
          CALLBACK_QUEUE_ARN: resolve(queues.callback.attrQueueArn),
          CALLS_TABLE: Match.anyValue(),
        }),
      },
    });
  });
});

import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import { TABLES } from '../../shared/adapters/dynamodb/tables.ts';
import { METRICS_ROUTE_KEYS } from '../../shared/http/metrics-api-contract.ts';
import { describeRef, idAt, statementsOf, testApps } from '../support/cdk-app.ts';

const EXISTING_INSTANCE_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const EXISTING_INSTANCE_ARN = `arn:aws:connect:eu-central-1:111111111111:instance/${EXISTING_INSTANCE_ID}`;

type Json = Record<string, unknown>;

/** cdk.json's flags and path metadata; no bundling: these tests look at wiring. */
const apps = testApps('metrics-api');
const anApp = (context: Record<string, unknown> = {}) =>
  apps({ 'aws:cdk:enable-path-metadata': true, hoursFrom: '2026-11-25', ...context });

describe('the metrics API in the hotline app', () => {
  let app: App;
  let hotline: Template;
  let data: Template;
  let ids: { api: string; authorizer: string; fn: string; role: string; logs: string; instance: string };
  let queueArns: string[];

  beforeAll(() => {
    // Prepare: one synth of the whole app, cdk-nag enforced as in `cdk synth`.
    app = anApp();
    const stacks = buildHotlineApp(app);
    hotline = Template.fromStack(stacks.hotline);
    data = Template.fromStack(stacks.data);
    ids = {
      api: idAt(hotline, 'AWS::ApiGatewayV2::Api', 'Hotline/Api/Api/Resource'),
      authorizer: idAt(hotline, 'AWS::ApiGatewayV2::Authorizer', 'Hotline/Api/Api/Cognito/Resource'),
      fn: idAt(hotline, 'AWS::Lambda::Function', 'Hotline/MetricsApi/Function/Resource'),
      role: idAt(hotline, 'AWS::IAM::Role', 'Hotline/MetricsApi/FunctionRole/Resource'),
      logs: idAt(hotline, 'AWS::Logs::LogGroup', 'Hotline/MetricsApi/FunctionLogs/Resource'),
      instance: idAt(hotline, 'AWS::Connect::Instance', 'Hotline/Connect/Instance'),
    };
    queueArns = ['Urgent', 'General', 'Callback'].map(
      (name) => `${idAt(hotline, 'AWS::Connect::Queue', `Hotline/ContactFlow/${name}Queue`)}.QueueArn`,
    );
  });

  const resourceOf = (id: string): Json => hotline.toJSON().Resources[id]?.Properties ?? {};

  it('sends its routes, and only those, to metrics-api; only API Gateway may invoke it', () => {
    // Act
    const integrations = hotline.findResources('AWS::ApiGatewayV2::Integration');
    const toMetricsApi = Object.entries(integrations).filter(
      ([, integration]) =>
        JSON.stringify(integration.Properties.IntegrationUri) ===
        JSON.stringify({ 'Fn::GetAtt': [ids.fn, 'Arn'] }),
    );
    const routes = Object.values(hotline.findResources('AWS::ApiGatewayV2::Route'))
      .filter((route) =>
        toMetricsApi.some(([id]) => route.Properties.Target?.['Fn::Join']?.[1]?.[1]?.Ref === id),
      )
      .map((route) => route.Properties.RouteKey);
    const permissions = Object.values(hotline.findResources('AWS::Lambda::Permission')).filter((permission) =>
      JSON.stringify(permission.Properties.FunctionName).includes(ids.fn),
    );
    // Assess
    expect(toMetricsApi).toHaveLength(1);
    expect(toMetricsApi[0]?.[1].Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    expect(routes.sort()).toEqual(Object.values(METRICS_ROUTE_KEYS).sort());
    expect(permissions).toHaveLength(Object.keys(METRICS_ROUTE_KEYS).length);
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
    }
  });

  it("gets the calls table, the instance's id and the queues in the variables loadMetricsApiEnv reads", () => {
    // Act
    const { Variables: variables } = resourceOf(ids.fn).Environment as { Variables: Json };
    // Assess
    expect(describeRef(data, variables.CALLS_TABLE)).toBe(
      `HotlineData/${idAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${TABLES.calls.id}/Resource`)}`,
    );
    expect(variables.READ_MODEL_TABLE).toBeUndefined();
    expect(variables.ORIGIN_VERIFY_SECRET_ARN).toEqual({
      Ref: idAt(hotline, 'AWS::SecretsManager::Secret', 'Hotline/OriginVerify/Resource'),
    });
    expect(variables.CONNECT_INSTANCE_ID).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': [ids.instance, 'Arn'] }] }],
    });
    expect(
      ['URGENT_QUEUE_ARN', 'GENERAL_QUEUE_ARN', 'CALLBACK_QUEUE_ARN'].map((name) =>
        describeRef(data, variables[name]),
      ),
    ).toEqual(queueArns);
  });

  it('may only Query the counter partitions of the calls table (no call log, no index, no item action) and read current metrics of this instance and its queues', () => {
    // Act
    const statements = statementsOf(hotline, data, ids.role);
    const calls = `HotlineData/${idAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${TABLES.calls.id}/Resource`)}.Arn`;
    // Assess
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          effect: 'Allow',
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['METRICS#*'] } },
          actions: ['dynamodb:Query'],
          resources: [calls],
        },
        {
          effect: 'Allow',
          actions: ['connect:GetCurrentMetricData'],
          resources: [`${ids.instance}.Arn`, ...queueArns].sort(),
        },
      ]),
    );
    // The origin secret, for the check that the request came through CloudFront.
    expect(statements).toContainEqual({
      effect: 'Allow',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [idAt(hotline, 'AWS::SecretsManager::Secret', 'Hotline/OriginVerify/Resource')],
    });
    // The fourth: writing to its own log group.
    expect(statements).toHaveLength(4);
    expect(
      statements.find((statement) => statement.actions.includes('logs:PutLogEvents'))?.resources,
    ).toEqual([`${ids.logs}.Arn`]);
    const actions = statements.flatMap((statement) => statement.actions);
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:Query']);
    // The condition's `METRICS#*` is a key pattern, not a resource wildcard.
    const wildcards = statements
      .flatMap((statement) => [...statement.actions, ...statement.resources])
      .filter((value) => value.includes('*'));
    expect(wildcards).toEqual([]);
  });

  it('waits up to 10 s: a manager waits, the clients may retry', () => {
    expect(resourceOf(ids.fn)).toMatchObject({
      Timeout: 10,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
    });
  });

  it('leaves cdk-nag AwsSolutions nothing to report on the whole app', () => {
    // Act
    const report = awsSolutionsChecks().validateScope(app);
    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

describe('the metrics API with an existing Connect instance', () => {
  it('takes the instance id from the ARN and scopes GetCurrentMetricData to that instance', () => {
    // Prepare
    const app = anApp({ connectInstanceArn: EXISTING_INSTANCE_ARN, connectInstanceAlias: 'hotline' });
    // Act
    const { hotline } = buildHotlineApp(app);
    const template = Template.fromStack(hotline);
    const fn = idAt(template, 'AWS::Lambda::Function', 'Hotline/MetricsApi/Function/Resource');
    const role = idAt(template, 'AWS::IAM::Role', 'Hotline/MetricsApi/FunctionRole/Resource');
    const statement = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
      .find((candidate) => candidate.Action === 'connect:GetCurrentMetricData');
    // Assess
    expect(template.toJSON().Resources[fn].Properties.Environment.Variables.CONNECT_INSTANCE_ID).toBe(
      EXISTING_INSTANCE_ID,
    );
    const resources = [statement?.Resource ?? []].flat();
    expect(resources[0]).toBe(EXISTING_INSTANCE_ARN);
    expect(resources).toHaveLength(4);
    expect(awsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

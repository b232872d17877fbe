import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, LAMBDA_ESBUILD } from '../../infra/constructs/bundling.ts';
import { buildHotlineApp, type HotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import { IDENTIFY_CALLER_TIME_LIMIT_SECONDS } from '../../infra/stacks/hotline-stack.ts';
import { TABLES } from '../../shared/adapters/dynamodb/tables.ts';

/**
 * The app as `cdk synth` builds it: cdk.json's feature flags and, as the CLI adds by default, the
 * construct path and asset path of each resource in its metadata (tests find resources by construct id).
 */
const cliContext = (): Record<string, unknown> => ({
  ...JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context,
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
});

type Json = Record<string, unknown>;

const logicalIdAt = (template: Template, type: string, path: string): string => {
  const ids = Object.keys(template.findResources(type, { Metadata: { 'aws:cdk:path': path } }));
  expect(ids, `one ${type} at ${path}`).toHaveLength(1);
  return ids[0] ?? '';
};

describe('the hotline app, synthesized once without context', () => {
  let outdir: string;
  let app: App;
  let stacks: HotlineApp;
  let data: Template;
  let hotline: Template;
  let readModelId: string;
  let callsId: string;
  let auditId: string;
  let instanceId: string;
  let functionId: string;
  let logGroupId: string;
  let roleId: string;

  /** Names what a value points at: `HotlineData/<id>.Arn`, `Hotline/<id>` and so on, across stacks. */
  const describeRef = (value: unknown): string => {
    const ref = value as Json;
    if (ref && typeof ref === 'object' && 'Fn::GetStackOutput' in ref) {
      const { StackName, OutputName } = ref['Fn::GetStackOutput'] as {
        StackName: string;
        OutputName: string;
      };
      const producer = StackName === 'HotlineData' ? data : hotline;
      const output = (producer.toJSON().Outputs as Record<string, { Value: unknown }>)[OutputName];
      return `${StackName}/${describeRef(output?.Value).split('/')[1]}`;
    }
    if (ref && typeof ref === 'object' && 'Fn::GetAtt' in ref) {
      const [id, attribute] = ref['Fn::GetAtt'] as [string, string];
      return `local/${id}.${attribute}`;
    }
    if (ref && typeof ref === 'object' && 'Ref' in ref) return `local/${String(ref.Ref)}`;
    return JSON.stringify(value);
  };

  beforeAll(() => {
    // Prepare: one app, one synth (bundling identify-caller with esbuild) for every test in this file.
    outdir = mkdtempSync(join(tmpdir(), 'hotline-cdk-'));
    app = new App({ outdir, context: cliContext() });
    stacks = buildHotlineApp(app);
    data = Template.fromStack(stacks.data);
    hotline = Template.fromStack(stacks.hotline);
    readModelId = logicalIdAt(
      data,
      'AWS::DynamoDB::GlobalTable',
      `HotlineData/${TABLES.readModel.id}/Resource`,
    );
    callsId = logicalIdAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${TABLES.calls.id}/Resource`);
    auditId = logicalIdAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${TABLES.audit.id}/Resource`);
    instanceId = logicalIdAt(hotline, 'AWS::Connect::Instance', 'Hotline/Connect/Instance');
    functionId = logicalIdAt(hotline, 'AWS::Lambda::Function', 'Hotline/IdentifyCaller/Resource');
    logGroupId = logicalIdAt(hotline, 'AWS::Logs::LogGroup', 'Hotline/IdentifyCallerLogs/Resource');
    roleId = logicalIdAt(hotline, 'AWS::IAM::Role', 'Hotline/IdentifyCallerRole/Resource');
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  describe('HotlineData', () => {
    it('builds exactly the tables of the shared definition module, keyed as defined', () => {
      // Act
      const tables = data.findResources('AWS::DynamoDB::GlobalTable');
      // Assess
      expect(Object.keys(tables)).toHaveLength(Object.keys(TABLES).length);
      for (const definition of Object.values(TABLES)) {
        data.hasResource('AWS::DynamoDB::GlobalTable', {
          Metadata: { 'aws:cdk:path': `HotlineData/${definition.id}/Resource` },
          Properties: Match.objectLike({
            KeySchema: [
              { AttributeName: definition.partitionKey, KeyType: 'HASH' },
              { AttributeName: definition.sortKey, KeyType: 'RANGE' },
            ],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        });
      }
    });

    it("keeps only keys in the index of a tenancy's calls, so that the writes to a call log cost it nothing", () => {
      // Act
      const indexes = data.toJSON().Resources[callsId].Properties.GlobalSecondaryIndexes;
      // Assess
      expect(indexes).toEqual([
        {
          IndexName: 'callsByTenancy',
          KeySchema: [
            { AttributeName: 'tenancyKey', KeyType: 'HASH' },
            { AttributeName: 'receivedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ]);
    });

    it('protects every table: point-in-time recovery, deletion protection, retained on removal', () => {
      for (const id of [readModelId, callsId, auditId]) {
        // Act
        const table = data.toJSON().Resources[id];
        // Assess
        expect(table.DeletionPolicy).toBe('Retain');
        expect(table.UpdateReplacePolicy).toBe('Retain');
        expect(table.Properties.Replicas).toEqual([
          expect.objectContaining({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ]);
      }
    });

    it('encrypts every table with the AWS-managed KMS key', () => {
      for (const id of [readModelId, callsId, auditId]) {
        expect(data.toJSON().Resources[id].Properties.SSESpecification).toEqual({
          SSEEnabled: true,
          SSEType: 'KMS',
        });
      }
    });

    it('expires call-log items by expiresAt and keeps the read model until the next import', () => {
      // Act
      const resources = data.toJSON().Resources;
      // Assess
      expect(resources[callsId].Properties.TimeToLiveSpecification).toEqual({
        AttributeName: 'expiresAt',
        Enabled: true,
      });
      expect(resources[readModelId].Properties.TimeToLiveSpecification).toBeUndefined();
    });

    it('expires audit entries by expiresAt too, in a table of their own', () => {
      expect(data.toJSON().Resources[auditId].Properties.TimeToLiveSpecification).toEqual({
        AttributeName: 'expiresAt',
        Enabled: true,
      });
      expect(data.toJSON().Resources[auditId].Properties.GlobalSecondaryIndexes).toBeUndefined();
    });
  });

  describe('identify-caller', () => {
    it('runs on Node.js 24 on arm64 with 1024 MB', () => {
      hotline.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 1024,
        Handler: 'index.handler',
      });
    });

    it('is bundled for the Node.js version it runs on', () => {
      // Act
      const runtime: string = hotline.toJSON().Resources[functionId].Properties.Runtime;
      // Assess
      expect(`nodejs${LAMBDA_ESBUILD.target.replace('node', '')}.x`).toBe(runtime);
    });

    it('times out no later than the flow stops waiting for it (3 s)', () => {
      // Act
      const timeout = hotline.toJSON().Resources[functionId].Properties.Timeout;
      // Assess
      expect(IDENTIFY_CALLER_TIME_LIMIT_SECONDS).toBe(3);
      expect(timeout).toBeLessThanOrEqual(IDENTIFY_CALLER_TIME_LIMIT_SECONDS);
    });

    it('logs to its own log group, kept for a month', () => {
      // Assess
      hotline.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      expect(hotline.toJSON().Resources[functionId].Properties.LoggingConfig).toEqual({
        LogGroup: { Ref: logGroupId },
      });
    });

    it('gets each table name in the variable the config reads, plus source maps and the service name', () => {
      // Act
      const variables = hotline.toJSON().Resources[functionId].Properties.Environment.Variables;
      // Assess
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe('identify-caller');
      expect(describeRef(variables.READ_MODEL_TABLE)).toBe(`HotlineData/${readModelId}`);
      expect(describeRef(variables.CALLS_TABLE)).toBe(`HotlineData/${callsId}`);
      // The hash key through the Parameters and Secrets extension: a layer, no SDK client in the bundle.
      expect(describeRef(variables.HASH_KEY_SECRET_ARN)).toBe(
        `HotlineData/${logicalIdAt(data, 'AWS::SecretsManager::Secret', 'HotlineData/HashKey/Resource')}`,
      );
      expect(JSON.stringify(hotline.toJSON().Resources[functionId].Properties.Layers)).toContain(
        'AWS-Parameters-and-Secrets-Lambda-Extension',
      );
    });

    it('may GetItem on the read model, UpdateItem on the call log, read the hash key and write its own logs, nothing else', () => {
      // Act
      const policies = Object.values(hotline.findResources('AWS::IAM::Policy')).filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes(roleId),
      );
      const statements = policies
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
        .map((statement) => ({
          effect: statement.Effect,
          actions: [statement.Action].flat().sort(),
          resources: [statement.Resource].flat().map(describeRef).sort(),
        }));
      // Assess
      expect(statements).toEqual(
        expect.arrayContaining([
          { effect: 'Allow', actions: ['dynamodb:GetItem'], resources: [`HotlineData/${readModelId}.Arn`] },
          { effect: 'Allow', actions: ['dynamodb:UpdateItem'], resources: [`HotlineData/${callsId}.Arn`] },
          {
            effect: 'Allow',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [
              `HotlineData/${logicalIdAt(data, 'AWS::SecretsManager::Secret', 'HotlineData/HashKey/Resource')}`,
            ],
          },
          {
            effect: 'Allow',
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [`local/${logGroupId}.Arn`],
          },
        ]),
      );
      expect(statements).toHaveLength(4);
    });

    it('has no scan, query, batch, delete or put permission and no managed policy', () => {
      // Act
      const role = hotline.toJSON().Resources[roleId];
      const actions = Object.values(hotline.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
        .flatMap((statement) => [statement.Action].flat() as string[]);
      // Assess
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      for (const action of actions) {
        expect(action).not.toMatch(/\*|Scan|Query|Batch|Delete|PutItem|TransactWrite|PartiQL/);
      }
    });

    it('is bundled as minified ESM with the createRequire banner, a source map and the AWS SDK inside', () => {
      // Prepare
      const assetPath = hotline.toJSON().Resources[functionId].Metadata['aws:asset:path'];
      const bundle = join(outdir, assetPath, 'index.mjs');
      // Act
      const code = readFileSync(bundle, 'utf8');
      // Assess
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
      // Minified: module-local names of our own code are gone.
      expect(code).toContain('export{');
      expect(code).not.toContain('createIdentifyCallerHandler');
      expect(code).not.toContain('maskingReplacer');
    });
  });

  describe('Amazon Connect', () => {
    it('creates a Connect-managed instance for inbound and outbound calls with flow logs', () => {
      hotline.hasResourceProperties('AWS::Connect::Instance', {
        IdentityManagementType: 'CONNECT_MANAGED',
        InstanceAlias: { 'Fn::Join': ['-', ['eviction-hotline', { Ref: 'AWS::AccountId' }]] },
        Attributes: Match.objectLike({ InboundCalls: true, OutboundCalls: true, ContactflowLogs: true }),
      });
    });

    it('keeps the instance when it leaves the stack', () => {
      expect(hotline.toJSON().Resources[instanceId].DeletionPolicy).toBe('Retain');
    });

    it('lets only this instance in this account invoke identify-caller', () => {
      // Act
      const permissions = Object.values(hotline.findResources('AWS::Lambda::Permission')).filter(
        (permission) =>
          JSON.stringify(permission.Properties.FunctionName) ===
          JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
      );
      // Assess: identify-caller has exactly one permission, and it is Connect's
      expect(permissions).toHaveLength(1);
      expect(permissions[0]?.Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'connect.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [instanceId, 'Arn'] },
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
    });

    it('associates identify-caller with the instance by the instance ARN', () => {
      hotline.resourcePropertiesCountIs(
        'AWS::Connect::IntegrationAssociation',
        {
          InstanceId: { 'Fn::GetAtt': [instanceId, 'Arn'] },
          IntegrationType: 'LAMBDA_FUNCTION',
          IntegrationArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        },
        1,
      );
    });

    it('exposes the instance ARN for queues, hours and the flow', () => {
      expect(stacks.hotline.resolve(stacks.hotline.connect.instanceArn)).toEqual({
        'Fn::GetAtt': [instanceId, 'Arn'],
      });
    });
  });

  describe('placement', () => {
    it('puts both stacks in eu-central-1 and leaves the account to deploy time', () => {
      for (const stack of [stacks.data, stacks.hotline]) {
        expect(stack.region).toBe('eu-central-1');
        expect(stack.resolve(stack.account)).toEqual({ Ref: 'AWS::AccountId' });
      }
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    it('finds nothing unacknowledged, errors and warnings alike', () => {
      // Act
      const report = awsSolutionsChecks().validateScope(app);
      // Assess
      expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
      expect(report.success).toBe(true);
    });

    it('left no finding in the validation report of the synthesized app', () => {
      // Act
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
      // Assess
      expect(report.pluginReports).toEqual([]);
    });
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHotlineApp, type HotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import { TABLES } from '../../shared/adapters/dynamodb/tables.ts';
import { ROUTE_KEYS } from '../../shared/http/agent-api-contract.ts';
import { METRICS_ROUTE_KEYS } from '../../shared/http/metrics-api-contract.ts';
import { PRIVACY_ROUTE_KEYS } from '../../shared/http/privacy-api-contract.ts';
import { SIGN_IN_PAGES } from '../../shared/http/web-pages.ts';
import { buildSite } from '../../web/site.ts';
import { describeRef, idAt, statementsOf, testApps } from '../support/cdk-app.ts';

const EXISTING_INSTANCE_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const EXISTING_INSTANCE_ARN = `arn:aws:connect:eu-central-1:111111111111:instance/${EXISTING_INSTANCE_ID}`;

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DeletionPolicy?: string; Metadata?: Json };

/** cdk.json's flags and path metadata; no bundling: these tests look at wiring, hotline-app.test.ts at bundles. */
const agentApps = testApps('agent-api');
const anApp = (context: Record<string, unknown> = {}) =>
  agentApps({ 'aws:cdk:enable-path-metadata': true, ...context });

describe('the agent API, the sign-in and the pages in the hotline app', () => {
  let stacks: HotlineApp;
  let app: App;
  let hotline: Template;
  let data: Template;
  let resources: Record<string, Resource>;
  let ids: {
    api: string;
    authorizer: string;
    fn: string;
    role: string;
    pool: string;
    client: string;
    site: string;
    distribution: string;
    instance: string;
    readModel: string;
    calls: string;
    audit: string;
    originSecret: string;
  };

  beforeAll(() => {
    // Prepare: one synth, with cdk-nag enforced on the whole app as in `cdk synth`.
    app = anApp({ hoursFrom: '2026-11-25' });
    stacks = buildHotlineApp(app);
    hotline = Template.fromStack(stacks.hotline);
    data = Template.fromStack(stacks.data);
    resources = hotline.toJSON().Resources;
    ids = {
      api: idAt(hotline, 'AWS::ApiGatewayV2::Api', 'Hotline/Api/Api/Resource'),
      authorizer: idAt(hotline, 'AWS::ApiGatewayV2::Authorizer', 'Hotline/Api/Api/Cognito/Resource'),
      fn: idAt(hotline, 'AWS::Lambda::Function', 'Hotline/AgentApi/Function/Resource'),
      role: idAt(hotline, 'AWS::IAM::Role', 'Hotline/AgentApi/FunctionRole/Resource'),
      pool: idAt(hotline, 'AWS::Cognito::UserPool', 'Hotline/Users/UserPool/Resource'),
      client: idAt(hotline, 'AWS::Cognito::UserPoolClient', 'Hotline/Users/UserPool/WebClient/Resource'),
      site: idAt(hotline, 'AWS::S3::Bucket', 'Hotline/Web/Site/Resource'),
      distribution: idAt(hotline, 'AWS::CloudFront::Distribution', 'Hotline/Web/Distribution/Resource'),
      instance: idAt(hotline, 'AWS::Connect::Instance', 'Hotline/Connect/Instance'),
      readModel: idAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${TABLES.readModel.id}/Resource`),
      calls: idAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${TABLES.calls.id}/Resource`),
      audit: idAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${TABLES.audit.id}/Resource`),
      originSecret: idAt(hotline, 'AWS::SecretsManager::Secret', 'Hotline/OriginVerify/Resource'),
    };
  });

  const propertiesOf = (id: string): Json => {
    const resource = resources[id];
    expect(resource, `resource ${id}`).toBeDefined();
    return resource?.Properties ?? {};
  };

  const webOrigin = () => ({
    'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }]],
  });

  describe('routes', () => {
    it("has exactly the contracts' routes (agent, metrics and privacy API), each behind the Cognito authoriser, and no other route", () => {
      // Act
      const routes = Object.values(hotline.findResources('AWS::ApiGatewayV2::Route')).map(
        (route) => route.Properties,
      );
      // Assess
      expect(routes.map((route) => route.RouteKey).sort()).toEqual(
        [
          ...Object.values(ROUTE_KEYS),
          ...Object.values(METRICS_ROUTE_KEYS),
          ...Object.values(PRIVACY_ROUTE_KEYS),
        ].sort(),
      );
      // The agent page's three: the caller context, the outcome, and the tenancy an agent identified.
      expect(routes.map((route) => route.RouteKey)).toEqual(
        expect.arrayContaining([
          'GET /api/contacts/{contactId}/context',
          'POST /api/contacts/{contactId}/outcomes',
          'PUT /api/contacts/{contactId}/tenancy',
        ]),
      );
      for (const route of routes) {
        expect(route).toMatchObject({
          ApiId: { Ref: ids.api },
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: ids.authorizer },
        });
      }
    });

    it("sends the agent API's routes to agent-api, and only API Gateway may invoke it", () => {
      // Act
      // The metrics API's integration is tested in metrics-api.test.ts.
      const integrations = Object.values(hotline.findResources('AWS::ApiGatewayV2::Integration')).filter(
        (integration) => JSON.stringify(integration.Properties.IntegrationUri).includes(ids.fn),
      );
      const permissions = Object.values(hotline.findResources('AWS::Lambda::Permission')).filter(
        (permission) => JSON.stringify(permission.Properties.FunctionName).includes(ids.fn),
      );
      // Assess
      expect(integrations.map((integration) => integration.Properties)).toEqual([
        {
          ApiId: { Ref: ids.api },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': [ids.fn, 'Arn'] },
          PayloadFormatVersion: '2.0',
        },
      ]);
      expect(permissions.length).toBeGreaterThan(0);
      for (const permission of permissions) {
        expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      }
    });

    it("accepts only tokens of the pool's web client", () => {
      expect(propertiesOf(ids.authorizer)).toEqual({
        ApiId: { Ref: ids.api },
        AuthorizerType: 'JWT',
        Name: 'cognito',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: ids.client }],
          Issuer: {
            'Fn::Join': ['', ['https://cognito-idp.eu-central-1.amazonaws.com/', { Ref: ids.pool }]],
          },
        },
      });
    });

    it('needs no CORS: the pages call it on their own origin, through CloudFront', () => {
      expect(propertiesOf(ids.api).CorsConfiguration).toBeUndefined();
    });

    it('throttles the default stage and writes access logs to a log group kept for a month', () => {
      // Act
      const stage = Object.values(hotline.findResources('AWS::ApiGatewayV2::Stage'));
      // Assess
      expect(stage).toHaveLength(1);
      const properties = stage[0]?.Properties;
      expect(properties).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      });
      const [logGroupId] = properties.AccessLogSettings.DestinationArn['Fn::GetAtt'];
      expect(propertiesOf(logGroupId).RetentionInDays).toBe(30);
      expect(JSON.parse(properties.AccessLogSettings.Format)).toMatchObject({
        requestId: '$context.requestId',
        status: '$context.status',
      });
      expect(properties.AccessLogSettings.Format).not.toMatch(/sourceIp|userAgent|identity/);
    });
  });

  describe('agent-api function', () => {
    it("gets both tables, the instance's id and the closed days in the variables its config reads", () => {
      // Act
      const variables = propertiesOf(ids.fn).Environment as { Variables: Json };
      // Assess
      expect(describeRef(data, variables.Variables.READ_MODEL_TABLE)).toBe(`HotlineData/${ids.readModel}`);
      expect(describeRef(data, variables.Variables.CALLS_TABLE)).toBe(`HotlineData/${ids.calls}`);
      expect(variables.Variables.CONNECT_INSTANCE_ID).toEqual({
        'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': [ids.instance, 'Arn'] }] }],
      });
      expect(variables.Variables.OFFICE_CLOSED_DAYS).toMatch(/^2026-12-08,2026-12-25,2026-12-26,2027-01-01,/);
      expect(describeRef(data, variables.Variables.AUDIT_TABLE)).toBe(`HotlineData/${ids.audit}`);
      // The access rules' windows and the trail's retention, as configured (defaults here).
      expect(variables.Variables).toMatchObject({
        AGENT_ACCESS_MINUTES: '120',
        OUTCOME_CORRECTION_MINUTES: '1440',
        AUDIT_RETENTION_DAYS: '730',
      });
    });

    it('may do exactly what its adapters do on the tables, append to the audit trail only, and ask Connect about contacts of this instance', () => {
      // Act
      const statements = statementsOf(hotline, data, ids.role);
      const calls = `HotlineData/${ids.calls}.Arn`;
      // Assess
      expect(statements).toEqual(
        expect.arrayContaining([
          {
            effect: 'Allow',
            actions: ['dynamodb:GetItem'],
            resources: [`HotlineData/${ids.readModel}.Arn`],
          },
          {
            effect: 'Allow',
            actions: [
              'dynamodb:BatchGetItem',
              'dynamodb:DeleteItem',
              'dynamodb:GetItem',
              'dynamodb:PutItem',
              'dynamodb:UpdateItem',
            ],
            resources: [calls],
          },
          {
            effect: 'Allow',
            actions: ['dynamodb:Query'],
            resources: [calls, `${calls}/index/callsByTenancy`],
          },
          // Appends: no UpdateItem or DeleteItem, so the function cannot change what the trail says.
          { effect: 'Allow', actions: ['dynamodb:PutItem'], resources: [`HotlineData/${ids.audit}.Arn`] },
          {
            effect: 'Allow',
            actions: [
              'connect:DescribeContact',
              'connect:GetContactAttributes',
              'connect:UpdateContactAttributes',
            ],
            resources: [`${ids.instance}.Arn/contact/*`],
          },
          // The origin secret, for the check that the request came through CloudFront.
          // The hash key (numbers in keys) and the origin secret (only through CloudFront), nothing else.
          {
            effect: 'Allow',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [
              `HotlineData/${idAt(data, 'AWS::SecretsManager::Secret', 'HotlineData/HashKey/Resource')}`,
              ids.originSecret,
            ].sort(),
          },
        ]),
      );
      // The seventh: its own log group.
      expect(statements).toHaveLength(7);
      const wildcards = statements
        .flatMap((statement) => [...statement.actions, ...statement.resources])
        .filter((value) => value.includes('*'));
      expect(wildcards).toEqual([`${ids.instance}.Arn/contact/*`]);
    });
  });

  describe('only through CloudFront', () => {
    it('generates the origin secret in Secrets Manager: 64 letters and digits, no value in the template', () => {
      // No SecretString: the value exists only in Secrets Manager.
      expect(propertiesOf(ids.originSecret)).toEqual({
        Description: expect.stringContaining('x-origin-verify'),
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      });
    });

    it("sends the secret in x-origin-verify to the API's origin only, as a dynamic reference", () => {
      // Act
      const distribution = propertiesOf(ids.distribution).DistributionConfig as Json;
      const [apiBehavior] = distribution.CacheBehaviors as Json[];
      const origins = distribution.Origins as Json[];
      const apiOrigin = origins.find((origin) => origin.Id === apiBehavior?.TargetOriginId);
      const others = origins.filter((origin) => origin !== apiOrigin);
      // Assess
      expect(apiOrigin?.OriginCustomHeaders).toEqual([
        {
          HeaderName: 'x-origin-verify',
          HeaderValue: {
            'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: ids.originSecret }, ':SecretString:::}}']],
          },
        },
      ]);
      // The site bucket's origin gets no secret.
      for (const origin of others) expect(origin.OriginCustomHeaders).toBeUndefined();
    });

    it('names the secret to agent-api, whose config requires it', () => {
      // Act
      const variables = propertiesOf(ids.fn).Environment as { Variables: Json };
      // Assess
      expect(variables.Variables.ORIGIN_VERIFY_SECRET_ARN).toEqual({ Ref: ids.originSecret });
      // No version pinned: the current one, as CloudFront's reference.
      expect(variables.Variables.ORIGIN_VERIFY_SECRET_VERSION).toBeUndefined();
    });

    it('lets exactly the three API functions read the secret, with GetSecretValue and nothing else', () => {
      // Act: every statement of the stack that names the secret, and the roles it is attached to.
      const readers = Object.values(hotline.findResources('AWS::IAM::Policy')).flatMap((policy) =>
        (policy.Properties.PolicyDocument.Statement as Json[])
          .filter((statement) => JSON.stringify(statement).includes(ids.originSecret))
          .map((statement) => ({
            roles: (policy.Properties.Roles as Json[]).map((role) => describeRef(data, role)),
            actions: statement.Action,
            // Beside the hash key, for the functions that also hash (CDK merges the statements).
            resource: [statement.Resource]
              .flat()
              .find((resource) => JSON.stringify(resource).includes(ids.originSecret)),
          })),
      );
      const metricsRole = idAt(hotline, 'AWS::IAM::Role', 'Hotline/MetricsApi/FunctionRole/Resource');
      const privacyRole = idAt(hotline, 'AWS::IAM::Role', 'Hotline/PrivacyApi/FunctionRole/Resource');
      // Assess
      expect(readers.sort((a, b) => String(a.roles).localeCompare(String(b.roles)))).toEqual(
        [
          {
            roles: [ids.role],
            actions: 'secretsmanager:GetSecretValue',
            resource: { Ref: ids.originSecret },
          },
          {
            roles: [metricsRole],
            actions: 'secretsmanager:GetSecretValue',
            resource: { Ref: ids.originSecret },
          },
          {
            roles: [privacyRole],
            actions: 'secretsmanager:GetSecretValue',
            resource: { Ref: ids.originSecret },
          },
        ].sort((a, b) => String(a.roles).localeCompare(String(b.roles))),
      );
      // No secret is readable through a wildcard, by any role.
      const wildcardSecrets = Object.values(hotline.findResources('AWS::IAM::Policy'))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
        .filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager'))
        .filter((statement) => JSON.stringify(statement.Resource).includes('*'));
      expect(wildcardSecrets).toEqual([]);
    });
  });

  describe('sign-in', () => {
    it('lets only administrators create users, with a strong password and TOTP MFA required', () => {
      expect(propertiesOf(ids.pool)).toMatchObject({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
        DeletionProtection: 'ACTIVE',
      });
      expect(resources[ids.pool]?.DeletionPolicy).toBe('Retain');
    });

    it('has the groups agents, supervisors, managers and privacy', () => {
      // Act
      const groups = Object.values(hotline.findResources('AWS::Cognito::UserPoolGroup')).map(
        (group) => group.Properties,
      );
      // Assess
      expect(groups.map((group) => group.GroupName).sort()).toEqual([
        'agents',
        'managers',
        'privacy',
        'supervisors',
      ]);
      for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: ids.pool });
    });

    it('keeps the Connect user id on each user, for administrators to set', () => {
      expect(propertiesOf(ids.pool).Schema).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Name: 'connect_user_id', AttributeDataType: 'String', Mutable: true }),
        ]),
      );
    });

    it('gives the pages a public client: no secret, the code flow only (no SRP), no attribute users may write', () => {
      const client = propertiesOf(ids.client);
      expect(client).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        // Exactly: Cognito's default without the list would allow SRP sign-in.
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        WriteAttributes: [],
        ReadAttributes: expect.arrayContaining(['custom:connect_user_id']),
        CallbackURLs: SIGN_IN_PAGES.map((page) => ({
          'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }, page]],
        })),
        LogoutURLs: SIGN_IN_PAGES.map((page) => ({
          'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }, page]],
        })),
        PreventUserExistenceErrors: 'ENABLED',
      });
      // Tokens of the hosted pages without this scope cannot call UpdateUserAttributes.
      expect(client.AllowedOAuthScopes).not.toContain('aws.cognito.signin.user.admin');
    });
  });

  describe('pages', () => {
    it('keeps the site bucket private, encrypted, TLS-only and logged', () => {
      // Act
      const bucket = propertiesOf(ids.site);
      // Assess
      expect(bucket).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
      });
      hotline.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: ids.site },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('lets only this distribution read the site bucket, through Origin Access Control', () => {
      // Act
      const distribution = propertiesOf(ids.distribution).DistributionConfig as Json;
      const origins = distribution.Origins as Json[];
      const reads = Object.values(hotline.findResources('AWS::S3::BucketPolicy'))
        .filter((policy) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: ids.site }))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
        .filter((statement) => statement.Effect === 'Allow');
      // Assess: the bucket, and the API for /api/*
      expect(origins).toHaveLength(2);
      expect(origins[0]).toMatchObject({
        DomainName: { 'Fn::GetAtt': [ids.site, 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] },
      });
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', expect.arrayContaining([`:distribution/`, { Ref: ids.distribution }])],
            },
          },
        },
      });
    });

    it('serves index.html over HTTPS only, with access logs', () => {
      expect(propertiesOf(ids.distribution).DistributionConfig).toMatchObject({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'https-only' },
        Logging: { Prefix: 'cloudfront/' },
      });
    });

    it('serves /api/* from the API on the same origin, uncached, with the Authorization header and without Host', () => {
      // Act
      const distribution = propertiesOf(ids.distribution).DistributionConfig as Json;
      const [apiBehavior, ...others] = distribution.CacheBehaviors as Json[];
      const apiOrigin = (distribution.Origins as Json[]).find(
        (origin) => origin.Id === apiBehavior?.TargetOriginId,
      );
      // Assess
      expect(others).toEqual([]);
      expect(apiBehavior).toMatchObject({
        PathPattern: '/api/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        // Managed policies: CachingDisabled, AllViewerExceptHostHeader.
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      });
      expect(apiOrigin).toMatchObject({
        DomainName: {
          'Fn::Join': ['', [{ Ref: ids.api }, '.execute-api.eu-central-1.', { Ref: 'AWS::URLSuffix' }]],
        },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
      });
    });

    it('sends HSTS, a same-origin CSP that lets only the sign-in be fetched and the agent workspace frame the pages', () => {
      // Act
      const distribution = propertiesOf(ids.distribution).DistributionConfig as Json;
      const [policyId] = Object.keys(hotline.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
      const policy = propertiesOf(policyId ?? '').ResponseHeadersPolicyConfig as Json;
      const headers = policy.SecurityHeadersConfig as Json;
      const csp = describeRef(data, (headers.ContentSecurityPolicy as Json).ContentSecurityPolicy);
      // Assess
      expect((distribution.DefaultCacheBehavior as Json).ResponseHeadersPolicyId).toEqual({ Ref: policyId });
      expect(((distribution.CacheBehaviors as Json[])[0] as Json).ResponseHeadersPolicyId).toEqual({
        Ref: policyId,
      });
      expect(csp.split('; ')).toEqual([
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self' https://eviction-hotline-AWS::AccountId.auth.eu-central-1.amazoncognito.com",
        `frame-ancestors 'self' https://eviction-hotline-AWS::AccountId.my.connect.aws https://eviction-hotline-AWS::AccountId.awsapps.com`,
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
      ]);
      expect(headers).toMatchObject({
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: 31_536_000,
          IncludeSubdomains: true,
          Override: true,
        },
      });
      expect(headers.FrameOptions, 'frame-ancestors replaces X-Frame-Options').toBeUndefined();
    });

    it("deploys a config.json that points the pages at the pool's hosted sign-in and web client", () => {
      // Act
      const deployment = Object.values(hotline.findResources('Custom::CDKBucketDeployment'))[0];
      const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
      // Assess: Source.jsonData's tokens are filled in at deploy time from these markers
      expect(markers).toContain(ids.client);
      expect(markers).toContain(
        idAt(hotline, 'AWS::Cognito::UserPoolDomain', 'Hotline/Users/UserPool/Domain/Resource'),
      );
    });

    it('copies the files on a role of its own, without AWS-managed policies', () => {
      // Act
      const roles = Object.values(hotline.findResources('AWS::IAM::Role'));
      // Assess: the deployment handler's role included, no role in the stack has a managed policy
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      hotline.hasResourceProperties('AWS::Lambda::Function', {
        Role: {
          'Fn::GetAtt': [idAt(hotline, 'AWS::IAM::Role', 'Hotline/Web/DeploymentRole/Resource'), 'Arn'],
        },
      });
    });

    it('deploys web/ to the site bucket and invalidates the distribution', () => {
      hotline.hasResourceProperties('Custom::CDKBucketDeployment', {
        DestinationBucketName: { Ref: ids.site },
        DistributionId: { Ref: ids.distribution },
        DistributionPaths: ['/*'],
        Prune: true,
      });
    });

    it('deploys the site the local server serves: every page, bundle and vendor file, byte for byte', () => {
      // Act: the deployment's sources are staged asset folders named after their hash
      const deployment = Object.values(hotline.findResources('Custom::CDKBucketDeployment'))[0];
      const keys = (deployment?.Properties.SourceObjectKeys ?? []) as string[];
      const folders = keys.map((key) => join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`));
      // Assess
      const site = buildSite();
      expect([...site.keys()]).toEqual(
        expect.arrayContaining([
          'agent.html',
          'agent.js',
          'dashboard.js',
          'workspace.html',
          'vendor/uplot.css',
        ]),
      );
      for (const [name, file] of site) {
        const staged = folders
          .map((folder) => join(folder, name))
          .filter((candidate) => existsSync(candidate));
        expect(staged, `${name} in one source`).toHaveLength(1);
        expect(readFileSync(staged[0] ?? '').equals(Buffer.from(file.body)), name).toBe(true);
      }
    });
  });

  it('outputs the API URL, the user pool and client ids and the pages URL', () => {
    // Act
    const outputs = hotline.toJSON().Outputs as Record<string, { Value: unknown }>;
    // Assess
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: ids.pool });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: ids.client });
    expect(outputs.WebUrl?.Value).toEqual(webOrigin());
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain(ids.api);
    // The same sign-in origin the pages' CSP allows (built before the domain existed).
    const domain = idAt(hotline, 'AWS::Cognito::UserPoolDomain', 'Hotline/Users/UserPool/Domain/Resource');
    expect(describeRef(data, propertiesOf(domain).Domain)).toBe('eviction-hotline-AWS::AccountId');
    expect(describeRef(data, outputs.SignInDomain?.Value)).toBe(
      `https://${domain}.auth.eu-central-1.amazoncognito.com`,
    );
  });

  it('leaves cdk-nag AwsSolutions nothing to report on the whole app', () => {
    // Act
    const report = awsSolutionsChecks().validateScope(app);
    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

describe('the agent API with an existing Connect instance', () => {
  it('takes the instance id from the ARN and scopes DescribeContact and the contact attributes to its contacts', () => {
    // Prepare
    const app = anApp({
      connectInstanceArn: EXISTING_INSTANCE_ARN,
      connectInstanceAlias: 'hotline',
      hoursFrom: '2026-11-25',
    });
    // Act: synth with cdk-nag enforced; the acknowledgement must name the literal ARN.
    const { hotline } = buildHotlineApp(app);
    const template = Template.fromStack(hotline);
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CONNECT_INSTANCE_ID: EXISTING_INSTANCE_ID }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: [
              'connect:DescribeContact',
              'connect:GetContactAttributes',
              'connect:UpdateContactAttributes',
            ],
            Resource: `${EXISTING_INSTANCE_ARN}/contact/*`,
          },
        ]),
      },
    });
    expect(awsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

describe('rotating the origin secret (-c originSecretVersion=…)', () => {
  const VERSION = 'b2c3d4e5-6789-40ab-8def-000000000002';

  it('pins CloudFront and both API functions to that version, so the deploy changes all three', () => {
    // Prepare
    const stacks = buildHotlineApp(anApp({ hoursFrom: '2026-11-25', originSecretVersion: VERSION }));
    const hotline = Template.fromStack(stacks.hotline);
    const secret = idAt(hotline, 'AWS::SecretsManager::Secret', 'Hotline/OriginVerify/Resource');
    // Act
    const [distribution] = Object.values(hotline.findResources('AWS::CloudFront::Distribution'));
    const headers = ((distribution?.Properties.DistributionConfig.Origins ?? []) as Json[]).flatMap(
      (origin) => (origin.OriginCustomHeaders as Json[] | undefined) ?? [],
    );
    const variables = ['AgentApi', 'MetricsApi'].map(
      (api) =>
        Object.values(
          hotline.findResources('AWS::Lambda::Function', {
            Metadata: { 'aws:cdk:path': `Hotline/${api}/Function/Resource` },
          }),
        )[0]?.Properties.Environment.Variables,
    );
    // Assess
    expect(headers).toEqual([
      {
        HeaderName: 'x-origin-verify',
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, `:SecretString:::${VERSION}}}`]],
        },
      },
    ]);
    for (const variable of variables) {
      expect(variable).toMatchObject({
        ORIGIN_VERIFY_SECRET_ARN: { Ref: secret },
        ORIGIN_VERIFY_SECRET_VERSION: VERSION,
      });
    }
  });

  it('refuses a version that is not a Secrets Manager VersionId, before building anything', () => {
    expect(() => buildHotlineApp(anApp({ originSecretVersion: 'AWSCURRENT' }))).toThrow(
      /originSecretVersion must be a Secrets Manager VersionId .*got "AWSCURRENT"/,
    );
  });
});

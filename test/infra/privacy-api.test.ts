import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { TABLES } from '../../shared/adapters/dynamodb/tables.ts';
import { PRIVACY_ROUTE_KEYS } from '../../shared/http/privacy-api-contract.ts';
import { describeRef, idAt, statementsOf, testApps } from '../support/cdk-app.ts';

type Json = Record<string, unknown>;

/** cdk.json's flags and path metadata; no bundling: these tests look at wiring. */
const apps = testApps('privacy-api');

describe('the privacy API in the hotline app', () => {
  let hotline: Template;
  let data: Template;
  let ids: { fn: string; role: string; readModel: string; calls: string; audit: string };

  beforeAll(() => {
    // Prepare: one synth of the whole app, cdk-nag enforced as in `cdk synth`.
    const stacks = buildHotlineApp(apps({ 'aws:cdk:enable-path-metadata': true, hoursFrom: '2026-11-25' }));
    hotline = Template.fromStack(stacks.hotline);
    data = Template.fromStack(stacks.data);
    const table = (id: string) => idAt(data, 'AWS::DynamoDB::GlobalTable', `HotlineData/${id}/Resource`);
    ids = {
      fn: idAt(hotline, 'AWS::Lambda::Function', 'Hotline/PrivacyApi/Function/Resource'),
      role: idAt(hotline, 'AWS::IAM::Role', 'Hotline/PrivacyApi/FunctionRole/Resource'),
      readModel: table(TABLES.readModel.id),
      calls: table(TABLES.calls.id),
      audit: table(TABLES.audit.id),
    };
  });

  it('sends its routes, and only those, to privacy-api, each behind the Cognito authoriser', () => {
    // Act
    const integrations = Object.entries(hotline.findResources('AWS::ApiGatewayV2::Integration')).filter(
      ([, integration]) =>
        JSON.stringify(integration.Properties.IntegrationUri) ===
        JSON.stringify({ 'Fn::GetAtt': [ids.fn, 'Arn'] }),
    );
    const routes = Object.values(hotline.findResources('AWS::ApiGatewayV2::Route')).filter((route) =>
      integrations.some(([id]) => route.Properties.Target?.['Fn::Join']?.[1]?.[1]?.Ref === id),
    );
    // Assess
    expect(integrations).toHaveLength(1);
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      Object.values(PRIVACY_ROUTE_KEYS).sort(),
    );
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('JWT');
  });

  it('gets the three tables and an audit retention longer than the call logs', () => {
    // Act
    const { Variables: variables } = hotline.toJSON().Resources[ids.fn].Properties.Environment as {
      Variables: Json;
    };
    // Assess
    expect(describeRef(data, variables.READ_MODEL_TABLE)).toBe(`HotlineData/${ids.readModel}`);
    expect(describeRef(data, variables.CALLS_TABLE)).toBe(`HotlineData/${ids.calls}`);
    expect(describeRef(data, variables.AUDIT_TABLE)).toBe(`HotlineData/${ids.audit}`);
    expect(Number(variables.AUDIT_RETENTION_DAYS)).toBeGreaterThan(400);
  });

  it('may erase from the read model and the calls, but only append to and read the audit trail', () => {
    // Act
    const statements = statementsOf(hotline, data, ids.role);
    const calls = `HotlineData/${ids.calls}.Arn`;
    // Assess
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          effect: 'Allow',
          actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
          resources: [`HotlineData/${ids.readModel}.Arn`],
        },
        { effect: 'Allow', actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem'], resources: [calls] },
        { effect: 'Allow', actions: ['dynamodb:Query'], resources: [calls, `${calls}/index/callsByTenancy`] },
        {
          effect: 'Allow',
          actions: ['dynamodb:PutItem', 'dynamodb:Query'],
          resources: [`HotlineData/${ids.audit}.Arn`],
        },
      ]),
    );
  });

  it('lets no function of the app update or delete an audit entry', () => {
    // Act: every statement of every policy that names the audit table
    const audit = `HotlineData/${ids.audit}.Arn`;
    const roles = Object.keys(hotline.findResources('AWS::IAM::Role'));
    const onAudit = roles.flatMap((role) =>
      statementsOf(hotline, data, role).filter((statement) =>
        statement.resources.some((resource) => resource.startsWith(audit) || resource === '*'),
      ),
    );
    // Assess
    expect(onAudit.length).toBeGreaterThan(0);
    for (const statement of onAudit) {
      expect(
        statement.actions.filter((action) => /dynamodb:(\*|Update|Delete|BatchWrite|PartiQL)/.test(action)),
      ).toEqual([]);
    }
  });
});

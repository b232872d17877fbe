import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentWorkspaceApp } from '../../infra/constructs/agent-workspace-app.ts';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import { idAt, testApps } from '../support/cdk-app.ts';

const EXISTING_ARN =
  'arn:aws:connect:eu-central-1:123456789012:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** cdk.json's flags and path metadata; no bundling: these tests look at the Connect wiring only. */
const workspaceApps = testApps('workspace-app');
const anApp = (context: Record<string, unknown> = {}) =>
  workspaceApps({ 'aws:cdk:enable-path-metadata': true, ...context });

describe('the agent page as an app of the agent workspace, in the hotline app without context', () => {
  let hotline: Template;
  let ids: {
    application: string;
    association: string;
    profile: string;
    instance: string;
    distribution: string;
  };
  let violations: string[];

  beforeAll(() => {
    // Prepare / Act: one synth (cdk-nag enforced) for the tests of this block.
    const app = anApp();
    const stacks = buildHotlineApp(app);
    hotline = Template.fromStack(stacks.hotline);
    ids = {
      application: idAt(
        hotline,
        'AWS::AppIntegrations::Application',
        'Hotline/AgentWorkspaceApp/Application',
      ),
      association: idAt(
        hotline,
        'AWS::Connect::IntegrationAssociation',
        'Hotline/AgentWorkspaceApp/Association',
      ),
      profile: idAt(
        hotline,
        'AWS::Connect::SecurityProfile',
        'Hotline/AgentWorkspaceApp/AgentSecurityProfile',
      ),
      instance: idAt(hotline, 'AWS::Connect::Instance', 'Hotline/Connect/Instance'),
      distribution: idAt(hotline, 'AWS::CloudFront::Distribution', 'Hotline/Web/Distribution/Resource'),
    };
    violations = awsSolutionsChecks()
      .validateScope(app)
      .violations.map((violation) => violation.ruleName);
  });

  const pagesOrigin = () => ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }];

  it("loads the agent page from the distribution and approves exactly the pages' origin", () => {
    hotline.hasResourceProperties('AWS::AppIntegrations::Application', {
      ApplicationSourceConfig: {
        ExternalUrlConfig: {
          AccessUrl: { 'Fn::Join': ['', [...pagesOrigin(), '/agent.html']] },
          ApprovedOrigins: [{ 'Fn::Join': ['', pagesOrigin()] }],
        },
      },
    });
  });

  it("may receive its contacts' lifecycle and read their details, nothing more, across the agent's calls", () => {
    hotline.hasResourceProperties('AWS::AppIntegrations::Application', {
      Namespace: 'hotline.agent-page',
      Permissions: ['Contact.Details.View'],
      ApplicationConfig: { ContactHandling: { Scope: 'CROSS_CONTACTS' } },
      IsService: Match.absent(),
    });
  });

  it('is associated with the instance as an application', () => {
    hotline.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: { 'Fn::GetAtt': [ids.instance, 'Arn'] },
      IntegrationType: 'APPLICATION',
      IntegrationArn: { 'Fn::GetAtt': [ids.application, 'ApplicationArn'] },
    });
  });

  it('gives agents one security profile with the Contact Control Panel and access to the app', () => {
    // Assess
    hotline.hasResource('AWS::Connect::SecurityProfile', {
      Properties: {
        InstanceArn: { 'Fn::GetAtt': [ids.instance, 'Arn'] },
        SecurityProfileName: 'Hotline-agents',
        Permissions: ['BasicAgentAccess'],
        Applications: [{ Namespace: 'hotline.agent-page', ApplicationPermissions: ['ACCESS'] }],
      },
      DependsOn: Match.arrayWith([ids.association]),
    });
    hotline.resourceCountIs('AWS::Connect::SecurityProfile', 1);
  });

  it("outputs the profile's ARN and name for the administrator who assigns it", () => {
    hotline.hasOutput('AgentSecurityProfileArn', {
      Value: { 'Fn::GetAtt': [ids.profile, 'SecurityProfileArn'] },
    });
    hotline.hasOutput('AgentSecurityProfileName', { Value: 'Hotline-agents' });
  });

  it('leaves cdk-nag AwsSolutions nothing to report', () => {
    expect(violations).toEqual([]);
  });
});

describe('the agent page as an app of an existing instance', () => {
  it('associates the app and creates the profile on the given instance', () => {
    // Prepare
    const app = anApp({ connectInstanceArn: EXISTING_ARN, connectInstanceAlias: 'wien-delogierung' });
    // Act
    const hotline = Template.fromStack(buildHotlineApp(app).hotline);
    // Assess
    hotline.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: EXISTING_ARN,
      IntegrationType: 'APPLICATION',
    });
    hotline.hasResourceProperties('AWS::Connect::SecurityProfile', { InstanceArn: EXISTING_ARN });
    expect(awsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

describe('AgentWorkspaceApp with its options', () => {
  it('takes another page, scope, namespace and permissions, and grants the app under that namespace', () => {
    // Prepare
    const stack = new Stack(anApp(), 'Probe');
    // Act
    new AgentWorkspaceApp(stack, 'App', {
      instanceArn: EXISTING_ARN,
      webOrigin: 'https://pages.example',
      pagePath: '/other.html',
      name: 'Other page',
      namespace: 'probe.other',
      contactScope: 'PER_CONTACT',
      permissions: ['Contact.Details.View', 'Contact.Attributes.View'],
      agentPermissions: ['BasicAgentAccess', 'OutboundCallAccess'],
    });
    const template = Template.fromStack(stack);
    // Assess
    template.hasResourceProperties('AWS::AppIntegrations::Application', {
      Name: 'Other page',
      Namespace: 'probe.other',
      ApplicationSourceConfig: {
        ExternalUrlConfig: {
          AccessUrl: 'https://pages.example/other.html',
          ApprovedOrigins: ['https://pages.example'],
        },
      },
      Permissions: ['Contact.Details.View', 'Contact.Attributes.View'],
      ApplicationConfig: { ContactHandling: { Scope: 'PER_CONTACT' } },
    });
    template.hasResourceProperties('AWS::Connect::SecurityProfile', {
      Permissions: ['BasicAgentAccess', 'OutboundCallAccess'],
      Applications: [{ Namespace: 'probe.other', ApplicationPermissions: ['ACCESS'] }],
    });
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { HotlineConnect } from '../../infra/constructs/hotline-connect.ts';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { testApps } from '../support/cdk-app.ts';

const EXISTING_ARN =
  'arn:aws:connect:eu-central-1:123456789012:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** One HotlineConnect in a bare stack: these tests look at the flow log group only. */
const templateOf = (props: ConstructorParameters<typeof HotlineConnect>[2]): Template => {
  const stack = new Stack(new App(), 'Privacy', { env: { account: '123456789012', region: 'eu-central-1' } });
  new HotlineConnect(stack, 'Connect', props);
  return Template.fromStack(stack);
};

describe('Connect flow logs', () => {
  it("creates the instance's flow log group, named as Connect names it, with 90 days' retention", () => {
    // Act
    const template = templateOf({ instanceAlias: 'wien-delogierung' });
    // Assess
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/connect/wien-delogierung',
      RetentionInDays: 90,
    });
  });

  it('creates the log group before the instance, so Connect does not create one without retention', () => {
    // Act
    const template = templateOf({ instanceAlias: 'wien-delogierung' });
    // Assess
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    const instances = Object.values(template.findResources('AWS::Connect::Instance'));
    expect(instances).toHaveLength(1);
    expect(instances[0]?.DependsOn).toContain(logGroupId);
  });

  it('keeps flow logs as long as configured', () => {
    // Act
    const template = templateOf({
      instanceAlias: 'wien-delogierung',
      flowLogRetention: RetentionDays.ONE_MONTH,
    });
    // Assess
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it("leaves an existing instance's log group alone: it is not this stack's", () => {
    // Act
    const template = templateOf({ instanceArn: EXISTING_ARN, instanceAlias: 'wien-delogierung' });
    // Assess
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
  });
});

describe('the whole app (held to cdk-nag AwsSolutions)', () => {
  const appWith = testApps('privacy');

  it("gives the hotline's own Connect instance a flow log group with a retention", () => {
    // Act
    const hotline = Template.fromStack(
      buildHotlineApp(appWith({ connectInstanceAlias: 'wien-delogierung' })).hotline,
    );
    // Assess
    hotline.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/connect/wien-delogierung',
      RetentionInDays: 90,
    });
  });
});

describe('the hash key', () => {
  const appWith = testApps('privacy-secret');

  it('is a secret that Secrets Manager generates, kept when the stack goes', () => {
    // Act
    const data = Template.fromStack(buildHotlineApp(appWith()).data);
    // Assess
    data.hasResource('AWS::SecretsManager::Secret', {
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
      DeletionPolicy: 'Retain',
    });
  });
});

import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseConnectInstanceAlias,
  parseConnectInstanceArn,
} from '../../infra/constructs/hotline-connect.ts';
import { buildHotlineApp, type HotlineApp } from '../../infra/hotline-app.ts';
import { testApps } from '../support/cdk-app.ts';

const EXISTING_ARN = 'arn:aws:connect:eu-west-2:123456789012:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const EXISTING_ALIAS = 'wien-delogierung';

/** cdk.json's flags; no bundling: these tests look at Connect wiring only. */
const appWith = testApps('ctx');

describe('with -c connectInstanceArn=<existing instance> -c connectInstanceAlias=<its alias>', () => {
  let stacks: HotlineApp;
  let hotline: Template;

  beforeAll(() => {
    // Prepare / Act: one synth for the tests of this block.
    stacks = buildHotlineApp(
      appWith({ connectInstanceArn: EXISTING_ARN, connectInstanceAlias: EXISTING_ALIAS }),
    );
    hotline = Template.fromStack(stacks.hotline);
  });

  it('creates no Connect instance', () => {
    hotline.resourceCountIs('AWS::Connect::Instance', 0);
    expect(stacks.hotline.connect.instance).toBeUndefined();
  });

  it('associates identify-caller with the given instance', () => {
    hotline.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: EXISTING_ARN,
      IntegrationType: 'LAMBDA_FUNCTION',
    });
  });

  it('lets only the given instance invoke identify-caller', () => {
    hotline.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'connect.amazonaws.com',
      SourceArn: EXISTING_ARN,
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it("deploys both stacks to the instance's region, where Connect can invoke the function", () => {
    expect(stacks.hotline.region).toBe('eu-west-2');
    expect(stacks.data.region).toBe('eu-west-2');
  });

  it('exposes the given ARN for queues, hours and the flow', () => {
    expect(stacks.hotline.connect.instanceArn).toBe(EXISTING_ARN);
  });

  it("lets exactly that instance's agent workspace frame the pages, no wildcard", () => {
    // Assess: the directive stands between two others, so nothing else is in it.
    hotline.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: {
              'Fn::Join': [
                '',
                Match.arrayWith([
                  Match.stringLikeRegexp(
                    "; frame-ancestors 'self' https://wien-delogierung\\.my\\.connect\\.aws https://wien-delogierung\\.awsapps\\.com; ",
                  ),
                ]),
              ],
            },
          },
        },
      },
    });
    expect(JSON.stringify(hotline.findResources('AWS::CloudFront::ResponseHeadersPolicy'))).not.toContain(
      '*',
    );
  });
});

describe('with -c connectInstanceArn=<existing instance> alone', () => {
  it('is refused before anything is built, naming the missing key and an example', () => {
    // Act
    const build = () => buildHotlineApp(appWith({ connectInstanceArn: EXISTING_ARN }));
    // Assess
    expect(build).toThrow(/connectInstanceAlias is missing/);
    expect(build).toThrow(`-c connectInstanceArn=${EXISTING_ARN} -c connectInstanceAlias=`);
  });
});

describe('with -c connectInstanceAlias=<alias>', () => {
  it('names the created instance by the alias', () => {
    // Act
    const hotline = Template.fromStack(
      buildHotlineApp(appWith({ connectInstanceAlias: 'wien-delogierung' })).hotline,
    );
    // Assess
    hotline.hasResourceProperties('AWS::Connect::Instance', { InstanceAlias: 'wien-delogierung' });
  });
});

describe('a connectInstanceAlias that is not an instance alias', () => {
  it.each([
    ['a CSP directive smuggled in', "hotline; script-src 'unsafe-inline'"],
    ['a wildcard', '*'],
    ['a host name', 'hotline.my.connect.aws'],
    ['an empty string', ''],
    ['a directory id', 'd-1234567890'],
    ['too long', 'a'.repeat(46)],
  ])('is refused before anything is built: %s', (_case, value) => {
    // Act
    const build = () => buildHotlineApp(appWith({ connectInstanceAlias: value }));
    // Assess
    expect(build).toThrow(/connectInstanceAlias must be an Amazon Connect instance alias/);
  });

  it('accepts an alias as Connect allows it', () => {
    expect(parseConnectInstanceAlias('Wien-2-Delogierung')).toBe('Wien-2-Delogierung');
  });
});

describe('a connectInstanceArn that is not an instance ARN', () => {
  it.each([
    ['a queue ARN', `${EXISTING_ARN}/queue/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`],
    ['an instance id alone', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
    ['a Lambda ARN', 'arn:aws:lambda:eu-central-1:123456789012:function:identify-caller'],
  ])('is refused before anything is built: %s', (_case, value) => {
    // Act
    const build = () => buildHotlineApp(appWith({ connectInstanceArn: value }));
    // Assess
    expect(build).toThrow(/connectInstanceArn must be an Amazon Connect instance ARN/);
    expect(build).toThrow(value);
  });

  it('splits a valid ARN into its parts', () => {
    expect(parseConnectInstanceArn(EXISTING_ARN)).toEqual({
      arn: EXISTING_ARN,
      partition: 'aws',
      region: 'eu-west-2',
      account: '123456789012',
      instanceId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    });
  });
});

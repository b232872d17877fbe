import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnIntegrationAssociation } from 'aws-cdk-lib/aws-connect';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { HotlineContactFlow } from '../../infra/constructs/hotline-contact-flow.ts';
import { buildHotlineApp, type HotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import {
  DEFAULT_CONCURRENT_CALLS_QUOTA,
  DEFAULT_QUEUE_CAPACITIES,
  type QueueCapacityOptions,
  ROUTING_PROFILE_QUEUES,
} from '../../shared/config/queues.ts';
import { hotlineOfficeHours, MAX_OVERRIDES } from '../../shared/domain/public-holidays.ts';
import { addDays, type IsoDate, viennaDate } from '../../shared/domain/vienna-calendar.ts';
import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import { renderCfnValue, testApps } from '../support/cdk-app.ts';

/** The synth date the tests pin (`-c hoursFrom=…`), so that the holidays do not move with the clock. */
const HOURS_FROM = '2026-11-25' as IsoDate;

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DependsOn?: string[]; DeletionPolicy?: string };

/** cdk.json's flags and the pinned date; no bundling: these tests look at Connect only. */
const flowApps = testApps('flow');
const appWith = (context: Record<string, unknown> = {}) => flowApps({ hoursFrom: HOURS_FROM, ...context });

const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const onlyIdOf = (template: Template, type: string, properties: Json = {}): string => {
  const ids = Object.keys(template.findResources(type, { Properties: Match.objectLike(properties) }));
  expect(ids, `one ${type} like ${JSON.stringify(properties)}`).toHaveLength(1);
  return ids[0] ?? '';
};

const flowIdOf = (template: Template): string => onlyIdOf(template, 'AWS::Connect::ContactFlow');

describe('the hotline stack with -c hoursFrom=2026-11-25', () => {
  let app: App;
  let stacks: HotlineApp;
  let hotline: Template;
  let hoursId: string;
  let queueIds: { urgent: string; general: string; callback: string };
  let functionId: string;
  let associationId: string;

  beforeAll(() => {
    // Prepare / Act: one synth for every test of this block.
    app = appWith();
    stacks = buildHotlineApp(app);
    hotline = Template.fromStack(stacks.hotline);
    hoursId = onlyIdOf(hotline, 'AWS::Connect::HoursOfOperation');
    queueIds = {
      urgent: onlyIdOf(hotline, 'AWS::Connect::Queue', { Name: 'urgent' }),
      general: onlyIdOf(hotline, 'AWS::Connect::Queue', { Name: 'general' }),
      callback: onlyIdOf(hotline, 'AWS::Connect::Queue', { Name: 'callback' }),
    };
    functionId = stacks.hotline.getLogicalId(stacks.hotline.identifyCaller.node.defaultChild as CfnElement);
    associationId = onlyIdOf(hotline, 'AWS::Connect::IntegrationAssociation', {
      IntegrationType: 'LAMBDA_FUNCTION',
    });
  });

  describe('hours of operation', () => {
    it('opens Monday to Friday 09:00–17:00, Vienna time, and no other day', () => {
      hotline.hasResourceProperties('AWS::Connect::HoursOfOperation', {
        TimeZone: 'Europe/Vienna',
        Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((day) => ({
          Day: day,
          StartTime: { Hours: 9, Minutes: 0 },
          EndTime: { Hours: 17, Minutes: 0 },
        })),
      });
    });

    it('closes the whole of a fixed and a movable public holiday', () => {
      hotline.hasResourceProperties('AWS::Connect::HoursOfOperation', {
        HoursOfOperationOverrides: Match.arrayWith([
          {
            OverrideName: 'Christtag 2026-12-25',
            OverrideDescription: Match.anyValue(),
            OverrideType: 'CLOSED',
            EffectiveFrom: '2026-12-25',
            EffectiveTill: '2026-12-25',
            OverrideConfig: [
              { Day: 'FRIDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } },
            ],
          },
          {
            OverrideName: 'Ostermontag 2027-03-29',
            OverrideDescription: Match.anyValue(),
            OverrideType: 'CLOSED',
            EffectiveFrom: '2027-03-29',
            EffectiveTill: '2027-03-29',
            OverrideConfig: [
              { Day: 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } },
            ],
          },
        ]),
      });
    });

    it('closes exactly the public holidays of the three years from hoursFrom, within the override limit', () => {
      // Act
      const overrides = hotline.toJSON().Resources[hoursId].Properties.HoursOfOperationOverrides as Json[];
      const dates = overrides.map((override) => override.EffectiveFrom as string);
      // Assess
      expect(dates).toEqual(hotlineOfficeHours(HOURS_FROM).closedDays.map((day) => day.date));
      expect(overrides.length).toBeGreaterThanOrEqual(38);
      expect(overrides.length).toBeLessThanOrEqual(MAX_OVERRIDES);
      for (const date of dates) {
        expect(date >= HOURS_FROM).toBe(true);
        expect(date < addDays(HOURS_FROM, 3 * 365 + 1)).toBe(true);
      }
      expect(new Set(overrides.map((override) => override.OverrideName)).size).toBe(overrides.length);
    });
  });

  describe('queues', () => {
    it('puts urgent, general and callback on the office hours', () => {
      for (const id of Object.values(queueIds)) {
        expect(hotline.toJSON().Resources[id].Properties.HoursOfOperationArn).toEqual({
          'Fn::GetAtt': [hoursId, 'HoursOfOperationArn'],
        });
      }
    });

    it("fits every queue into a new instance's 10 concurrent calls: urgent 10, general 6, callback 10", () => {
      // Act
      const resources = hotline.toJSON().Resources;
      // Assess
      expect(resources[queueIds.urgent].Properties.MaxContacts).toBe(DEFAULT_QUEUE_CAPACITIES.urgent);
      expect(resources[queueIds.general].Properties.MaxContacts).toBe(DEFAULT_QUEUE_CAPACITIES.general);
      expect(resources[queueIds.callback].Properties.MaxContacts).toBe(DEFAULT_QUEUE_CAPACITIES.callback);
      for (const id of Object.values(queueIds)) {
        expect(resources[id].Properties.MaxContacts).toBeLessThanOrEqual(DEFAULT_CONCURRENT_CALLS_QUOTA);
      }
      expect(DEFAULT_QUEUE_CAPACITIES).toEqual({ urgent: 10, general: 6, callback: 10 });
    });

    it('describes each queue in German and English', () => {
      for (const id of Object.values(queueIds)) {
        expect(hotline.toJSON().Resources[id].Properties.Description).toMatch(/^.+ \/ .+$/);
      }
    });
  });

  describe('routing profile', () => {
    it('serves urgent first, then callbacks and general calls oldest first, one call at a time, calling out via general', () => {
      hotline.hasResourceProperties('AWS::Connect::RoutingProfile', {
        MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
        DefaultOutboundQueueArn: { 'Fn::GetAtt': [queueIds.general, 'QueueArn'] },
        QueueConfigs: Match.arrayEquals(
          [
            [queueIds.urgent, ROUTING_PROFILE_QUEUES.urgent.priority],
            [queueIds.general, ROUTING_PROFILE_QUEUES.general.priority],
            [queueIds.callback, ROUTING_PROFILE_QUEUES.callback.priority],
          ].map(([id, priority]) => ({
            Delay: 0,
            Priority: priority,
            QueueReference: { Channel: 'VOICE', QueueArn: { 'Fn::GetAtt': [id, 'QueueArn'] } },
          })),
        ),
      });
    });
  });

  describe('inbound flow', () => {
    let flowId: string;
    let flow: Resource;

    beforeAll(() => {
      flowId = flowIdOf(hotline);
      flow = hotline.toJSON().Resources[flowId];
    });

    it('is a contact flow named Hotline inbound on the instance', () => {
      expect(flow.Properties).toMatchObject({ Type: 'CONTACT_FLOW', Name: 'Hotline inbound' });
      expect(flow.Properties.InstanceArn).toEqual({
        'Fn::GetAtt': [onlyIdOf(hotline, 'AWS::Connect::Instance'), 'Arn'],
      });
    });

    it("deploys buildInboundFlow's document, with this stack's function, queues and hours in it", () => {
      // Prepare
      const expected = buildInboundFlow({
        identifyCallerArn: `<${functionId}.Arn>`,
        urgentQueueArn: `<${queueIds.urgent}.QueueArn>`,
        generalQueueArn: `<${queueIds.general}.QueueArn>`,
        callbackQueueArn: `<${queueIds.callback}.QueueArn>`,
        hoursArn: `<${hoursId}.HoursOfOperationArn>`,
      });
      // Act
      const deployed: unknown = JSON.parse(renderCfnValue(flow.Properties.Content));
      // Assess
      expect(deployed).toStrictEqual(JSON.parse(JSON.stringify(expected)));
    });

    it("is created only after identify-caller's integration association", () => {
      expect(flow.DependsOn).toContain(associationId);
    });

    it('lets identify-caller time out before the flow stops waiting for it', () => {
      // Prepare
      const timeout = hotline.toJSON().Resources[functionId].Properties.Timeout as number;
      const content = JSON.parse(renderCfnValue(flow.Properties.Content)) as {
        Actions: { Type: string; Parameters: Json }[];
      };
      // Act
      const limits = content.Actions.filter((action) => action.Type === 'InvokeLambdaFunction').map(
        (action) => Number(action.Parameters.InvocationTimeLimitSeconds),
      );
      // Assess
      expect(limits.length).toBeGreaterThan(0);
      for (const limit of limits) expect(timeout).toBeLessThan(limit);
    });
  });

  it('claims no phone number unless asked to', () => {
    hotline.resourceCountIs('AWS::Connect::PhoneNumber', 0);
    hotline.resourceCountIs('Custom::PhoneNumberContactFlow', 0);
    for (const id of Object.values(queueIds)) {
      expect(hotline.toJSON().Resources[id].Properties.OutboundCallerConfig).toBeUndefined();
    }
  });

  it('outputs the flow and the queues for the operator', () => {
    // Act
    const outputs = hotline.toJSON().Outputs as Record<string, { Value: unknown }>;
    // Assess
    expect(renderCfnValue(outputs.InboundFlowId?.Value)).toBe(`<<${flowIdOf(hotline)}.ContactFlowArn> /3>`);
    expect(outputs.InboundFlowArn?.Value).toEqual({ 'Fn::GetAtt': [flowIdOf(hotline), 'ContactFlowArn'] });
    expect(outputs.UrgentQueueArn?.Value).toEqual({ 'Fn::GetAtt': [queueIds.urgent, 'QueueArn'] });
    expect(outputs.GeneralQueueArn?.Value).toEqual({ 'Fn::GetAtt': [queueIds.general, 'QueueArn'] });
    expect(outputs.CallbackQueueArn?.Value).toEqual({ 'Fn::GetAtt': [queueIds.callback, 'QueueArn'] });
    expect(outputs.HoursOfOperationArn?.Value).toEqual({ 'Fn::GetAtt': [hoursId, 'HoursOfOperationArn'] });
  });

  it('leaves cdk-nag AwsSolutions nothing to report', () => {
    expect(
      awsSolutionsChecks()
        .validateScope(app)
        .violations.map((violation) => violation.ruleName),
    ).toEqual([]);
  });
});

describe('with -c phoneNumberCountry=AT', () => {
  let app: App;
  let hotline: Template;
  let phoneId: string;
  let instanceId: string;
  let flowId: string;
  let routing: Resource;

  beforeAll(() => {
    // Prepare / Act: one synth for every test of this block.
    app = appWith({ phoneNumberCountry: 'AT' });
    hotline = Template.fromStack(buildHotlineApp(app).hotline);
    phoneId = onlyIdOf(hotline, 'AWS::Connect::PhoneNumber');
    instanceId = onlyIdOf(hotline, 'AWS::Connect::Instance');
    flowId = flowIdOf(hotline);
    const [entry] = resourcesOf(hotline, 'Custom::PhoneNumberContactFlow');
    routing = entry?.[1] ?? expect.fail('no Custom::PhoneNumberContactFlow');
  });

  it('claims an Austrian direct-dial number for the instance and keeps it when it leaves the stack', () => {
    hotline.hasResource('AWS::Connect::PhoneNumber', {
      Properties: Match.objectLike({
        CountryCode: 'AT',
        Type: 'DID',
        TargetArn: { 'Fn::GetAtt': [instanceId, 'Arn'] },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('routes the number to the inbound flow on create and update, and unroutes it on delete', () => {
    // Prepare
    const target = {
      PhoneNumberId: `<${phoneId}.PhoneNumberArn>`,
      InstanceId: `<<${instanceId}.Arn> /1>`,
    };
    const associate = {
      service: 'Connect',
      action: 'AssociatePhoneNumberContactFlow',
      parameters: { ...target, ContactFlowId: `<<${flowId}.ContactFlowArn> /3>` },
      physicalResourceId: { id: `<${phoneId}.PhoneNumberArn>` },
    };
    // Act
    const [create, update, remove] = [
      routing.Properties.Create,
      routing.Properties.Update,
      routing.Properties.Delete,
    ];
    // Assess
    expect(JSON.parse(renderCfnValue(create))).toEqual(associate);
    expect(JSON.parse(renderCfnValue(update))).toEqual(associate);
    expect(JSON.parse(renderCfnValue(remove))).toEqual({
      service: 'Connect',
      action: 'DisassociatePhoneNumberContactFlow',
      parameters: target,
    });
  });

  it('calls callers back from that number, from every queue', () => {
    for (const [, queue] of resourcesOf(hotline, 'AWS::Connect::Queue')) {
      expect(queue.Properties.OutboundCallerConfig).toEqual({
        OutboundCallerIdName: expect.any(String),
        OutboundCallerIdNumberArn: { 'Fn::GetAtt': [phoneId, 'PhoneNumberArn'] },
      });
    }
  });

  /** The role the number's routing runs on (the agent API has its own Connect grant: agent-api.test.ts). */
  const phoneRoleId = (): string =>
    onlyIdOf(hotline, 'AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('^Routes the hotline number'),
    });

  it('may call exactly those two actions on this instance, number and flow', () => {
    // Act
    const statements = resourcesOf(hotline, 'AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(phoneRoleId()))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement)
      .filter((statement) => JSON.stringify(statement.Action).includes('connect:'));
    // Assess
    expect(statements).toHaveLength(1);
    expect([statements[0]?.Action].flat().sort()).toEqual([
      'connect:AssociatePhoneNumberContactFlow',
      'connect:DisassociatePhoneNumberContactFlow',
    ]);
    expect(([statements[0]?.Resource].flat() as unknown[]).map(renderCfnValue).sort()).toEqual(
      [`<${instanceId}.Arn>`, `<${phoneId}.PhoneNumberArn>`, `<${flowId}.ContactFlowArn>`].sort(),
    );
  });

  it('runs on a role without AWS-managed policies', () => {
    for (const [, role] of resourcesOf(hotline, 'AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('leaves cdk-nag AwsSolutions nothing to report', () => {
    expect(
      awsSolutionsChecks()
        .validateScope(app)
        .violations.map((violation) => violation.ruleName),
    ).toEqual([]);
  });
});

describe('context that cannot be used', () => {
  it.each([
    ['a hoursFrom that is no date', { hoursFrom: '2026-02-30' }, /hoursFrom must be a calendar date/],
    [
      'a phoneNumberCountry that is no country code',
      { phoneNumberCountry: 'Austria' },
      /phoneNumberCountry must be/,
    ],
    [
      'a phoneNumberType without a country',
      { phoneNumberType: 'DID' },
      /phoneNumberType needs phoneNumberCountry/,
    ],
    [
      'an unknown phoneNumberType',
      { phoneNumberCountry: 'AT', phoneNumberType: 'MOBILE' },
      /must be one of DID/,
    ],
    [
      'a queue capacity that is no number',
      { generalMaxContacts: 'many' },
      /generalMaxContacts must be a whole number/,
    ],
    ['a queue capacity of 0', { urgentMaxContacts: '0' }, /urgentMaxContacts must be at least 1/],
    [
      'a queue above the default quota of 10 concurrent calls',
      { callbackMaxContacts: '25' },
      /callbackMaxContacts is 25, above the instance's 10 concurrent calls/,
    ],
    [
      'a queue above a raised quota',
      { generalMaxContacts: '40', concurrentCallsQuota: '30' },
      /generalMaxContacts is 40, above the instance's 30 concurrent calls/,
    ],
  ])('is refused before anything is built: %s', (_case, context, message) => {
    expect(() => buildHotlineApp(appWith(context))).toThrow(message);
  });
});

describe('configured queue capacities', () => {
  it('takes capacities above 10 once the quota is said to be raised, and only then', () => {
    // Act
    const { hotline } = buildHotlineApp(
      appWith({ concurrentCallsQuota: '40', generalMaxContacts: '20', callbackMaxContacts: '40' }),
    );
    // Assess
    expect(hotline.contactFlow.capacities).toEqual({ urgent: 10, general: 20, callback: 40 });
    const template = Template.fromStack(hotline);
    template.hasResourceProperties('AWS::Connect::Queue', { Name: 'general', MaxContacts: 20 });
    template.hasResourceProperties('AWS::Connect::Queue', { Name: 'callback', MaxContacts: 40 });
  });
});

describe('HotlineContactFlow on its own', () => {
  /** A stack with just what the construct needs; nothing is synthesized. */
  const build = (props: { queueCapacities?: QueueCapacityOptions } = {}): HotlineContactFlow => {
    const stack = new Stack(new App());
    const instanceArn =
      'arn:aws:connect:eu-central-1:123456789012:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const identifyCaller = LambdaFunction.fromFunctionArn(
      stack,
      'Fn',
      'arn:aws:lambda:eu-central-1:123456789012:function:identify-caller',
    );
    const identifyCallerIntegration = new CfnIntegrationAssociation(stack, 'Assoc', {
      instanceId: instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: identifyCaller.functionArn,
    });
    return new HotlineContactFlow(stack, 'Flow', {
      instanceArn,
      identifyCaller,
      identifyCallerIntegration,
      ...props,
    });
  };

  it('takes the holidays from today in Vienna when no date is given', () => {
    // Prepare
    const before = viennaDate(new Date());
    // Act
    const { officeHours } = build();
    // Assess
    const after = viennaDate(new Date());
    expect([hotlineOfficeHours(before).closedDays, hotlineOfficeHours(after).closedDays]).toContainEqual(
      officeHours.closedDays,
    );
  });

  it.each([
    ['urgentMaxContacts', { urgent: 0 }, 'urgentMaxContacts must be at least 1'],
    ['generalMaxContacts', { general: 2.5 }, 'generalMaxContacts must be a whole number'],
    ['callbackMaxContacts', { callback: 11 }, "callbackMaxContacts is 11, above the instance's 10"],
  ])('refuses a %s it cannot deploy', (_name, queueCapacities, message) => {
    expect(() => build({ queueCapacities })).toThrow(message);
  });
});

import { Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  CfnContactFlow,
  CfnHoursOfOperation,
  type CfnIntegrationAssociation,
  CfnPhoneNumber,
  CfnQueue,
  CfnRoutingProfile,
} from 'aws-cdk-lib/aws-connect';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  type HotlineQueueName,
  type QueueCapacities,
  type QueueCapacityOptions,
  queueCapacities,
  ROUTING_PROFILE_QUEUES,
} from '../../shared/config/queues.ts';
import { type ClosedDay, type OfficeHours, WEEKDAYS } from '../../shared/domain/office-hours.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import { type IsoDate, viennaDate } from '../../shared/domain/vienna-calendar.ts';
import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import type { InboundFlowReferences } from '../../shared/flow/references.ts';
import { HotlineTestCases } from './hotline-test-cases.ts';

/** Phone number types `CfnPhoneNumber` can claim (AWS::Connect::PhoneNumber `Type`). */
export const PHONE_NUMBER_TYPES = [
  'DID',
  'TOLL_FREE',
  'UIFN',
  'SHARED',
  'THIRD_PARTY_DID',
  'THIRD_PARTY_TF',
  'SHORT_CODE',
] as const;
export type PhoneNumberType = (typeof PHONE_NUMBER_TYPES)[number];

export const isPhoneNumberType = (value: unknown): value is PhoneNumberType =>
  typeof value === 'string' && (PHONE_NUMBER_TYPES as readonly string[]).includes(value);

export interface HotlinePhoneNumberOptions {
  /** ISO 3166-1 alpha-2 country of the number to claim, e.g. `AT`. */
  readonly countryCode: string;
  /**
   * Kind of number.
   *
   * @default 'DID'
   */
  readonly type?: PhoneNumberType;
}

export interface HotlineContactFlowProps {
  /** ARN of the Connect instance (`HotlineConnect.instanceArn`). */
  readonly instanceArn: string;
  /** The function the flow invokes to identify the caller. */
  readonly identifyCaller: IFunction;
  /**
   * The integration association of `identifyCaller` (`HotlineConnect.allowInvoke`): Connect
   * validates the flow on deploy and refuses a Lambda it does not know (docs/amazon-connect.md, "Deploying the contact flow").
   */
  readonly identifyCallerIntegration: CfnIntegrationAssociation;
  /**
   * First day of the three years (HOLIDAY_YEARS) whose public holidays become closed-day overrides.
   *
   * @default - today in Vienna, at synth time
   */
  readonly hoursFrom?: IsoDate;
  /**
   * How many contacts each queue may hold before the next caller is offered a callback (Connect's
   * "Maximum contacts in queue"), and the instance's concurrent-calls quota they must fit in
   * (shared/config/queues.ts explains the defaults).
   *
   * @default DEFAULT_QUEUE_CAPACITIES within DEFAULT_CONCURRENT_CALLS_QUOTA (10)
   */
  readonly queueCapacities?: QueueCapacityOptions;
  /**
   * Claims a phone number and routes it to the inbound flow (`-c phoneNumberCountry=AT`).
   *
   * @default - no number is claimed: route a number to the flow by hand
   */
  readonly phoneNumber?: HotlinePhoneNumberOptions;
}

export interface HotlineQueues {
  readonly urgent: CfnQueue;
  readonly general: CfnQueue;
  /** Takes every callback: a full queue cannot take its own, and callbacks never fill `urgent`. */
  readonly callback: CfnQueue;
}

/** Path segment `index` of a Connect ARN (`…:instance/<id>/contact-flow/<id>`), resolved at deploy time. */
const arnSegment = (arn: string, index: number): string => Fn.select(index, Fn.split('/', arn));

/**
 * A public holiday as a Connect override that closes the whole day.
 *
 * `overrideConfig` for a closed day (unverified: docs/amazon-connect.md, "Deploying the contact flow"). What the references say:
 * CloudFormation requires `OverrideConfig`, and each entry requires `Day`, `StartTime` and `EndTime`
 * (CFN: aws-properties-connect-hoursofoperation-hoursofoperationoverrideconfig); with
 * `OverrideType` `CLOSED` the entries are the time closed, as `GetEffectiveHoursOfOperations` reports
 * overrides as `OperationalStatus` OPEN/CLOSED with a start and an end (API: API_OverrideHour); and
 * an end of 00:00 is the midnight that ends the day ("10:00AM to 12:00AM" is 14 hours, ADM:
 * set-hours-operation, "How to specify midnight"), so 00:00 to 00:00 is the whole day. Hence one entry:
 * the holiday's own weekday, 00:00–00:00. The API would also take an empty `Config` (0 items allowed,
 * API: API_CreateHoursOfOperationOverride), but what an empty CLOSED override closes is documented
 * nowhere. `hotline doctor` confirms the meaning on a deployed instance: GetEffectiveHoursOfOperations
 * must report the next public holidays closed and the next working day open 09:00–17:00.
 */
const closedDayOverride = (day: ClosedDay): CfnHoursOfOperation.HoursOfOperationOverrideProperty => {
  const weekday = WEEKDAYS[new Date(`${day.date}T12:00:00Z`).getUTCDay()];
  if (weekday === undefined) throw new Error(`not a calendar date: ${day.date}`);
  return {
    // Unique per hours of operation, and what a Check hours of operation branch would name.
    overrideName: `${day.name} ${day.date}`,
    overrideDescription: 'Feiertag: geschlossen / Public holiday: closed',
    overrideType: 'CLOSED',
    effectiveFrom: day.date,
    effectiveTill: day.date,
    overrideConfig: [
      { day: weekday, startTime: { hours: 0, minutes: 0 }, endTime: { hours: 0, minutes: 0 } },
    ],
  };
};

/**
 * The hotline's routing in Amazon Connect, all of it built from the shared definitions the local
 * runtime also uses: the hours of operation (`hotlineOfficeHours`, with the public holidays of the
 * coming three years as closed-day overrides), the queues `urgent`, `general` and `callback`, a routing
 * profile for the agents, and the inbound flow (`buildInboundFlow`) with the real ARNs in it.
 * Optionally it claims a phone number and routes it to the flow.
 */
export class HotlineContactFlow extends Construct {
  /** The office hours as deployed: the same value the local interpreter checks calls against. */
  readonly officeHours: OfficeHours;
  readonly hours: CfnHoursOfOperation;
  readonly queues: HotlineQueues;
  readonly routingProfile: CfnRoutingProfile;
  /** Each queue's "Maximum contacts in queue" as deployed. */
  readonly capacities: QueueCapacities;
  readonly flow: CfnContactFlow;
  /** What the flow refers to, as deploy-time tokens. */
  readonly references: InboundFlowReferences;
  /** The flow's id (the last segment of its ARN), e.g. for `associate-phone-number-contact-flow`. */
  readonly flowId: string;
  /** The claimed number, when `phoneNumber` was given. */
  readonly phoneNumber: CfnPhoneNumber | undefined;
  /** The custom resource that routes `phoneNumber` to the flow, when `phoneNumber` was given. */
  readonly phoneNumberFlow: AwsCustomResource | undefined;
  /** Every scenario of the flow as a Connect test case against it (shared/flow/scenarios.ts). */
  readonly testCases: HotlineTestCases;

  constructor(scope: Construct, id: string, props: HotlineContactFlowProps) {
    super(scope, id);
    const { instanceArn } = props;

    this.capacities = queueCapacities(props.queueCapacities);
    // Throws if the holidays exceed Connect's 50 overrides per hours of operation.
    this.officeHours = hotlineOfficeHours(props.hoursFrom ?? viennaDate(new Date()));
    this.hours = new CfnHoursOfOperation(this, 'Hours', {
      instanceArn,
      name: this.officeHours.name,
      description: `${this.officeHours.description} / Monday to Friday 9 am to 5 pm, closed on public holidays`,
      timeZone: this.officeHours.timeZone,
      config: this.officeHours.weekly.map((slot) => ({
        day: slot.day,
        startTime: { hours: slot.start.hours, minutes: slot.start.minutes },
        endTime: { hours: slot.end.hours, minutes: slot.end.minutes },
      })),
      hoursOfOperationOverrides: this.officeHours.closedDays.map(closedDayOverride),
    });

    if (props.phoneNumber) {
      const phoneNumber = new CfnPhoneNumber(this, 'PhoneNumber', {
        targetArn: instanceArn,
        countryCode: props.phoneNumber.countryCode,
        type: props.phoneNumber.type ?? 'DID',
        description: 'Hotline Delogierungsprävention / Eviction-prevention hotline',
      });
      // Removing it from the stack must not release the number printed on every letter.
      phoneNumber.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.phoneNumber = phoneNumber;
    } else {
      this.phoneNumber = undefined;
    }
    // Callbacks dial out from their queue: with a number of our own, the tenant sees the hotline
    // calling back. Without one, set the queues' outbound caller ID by hand.
    const outboundCaller: CfnQueue.OutboundCallerConfigProperty | undefined = this.phoneNumber && {
      outboundCallerIdName: 'Delogierungspraevention',
      outboundCallerIdNumberArn: this.phoneNumber.attrPhoneNumberArn,
    };

    const queue = (queueId: string, name: HotlineQueueName, description: string): CfnQueue =>
      new CfnQueue(this, queueId, {
        instanceArn,
        name,
        description,
        hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
        maxContacts: this.capacities[name],
        ...(outboundCaller ? { outboundCallerConfig: outboundCaller } : {}),
      });
    this.queues = {
      urgent: queue(
        'UrgentQueue',
        'urgent',
        'Dringend: Räumung oder Gerichtstermin steht bevor / Urgent: eviction or court date close',
      ),
      general: queue('GeneralQueue', 'general', 'Allgemeine Anfragen / General enquiries'),
      callback: queue(
        'CallbackQueue',
        'callback',
        'Rückrufe: nach Dienstschluss oder wenn alle Leitungen besetzt sind / Callbacks: after hours or when all lines are busy',
      ),
    };

    const voice = (name: HotlineQueueName): CfnRoutingProfile.RoutingProfileQueueConfigProperty => ({
      delay: ROUTING_PROFILE_QUEUES[name].delaySeconds,
      priority: ROUTING_PROFILE_QUEUES[name].priority,
      queueReference: { channel: 'VOICE', queueArn: this.queues[name].attrQueueArn },
    });
    this.routingProfile = new CfnRoutingProfile(this, 'AgentRouting', {
      instanceArn,
      name: 'hotline-agents',
      description: 'Beraterinnen und Berater der Hotline / Hotline social workers',
      mediaConcurrencies: [{ channel: 'VOICE', concurrency: 1 }],
      defaultOutboundQueueArn: this.queues.general.attrQueueArn,
      queueConfigs: [voice('urgent'), voice('general'), voice('callback')],
    });

    this.references = {
      identifyCallerArn: props.identifyCaller.functionArn,
      urgentQueueArn: this.queues.urgent.attrQueueArn,
      generalQueueArn: this.queues.general.attrQueueArn,
      callbackQueueArn: this.queues.callback.attrQueueArn,
      hoursArn: this.hours.attrHoursOfOperationArn,
    };
    this.flow = new CfnContactFlow(this, 'InboundFlow', {
      instanceArn,
      name: 'Hotline inbound',
      description: 'Eingehende Anrufe der Hotline / Inbound calls to the hotline',
      type: 'CONTACT_FLOW',
      content: Stack.of(this).toJsonString(buildInboundFlow(this.references)),
    });
    this.flow.addResourceDependency(
      props.identifyCallerIntegration,
      'Connect validates the flow on deploy: the function it invokes must already be associated.',
    );
    // arn:…:instance/<instance id>/contact-flow/<flow id>
    this.flowId = arnSegment(this.flow.attrContactFlowArn, 3);
    this.testCases = new HotlineTestCases(this, 'TestCases', {
      instanceArn,
      flowId: this.flowId,
      references: this.references,
    });

    this.phoneNumberFlow = this.phoneNumber ? this.routeToFlow(instanceArn, this.phoneNumber) : undefined;
  }

  /**
   * `CfnPhoneNumber` cannot name a flow (docs/amazon-connect.md, "Deploying the contact flow"), so a custom resource calls
   * AssociatePhoneNumberContactFlow on create and update, and DisassociatePhoneNumberContactFlow
   * on delete. Its role may call exactly these two actions on this instance, number and flow.
   */
  private routeToFlow(instanceArn: string, phoneNumber: CfnPhoneNumber): AwsCustomResource {
    const target = {
      // The number's ARN is accepted in place of its id (API: API_AssociatePhoneNumberContactFlow).
      PhoneNumberId: phoneNumber.attrPhoneNumberArn,
      InstanceId: arnSegment(instanceArn, 1),
    };
    const associate: AwsSdkCall = {
      service: 'Connect',
      action: 'AssociatePhoneNumberContactFlow',
      parameters: { ...target, ContactFlowId: this.flowId },
      physicalResourceId: PhysicalResourceId.of(phoneNumber.attrPhoneNumberArn),
    };
    // Its own role and log group instead of the default AWSLambdaBasicExecutionRole (logs:* on *).
    // AwsCustomResource runs one function per stack, so this role serves any later one as well.
    const logGroup = new LogGroup(this, 'PhoneNumberFlowLogs', { retention: RetentionDays.ONE_MONTH });
    const role = new Role(this, 'PhoneNumberFlowRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Routes the hotline number to the inbound flow: its own log group and the two Connect calls.',
    });
    logGroup.grantWrite(role);
    return new AwsCustomResource(this, 'PhoneNumberFlow', {
      resourceType: 'Custom::PhoneNumberContactFlow',
      onCreate: associate,
      onUpdate: associate,
      onDelete: { service: 'Connect', action: 'DisassociatePhoneNumberContactFlow', parameters: target },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
          resources: [instanceArn, phoneNumber.attrPhoneNumberArn, this.flow.attrContactFlowArn],
        }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
  }
}

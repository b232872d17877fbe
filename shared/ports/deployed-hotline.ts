import type { ClockTime } from '../domain/office-hours.ts';
import type { IsoDate } from '../domain/vienna-calendar.ts';
import type { ActiveGeneration } from './read-model.ts';

/**
 * A deployed hotline as `hotline doctor` reads it: read-only, one question per method, answers in
 * the hotline's own terms. The AWS adapter asks CloudFormation, Connect, Lambda, Service Quotas,
 * CloudWatch, SNS and DynamoDB; the checks never see an SDK.
 */
export interface DeployedHotline {
  /** The stack by name, or undefined when the region has no such stack. */
  stack(name: string): Promise<DeployedStack | undefined>;
  contactFlow(flowArn: string): Promise<DeployedFlow>;
  /** ARNs of the functions the instance's flows may invoke (its Lambda integrations). */
  lambdaFunctions(instanceArn: string): Promise<readonly string[]>;
  /** ARNs of the applications associated with the instance (integration type APPLICATION). */
  applications(instanceArn: string): Promise<readonly string[]>;
  queue(queueArn: string): Promise<DeployedQueue>;
  /** The instance's "Concurrent active calls per instance" quota, or why it could not be read. */
  concurrentCallsQuota(instanceArn: string): Promise<QuotaReading>;
  /** The hours with their overrides applied, per date, from `from` up to `to`. */
  effectiveHours(hoursArn: string, from: IsoDate, to: IsoDate): Promise<EffectiveHours>;
  functionSettings(functionName: string): Promise<FunctionSettings>;
  /** The active generation of a read-model table, or undefined before the first import. */
  readModel(table: string): Promise<ActiveGeneration | undefined>;
  /** The metric alarms of these names that exist. */
  alarms(names: readonly string[]): Promise<readonly AlarmSettings[]>;
  subscriptions(topicArn: string): Promise<TopicSubscriptions>;
}

export interface StackResource {
  readonly logicalId: string;
  /** CloudFormation's resource type, e.g. `AWS::Connect::Queue`. */
  readonly type: string;
  /** What CloudFormation names the resource by (a name, an id or an ARN, per type); none until created. */
  readonly physicalId: string | undefined;
}

export interface DeployedStack {
  readonly name: string;
  /** CloudFormation's stack status, e.g. `UPDATE_COMPLETE`. */
  readonly status: string;
  readonly outputs: readonly { readonly key: string; readonly value: string }[];
  readonly resources: readonly StackResource[];
}

export interface DeployedFlow {
  readonly arn: string;
  readonly name: string;
  /** `PUBLISHED` or `SAVED`. */
  readonly status: string;
  /** `ACTIVE` or `ARCHIVED`. */
  readonly state: string;
  /** The flow-language JSON Connect runs. */
  readonly content: string;
}

export interface DeployedQueue {
  readonly arn: string;
  readonly name: string;
  /** `ENABLED` or `DISABLED`. */
  readonly status: string;
  /** "Maximum contacts in queue"; undefined when the queue sets none (then the instance's quota applies). */
  readonly maxContacts: number | undefined;
}

export type QuotaReading =
  | { readonly readable: true; readonly value: number }
  | { readonly readable: false; readonly reason: string };

export interface EffectiveDay {
  readonly date: IsoDate;
  readonly open: readonly { readonly start: ClockTime; readonly end: ClockTime }[];
}

export interface EffectiveHours {
  readonly timeZone: string;
  /** The dates Connect answered for; a date it leaves out has no opening hours. */
  readonly days: readonly EffectiveDay[];
}

export interface FunctionSettings {
  readonly arn: string;
  readonly name: string;
  /** The read-model table the function is configured to read, if any. */
  readonly readModelTable: string | undefined;
}

export interface AlarmSettings {
  readonly name: string;
  readonly actionsEnabled: boolean;
  /** ARNs notified when the alarm fires. */
  readonly alarmActions: readonly string[];
}

export interface TopicSubscriptions {
  readonly confirmed: number;
  /** Subscribed but not confirmed yet: nothing reaches them. */
  readonly pending: number;
}

/**
 * A question to AWS got no answer: missing permission, no credentials, throttling, a resource gone.
 * `action` is the IAM action that was called, `reason` the error's name, never its message.
 */
export class DeploymentReadError extends Error {
  readonly action: string;
  readonly reason: string;

  constructor(action: string, options: ErrorOptions & { readonly cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.name : 'UnknownError';
    super(`could not call ${action} (${reason})`, options);
    this.name = 'DeploymentReadError';
    this.action = action;
    this.reason = reason;
  }
}

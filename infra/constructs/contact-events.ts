import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CALL_LOG_EVENT_TYPES, type QueueArns } from '../../shared/connect/contact-event.ts';
import { formatClosedDays, type OfficeHours } from '../../shared/domain/office-hours.ts';
import { HotlineFunction } from './hotline-function.ts';

export interface ContactEventsProps {
  /** ARN of the Amazon Connect instance whose contact events complete the call logs. */
  readonly instanceArn: string;
  /** The call-log table (`TABLES.calls`): call logs and day counters, item reads and updates only. */
  readonly calls: ITableV2;
  /**
   * The queues' ARNs, so that call logs name the queue (`urgent`, `general`, `callback`).
   *
   * @default - none: call logs name a queue by its id
   */
  readonly queueArns?: QueueArns;
  /**
   * How often EventBridge retries an event it could not hand to the function (throttling, outage).
   *
   * @default 16
   */
  readonly deliveryRetryAttempts?: number;
  /**
   * How long an event may wait for delivery, and then for a successful run, before it goes to the DLQ.
   *
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
  /**
   * The hours the flow checks, for the call log's after-hours mark: their closed days go to the
   * function as configuration (no holiday calendar at run time).
   */
  readonly officeHours: OfficeHours;
}

/**
 * Completes each call's log from Amazon Connect's contact events (docs/amazon-connect.md): an EventBridge
 * rule on the default bus for this instance's voice events, the `contact-events` function, and one
 * encrypted dead-letter queue with an alarm for whatever could not be written.
 *
 * EventBridge invokes Lambda asynchronously, so two retry stages apply and both end in the DLQ:
 * delivery to the function (the rule target's retry policy and DLQ), and runs that throw, such as a
 * store failure (the function's async retries and its DLQ). The messages are the original events,
 * so they can be sent to the function again once the cause is fixed.
 */
export class ContactEvents extends Construct {
  readonly function: HotlineFunction;
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  /** In alarm while any event waits in the DLQ. */
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ContactEventsProps) {
    super(scope, id);
    const maxEventAge = props.maxEventAge ?? Duration.hours(6);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const { urgent, general, callback } = props.queueArns ?? {};
    this.function = new HotlineFunction(this, 'Function', {
      // POWERTOOLS_SERVICE_NAME: the `service` key of this function's log lines.
      serviceName: 'contact-events',
      entry: 'functions/contact-events/handler.ts',
      description: "Completes each call's log from Amazon Connect contact events.",
      timeout: Duration.seconds(10),
      retryAttempts: 2,
      maxEventAge,
      deadLetterQueue: this.deadLetterQueue,
      environment: {
        ...(urgent ? { URGENT_QUEUE_ARN: urgent } : {}),
        ...(general ? { GENERAL_QUEUE_ARN: general } : {}),
        ...(callback ? { CALLBACK_QUEUE_ARN: callback } : {}),
        OFFICE_CLOSED_DAYS: formatClosedDays(props.officeHours.closedDays),
      },
    });
    // Exactly the calls the code makes: DynamoCallLogCompletion writes each event with one UpdateItem;
    // DynamoCallCounters syncs the counters with one TransactWriteItems of Updates (authorised as
    // UpdateItem on each item) and, after losing a race, re-reads the call log with GetItem.
    this.function.useTable('calls', props.calls, 'GetItem', 'UpdateItem');

    this.rule = new Rule(this, 'Rule', {
      description: "Amazon Connect voice contact events of the hotline's instance, for the call log.",
      eventPattern: {
        source: ['aws.connect'],
        detailType: ['Amazon Connect Contact Event'],
        detail: {
          eventType: [...CALL_LOG_EVENT_TYPES],
          // The samples write `Voice`, the data model `VOICE`.
          channel: Match.equalsIgnoreCase('voice'),
          // The schema registry and current samples name it `instanceArn`, the 2021 sample `instanceARN`.
          $or: [{ instanceArn: [props.instanceArn] }, { instanceARN: [props.instanceArn] }],
        },
      },
    });
    this.rule.addTarget(
      new LambdaFunction(this.function, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: props.deliveryRetryAttempts ?? 16,
        maxEventAge,
      }),
    );

    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        'Contact events that could not be written to the call log wait in the dead-letter queue: fix the cause, then send them to the contact-events function again.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}

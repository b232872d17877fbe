import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
  Unit,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITableV2, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { TableKey } from '../../shared/adapters/dynamodb/tables.ts';
import {
  loggedErrorsMetricName,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  METRICS_SERVICES,
  type MetricsService,
} from '../../shared/observability/metrics.ts';
import { LOOKUP_STATUSES } from '../../shared/use-cases/identify-caller.ts';
import type { HotlineFunction } from './hotline-function.ts';

/**
 * The line identify-caller writes once per lookup (shared/use-cases/identify-caller.ts), and the
 * field that carries the result. The lookup metric is a filter on it: identify-caller stays free of
 * the metrics package. test/infra/monitoring.test.ts checks both against a line the handler writes.
 */
export const LOOKUP_LOG = { message: 'caller identified', statusField: 'status' } as const;

/** The level field of the one logger's JSON lines (Powertools Logger), and its value for errors. */
export const ERROR_LOG = { levelField: 'level', level: 'ERROR' } as const;

/** What the dashboard shows, widget by widget (titles are what a reader looks for). */
export const DASHBOARD_WIDGETS = {
  alarms: 'Alarms',
  calls: 'Calls (completed, urgent, abandoned)',
  lookups: 'Lookup results by status',
  activity: 'Contact events and outcomes recorded',
  lambdaErrors: 'Lambda errors (invocation errors and ERROR log lines)',
  lambdaDuration: 'Lambda duration p50 / p99',
  lambdaThrottles: 'Lambda throttles',
  lambdaConcurrency: 'Lambda concurrent executions',
  dynamoThrottles: 'DynamoDB throttled requests',
  dynamoErrors: 'DynamoDB system errors (per table) and user errors (account and region)',
  deadLetters: 'Contact events waiting in the dead-letter queue',
  api: 'API requests, 5xx and 5xx rate',
} as const;

/**
 * The DynamoDB operations the hotline's code sends or may send; ThrottledRequests and SystemErrors
 * exist per operation. Eight per table keeps a table's alarm under the ten metrics an alarm's
 * expression may use.
 */
export const TABLE_OPERATIONS: readonly Operation[] = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

const FIVE_MINUTES = Duration.minutes(5);

export interface HotlineMonitoringProps {
  /** Every function of the hotline, by the `service` its metrics carry. */
  readonly functions: Readonly<Record<MetricsService, HotlineFunction>>;
  /** The tables of the data stack. */
  readonly tables: Readonly<Record<TableKey, ITableV2>>;
  /** The pages' HTTP API. */
  readonly api: HttpApi;
  /**
   * The contact-events dead-letter alarm (ContactEvents.deadLetterAlarm): shown on the dashboard
   * and sent to the alarm topic, not duplicated.
   */
  readonly deadLetterAlarm: Alarm;
  /**
   * identify-caller's p99 duration above which it alarms: well before its timeout, since Connect
   * holds the caller while it runs.
   *
   * @default - half of identify-caller's timeout (1.5 s of 3 s)
   */
  readonly identifyCallerSlowAfter?: Duration;
  /**
   * Share of API requests answered 5xx (percent, over 5 minutes) above which the API alarms.
   *
   * @default 5
   */
  readonly apiServerErrorPercent?: number;
}

/**
 * What an operator watches: one dashboard (calls, lookups, each function's errors, duration,
 * throttles and concurrency, the tables' throttles and errors, the dead-letter queue, the API) and
 * alarms on what needs a person, all sent to one KMS-encrypted SNS topic (subscribe to it after
 * deploy). Lookup results and ERROR log lines are counted by metric filters on the log groups.
 */
export class HotlineMonitoring extends Construct {
  readonly dashboard: Dashboard;
  /** Every alarm (the dead-letter alarm included) notifies this topic, on alarm and on recovery. */
  readonly alarmTopic: Topic;
  readonly alarms: {
    readonly functionErrors: Readonly<Record<MetricsService, Alarm>>;
    readonly identifyCallerSlow: Alarm;
    readonly identifyCallerThrottled: Alarm;
    readonly tableThrottles: Readonly<Record<TableKey, Alarm>>;
    readonly apiServerErrors: Alarm;
    readonly lookupsUnavailable: Alarm;
    readonly malformedContactEvents: Alarm;
  };

  constructor(scope: Construct, id: string, props: HotlineMonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.alarmTopic = this.createAlarmTopic(stack);
    const notify = new SnsAction(this.alarmTopic);
    const services = Object.values(METRICS_SERVICES);
    const identifyCaller = props.functions[METRICS_SERVICES.identifyCaller];

    // Metric filters: lookup results by status on identify-caller's log, ERROR lines on every log.
    new MetricFilter(this, 'LookupsFilter', {
      logGroup: identifyCaller.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', LOOKUP_LOG.message),
      metricNamespace: METRICS_NAMESPACE,
      metricName: METRIC_NAMES.lookups,
      metricValue: '1',
      unit: Unit.COUNT,
      dimensions: { status: `$.${LOOKUP_LOG.statusField}` },
    });
    const lookups = (status: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC_NAMES.lookups,
        dimensionsMap: { status },
        statistic: Stats.SUM,
        period: FIVE_MINUTES,
        label: status,
      });
    const loggedErrors = {} as Record<MetricsService, Metric>;
    for (const service of services) {
      const filter = new MetricFilter(this, `${loggedErrorsMetricName(service)}Filter`, {
        logGroup: props.functions[service].logGroup,
        filterPattern: FilterPattern.stringValue(`$.${ERROR_LOG.levelField}`, '=', ERROR_LOG.level),
        metricNamespace: METRICS_NAMESPACE,
        metricName: loggedErrorsMetricName(service),
        metricValue: '1',
        defaultValue: 0,
        unit: Unit.COUNT,
      });
      loggedErrors[service] = filter.metric({ statistic: Stats.SUM, period: FIVE_MINUTES });
    }

    const emf = (service: MetricsService, metricName: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service },
        statistic: Stats.SUM,
        period: FIVE_MINUTES,
      });
    // Ids inside expressions are unique per graph, so they carry the function's or table's name.
    const functionErrors = (service: MetricsService) => {
      const id = metricId(service);
      return new MathExpression({
        expression: `FILL(${id}_invocation_errors, 0) + FILL(${id}_logged_errors, 0)`,
        usingMetrics: {
          [`${id}_invocation_errors`]: props.functions[service].metricErrors({
            statistic: Stats.SUM,
            period: FIVE_MINUTES,
          }),
          [`${id}_logged_errors`]: loggedErrors[service],
        },
        label: service,
        period: FIVE_MINUTES,
      });
    };
    /** A table's metric summed over TABLE_OPERATIONS (ThrottledRequests and SystemErrors are per operation). */
    const perOperationSum = (key: TableKey, metricName: string, label: string) => {
      const table = props.tables[key];
      const usingMetrics = Object.fromEntries(
        TABLE_OPERATIONS.map((operation) => [
          `${metricId(key)}_${metricId(metricName)}_${operation.toLowerCase()}`,
          table.metric(metricName, {
            dimensionsMap: { TableName: table.tableName, Operation: operation },
            statistic: Stats.SUM,
            period: FIVE_MINUTES,
          }),
        ]),
      );
      return new MathExpression({
        expression: Object.keys(usingMetrics).join(' + '),
        usingMetrics,
        label,
        period: FIVE_MINUTES,
      });
    };
    const tableMetrics = (key: TableKey) => ({
      throttled: perOperationSum(key, 'ThrottledRequests', key),
      systemErrors: perOperationSum(key, 'SystemErrors', `${key} system errors`),
    });
    const tableKeys = Object.keys(props.tables) as TableKey[];
    const apiRequests = props.api.metricCount({ statistic: Stats.SUM, period: FIVE_MINUTES });
    const apiServerErrors = props.api.metricServerError({ statistic: Stats.SUM, period: FIVE_MINUTES });
    const apiServerErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests: apiRequests, errors: apiServerErrors },
      label: '5xx %',
      period: FIVE_MINUTES,
    });

    /** Above `threshold` in `datapoints` of the last `periods` 5-minute periods (default: the last one). */
    const alarm = (
      alarmId: string,
      description: string,
      metric: IMetric,
      threshold: number,
      { periods, datapoints } = { periods: 1, datapoints: 1 },
    ) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: periods,
        datapointsToAlarm: datapoints,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      return created;
    };

    const timeout = identifyCaller.timeout ?? Duration.seconds(3);
    const slowAfter = props.identifyCallerSlowAfter ?? Duration.millis(timeout.toMilliseconds() / 2);
    this.alarms = {
      functionErrors: Object.fromEntries(
        services.map((service) => [
          service,
          alarm(
            `${loggedErrorsMetricName(service).replace('LoggedErrors', '')}Errors`,
            `${service}: failed invocations or ERROR log lines in 5 minutes. Read the function's log group for the message.`,
            functionErrors(service),
            0,
          ),
        ]),
      ) as Record<MetricsService, Alarm>,
      identifyCallerSlow: alarm(
        'IdentifyCallerSlow',
        `identify-caller: p99 duration above ${slowAfter.toMilliseconds()} ms in two of three 5-minute periods, near its ${timeout.toSeconds()} s timeout; callers wait while it runs.`,
        identifyCaller.metricDuration({ statistic: Stats.p(99), period: FIVE_MINUTES }),
        slowAfter.toMilliseconds(),
        // Two of three: one cold start in a quiet period is not a trend.
        { periods: 3, datapoints: 2 },
      ),
      identifyCallerThrottled: alarm(
        'IdentifyCallerThrottled',
        'identify-caller: throttled invocations (concurrency limit); the flow routes those callers to general without a lookup.',
        identifyCaller.metricThrottles({ statistic: Stats.SUM, period: FIVE_MINUTES }),
        0,
      ),
      tableThrottles: Object.fromEntries(
        tableKeys.map((key) => [
          key,
          alarm(
            `${key.charAt(0).toUpperCase()}${key.slice(1)}TableThrottled`,
            `DynamoDB table ${key}: throttled requests in 5 minutes.`,
            tableMetrics(key).throttled,
            0,
          ),
        ]),
      ) as Record<TableKey, Alarm>,
      apiServerErrors: alarm(
        'ApiServerErrors',
        `API: more than ${props.apiServerErrorPercent ?? 5}% of requests answered 5xx in 5 minutes.`,
        apiServerErrorRate,
        props.apiServerErrorPercent ?? 5,
      ),
      lookupsUnavailable: alarm(
        'LookupsUnavailable',
        'identify-caller answered "unavailable" (the read model did not answer in time): callers were routed without their file.',
        lookups('unavailable'),
        0,
      ),
      malformedContactEvents: alarm(
        'MalformedContactEvents',
        'contact-events dropped events that failed its schema: the Connect event shape or the EventBridge rule changed, and those calls are missing from the counters. The function log names the failing field paths.',
        emf(METRICS_SERVICES.contactEvents, METRIC_NAMES.malformedContactEvent),
        0,
      ),
    };
    props.deadLetterAlarm.addAlarmAction(notify);
    props.deadLetterAlarm.addOkAction(notify);

    const functionsGraph = (title: string, metricOf: (service: MetricsService) => IMetric[]) =>
      new GraphWidget({ title, width: 6, left: services.flatMap(metricOf) });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: stack.stackName,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: DASHBOARD_WIDGETS.alarms,
        width: 24,
        alarms: [
          ...Object.values(this.alarms.functionErrors),
          this.alarms.identifyCallerSlow,
          this.alarms.identifyCallerThrottled,
          ...Object.values(this.alarms.tableThrottles),
          this.alarms.apiServerErrors,
          this.alarms.lookupsUnavailable,
          props.deadLetterAlarm,
        ],
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: DASHBOARD_WIDGETS.calls,
        width: 8,
        left: [
          METRIC_NAMES.callCompleted,
          METRIC_NAMES.urgentCall,
          METRIC_NAMES.abandonedCall,
          METRIC_NAMES.callbackCompleted,
          METRIC_NAMES.callbackUnreachable,
        ].map((name) => emf(METRICS_SERVICES.contactEvents, name)),
      }),
      new GraphWidget({
        title: DASHBOARD_WIDGETS.lookups,
        width: 8,
        stacked: true,
        left: LOOKUP_STATUSES.map(lookups),
      }),
      new GraphWidget({
        title: DASHBOARD_WIDGETS.activity,
        width: 8,
        left: [
          emf(METRICS_SERVICES.contactEvents, METRIC_NAMES.contactEventRecorded),
          emf(METRICS_SERVICES.agentApi, METRIC_NAMES.outcomeRecorded),
        ],
      }),
    );
    this.dashboard.addWidgets(
      functionsGraph(DASHBOARD_WIDGETS.lambdaErrors, (service) => [functionErrors(service)]),
      functionsGraph(DASHBOARD_WIDGETS.lambdaDuration, (service) =>
        [Stats.p(50), Stats.p(99)].map((statistic) =>
          props.functions[service].metricDuration({
            statistic,
            period: FIVE_MINUTES,
            label: `${service} ${statistic}`,
          }),
        ),
      ),
      functionsGraph(DASHBOARD_WIDGETS.lambdaThrottles, (service) => [
        props.functions[service].metricThrottles({
          statistic: Stats.SUM,
          period: FIVE_MINUTES,
          label: service,
        }),
      ]),
      functionsGraph(DASHBOARD_WIDGETS.lambdaConcurrency, (service) => [
        props.functions[service].metric('ConcurrentExecutions', {
          statistic: Stats.MAXIMUM,
          period: FIVE_MINUTES,
          label: service,
        }),
      ]),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: DASHBOARD_WIDGETS.dynamoThrottles,
        width: 6,
        left: tableKeys.map((key) => tableMetrics(key).throttled),
      }),
      new GraphWidget({
        title: DASHBOARD_WIDGETS.dynamoErrors,
        width: 6,
        left: tableKeys.map((key) => tableMetrics(key).systemErrors),
        // UserErrors has no table dimension: HTTP 400s of every table in the account and region,
        // including the conditions the counters and outcomes rely on. Shown, not alarmed.
        right: [
          props.tables.calls.metricUserErrors({ period: FIVE_MINUTES, label: 'user errors (account)' }),
        ],
      }),
      new AlarmWidget({ title: DASHBOARD_WIDGETS.deadLetters, width: 6, alarm: props.deadLetterAlarm }),
      new GraphWidget({
        title: DASHBOARD_WIDGETS.api,
        width: 6,
        left: [apiRequests.with({ label: 'requests' }), apiServerErrors.with({ label: '5xx' })],
        right: [apiServerErrorRate],
      }),
    );
  }

  /**
   * The alarms' topic, encrypted with a key of its own: the AWS-managed `aws/sns` key cannot be
   * shared with CloudWatch, which must encrypt what it publishes. CloudWatch may use the key and
   * publish to the topic only for alarms of this account and region, see
   * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
   */
  private createAlarmTopic(stack: Stack): Topic {
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromOwnAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
      },
    };
    const key = new Key(this, 'AlarmTopicKey', {
      description: "Encrypts the hotline's alarm notifications (SNS).",
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy, `*` is this key.
        resources: ['*'],
        conditions: fromOwnAlarms,
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Eviction hotline alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: fromOwnAlarms,
      }),
    );
    return topic;
  }
}

/** A name as an id inside a metric math expression (a lowercase letter first; letters, digits, `_`). */
const metricId = (name: string): string =>
  name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^[A-Z]/, (letter) => letter.toLowerCase());

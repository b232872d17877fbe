import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as MetricUnitValue } from '@aws-lambda-powertools/metrics/types';

/**
 * The hotline's own CloudWatch metrics, in one place: the namespace, the service (a dimension of
 * every metric, one per function) and the metric names, for the handlers that emit them and for the
 * dashboard and alarms (infra/constructs/hotline-monitoring.ts) that read them.
 *
 * The handlers emit EMF (Embedded Metric Format) through Powertools Metrics: one JSON line on
 * stdout that CloudWatch Logs turns into metrics, with no PutMetricData call and no client in the
 * bundle. identify-caller is the exception: its bundle and cold start are benchmarked with thin
 * margins, so its lookup results are counted by a metric filter on the log line it writes anyway.
 */
export const METRICS_NAMESPACE = 'EvictionHotline';

/** The `service` dimension of each function's metrics. */
export const METRICS_SERVICES = {
  identifyCaller: 'identify-caller',
  contactEvents: 'contact-events',
  agentApi: 'agent-api',
  metricsApi: 'metrics-api',
  privacyApi: 'privacy-api',
} as const;
export type MetricsService = (typeof METRICS_SERVICES)[keyof typeof METRICS_SERVICES];

export const METRIC_NAMES = {
  /** contact-events: an event that changed or confirmed a call's log (ignored events are not counted). */
  contactEventRecorded: 'ContactEventRecorded',
  /** contact-events: a call whose log was complete (disconnect known) and entered the counters. */
  callCompleted: 'CallCompleted',
  /** contact-events: of those, calls put in the urgent queue. */
  urgentCall: 'UrgentCall',
  /** contact-events: of those, calls that hung up in a queue before an agent answered. */
  abandonedCall: 'AbandonedCall',
  /** contact-events: a queued callback that ended and entered the counters (not a call). */
  callbackCompleted: 'CallbackCompleted',
  /** contact-events: of those, callbacks that did not reach the tenant. */
  callbackUnreachable: 'CallbackUnreachable',
  /**
   * contact-events: an event that failed the contact event schema and was dropped. Any of them
   * means Connect's event shape changed (or the rule sends something else): the counters would
   * silently stop, so it is alarmed on.
   */
  malformedContactEvent: 'MalformedContactEvents',
  /** agent-api: an outcome written (a repeated request that changes nothing is not counted). */
  outcomeRecorded: 'OutcomeRecorded',
  /** identify-caller, by a metric filter on its log: one per lookup, with the dimension `status`. */
  lookups: 'Lookups',
} as const;
export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/**
 * The count of ERROR log lines of one function (a metric filter on its log group): the handlers
 * turn most failures into an answer (a fallback route, a 500), so Lambda's Errors metric misses them.
 */
export const loggedErrorsMetricName = (service: MetricsService): string =>
  `${service.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}LoggedErrors`;

/**
 * What a handler uses of Powertools Metrics (which satisfies it): the cold start, counts, then one
 * publish per invocation. Tests pass a Metrics of their own, or a spy.
 */
export interface HandlerMetrics {
  /** Powertools' `ColdStart` metric, emitted at once on an environment's first invocation only. */
  captureColdStartMetric(): unknown;
  addMetric(name: string, unit: MetricUnitValue, value: number): unknown;
  publishStoredMetrics(): unknown;
}

/** Counts `name` once in the metrics of this invocation (published by `publishStoredMetrics`). */
export const countMetric = (metrics: HandlerMetrics, name: MetricName, value = 1): void => {
  metrics.addMetric(name, MetricUnit.Count, value);
};

/**
 * The metrics of one function: Powertools Metrics in the hotline's namespace with its `service`.
 * Whether anything is written is Powertools' own switch, `POWERTOOLS_METRICS_DISABLED`, read when
 * the instance is made (https://docs.aws.amazon.com/powertools/typescript/latest/features/metrics/,
 * "Environment variables"):
 * unset in Lambda; `true` wherever stdout belongs to results (the CLI and local server,
 * local/bin/hotline.mjs; local invocations, local/functions.ts; the tests, vitest.config.ts; the
 * benchmark, bench/run.ts), so no EMF line reaches it there.
 */
export const metricsFor = (service: MetricsService): HandlerMetrics =>
  new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });

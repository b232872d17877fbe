/**
 * The metrics API's answers, parsed at the page's edge before the page renders them. The schemas
 * follow the contract's types (shared/http/metrics-api-contract.ts) field by field, and the parse
 * functions return the contract's types: a field the contract adds fails to compile here until
 * the schema checks it too.
 */
import * as z from 'zod/mini';
import {
  GRANULARITIES,
  type LiveQueueReport,
  type MetricsReport,
  QUEUE_NAMES,
} from '../../../shared/http/metrics-api-contract.ts';

const count = z.number();
/** A ratio or a mean: `null` where its denominator is 0. */
const ratio = z.nullable(z.number());

const volume = { calls: count, urgent: count, answered: count, abandoned: count };

const Figures = z.object({
  ...volume,
  urgentShare: ratio,
  abandonRate: ratio,
  afterHours: count,
  callbacksQueued: count,
  callbacksAnswered: count,
  callbacksUnreachable: count,
  averageCallbackDelaySeconds: ratio,
  averageWaitSeconds: ratio,
  serviceLevel: ratio,
  urgentAnswered: count,
  urgentAverageWaitSeconds: ratio,
  urgentServiceLevel: ratio,
  averageHandleSeconds: ratio,
  withOutcome: count,
  outcomes: z.record(z.string(), count),
  consultations: count,
  secured: count,
  lost: count,
  successRate: ratio,
});

const SeriesPoint = z.object({
  ...volume,
  start: z.string(),
  averageWaitSeconds: ratio,
  serviceLevel: ratio,
  secured: z.nullable(count),
  lost: z.nullable(count),
});

const Report = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(GRANULARITIES),
    serviceLevelSeconds: count,
  }),
  totals: Figures,
  series: z.array(SeriesPoint),
  callsByHourOfDay: z.array(count),
  callsByWeekday: z.array(count),
  yearToDate: z.object({ year: count, secured: count, lost: count, successRate: ratio }),
  previous: z.optional(z.object({ from: z.string(), to: z.string(), totals: Figures })),
  reads: z.object({ requests: count }),
});

const Live = z.object({
  at: z.string(),
  queues: z.array(
    z.object({
      queue: z.enum(QUEUE_NAMES),
      contactsInQueue: count,
      oldestContactAgeSeconds: ratio,
    }),
  ),
  agents: z.object({ available: count, online: count }),
});

/** The report in `answer` (GET /api/metrics), or undefined when it is not one. */
export const parseMetricsReport = (answer: unknown): MetricsReport | undefined => {
  const parsed = Report.safeParse(answer);
  return parsed.success ? parsed.data : undefined;
};

/** The queues in `answer` (GET /api/metrics/live), or undefined when it is not a live report. */
export const parseLiveQueueReport = (answer: unknown): LiveQueueReport | undefined => {
  const parsed = Live.safeParse(answer);
  return parsed.success ? parsed.data : undefined;
};

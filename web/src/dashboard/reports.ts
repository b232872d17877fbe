/**
 * The metrics API's answers, checked at the page's edge before the page renders them: the shape the
 * page reads (period, totals, series, the hour and weekday counts, the year to date; the live
 * queues), field by field where the page computes with it. The types are the contract's
 * (shared/http/metrics-api-contract.ts).
 */
import * as z from 'zod/mini';
import {
  GRANULARITIES,
  type LiveQueueReport,
  type MetricsReport,
  QUEUE_NAMES,
} from '../../../shared/http/metrics-api-contract.ts';

const count = z.number();
const ratio = z.nullable(z.number());

const Point = z.object({
  start: z.string(),
  calls: count,
  urgent: count,
  answered: count,
  abandoned: count,
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
  totals: z.object({ calls: count, withOutcome: count, outcomes: z.record(z.string(), count) }),
  series: z.array(Point),
  callsByHourOfDay: z.array(count),
  callsByWeekday: z.array(count),
  yearToDate: z.object({ year: count, secured: count, lost: count, successRate: ratio }),
});

const Live = z.object({
  at: z.string(),
  queues: z.array(
    z.object({
      queue: z.enum(QUEUE_NAMES),
      contactsInQueue: count,
      oldestContactAgeSeconds: ratio,
      agentsAvailable: count,
      agentsOnline: count,
    }),
  ),
});

/** True for an answer of the shape above; the rest of the totals are the contract's figures. */
export const isMetricsReport = (answer: unknown): answer is MetricsReport => Report.safeParse(answer).success;

export const isLiveQueueReport = (answer: unknown): answer is LiveQueueReport =>
  Live.safeParse(answer).success;

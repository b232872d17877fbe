// zod/mini: the metrics API Lambda parses every query with these schemas.
import * as z from 'zod/mini';
import { daysBetween, type IsoDate, isIsoDate } from '../domain/vienna-calendar.ts';

/**
 * The metrics API's contract in one place: routes, the group that may call it, the query, and the
 * JSON and CSV it answers. The dashboard page, `hotline metrics`, the local server and the CDK routes
 * are built against this module. No field of any response names a caller, a tenancy or a case.
 *
 * - `GET /api/metrics?from=YYYY-MM-DD&to=YYYY-MM-DD&granularity=hour|day|week|month[&compare=previous][&format=csv]`
 *   → 200 MetricsReport (or its CSV); `compare=previous` adds the totals of the period of the same
 *   length just before (`previous`), read with the same requests (one more only when that period
 *   reaches into a calendar year the report does not read anyway)
 * - `GET /api/metrics/live` → 200 LiveQueueReport (Connect GetCurrentMetricData; the simulator locally)
 *
 * Days are Vienna calendar days, both ends included. Errors: 400 `{message, fields}` (a day that
 * does not exist, `to` before `from`, a period over MAX_PERIOD_DAYS, an unknown or repeated
 * parameter), 401, 403 (anyone not in `managers`, agents included), 404, 405, 500.
 */
export const MANAGER_GROUP = 'managers';

export const METRICS_ROUTE_KEYS = {
  report: 'GET /api/metrics',
  live: 'GET /api/metrics/live',
} as const;

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/**
 * The longest period one request may ask for, in days, both ends included (two years and a day:
 * covers any leap year twice).
 */
export const MAX_PERIOD_DAYS = 732;

const isoDate = () =>
  z
    .string()
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar day, YYYY-MM-DD'),
      z.refine(isIsoDate, 'a calendar day, YYYY-MM-DD'),
    );

/** The refinements run even when a field failed: they judge only two real days. */
const bothDays = (query: { from: string; to: string }) => isIsoDate(query.from) && isIsoDate(query.to);

export const MetricsQuery = z
  .strictObject({
    from: isoDate(),
    to: isoDate(),
    granularity: z._default(z.enum(GRANULARITIES), 'day'),
    format: z._default(z.enum(['json', 'csv']), 'json'),
    /** `previous`: the report also holds the totals of the period just before, of the same length. */
    compare: z.optional(z.literal('previous')),
  })
  .check(
    z.refine((query) => !bothDays(query) || query.from <= query.to, {
      message: 'to must not be before from',
      path: ['to'],
    }),
    z.refine(
      (query) =>
        !bothDays(query) || daysBetween(query.from as IsoDate, query.to as IsoDate) < MAX_PERIOD_DAYS,
      { message: `a period is at most ${MAX_PERIOD_DAYS} days`, path: ['to'] },
    ),
  );
export type MetricsQuery = z.infer<typeof MetricsQuery>;

/** Counts of one slice of time. Ratios are `null` where their denominator is 0. */
export interface VolumeFigures {
  /** Calls that reached the hotline (each call once, whatever happened to it). */
  readonly calls: number;
  /** Calls put in the urgent queue. */
  readonly urgent: number;
  readonly answered: number;
  /** Queued, never answered, hung up. */
  readonly abandoned: number;
}

export interface Figures extends VolumeFigures {
  /** urgent / calls. */
  readonly urgentShare: number | null;
  /** abandoned / (answered + abandoned). */
  readonly abandonRate: number | null;
  /** Calls that came in while the hotline was closed. */
  readonly afterHours: number;
  /**
   * Callbacks Connect made (queues full, or closed and urgent), on the day they were asked for, once
   * each has ended. A callback is not one of `calls`, and its time in the callback queue is in no
   * wait or service level.
   */
  readonly callbacksQueued: number;
  /** Of those, callbacks that reached the tenant. */
  readonly callbacksAnswered: number;
  /** Of those, callbacks that did not reach the tenant after every attempt. */
  readonly callbacksUnreachable: number;
  /** Mean seconds from asking for a callback to the tenant reached. */
  readonly averageCallbackDelaySeconds: number | null;
  /** Mean seconds in queue of answered calls. */
  readonly averageWaitSeconds: number | null;
  /** Answered within `serviceLevelSeconds` / (answered + abandoned). */
  readonly serviceLevel: number | null;
  readonly urgentAnswered: number;
  readonly urgentAverageWaitSeconds: number | null;
  readonly urgentServiceLevel: number | null;
  /** Mean seconds from an agent's answer to the end of the call. */
  readonly averageHandleSeconds: number | null;
  /** Calls with a recorded outcome. */
  readonly withOutcome: number;
  /** Per outcome code (shared/domain/outcomes.ts): how many calls' current outcome has it. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Consultation appointments booked as follow-ups. */
  readonly consultations: number;
  /** Cases closed from the hotline as `housing_secured` / `housing_lost`. */
  readonly secured: number;
  readonly lost: number;
  /** secured / (secured + lost). */
  readonly successRate: number | null;
}

/** One slice of the series. With `granularity=hour` only the volume counts are kept per hour. */
export interface SeriesPoint extends VolumeFigures {
  /** `YYYY-MM-DD` (day, week: its Monday, month: its first day) or `YYYY-MM-DDTHH` (hour), Vienna time. */
  readonly start: string;
  readonly averageWaitSeconds: number | null;
  readonly serviceLevel: number | null;
  readonly secured: number | null;
  readonly lost: number | null;
}

export interface MetricsReport {
  readonly period: {
    readonly from: string;
    readonly to: string;
    readonly granularity: Granularity;
    readonly serviceLevelSeconds: number;
  };
  readonly totals: Figures;
  /**
   * One point per slice of the period, zeroes included, up to today (Vienna): later slices have not
   * happened yet and are left out. Ratios are rounded to 4 decimals, seconds to 1.
   */
  readonly series: readonly SeriesPoint[];
  /** Calls by hour of the day (index 0–23, Vienna time) over the period. */
  readonly callsByHourOfDay: readonly number[];
  /** Calls by weekday (index 0 = Monday … 6 = Sunday) over the period. */
  readonly callsByWeekday: readonly number[];
  /** From 1 January of `to`'s year up to `to`. */
  readonly yearToDate: {
    readonly year: number;
    readonly secured: number;
    readonly lost: number;
    readonly successRate: number | null;
  };
  /**
   * With `compare=previous` only: the period of the same number of days that ends the day before
   * `from`, and its totals (the dashboard shows each figure beside it).
   */
  readonly previous?: {
    readonly from: string;
    readonly to: string;
    readonly totals: Figures;
  };
  /** How the report was read: DynamoDB requests, for the benchmark and docs/benchmarks.md. */
  readonly reads: { readonly requests: number };
}

export const QUEUE_NAMES = ['urgent', 'general', 'callback'] as const;

export interface LiveQueue {
  readonly queue: (typeof QUEUE_NAMES)[number];
  readonly contactsInQueue: number;
  readonly oldestContactAgeSeconds: number | null;
  readonly agentsAvailable: number;
  readonly agentsOnline: number;
}

export interface LiveQueueReport {
  readonly at: string;
  readonly queues: readonly LiveQueue[];
}

/** The CSV's columns: one row per series point, in this order, header first. */
export const METRICS_CSV_COLUMNS = [
  'start',
  'calls',
  'urgent',
  'answered',
  'abandoned',
  'averageWaitSeconds',
  'serviceLevel',
  'secured',
  'lost',
] as const satisfies readonly (keyof SeriesPoint)[];

/** RFC 4180 CSV of the series (CRLF, `.` decimals, empty cell for `null`): what the page downloads. */
export const toMetricsCsv = (report: MetricsReport): string => {
  const cell = (value: string | number | null): string => (value === null ? '' : String(value));
  const rows = [
    METRICS_CSV_COLUMNS.join(','),
    ...report.series.map((point) => METRICS_CSV_COLUMNS.map((column) => cell(point[column])).join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
};

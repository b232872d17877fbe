// zod/mini: the metrics API Lambda parses every query with these schemas.
import * as z from 'zod/mini';
import { GRANULARITIES, type MetricsReport, type SeriesPoint } from '../domain/metrics-report.ts';
import { daysBetween, type IsoDate, isIsoDate } from '../domain/vienna-calendar.ts';

// The report is the domain's (shared/domain/metrics-report.ts); the contract answers with it as is.
export {
  type Figures,
  GRANULARITIES,
  type Granularity,
  type MetricsReport,
  type ReportPeriod,
  type SeriesPoint,
  type VolumeFigures,
} from '../domain/metrics-report.ts';

/**
 * The metrics API's contract in one place: routes, the group that may call it, the query, and the
 * JSON and CSV it answers. The dashboard page, `hotline metrics`, the local server and the CDK routes
 * are built against this module. No field of any response names a caller, a tenancy or a case.
 *
 * - `GET /api/metrics?from=YYYY-MM-DD&to=YYYY-MM-DD&granularity=hour|day|week|month[&compare=previous][&format=csv]`
 *   → 200 MetricsReport (or its CSV); `compare=previous` adds the totals of the period of the same
 *   length just before (`previous`), read with the same requests (one more only when that period
 *   reaches into a calendar year the report does not read anyway)
 * - `GET /api/metrics/live` → 200 LiveQueueReport: per queue the contacts waiting and the oldest one's
 *   age, and the agents once (Connect GetCurrentMetricData, two requests; the simulator locally)
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

export const QUEUE_NAMES = ['urgent', 'general', 'callback'] as const;

/** One queue now: who waits in it, and for how long the longest has. */
export interface LiveQueue {
  readonly queue: (typeof QUEUE_NAMES)[number];
  readonly contactsInQueue: number;
  readonly oldestContactAgeSeconds: number | null;
}

/**
 * The agents who serve the hotline's queues now, each counted once however many of the queues
 * their routing profile serves (not a per-queue count: an agent of two queues is one agent).
 */
export interface LiveAgents {
  readonly available: number;
  readonly online: number;
}

export interface LiveQueueReport {
  readonly at: string;
  readonly queues: readonly LiveQueue[];
  readonly agents: LiveAgents;
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

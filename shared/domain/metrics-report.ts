/**
 * The managers' report on the calls of a period, as the domain computes it from the day counters
 * (call-metrics.ts): the figures of the period, its series, the calls by hour of the day and by
 * weekday, the year to date. The metrics API answers with it unchanged
 * (shared/http/metrics-api-contract.ts), and the dashboard draws it.
 */
export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** What a report covers: Vienna days, both ends included, sliced by `granularity`. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  /** `previous`: the report also holds the totals of the period just before, of the same length. */
  readonly compare?: 'previous' | undefined;
}

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

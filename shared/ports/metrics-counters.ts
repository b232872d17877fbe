import type { DayCounts } from '../domain/call-metrics.ts';
import type { IsoDate } from '../domain/vienna-calendar.ts';

export interface DayCountsRead {
  /** The days that have counters, in order; days without calls have none. */
  readonly days: readonly DayCounts[];
  /** DynamoDB requests the read took (pages included), for the report and the benchmark. */
  readonly requests: number;
}

/** Reads the per-day metric counters. */
export interface MetricsCounters {
  /** The counters of every day from `from` to `to`, both included. */
  readDays(from: IsoDate, to: IsoDate): Promise<DayCountsRead>;
}

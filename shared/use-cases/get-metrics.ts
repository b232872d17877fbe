import { firstDayToRead, metricsReport } from '../domain/call-metrics.ts';
import { daysBetween, type IsoDate, viennaDate } from '../domain/vienna-calendar.ts';
import type { MetricsQuery, MetricsReport } from '../http/metrics-api-contract.ts';
import { logger } from '../observability/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { MetricsCounters } from '../ports/metrics-counters.ts';

export interface GetMetricsDeps {
  readonly counters: MetricsCounters;
  /** The service level's threshold: one of the wait buckets' bounds (checked by the config). */
  readonly serviceLevelSeconds: number;
  readonly clock: Clock;
}

/** `hotline metrics` without dates: this calendar year up to today, in Vienna. */
export const defaultMetricsPeriod = (clock: Clock): { from: IsoDate; to: IsoDate } => {
  const today = viennaDate(clock.now());
  return { from: `${today.slice(0, 4)}-01-01` as IsoDate, to: today };
};

/**
 * The managers' figures for a period (a MetricsQuery that passed its schema: real days, in order,
 * at most MAX_PERIOD_DAYS). The period's days and those of `to`'s year before it (year to date)
 * are read in one go: one Query per calendar year, so a year costs one request at any call volume.
 * Compared with the previous period, its days are read in the same go: at most one more Query, when
 * that period reaches into a calendar year the report does not read anyway. That is fewer requests
 * than the page asking for the previous period's report as well (a second HTTP request, which
 * would read its own year to date again).
 */
export const makeGetMetrics =
  (deps: GetMetricsDeps) =>
  async (query: MetricsQuery): Promise<MetricsReport> => {
    const to = query.to as IsoDate;
    const read = await deps.counters.readDays(firstDayToRead(query), to);
    const report = metricsReport(read.days, query, deps.serviceLevelSeconds, viennaDate(deps.clock.now()));
    logger.info('metrics read', {
      days: daysBetween(query.from as IsoDate, to) + 1,
      granularity: query.granularity,
      requests: read.requests,
    });
    return { ...report, reads: { requests: read.requests } };
  };

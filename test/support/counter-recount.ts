import { fromCallCountingItem } from '../../shared/adapters/dynamodb/entities/call.ts';
import { fromOutcomeItem } from '../../shared/adapters/dynamodb/entities/call-outcome.ts';
import { fromMetricsDayItem } from '../../shared/adapters/dynamodb/entities/metrics-day.ts';
import {
  type Contribution,
  callContribution,
  outcomeContribution,
} from '../../shared/domain/call-metrics.ts';

/** Every counter of every day, summed: zeroes left out (a take-back leaves a 0 attribute behind). */
export const byDay = (contributions: readonly (Contribution | undefined)[]) => {
  const days: Record<string, Record<string, number>> = {};
  for (const contribution of contributions) {
    if (!contribution) continue;
    const day = days[contribution.day] ?? {};
    days[contribution.day] = day;
    for (const [name, n] of Object.entries(contribution.counts)) day[name] = (day[name] ?? 0) + n;
  }
  for (const [day, counts] of Object.entries(days)) {
    for (const [name, n] of Object.entries(counts)) if (n === 0) delete counts[name];
    if (Object.keys(counts).length === 0) delete days[day];
  }
  return days;
};

/**
 * From a Scan of the calls table: the day counters as stored, and as recounted from the call logs
 * and the current outcomes with the same pure functions the writers use.
 */
export const countersAndRecount = (items: readonly Record<string, unknown>[]) => {
  const stored = byDay(items.filter((item) => item.entity === 'metrics-day').map(fromMetricsDayItem));
  const calls = items.filter((item) => item.sk === 'LOG').map(fromCallCountingItem);
  const outcomes = items.filter((item) => item.sk === 'OUTCOME#CURRENT').map(fromOutcomeItem);
  const recount = byDay([
    ...calls.map((call) => callContribution(call.facts)),
    ...outcomes.map((outcome) => outcomeContribution(outcome)),
  ]);
  return { stored, recount, calls, outcomes };
};

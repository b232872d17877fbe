import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Contribution, DayCounts } from '../../../domain/call-metrics.ts';
import { CorruptRecordError } from '../../../domain/errors.ts';
import { type IsoDate, isIsoDate } from '../../../domain/vienna-calendar.ts';
import { COUNTER_NAME } from './contribution.ts';
import { versionedRecord } from './versioned-record.ts';

/** What every counter partition key starts with: the metrics API may read no other (its IAM policy). */
export const METRICS_KEY_PREFIX = 'METRICS#';

/**
 * The metric counters of one Vienna day (Calls table, `METRICS#<yyyy>` / `DAY#<yyyy-mm-dd>`): one
 * partition per calendar year, so a year of days is one Query (`sk BETWEEN`), and one item per day,
 * so each stays small (write units grow with item size) and only today's is written to. No TTL:
 * counters hold no personal data and outlive the calls' retention.
 */
export const metricsKeys = {
  day: (day: IsoDate) => ({ pk: `${METRICS_KEY_PREFIX}${day.slice(0, 4)}`, sk: `DAY#${day}` }),
  /** The partition of a year's day counters. */
  year: (year: number) => ({ pk: `${METRICS_KEY_PREFIX}${String(year).padStart(4, '0')}` }),
  /** The sort key of a day's counters, for `BETWEEN` ranges. */
  daySk: (day: IsoDate) => `DAY#${day}`,
  /** The day inside a day counter's `sk`. */
  dayOfSk: (sk: string): IsoDate | undefined =>
    /^DAY#(\d{4}-\d{2}-\d{2})$/.exec(sk)?.[1] as IsoDate | undefined,
} as const;

/** One item of a TransactWriteItems: the day counters change in the transaction of what they count. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const METRICS_DAY = versionedRecord('metrics-day', 1);

/** A day's counters: every attribute but the keys and the stamp is a counter, a number. */
const DayCountsRecord = z.looseObject({
  pk: z.string().check(z.regex(/^METRICS#\d{4}$/)),
  sk: z.string(),
  ...METRICS_DAY.shape,
});

/** Attributes of a day counter item that are no counter. */
const NOT_COUNTERS = new Set(['pk', 'sk', 'entity', 'version']);

export const fromMetricsDayItem = (item: unknown): DayCounts => {
  const record = METRICS_DAY.parse(DayCountsRecord, item);
  const day = metricsKeys.dayOfSk(record.sk);
  if (day === undefined || !isIsoDate(day)) throw new CorruptRecordError(METRICS_DAY.entity);
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(record)) {
    if (NOT_COUNTERS.has(name)) continue;
    if (typeof value !== 'number' || !COUNTER_NAME.test(name)) {
      throw new CorruptRecordError(METRICS_DAY.entity);
    }
    counts[name] = value;
  }
  return { day, counts };
};

/**
 * The update that adds `delta` to its day's counters: `ADD` per counter (negative numbers take
 * back), so concurrent writers of one day never lose each other's counts and no read is needed.
 * The item is created by the first update of its day; `entity` and `version` are set once.
 */
export const dayCounterUpdate = (table: string, delta: Contribution): TransactItem => {
  const names = Object.keys(delta.counts).sort();
  for (const name of names) {
    if (!COUNTER_NAME.test(name) || NOT_COUNTERS.has(name)) {
      throw new RangeError(`a counter name is letters, digits and _ and no key or record field, got ${name}`);
    }
  }
  return {
    Update: {
      TableName: table,
      Key: metricsKeys.day(delta.day),
      UpdateExpression:
        'SET #entity = if_not_exists(#entity, :entity), #version = if_not_exists(#version, :version) ' +
        `ADD ${names.map((name) => `#${name} :${name}`).join(', ')}`,
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#version': 'version',
        ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
      },
      ExpressionAttributeValues: {
        ':entity': METRICS_DAY.stamp.entity,
        ':version': METRICS_DAY.stamp.version,
        ...Object.fromEntries(names.map((name) => [`:${name}`, delta.counts[name]])),
      },
    },
  };
};

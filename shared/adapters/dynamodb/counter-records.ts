import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Contribution, DayCounts } from '../../domain/call-metrics.ts';
import { CorruptRecordError } from '../../domain/errors.ts';
import { type IsoDate, isIsoDate } from '../../domain/vienna-calendar.ts';
import type { CallCountState } from '../../ports/call-counters.ts';
import { metricsKeys } from './keys.ts';
import { fromCallTimelineItem } from './records.ts';

/**
 * The stored side of the metric counters, apart from records.ts so that identify-caller's bundle
 * does not carry it: day counter items, and what a call log remembers of its own contribution.
 */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const parse = <T>(schema: z.ZodMiniType<T>, entity: string, item: unknown): T => {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw new CorruptRecordError(entity, { cause: parsed.error });
  return parsed.data;
};

/** Counter names become attribute names and placeholders: letters, digits and `_` only. */
const COUNTER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const Day = z.string().check(z.refine(isIsoDate, 'a calendar day YYYY-MM-DD'));
const Counts = z.record(z.string().check(z.regex(COUNTER_NAME)), z.number());

/** A contribution as a call log or an outcome stores it: `{ day, counts }`, a map. */
const ContributionRecord = z.object({ day: Day, counts: Counts });

export const toContributionValue = (contribution: Contribution) => ({
  day: contribution.day,
  counts: { ...contribution.counts },
});

const CallCountingRecord = z.looseObject({
  entity: z.literal('call'),
  version: z.literal(1),
  receivedAt: z.optional(z.iso.datetime({ offset: true })),
  counted: z.optional(ContributionRecord),
});

/** What the counters need of a call log item, and what it says they hold of it. */
export const fromCallCountingItem = (item: unknown): CallCountState => {
  const record = parse(CallCountingRecord, 'call', item);
  return {
    facts: {
      timeline: fromCallTimelineItem(item),
      receivedAt: record.receivedAt ? new Date(record.receivedAt) : undefined,
    },
    counted: record.counted && { day: record.counted.day as IsoDate, counts: record.counted.counts },
  };
};

/** A day's counters: `METRICS#<yyyy>` / `DAY#<yyyy-mm-dd>`, every other number a counter. */
const DayCountsRecord = z.looseObject({
  pk: z.string().check(z.regex(/^METRICS#\d{4}$/)),
  sk: z.string(),
  entity: z.literal('metrics-day'),
  version: z.literal(1),
});

/** Attributes of a day counter item that are no counter. */
const NOT_COUNTERS = new Set(['pk', 'sk', 'entity', 'version']);

export const fromMetricsDayItem = (item: unknown): DayCounts => {
  const record = parse(DayCountsRecord, 'metrics-day', item);
  const day = metricsKeys.dayOfSk(record.sk);
  if (day === undefined || !isIsoDate(day)) throw new CorruptRecordError('metrics-day');
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(record)) {
    if (NOT_COUNTERS.has(name)) continue;
    if (typeof value !== 'number' || !COUNTER_NAME.test(name)) throw new CorruptRecordError('metrics-day');
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
        ':entity': 'metrics-day',
        ':version': 1,
        ...Object.fromEntries(names.map((name) => [`:${name}`, delta.counts[name]])),
      },
    },
  };
};

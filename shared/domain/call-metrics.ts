import { type CallTimeline, callbackResultOf } from './call-timeline.ts';
import type { Figures, Granularity, MetricsReport, ReportPeriod, SeriesPoint } from './metrics-report.ts';
import type { RecordedOutcome } from './outcomes.ts';
import { addDays, daysBetween, type IsoDate, viennaDate, viennaOffsetMs } from './vienna-calendar.ts';

/**
 * The managers' figures as pre-aggregated counters: what one call (and its outcome) adds to the
 * counters of its day, the difference between what is counted and what should be, and the report
 * read back from the day counters. Pure: no store, no clock.
 *
 * A day's counters are flat numbers under short names, only those that are not 0:
 * - per day: `calls`, `urgent`, `answered`, `abandoned`, `afterHours`,
 *   `waitSum`/`waitN` (answered calls with a wait), `handleSum`/`handleN`, `urgentAnswered`,
 *   `urgentWaitSum`/`urgentWaitN`;
 * - per day, from queued callbacks (contacts of their own, never calls: their time in the callback
 *   queue is no caller's wait): `callbacksQueued` (callbacks Connect made), `callbacksAnswered` (the
 *   tenant was reached), `callbacksUnreachable` (not after every attempt), and `callbackDelaySum`/
 *   `callbackDelayN`, the seconds from the request to the tenant reached;
 * - the waits of answered calls in buckets, `w<bound>` (general) and `uw<bound>` (urgent): `w60`
 *   counts waits over 45 and up to 60 seconds, `wInf` those over 600. Cumulative counts are not
 *   stored, so that a service level for any of the bounds is a sum, and a wait counts once;
 * - per Vienna hour of the day `HH` (00–23): `h<HH>c` calls, `h<HH>u` urgent, `h<HH>a` answered,
 *   `h<HH>x` abandoned;
 * - from outcomes: `withOutcome`, `oc_<code>`, `consultations`, `secured`, `lost`.
 */
export interface Contribution {
  /** The Vienna day the counts belong to. */
  readonly day: IsoDate;
  readonly counts: Readonly<Record<string, number>>;
}

/** One day's counters as read back. */
export type DayCounts = Contribution;

/** Upper bounds (seconds) of the wait buckets; waits above the last go to `Inf`. */
export const WAIT_BUCKET_BOUNDS = [10, 20, 30, 45, 60, 90, 120, 180, 300, 600] as const;

export const DEFAULT_SERVICE_LEVEL_SECONDS = 60;

/** What the counters need to know of a call: all of it is on its call-log item. */
export interface CallFacts {
  /** From the contact events. */
  readonly timeline: CallTimeline;
  /** When identify-caller first logged the call. */
  readonly receivedAt?: Date | undefined;
}

/** What an outcome adds: the content of the current revision, and the day of its call. */
export type OutcomeFacts = Pick<RecordedOutcome, 'codes' | 'followUp' | 'caseResolution' | 'callDay'>;

/** The Vienna hour of the day (0–23) of an instant: on the day clocks go back, 02 comes twice. */
export const viennaHour = (instant: Date): number =>
  new Date(instant.getTime() + viennaOffsetMs(instant)).getUTCHours();

/** 0 = Monday … 6 = Sunday. */
export const weekdayIndex = (day: IsoDate): number => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The bucket a wait falls in: `10` for 0–10 s, `20` for 11–20 s, …, `Inf` above 600 s. */
export const waitBucket = (seconds: number): string =>
  String(WAIT_BUCKET_BOUNDS.find((bound) => seconds <= bound) ?? 'Inf');

/**
 * The instant a call counts by: its initiation, else identify-caller's first log of it, else (no
 * INITIATED event and no lookup, which Connect does not produce for an inbound call) its earliest
 * milestone, so that every complete call counts somewhere. A late INITIATED moves it, by a delta.
 */
const countingInstant = (facts: CallFacts): Date | undefined => {
  const { timeline } = facts;
  return (
    timeline.initiatedAt ??
    facts.receivedAt ??
    timeline.queuedAt ??
    timeline.answeredAt ??
    timeline.disconnectedAt
  );
};

/** The Vienna day a call counts on (and its outcome with it); undefined while nothing is known. */
export const callDayOf = (facts: CallFacts): IsoDate | undefined => {
  const instant = countingInstant(facts);
  return instant ? viennaDate(instant) : undefined;
};

const tally = () => {
  const counts: Record<string, number> = {};
  const add = (key: string, n = 1) => {
    if (n !== 0) counts[key] = (counts[key] ?? 0) + n;
  };
  return { counts, add };
};

/**
 * What a call adds to the counters, once its log is complete (a disconnect is known): calls in
 * progress belong to the live view. A function of the call-log item alone, so a recount from the
 * items gives the same numbers, and a late event that changes the item changes the contribution.
 */
export const callContribution = (facts: CallFacts): Contribution | undefined => {
  const { timeline } = facts;
  if (timeline.disconnectedAt === undefined) return undefined;
  const instant = countingInstant(facts);
  if (instant === undefined) return undefined;
  if (timeline.callback) return callbackContribution(timeline, instant);
  const { counts, add } = tally();
  const hour = `h${pad2(viennaHour(instant))}`;
  const urgent = timeline.queue === 'urgent';
  const wait = timeline.waitSeconds;
  add('calls');
  add(`${hour}c`);
  if (urgent) {
    add('urgent');
    add(`${hour}u`);
  }
  if (timeline.afterHours === true) add('afterHours');
  if (timeline.answeredAt !== undefined) {
    add('answered');
    add(`${hour}a`);
    if (urgent) add('urgentAnswered');
    // An answered call without a wait: its QUEUED event is still to come (and will correct this).
    if (wait !== undefined) {
      add('waitSum', wait);
      add('waitN');
      add(`w${waitBucket(wait)}`);
      if (urgent) {
        add('urgentWaitSum', wait);
        add('urgentWaitN');
        add(`uw${waitBucket(wait)}`);
      }
    }
  }
  if (timeline.abandoned) {
    add('abandoned');
    add(`${hour}x`);
  }
  if (timeline.handleSeconds !== undefined) {
    add('handleSum', timeline.handleSeconds);
    add('handleN');
  }
  return { day: viennaDate(instant), counts };
};

/**
 * What a queued callback adds, on the day it was asked for (Connect's InitiationTimestamp of a
 * callback is when the callback contact was created): a callback made, and whether it reached the
 * tenant. Nothing of it counts as a call, an answer, a wait or towards the service level.
 */
const callbackContribution = (timeline: CallTimeline, instant: Date): Contribution => {
  const { counts, add } = tally();
  add('callbacksQueued');
  if (callbackResultOf(timeline) === 'reached') {
    add('callbacksAnswered');
    if (timeline.initiatedAt && timeline.answeredAt) {
      add(
        'callbackDelaySum',
        Math.max(0, Math.round((timeline.answeredAt.getTime() - timeline.initiatedAt.getTime()) / 1000)),
      );
      add('callbackDelayN');
    }
  } else {
    add('callbacksUnreachable');
  }
  return { day: viennaDate(instant), counts };
};

/**
 * What the current revision of a call's outcome adds, on the day of its call. An outcome stored
 * without that day (written before counters existed) was never counted, so it adds nothing.
 */
export const outcomeContribution = (outcome: OutcomeFacts | undefined): Contribution | undefined => {
  if (outcome?.callDay === undefined) return undefined;
  const { counts, add } = tally();
  add('withOutcome');
  for (const code of outcome.codes) add(`oc_${code}`);
  if (outcome.followUp?.kind === 'consultation') add('consultations');
  if (outcome.caseResolution === 'housing_secured') add('secured');
  if (outcome.caseResolution === 'housing_lost') add('lost');
  return { day: outcome.callDay, counts };
};

const withoutZeroes = (counts: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

const negated = (counts: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, -n]));

/**
 * What the counters must add to go from `counted` to `next`: per day, the changed counts (negative
 * where something is taken back), zeroes left out. Two days when the call's day changed; none when
 * nothing changed, which is how a repeated event costs no write.
 */
export const contributionDelta = (
  counted: Contribution | undefined,
  next: Contribution | undefined,
): Contribution[] => {
  if (counted && next && counted.day === next.day) {
    const keys = new Set([...Object.keys(counted.counts), ...Object.keys(next.counts)]);
    const counts = withoutZeroes(
      Object.fromEntries([...keys].map((key) => [key, (next.counts[key] ?? 0) - (counted.counts[key] ?? 0)])),
    );
    return Object.keys(counts).length > 0 ? [{ day: next.day, counts }] : [];
  }
  return [
    ...(counted ? [{ day: counted.day, counts: withoutZeroes(negated(counted.counts)) }] : []),
    ...(next ? [{ day: next.day, counts: withoutZeroes(next.counts) }] : []),
  ].filter((delta) => Object.keys(delta.counts).length > 0);
};

/** Whether the counters hold exactly `next` for a call that has `counted` in them. */
export const sameContribution = (counted: Contribution | undefined, next: Contribution | undefined) =>
  contributionDelta(counted, next).length === 0;

/*
 * The report, from day counters. Ratios are rounded to 4 decimals (0.1234 = 12.34 %), seconds to
 * one; a ratio whose denominator is 0 is null, never 0 or NaN.
 */
const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;

const mean = (sum: number, n: number): number | null => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

/** Sum of the wait buckets up to and including `threshold` (one of the bounds). */
const withinThreshold = (counts: Readonly<Record<string, number>>, prefix: string, threshold: number) =>
  WAIT_BUCKET_BOUNDS.filter((bound) => bound <= threshold).reduce(
    (sum, bound) => sum + (counts[`${prefix}${bound}`] ?? 0),
    0,
  );

const sumInto = (target: Record<string, number>, counts: Readonly<Record<string, number>>) => {
  for (const [key, n] of Object.entries(counts)) target[key] = (target[key] ?? 0) + n;
};

const byPrefix = (counts: Readonly<Record<string, number>>, prefix: string): Record<string, number> =>
  Object.fromEntries(
    Object.entries(counts)
      .filter(([key, n]) => key.startsWith(prefix) && n !== 0)
      .map(([key, n]) => [key.slice(prefix.length), n] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

const figures = (counts: Readonly<Record<string, number>>, serviceLevelSeconds: number): Figures => {
  const n = (key: string) => counts[key] ?? 0;
  const answered = n('answered');
  const abandoned = n('abandoned');
  const urgent = n('urgent');
  const urgentAnswered = n('urgentAnswered');
  // Counted calls are complete, so a call queued as urgent was either answered or abandoned.
  const urgentAbandoned = urgent - urgentAnswered;
  const secured = n('secured');
  const lost = n('lost');
  return {
    calls: n('calls'),
    urgent,
    answered,
    abandoned,
    urgentShare: ratio(urgent, n('calls')),
    abandonRate: ratio(abandoned, answered + abandoned),
    afterHours: n('afterHours'),
    callbacksQueued: n('callbacksQueued'),
    callbacksAnswered: n('callbacksAnswered'),
    callbacksUnreachable: n('callbacksUnreachable'),
    averageCallbackDelaySeconds: mean(n('callbackDelaySum'), n('callbackDelayN')),
    averageWaitSeconds: mean(n('waitSum'), n('waitN')),
    serviceLevel: ratio(withinThreshold(counts, 'w', serviceLevelSeconds), answered + abandoned),
    urgentAnswered,
    urgentAverageWaitSeconds: mean(n('urgentWaitSum'), n('urgentWaitN')),
    urgentServiceLevel: ratio(
      withinThreshold(counts, 'uw', serviceLevelSeconds),
      urgentAnswered + urgentAbandoned,
    ),
    averageHandleSeconds: mean(n('handleSum'), n('handleN')),
    withOutcome: n('withOutcome'),
    outcomes: byPrefix(counts, 'oc_'),
    consultations: n('consultations'),
    secured,
    lost,
    successRate: ratio(secured, secured + lost),
  };
};

/** The first day of the slice a day belongs to: itself, its week's Monday, or its month's 1st. */
export const sliceStart = (day: IsoDate, granularity: Exclude<Granularity, 'hour'>): IsoDate => {
  if (granularity === 'week') return addDays(day, -weekdayIndex(day));
  if (granularity === 'month') return `${day.slice(0, 7)}-01` as IsoDate;
  return day;
};

const dayPoint = (
  start: string,
  counts: Readonly<Record<string, number>>,
  serviceLevelSeconds: number,
): SeriesPoint => {
  const total = figures(counts, serviceLevelSeconds);
  return {
    start,
    calls: total.calls,
    urgent: total.urgent,
    answered: total.answered,
    abandoned: total.abandoned,
    averageWaitSeconds: total.averageWaitSeconds,
    serviceLevel: total.serviceLevel,
    secured: total.secured,
    lost: total.lost,
  };
};

/** With `hour`, only the hourly volume counts exist: the other fields of a point are null. */
const hourPoints = (day: IsoDate, counts: Readonly<Record<string, number>>): SeriesPoint[] =>
  Array.from({ length: 24 }, (_, h) => {
    const hour = `h${pad2(h)}`;
    return {
      start: `${day}T${pad2(h)}`,
      calls: counts[`${hour}c`] ?? 0,
      urgent: counts[`${hour}u`] ?? 0,
      answered: counts[`${hour}a`] ?? 0,
      abandoned: counts[`${hour}x`] ?? 0,
      averageWaitSeconds: null,
      serviceLevel: null,
      secured: null,
      lost: null,
    };
  });

const EMPTY: Readonly<Record<string, number>> = {};

/** The period of the same number of days that ends the day before `from`: what a period is compared with. */
export const previousPeriod = (from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate } => {
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
};

/**
 * The managers' report for `query` from day counters. `days` may hold more days than the period
 * (the year-to-date figures need 1 January onwards); days outside are left out of the period's
 * figures. The series has one point per slice of the period, zeroes included, up to `today`: later
 * slices have not happened yet and are left out. `reads` is the caller's to fill in.
 */
export const metricsReport = (
  days: readonly DayCounts[],
  query: ReportPeriod,
  serviceLevelSeconds: number,
  today?: IsoDate,
): MetricsReport => {
  const from = query.from as IsoDate;
  const to = query.to as IsoDate;
  const byDay = new Map<string, Record<string, number>>();
  for (const { day, counts } of days) {
    const into = byDay.get(day) ?? {};
    sumInto(into, counts);
    byDay.set(day, into);
  }
  const countsOf = (day: IsoDate) => byDay.get(day) ?? EMPTY;

  const totals: Record<string, number> = {};
  const callsByHourOfDay = Array.from({ length: 24 }, () => 0);
  const callsByWeekday = Array.from({ length: 7 }, () => 0);
  const periodDays = daysBetween(from, to) + 1;
  for (let i = 0; i < periodDays; i++) {
    const day = addDays(from, i);
    const counts = countsOf(day);
    sumInto(totals, counts);
    callsByWeekday[weekdayIndex(day)] = (callsByWeekday[weekdayIndex(day)] ?? 0) + (counts.calls ?? 0);
    for (let h = 0; h < 24; h++) {
      callsByHourOfDay[h] = (callsByHourOfDay[h] ?? 0) + (counts[`h${pad2(h)}c`] ?? 0);
    }
  }

  const seriesEnd = today !== undefined && today < to ? today : to;
  const series: SeriesPoint[] = [];
  if (query.granularity === 'hour') {
    for (let day = from; day <= seriesEnd; day = addDays(day, 1))
      series.push(...hourPoints(day, countsOf(day)));
  } else {
    const slices = new Map<string, Record<string, number>>();
    for (let day = from; day <= seriesEnd; day = addDays(day, 1)) {
      const start = sliceStart(day, query.granularity);
      const into = slices.get(start) ?? {};
      sumInto(into, countsOf(day));
      slices.set(start, into);
    }
    for (const [start, counts] of slices) series.push(dayPoint(start, counts, serviceLevelSeconds));
  }

  const year = Number(to.slice(0, 4));
  const yearStart = `${to.slice(0, 4)}-01-01` as IsoDate;
  let secured = 0;
  let lost = 0;
  for (let day = yearStart; day <= to; day = addDays(day, 1)) {
    secured += countsOf(day).secured ?? 0;
    lost += countsOf(day).lost ?? 0;
  }

  const before = query.compare === 'previous' ? previousPeriod(from, to) : undefined;
  let previous: MetricsReport['previous'];
  if (before) {
    const previousTotals: Record<string, number> = {};
    for (let day = before.from; day <= before.to; day = addDays(day, 1))
      sumInto(previousTotals, countsOf(day));
    previous = { ...before, totals: figures(previousTotals, serviceLevelSeconds) };
  }

  return {
    period: { from, to, granularity: query.granularity, serviceLevelSeconds },
    totals: figures(totals, serviceLevelSeconds),
    series,
    callsByHourOfDay,
    callsByWeekday,
    yearToDate: { year, secured, lost, successRate: ratio(secured, secured + lost) },
    ...(previous ? { previous } : {}),
    reads: { requests: 0 },
  };
};

/**
 * The first day whose counters the report for `query` reads: 1 January of `to`'s year, or `from`,
 * or, compared with the previous period, that period's first day, whichever is earliest.
 */
export const firstDayToRead = (query: Omit<ReportPeriod, 'granularity'>): IsoDate => {
  const yearStart = `${query.to.slice(0, 4)}-01-01`;
  const from =
    query.compare === 'previous'
      ? previousPeriod(query.from as IsoDate, query.to as IsoDate).from
      : (query.from as IsoDate);
  return (from < yearStart ? from : yearStart) as IsoDate;
};

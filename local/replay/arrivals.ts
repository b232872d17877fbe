import { isOpen, type OfficeHours, WEEKDAYS, type Weekday } from '../../shared/domain/office-hours.ts';
import {
  addDays,
  daysBetween,
  type IsoDate,
  instantOfViennaWallClock,
} from '../../shared/domain/vienna-calendar.ts';
import type { Random } from '../demo/random.ts';

/**
 * When the calls of a replayed year arrive: mostly inside the opening hours, heaviest on Monday
 * morning and thinning out towards Friday afternoon (tenants call after a weekend with a court
 * letter in the post), busier in some months than in others, and a few outside the hours, which
 * take the flow's closed branch.
 */

/** The replayed days, both included, in the Vienna calendar. */
export interface ReplayPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** Calls per hour relative to an average open hour. */
const WEEKDAY_WEIGHTS: Readonly<Record<Weekday, number>> = {
  SUNDAY: 0,
  MONDAY: 1.5,
  TUESDAY: 1.15,
  WEDNESDAY: 1,
  THURSDAY: 0.9,
  FRIDAY: 0.7,
  SATURDAY: 0,
};
/**
 * Calls per open hour by month (January first), relative to an ordinary month: busy after the
 * new year and in autumn, when arrears from the year's operating-cost statements come due, quiet in
 * the summer holidays and before Christmas. An assumption for the demo, not a measurement; it makes
 * the load, and with it the waits, the abandoned calls and the call lengths, differ month by month.
 */
const MONTH_WEIGHTS = [1.3, 1.15, 1.05, 1, 0.95, 0.9, 0.75, 0.65, 1, 1.15, 1.2, 0.8] as const;
/** From 09:00 to 16:00 (the hour starting then): a morning rush, a lunch dip, a quiet last hour. */
const HOUR_WEIGHTS = [1.6, 1.5, 1.2, 0.8, 0.9, 1, 0.8, 0.6] as const;
const OPENING_HOUR = 9;
/** Monday 09:00–12:00 on top of the Monday weight: the week's peak. */
const MONDAY_MORNING_WEIGHT = 1.6;
/** Calls while the hotline is closed: weekday evenings and early mornings, weekends, holidays. */
export const AFTER_HOURS_SHARE = 0.12;
/** Hours of a closed day (weekend, holiday) in which people still call, and of an open day before 09:00 or after 17:00. */
const CLOSED_DAY_HOURS: readonly number[] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
const OPEN_DAY_CLOSED_HOURS: readonly number[] = [7, 8, 17, 18, 19, 20];
/** A weekend or holiday hour draws fewer calls than an evening hour of a working day. */
const CLOSED_DAY_WEIGHT = 0.6;

/** One hour of the period in which calls may arrive, with its share of them. */
interface Slot {
  readonly date: IsoDate;
  readonly hour: number;
  readonly weight: number;
}

export interface Arrival {
  readonly at: Date;
  /** Whether the hotline is open then (the flow checks the same hours). */
  readonly open: boolean;
  /**
   * How busy the hour is, relative to an average open hour (1): queue waits grow with it. Closed
   * hours have no queue and load 0.
   */
  readonly load: number;
}

/**
 * The instant at which Vienna's wall clock shows `seconds` after midnight on `date` (any hour but
 * the one skipped or repeated when summer time starts or ends, at night).
 */
export const viennaWallClock = (date: IsoDate, seconds: number): Date =>
  instantOfViennaWallClock(new Date(Date.parse(`${date}T00:00:00Z`) + seconds * 1000));

export const weekdayOf = (date: IsoDate): Weekday => {
  const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
  if (weekday === undefined) throw new RangeError(`not a date: ${date}`);
  return weekday;
};

/** Whether the hotline opens at all on `date` (not a weekend, not a public holiday). */
export const isOpenDay = (hours: OfficeHours, date: IsoDate): boolean =>
  isOpen(hours, viennaWallClock(date, 12 * 3600));

export const daysOf = (period: ReplayPeriod): IsoDate[] =>
  Array.from({ length: daysBetween(period.from, period.to) + 1 }, (_, i) => addDays(period.from, i));

const openSlots = (days: readonly IsoDate[], hours: OfficeHours): Slot[] =>
  days
    .filter((date) => isOpenDay(hours, date))
    .flatMap((date) => {
      const weekday = weekdayOf(date);
      const month = MONTH_WEIGHTS[Number(date.slice(5, 7)) - 1] ?? 1;
      return HOUR_WEIGHTS.map((hourWeight, i) => {
        const hour = OPENING_HOUR + i;
        const monday = weekday === 'MONDAY' && hour < 12 ? MONDAY_MORNING_WEIGHT : 1;
        return { date, hour, weight: WEEKDAY_WEIGHTS[weekday] * hourWeight * monday * month };
      });
    });

const closedSlots = (days: readonly IsoDate[], hours: OfficeHours): Slot[] =>
  days.flatMap((date): Slot[] =>
    isOpenDay(hours, date)
      ? OPEN_DAY_CLOSED_HOURS.map((hour) => ({ date, hour, weight: 1 }))
      : CLOSED_DAY_HOURS.map((hour) => ({ date, hour, weight: CLOSED_DAY_WEIGHT })),
  );

/** Draws slots in proportion to their weights, by bisection over the running total. */
const slotSampler = (slots: readonly Slot[], random: Random) => {
  const totals: number[] = [];
  let total = 0;
  for (const slot of slots) {
    total += slot.weight;
    totals.push(total);
  }
  if (total <= 0) throw new RangeError('the period has no hour in which calls could arrive');
  return (): Slot => {
    const roll = random.next() * total;
    let low = 0;
    let high = totals.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((totals[middle] ?? 0) > roll) high = middle;
      else low = middle + 1;
    }
    const slot = slots[low];
    if (!slot) throw new RangeError('slot out of range');
    return slot;
  };
};

/**
 * `calls` arrival instants over `period`, in time order: AFTER_HOURS_SHARE of them while the hotline
 * is closed, the rest in open hours in proportion to the weekday and hour weights. A public holiday
 * is a closed day: it gets calls only at the after-hours rate.
 */
export const arrivals = (
  random: Random,
  options: { readonly calls: number; readonly period: ReplayPeriod; readonly hours: OfficeHours },
): Arrival[] => {
  const days = daysOf(options.period);
  const open = openSlots(days, options.hours);
  const meanOpenWeight = open.reduce((sum, slot) => sum + slot.weight, 0) / Math.max(1, open.length);
  const drawOpen = open.length > 0 ? slotSampler(open, random) : undefined;
  const drawClosed = slotSampler(closedSlots(days, options.hours), random);
  const result: Arrival[] = [];
  for (let i = 0; i < options.calls; i++) {
    const inHours = drawOpen !== undefined && !random.chance(AFTER_HOURS_SHARE);
    const slot = inHours ? drawOpen() : drawClosed();
    const at = viennaWallClock(slot.date, slot.hour * 3600 + random.int(0, 3599));
    result.push({ at, open: inHours, load: inHours ? slot.weight / meanOpenWeight : 0 });
  }
  return result.sort((a, b) => a.at.getTime() - b.at.getTime());
};

/**
 * Calendar days in Europe/Vienna. The risk rules count whole days from the day of the call as the
 * caller lives it, so a call at 00:30 Vienna time belongs to that Vienna date although UTC still
 * shows the day before.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

export const VIENNA_TIME_ZONE = 'Europe/Vienna';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in `YYYY-MM-DD` form (rejects 2026-02-30). */
export const isIsoDate = (value: string): value is IsoDate => {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const HOUR_MS = 3_600_000;

/** 01:00 UTC on the last Sunday of a 31-day month: when EU summer time starts (March) or ends (October). */
const lastSundayOneUtc = (year: number, month: number): number => {
  const lastDay = Date.UTC(year, month, 31, 1);
  return lastDay - new Date(lastDay).getUTCDay() * 24 * HOUR_MS;
};

/**
 * Vienna's offset from UTC at an instant: +2 h in EU summer time, else +1 h (Directive 2000/84/EC:
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October). Written
 * out rather than asked of Intl because the first Intl object loads ICU data, which cost the Lambda
 * about 15 ms of cold start (bench: fresh-process import); a unit test checks it against Intl's tz
 * database hour by hour, so a change of the rule shows as a failing test.
 */
export const viennaOffsetMs = (instant: Date): number => {
  const t = instant.getTime();
  const year = instant.getUTCFullYear();
  const summer = t >= lastSundayOneUtc(year, 2) && t < lastSundayOneUtc(year, 9);
  return (summer ? 2 : 1) * HOUR_MS;
};

/**
 * The instant at which Vienna's clocks show `wallClock` read as if it were UTC (a `Date.UTC` value
 * of the wall-clock fields). In the hour the clocks go back, the earlier of the two instants.
 */
export const instantOfViennaWallClock = (wallClock: Date): Date =>
  new Date(wallClock.getTime() - viennaOffsetMs(new Date(wallClock.getTime() - 2 * HOUR_MS)));

/** What Vienna's clocks show at `instant`, as `YYYY-MM-DDTHH:MM` (a datetime-local value). */
export const viennaWallClockOf = (instant: Date): string =>
  new Date(instant.getTime() + viennaOffsetMs(instant)).toISOString().slice(0, 16);

/** The Vienna calendar date of an instant. */
export const viennaDate = (instant: Date): IsoDate =>
  new Date(instant.getTime() + viennaOffsetMs(instant)).toISOString().slice(0, 10) as IsoDate;

const dayNumber = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Whole calendar days from `from` to `to` (negative when `to` is in the past). DST cannot shift it. */
export const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round(dayNumber(to) - dayNumber(from));

/** `date` moved by `days` calendar days. */
export const addDays = (date: IsoDate, days: number): IsoDate =>
  new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10) as IsoDate;

/**
 * Calendar days in Europe/Vienna. The risk rules count whole days from the day of the call as the
 * caller lives it, so a call at 23:30 Vienna time belongs to that Vienna date even though it is
 * already the next day in UTC in summer. Intl carries the tz database, so no library is needed.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

export const VIENNA_TIME_ZONE = 'Europe/Vienna';

const viennaDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: VIENNA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in `YYYY-MM-DD` form (rejects 2026-02-30). */
export const isIsoDate = (value: string): value is IsoDate => {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/** The Vienna calendar date of an instant. */
export const viennaDate = (instant: Date): IsoDate => viennaDateFormat.format(instant) as IsoDate;

const dayNumber = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Whole calendar days from `from` to `to` (negative when `to` is in the past). DST cannot shift it. */
export const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round(dayNumber(to) - dayNumber(from));

/** `date` moved by `days` calendar days. */
export const addDays = (date: IsoDate, days: number): IsoDate =>
  new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10) as IsoDate;

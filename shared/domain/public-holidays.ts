import Holidays from 'date-holidays';
import { type ClosedDay, type OfficeHours, officeHoursWith } from './office-hours.ts';
import { addDays, type IsoDate } from './vienna-calendar.ts';

// The Austrian public holidays, for synth time and the local runtime only: date-holidays with its
// time-zone data is over a megabyte, so the Lambdas get the dates as configuration instead.

/** Connect allows at most 50 overrides per hours of operation (docs/amazon-connect.md, "CDK resources"). */
export const MAX_OVERRIDES = 50;

/**
 * Austrian statutory public holidays that Vienna observes, from `from` (inclusive) for `years`
 * years, from date-holidays (country AT, state 9 = Wien; type `public` only: 24 and 31 December
 * are not statutory holidays).
 */
export const austrianPublicHolidays = (from: IsoDate, years: number): ClosedDay[] => {
  const until = addDays(from, Math.round(years * 365.25));
  const startYear = Number(from.slice(0, 4));
  const days: ClosedDay[] = [];
  for (let year = startYear; year <= startYear + years; year++) {
    for (const day of publicHolidaysOf(year)) if (day.date >= from && day.date < until) days.push(day);
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
};

let calendar: Holidays | undefined;
const holidaysByYear = new Map<number, readonly ClosedDay[]>();

/**
 * One year's public holidays, computed once: date-holidays takes milliseconds a year, and the local
 * runtime asks for the hours of every day a replay spans.
 */
const publicHolidaysOf = (year: number): readonly ClosedDay[] => {
  let days = holidaysByYear.get(year);
  if (!days) {
    calendar ??= new Holidays('AT', '9');
    days = calendar
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => ({ date: holiday.date.slice(0, 10) as IsoDate, name: holiday.name }));
    holidaysByYear.set(year, days);
  }
  return days;
};

/**
 * How many years of public holidays a deploy puts into the hours: 13 a year in Vienna, so three years
 * are 39 of Connect's 50 overrides (four would not fit).
 *
 * Why the overrides are not renewed by a yearly schedule instead: the hours of operation belong to
 * the CloudFormation stack, so overrides a scheduled function added would be drift that the next
 * `cdk deploy` takes away again, and contact-events gets the same closed days as configuration
 * (OFFICE_CLOSED_DAYS) to tell calls after hours apart, which a schedule would have to rewrite too:
 * two sources of truth for one calendar. Connect's yearly recurrence of an override does not help
 * either: Easter Monday, Ascension, Whit Monday and Corpus Christi move every year. So every deploy
 * covers three years from its day, which leaves at least two years after any deploy within a year
 * of the last, and `hotline doctor` reports when the deployed hours cover less than the next twelve
 * months (holidayHorizon).
 */
export const HOLIDAY_YEARS = 3;

/** The last day the hours' closed days cover: after it, public holidays would be open days. */
export const holidayHorizon = (hours: OfficeHours): IsoDate | undefined => hours.closedDays.at(-1)?.date;

/** Mon–Fri 09:00–17:00 Vienna time, closed on the public holidays of the coming HOLIDAY_YEARS years. */
export const hotlineOfficeHours = (today: IsoDate): OfficeHours => {
  const closedDays = austrianPublicHolidays(today, HOLIDAY_YEARS);
  if (closedDays.length > MAX_OVERRIDES) {
    throw new RangeError(`${closedDays.length} holidays exceed Connect's override limit of ${MAX_OVERRIDES}`);
  }
  return officeHoursWith(closedDays);
};

import Holidays from 'date-holidays';
import { addDays, type IsoDate } from '../domain/vienna-calendar.ts';
import { type ClosedDay, type OfficeHours, officeHoursWith } from './office-hours.ts';

// The Austrian public holidays, for synth time and the local runtime only: date-holidays with its
// time-zone data is over a megabyte, so the Lambdas get the dates as configuration instead.

/** Connect allows at most 50 overrides per hours of operation (CONNECT.md §6). */
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

/** Mon–Fri 09:00–17:00 Vienna time, closed on the public holidays of the coming two years. */
export const hotlineOfficeHours = (today: IsoDate): OfficeHours => {
  const closedDays = austrianPublicHolidays(today, 2);
  if (closedDays.length > MAX_OVERRIDES) {
    throw new RangeError(`${closedDays.length} holidays exceed Connect's override limit of ${MAX_OVERRIDES}`);
  }
  return officeHoursWith(closedDays);
};

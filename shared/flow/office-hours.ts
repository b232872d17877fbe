import Holidays from 'date-holidays';
import {
  addDays,
  type IsoDate,
  VIENNA_TIME_ZONE,
  viennaDate,
  viennaOffsetMs,
} from '../domain/vienna-calendar.ts';

/**
 * The hotline's opening hours, defined once: CDK deploys them as the Connect hours of operation
 * (with the public holidays as overrides) and the local flow interpreter checks calls against the
 * very same definition.
 */
export const WEEKDAYS = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ClockTime {
  readonly hours: number;
  readonly minutes: number;
}

export interface OpeningSlot {
  readonly day: Weekday;
  readonly start: ClockTime;
  /** Exclusive: a call at 17:00 is outside 09:00–17:00. */
  readonly end: ClockTime;
}

export interface ClosedDay {
  readonly date: IsoDate;
  readonly name: string;
}

export interface OfficeHours {
  readonly name: string;
  readonly description: string;
  readonly timeZone: typeof VIENNA_TIME_ZONE;
  readonly weekly: readonly OpeningSlot[];
  /** Public holidays on which the hotline stays closed. */
  readonly closedDays: readonly ClosedDay[];
}

const NINE = { hours: 9, minutes: 0 };
const FIVE_PM = { hours: 17, minutes: 0 };

/** Connect allows at most 50 overrides per hours of operation (CONNECT.md §6). */
export const MAX_OVERRIDES = 50;

/**
 * Austrian statutory public holidays that Vienna observes, from `from` (inclusive) for `years`
 * years, from date-holidays (country AT, state 9 = Wien; type `public` only: 24 and 31 December
 * are not statutory holidays).
 */
export const austrianPublicHolidays = (from: IsoDate, years: number): ClosedDay[] => {
  const calendar = new Holidays('AT', '9');
  const until = addDays(from, Math.round(years * 365.25));
  const startYear = Number(from.slice(0, 4));
  const days: ClosedDay[] = [];
  for (let year = startYear; year <= startYear + years; year++) {
    for (const holiday of calendar.getHolidays(year)) {
      const date = holiday.date.slice(0, 10) as IsoDate;
      if (holiday.type === 'public' && date >= from && date < until) days.push({ date, name: holiday.name });
    }
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
};

/** Mon–Fri 09:00–17:00 Vienna time, closed on the public holidays of the coming two years. */
export const hotlineOfficeHours = (today: IsoDate): OfficeHours => {
  const closedDays = austrianPublicHolidays(today, 2);
  if (closedDays.length > MAX_OVERRIDES)
    throw new RangeError(`${closedDays.length} holidays exceed Connect's override limit`);
  return {
    name: 'hotline-office-hours',
    description: 'Montag bis Freitag 9 bis 17 Uhr, an Feiertagen geschlossen',
    timeZone: VIENNA_TIME_ZONE,
    weekly: (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
      day,
      start: NINE,
      end: FIVE_PM,
    })),
    closedDays,
  };
};

const minutesOf = (time: ClockTime) => time.hours * 60 + time.minutes;

/** Whether the hotline is open at `instant`, as Connect's CheckHoursOfOperation decides it. */
export const isOpen = (hours: OfficeHours, instant: Date): boolean => {
  const date = viennaDate(instant);
  if (hours.closedDays.some((day) => day.date === date)) return false;
  const wall = new Date(instant.getTime() + viennaOffsetMs(instant));
  const day = WEEKDAYS[wall.getUTCDay()];
  const minute = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  return hours.weekly.some(
    (slot) => slot.day === day && minute >= minutesOf(slot.start) && minute < minutesOf(slot.end),
  );
};

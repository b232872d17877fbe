import { type IsoDate, isIsoDate, VIENNA_TIME_ZONE, viennaDate, viennaOffsetMs } from './vienna-calendar.ts';

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

/** The weekly hours with `closedDays` as the days on which the hotline stays closed. */
export const officeHoursWith = (closedDays: readonly ClosedDay[]): OfficeHours => ({
  name: 'hotline-office-hours',
  description: 'Montag bis Freitag 9 bis 17 Uhr, an Feiertagen geschlossen',
  timeZone: VIENNA_TIME_ZONE,
  weekly: (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
    day,
    start: NINE,
    end: FIVE_PM,
  })),
  closedDays,
});

/**
 * The closed days as configuration carries them into a Lambda (`2026-12-08,2026-12-25,…`): CDK
 * computes the holidays at synth, so no function loads a holiday calendar at run time.
 */
export const formatClosedDays = (days: readonly ClosedDay[]): string => days.map((day) => day.date).join(',');

export const parseClosedDays = (value: string): ClosedDay[] =>
  value
    .split(',')
    .map((date) => date.trim())
    .filter((date): date is IsoDate => isIsoDate(date))
    .map((date) => ({ date, name: 'Feiertag' }));

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

const QUARTER_HOUR_MS = 15 * 60_000;
/** Further ahead than any run of closed days (a weekend around Christmas and New Year). */
const SEARCH_DAYS = 14;

/**
 * The first quarter hour from `instant` at which the hotline is open (`instant` itself when open),
 * or undefined when it stays closed for SEARCH_DAYS: when Connect offers a queued callback asked for
 * after hours, since the agents' queues follow these hours.
 */
export const nextOpening = (hours: OfficeHours, instant: Date): Date | undefined => {
  if (isOpen(hours, instant)) return instant;
  const first = Math.ceil(instant.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  for (let at = first; at < instant.getTime() + SEARCH_DAYS * 86_400_000; at += QUARTER_HOUR_MS) {
    if (isOpen(hours, new Date(at))) return new Date(at);
  }
  return undefined;
};

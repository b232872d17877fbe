// The values the command line takes, each read one strict way: a misreading (12 February for
// 02.12.2026, the machine's zone for a time without offset) is refused or read as Vienna time, never
// guessed. The Vienna arithmetic is the domain's, as on the simulator page (web/src/shell/vienna-time.ts).
import { type IsoDate, instantOfViennaWallClock, isIsoDate } from '../shared/domain/vienna-calendar.ts';
import { callerIdOf, InvalidCallError } from './call-simulator.ts';
import { UsageError } from './usage.ts';

/** `2026-12-02T10:00`, seconds and fraction optional, then `Z`, `±HH:MM` or nothing (Vienna time). */
const ISO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-](\d{2}):(\d{2}))?$/;
/** A day as Germans write it, `02.12.2026` or `2.12.26`: the notation read as 12 February elsewhere. */
const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})/;
const ISO_DAY_PREFIX = /^(\d{4}-\d{2}-\d{2})/;

const EXAMPLE_DAY = '2026-12-02';

/** The ISO day a German date stands for, for the example in the message; undefined if not a day. */
const isoDayOfGerman = (value: string): IsoDate | undefined => {
  const match = GERMAN_DATE.exec(value);
  if (!match) return undefined;
  const [, day = '', month = '', year = ''] = match;
  const iso = `${year.length === 2 ? `20${year}` : year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
};

/**
 * `--at`: an ISO-8601 date and time. With `Z` or an offset it is that instant; without, it is what
 * Vienna's clocks show (Europe/Vienna, summer time included), as the simulator page reads its field.
 * A date alone, a German date or anything else is refused with an example.
 */
export const parseCallInstant = (value: string, option = '--at'): Date => {
  const example = (day: string) => `write ${day}T10:00 (Vienna time) or ${day}T10:00+01:00 (with the offset)`;
  const match = ISO_DATE_TIME.exec(value);
  if (!match) {
    const german = isoDayOfGerman(value);
    if (german)
      throw new UsageError(`${option} takes ISO-8601, year first, got "${value}": ${example(german)}`);
    const day = ISO_DAY_PREFIX.exec(value)?.[1];
    if (day && value === day)
      throw new UsageError(`${option} needs a time as well as the date, got "${value}": ${example(day)}`);
    throw new UsageError(
      `${option} must be an ISO-8601 date and time, got "${value}": ${example(day && isIsoDate(day) ? day : EXAMPLE_DAY)}`,
    );
  }
  const [
    ,
    day = '',
    hour = '',
    minute = '',
    second = '00',
    fraction = '0',
    offset,
    offsetHours,
    offsetMinutes,
  ] = match;
  if (
    !isIsoDate(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59 ||
    Number(offsetHours ?? 0) > 14 ||
    Number(offsetMinutes ?? 0) > 59
  )
    throw new UsageError(`${option} is not a real date and time, got "${value}": ${example(EXAMPLE_DAY)}`);
  const wallClock = new Date(`${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0')}${offset ?? 'Z'}`);
  return offset === undefined ? instantOfViennaWallClock(wallClock) : wallClock;
};

/**
 * A calendar day in Vienna (`--from`, `--to` of metrics, replay and audit): `YYYY-MM-DD` only. A
 * German date or a date with a time is refused with the day to write instead.
 */
/**
 * A caller number option (`call --from`, `run-flow --from`) by the simulator's own rule
 * (callerIdOf), so a wrong number is said before anything starts: E.164, or `anonymous`.
 */
export const parseCallerNumberOption = (from: string, option = '--from'): string => {
  try {
    return callerIdOf(from, option);
  } catch (error) {
    if (error instanceof InvalidCallError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
};

export const parseCalendarDay = (value: string, option: string): IsoDate => {
  if (isIsoDate(value)) return value;
  const german = isoDayOfGerman(value);
  if (german)
    throw new UsageError(
      `${option} takes a calendar day YYYY-MM-DD (Vienna), year first, got "${value}": write ${german}`,
    );
  const day = ISO_DAY_PREFIX.exec(value)?.[1];
  if (day && isIsoDate(day))
    throw new UsageError(
      `${option} takes a calendar day YYYY-MM-DD (Vienna), not a time, got "${value}": write ${day}`,
    );
  throw new UsageError(
    `${option} must be a calendar day YYYY-MM-DD (Vienna), got "${value}": write e.g. ${EXAMPLE_DAY}`,
  );
};

/** A whole number written in digits only (a plain `Number()` would take `''`, `1e3`, `0x10` and `-5`). */
export const parseWholeNumber = (value: string, option: string, min: number, max: number): number => {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max)
    throw new UsageError(
      `${option} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}, got "${value}"`,
    );
  return parsed;
};

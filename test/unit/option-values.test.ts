import { describe, expect, it } from 'vitest';
import { SimulatedCallRequest } from '../../local/call-simulator.ts';
import { parseCalendarDay, parseCallInstant, parseWholeNumber } from '../../local/option-values.ts';
import { UsageError } from '../../local/usage.ts';

describe('--at: ISO-8601 only, Vienna time without an offset', () => {
  it.each([
    ['2026-12-02T10:00', '2026-12-02T09:00:00.000Z'], // winter: UTC+1
    ['2026-07-02T10:00', '2026-07-02T08:00:00.000Z'], // summer: UTC+2
    ['2026-12-02T10:00:30', '2026-12-02T09:00:30.000Z'],
    ['2026-03-29T03:00', '2026-03-29T01:00:00.000Z'], // the first summer-time hour
    ['2026-10-25T01:30', '2026-10-24T23:30:00.000Z'], // the last summer-time night
  ])('reads %s as Vienna wall-clock time: %s', (value, instant) => {
    expect(parseCallInstant(value).toISOString()).toBe(instant);
  });

  it.each([
    ['2026-12-02T10:00Z', '2026-12-02T10:00:00.000Z'],
    ['2026-12-02T10:00:00+01:00', '2026-12-02T09:00:00.000Z'],
    ['2026-07-02T10:00-04:00', '2026-07-02T14:00:00.000Z'],
    ['2026-12-02T10:00:00.250Z', '2026-12-02T10:00:00.250Z'],
  ])('takes %s with its offset as that instant', (value, instant) => {
    expect(parseCallInstant(value).toISOString()).toBe(instant);
  });

  it('refuses a German date, with the ISO time it stands for as the example', () => {
    expect(() => parseCallInstant('02.12.2026')).toThrow(
      new UsageError(
        '--at takes ISO-8601, year first, got "02.12.2026": write 2026-12-02T10:00 (Vienna time) or 2026-12-02T10:00+01:00 (with the offset)',
      ),
    );
  });

  it('refuses a date alone, with that date and a time as the example', () => {
    expect(() => parseCallInstant('2026-12-02')).toThrow(
      new UsageError(
        '--at needs a time as well as the date, got "2026-12-02": write 2026-12-02T10:00 (Vienna time) or 2026-12-02T10:00+01:00 (with the offset)',
      ),
    );
  });

  it.each([
    'yesterday',
    '2026-12-02 10:00',
    '2026-12-02T10',
    '2026-02-30T10:00',
    '2026-12-02T24:00',
    '2026-12-02T10:60',
    '2026-12-02T10:00+15:00',
    '1733130000',
    '',
  ])('refuses %j with one line naming ISO-8601 or the real date', (value) => {
    expect(() => parseCallInstant(value)).toThrow(UsageError);
    expect(() => parseCallInstant(value)).toThrow(
      /^--at (must be an ISO-8601 date and time|is not a real date)/,
    );
  });
});

describe('a calendar day (metrics, replay and audit --from/--to)', () => {
  it('takes YYYY-MM-DD', () => {
    expect(parseCalendarDay('2026-12-02', '--from')).toBe('2026-12-02');
  });

  it.each([
    [
      '02.12.2026',
      '--from takes a calendar day YYYY-MM-DD (Vienna), year first, got "02.12.2026": write 2026-12-02',
    ],
    [
      '2.12.26',
      '--from takes a calendar day YYYY-MM-DD (Vienna), year first, got "2.12.26": write 2026-12-02',
    ],
    [
      '2026-12-02T10:00',
      '--from takes a calendar day YYYY-MM-DD (Vienna), not a time, got "2026-12-02T10:00": write 2026-12-02',
    ],
    [
      '2026-02-30',
      '--from must be a calendar day YYYY-MM-DD (Vienna), got "2026-02-30": write e.g. 2026-12-02',
    ],
    [
      '12/02/2026',
      '--from must be a calendar day YYYY-MM-DD (Vienna), got "12/02/2026": write e.g. 2026-12-02',
    ],
  ])('refuses %j: %s', (value, message) => {
    expect(() => parseCalendarDay(value, '--from')).toThrow(new UsageError(message));
  });
});

describe('whole numbers', () => {
  it('takes digits within the range', () => {
    expect(parseWholeNumber('3000', '--port', 0, 65_535)).toBe(3000);
  });

  it.each(['-1', '1e3', '0x10', '', ' 80', '65536', '3.5'])('refuses %j', (value) => {
    expect(() => parseWholeNumber(value, '--port', 0, 65_535)).toThrow(
      new UsageError(`--port must be a whole number from 0 to 65,535, got "${value}"`),
    );
  });
});

describe("the simulator's call request reads `at` by the same rule as --at", () => {
  it('takes an instant, and Vienna time without an offset, and refuses a German date', () => {
    const parse = (at: unknown) => SimulatedCallRequest.safeParse({ from: 'anonymous', at });
    expect(parse('2026-12-02T10:00').data?.at).toEqual(new Date('2026-12-02T09:00:00Z'));
    expect(parse('2026-12-02T09:00:00.000Z').data?.at).toEqual(new Date('2026-12-02T09:00:00Z'));
    expect(parse(new Date('2026-12-02T09:00:00Z')).data?.at).toEqual(new Date('2026-12-02T09:00:00Z'));
    // A bare Date would read this as 12 February.
    const german = parse('02.12.2026');
    expect(german.success).toBe(false);
    expect(german.error?.issues[0]?.message).toContain('year first');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { E164 } from '../../shared/domain/phone.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../shared/domain/risk.ts';
import type { EvictionCase } from '../../shared/domain/tenancy.ts';
import {
  addDays,
  daysBetween,
  type IsoDate,
  instantOfViennaWallClock,
  isIsoDate,
  viennaDate,
  viennaWallClockOf,
} from '../../shared/domain/vienna-calendar.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import type { EnquiryLog } from '../../shared/ports/enquiry-log.ts';
import type { TenancyDirectory } from '../../shared/ports/tenancy-directory.ts';
import { makeIdentifyCaller } from '../../shared/use-cases/identify-caller.ts';
import { aListedTenancyFile } from '../fixtures/tenancy-files.ts';

const d = (value: string) => value as IsoDate;

describe('viennaDate', () => {
  it.each([
    ['2026-07-15T21:30:00Z', '2026-07-15', '23:30 summer time'],
    ['2026-07-15T22:30:00Z', '2026-07-16', '00:30 summer time, still the 15th in UTC'],
    ['2026-01-15T22:30:00Z', '2026-01-15', '23:30 winter time'],
    ['2026-01-15T23:30:00Z', '2026-01-16', '00:30 winter time, still the 15th in UTC'],
    ['2026-03-29T00:59:59Z', '2026-03-29', '01:59:59 just before clocks go forward'],
    ['2026-03-29T01:00:00Z', '2026-03-29', '03:00 just after clocks go forward'],
    ['2026-10-25T00:30:00Z', '2026-10-25', 'the first 02:30 of the autumn change'],
    ['2026-10-25T01:30:00Z', '2026-10-25', 'the second 02:30 of the autumn change'],
    ['2026-10-25T22:59:59Z', '2026-10-25', '23:59:59 at the end of the 25-hour day'],
    ['2026-10-25T23:00:00Z', '2026-10-26', 'midnight after the 25-hour day'],
    ['2026-12-31T23:00:00Z', '2027-01-01', 'New Year in Vienna, still 2026 in UTC'],
  ])('dates %s as %s (%s)', (instant, expected) => {
    // Act
    const date = viennaDate(new Date(instant));
    // Assess
    expect(date).toBe(expected);
  });

  describe('on a host in another time zone', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('still answers the Vienna date', () => {
      // Prepare: a host 14 hours ahead of UTC, where 21:30Z is already the next day
      vi.stubEnv('TZ', 'Pacific/Kiritimati');
      const instant = new Date('2026-07-15T21:30:00Z');
      expect(instant.getDate()).toBe(16); // the host zone really is ahead
      // Act
      const date = viennaDate(instant);
      // Assess
      expect(date).toBe('2026-07-15');
    });
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-03-28', '2026-03-30', 2, 'over the 23-hour day of March 2026'],
    ['2026-10-24', '2026-10-26', 2, 'over the 25-hour day of October 2026'],
    ['2027-03-27', '2027-03-29', 2, 'over the 23-hour day of March 2027'],
    ['2027-10-30', '2027-11-01', 2, 'over the 25-hour day of October 2027'],
    ['2026-03-15', '2026-03-29', 14, 'up to the day the clocks change'],
    ['2026-12-25', '2027-01-08', 14, 'over New Year'],
    ['2028-02-28', '2028-03-01', 2, 'over a leap day'],
    ['2027-02-28', '2027-03-01', 1, 'in a common year'],
    ['2026-11-25', '2026-11-25', 0, 'on the same day'],
    ['2026-11-25', '2026-11-24', -1, 'to yesterday'],
  ])('counts %s to %s as %i days (%s)', (from, to, expected) => {
    // Act
    const days = daysBetween(d(from), d(to));
    // Assess
    expect(days).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-03-15', 14, '2026-03-29'],
    ['2026-10-11', 14, '2026-10-25'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('moves %s by %i days to %s', (from, days, expected) => {
    // Act
    const date = addDays(d(from), days);
    // Assess
    expect(date).toBe(expected);
  });
});

describe('isIsoDate', () => {
  it.each(['2026-11-25', '2028-02-29', '2026-12-31'])('accepts %s', (value) => {
    // Assess
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-3-1',
    '25.11.2026',
    '2026-11-25T00:00:00Z',
    '',
  ])('rejects %j', (value) => {
    // Assess
    expect(isIsoDate(value)).toBe(false);
  });
});

/**
 * The risk rules count calendar days in Vienna from the day of the call. These go through the use case
 * with a fixed clock, as a call at that instant would.
 */
describe('identify-caller counts Vienna calendar days', () => {
  const riskAt = async (instant: string, openCase: Partial<EvictionCase>) => {
    const file = aListedTenancyFile({
      cases: [{ status: 'open', stage: 'arrears', monthsInArrears: 0, ...openCase }],
    });
    const directory: TenancyDirectory = {
      findByPhone: async () => [file],
      findByTenancyId: async () => file,
    };
    const enquiries: EnquiryLog = { logEnquiry: async () => ({ firstForContact: true }) };
    const identifyCaller = makeIdentifyCaller({
      directory,
      enquiries,
      clock: fixedClock(instant),
      thresholds: DEFAULT_RISK_THRESHOLDS,
      budgetMs: 1000,
    });
    const identification = await identifyCaller({
      contactId: 'c-1',
      initialContactId: 'c-1',
      channel: 'VOICE',
      mode: 'phone',
      callerNumber: '+436641234567' as E164, // the fixture's number: the directory answers any
    });
    expect(identification.status).toBe('found');
    return identification.risk;
  };

  // [what, instant (UTC), eviction 14 Vienna days ahead, eviction 15 Vienna days ahead]
  const calls: readonly (readonly [string, string, string, string])[] = [
    ['23:30 Vienna summer time', '2026-07-15T21:30:00Z', '2026-07-29', '2026-07-30'],
    ['00:30 Vienna summer time (previous day in UTC)', '2026-07-15T22:30:00Z', '2026-07-30', '2026-07-31'],
    ['23:30 Vienna winter time', '2026-01-15T22:30:00Z', '2026-01-29', '2026-01-30'],
    ['00:30 Vienna winter time (previous day in UTC)', '2026-01-15T23:30:00Z', '2026-01-30', '2026-01-31'],
    ['noon, 14 days before the March 2026 change', '2026-03-15T11:00:00Z', '2026-03-29', '2026-03-30'],
    ['noon, the day before the March 2026 change', '2026-03-28T11:00:00Z', '2026-04-11', '2026-04-12'],
    ['00:30 on the March 2026 change day', '2026-03-28T23:30:00Z', '2026-04-12', '2026-04-13'],
    ['23:30 on the March 2026 change day', '2026-03-29T21:30:00Z', '2026-04-12', '2026-04-13'],
    ['noon, 14 days before the October 2026 change', '2026-10-11T10:00:00Z', '2026-10-25', '2026-10-26'],
    ['23:30 the day before the October 2026 change', '2026-10-24T21:30:00Z', '2026-11-07', '2026-11-08'],
    ['00:30 on the October 2026 change day', '2026-10-24T22:30:00Z', '2026-11-08', '2026-11-09'],
    ['the second 02:30 of October 2026', '2026-10-25T01:30:00Z', '2026-11-08', '2026-11-09'],
    ['23:30 on the October 2026 change day', '2026-10-25T22:30:00Z', '2026-11-08', '2026-11-09'],
    ['23:30 the day before the March 2027 change', '2027-03-27T22:30:00Z', '2027-04-10', '2027-04-11'],
    ['00:30 on the March 2027 change day', '2027-03-27T23:30:00Z', '2027-04-11', '2027-04-12'],
    ['00:30 on the October 2027 change day', '2027-10-30T22:30:00Z', '2027-11-14', '2027-11-15'],
    ['23:30 on the October 2027 change day', '2027-10-31T22:30:00Z', '2027-11-14', '2027-11-15'],
  ];

  it.each(calls)('at %s (%s), an eviction on %s is critical', async (_what, instant, fourteen) => {
    // Act
    const risk = await riskAt(instant, { evictionDate: d(fourteen) });
    // Assess
    expect(risk).toEqual({ level: 'critical', reasons: ['eviction_imminent'] });
  });

  it.each(calls)(
    'at %s (%s), an eviction after %s, on %s, is not critical',
    async (_what, instant, _fourteen, fifteen) => {
      // Act
      const risk = await riskAt(instant, { evictionDate: d(fifteen) });
      // Assess
      expect(risk).toEqual({ level: 'normal', reasons: [] });
    },
  );

  it.each([
    ['00:30 Vienna summer time', '2026-07-15T22:30:00Z', '2026-07-16'],
    ['00:30 on the October 2026 change day', '2026-10-24T22:30:00Z', '2026-10-25'],
    ['00:30 on the March 2027 change day', '2027-03-27T23:30:00Z', '2027-03-28'],
  ])('at %s (%s), an eviction on the Vienna date %s counts as today', async (_what, instant, today) => {
    // Act
    const risk = await riskAt(instant, { evictionDate: d(today) });
    // Assess
    expect(risk.level).toBe('critical');
  });

  it.each([
    ['23:30 Vienna summer time', '2026-07-15T21:30:00Z', '2026-07-14'],
    ['23:30 on the October 2026 change day', '2026-10-25T22:30:00Z', '2026-10-24'],
  ])('at %s (%s), an eviction on %s is past, not critical', async (_what, instant, yesterday) => {
    // Act
    const risk = await riskAt(instant, { evictionDate: d(yesterday) });
    // Assess
    expect(risk.level).toBe('normal');
  });

  it.each([
    ['00:30 on the March 2026 change day', '2026-03-28T23:30:00Z', '2026-04-05', '2026-04-06'],
    ['23:30 on the October 2026 change day', '2026-10-25T22:30:00Z', '2026-11-01', '2026-11-02'],
    ['23:30 on the October 2027 change day', '2027-10-31T22:30:00Z', '2027-11-07', '2027-11-08'],
  ])('at %s (%s), a hearing on %s is critical and one on %s is not', async (_what, instant, seven, eight) => {
    // Act
    const atSeven = await riskAt(instant, { courtHearingDate: d(seven) });
    const atEight = await riskAt(instant, { courtHearingDate: d(eight) });
    // Assess
    expect(atSeven.level).toBe('critical');
    expect(atEight.level).toBe('normal');
  });
});

describe('Vienna wall-clock times', () => {
  it.each([
    ['winter', '2026-12-02T10:00', '2026-12-02T09:00:00.000Z'],
    ['summer', '2026-07-01T10:00', '2026-07-01T08:00:00.000Z'],
    ['the hour after clocks go forward', '2026-03-29T03:30', '2026-03-29T01:30:00.000Z'],
    [
      'the repeated hour when clocks go back: the earlier instant',
      '2026-10-25T02:30',
      '2026-10-25T00:30:00.000Z',
    ],
    ['the hour after clocks go back', '2026-10-25T03:30', '2026-10-25T02:30:00.000Z'],
  ])('reads %s as the instant Vienna shows it', (_, wallClock, instant) => {
    // Act
    const read = instantOfViennaWallClock(new Date(`${wallClock}:00Z`));
    // Assess: and back again
    expect(read.toISOString()).toBe(instant);
    expect(viennaWallClockOf(read)).toBe(wallClock);
  });
});

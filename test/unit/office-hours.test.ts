import { describe, expect, it } from 'vitest';
import { nextOpening } from '../../shared/domain/office-hours.ts';
import {
  HOLIDAY_YEARS,
  holidayHorizon,
  hotlineOfficeHours,
  MAX_OVERRIDES,
} from '../../shared/domain/public-holidays.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';

const hours = hotlineOfficeHours('2026-11-25' as IsoDate);

describe('the public holidays a deploy puts into the hours', () => {
  it('cover three years, within Connect’s 50 overrides, and say how far they reach', () => {
    expect(HOLIDAY_YEARS).toBe(3);
    expect(hours.closedDays.length).toBeLessThanOrEqual(MAX_OVERRIDES);
    expect(hours.closedDays.map((day) => day.date)).toContain('2029-05-01');
    expect(holidayHorizon(hours)).toBe('2029-11-01');
  });
});

describe('nextOpening', () => {
  it('is the instant itself while open', () => {
    const at = new Date('2026-11-25T10:00:00+01:00');
    expect(nextOpening(hours, at)).toEqual(at);
  });

  it('is 09:00 of the next working day after the evening, over a weekend and a public holiday', () => {
    // Friday 4 December 2026, 18:30; Tuesday 8 December is Mariä Empfängnis
    expect(nextOpening(hours, new Date('2026-12-04T18:30:00+01:00'))).toEqual(
      new Date('2026-12-07T09:00:00+01:00'),
    );
    expect(nextOpening(hours, new Date('2026-12-07T17:10:00+01:00'))).toEqual(
      new Date('2026-12-09T09:00:00+01:00'),
    );
  });
});

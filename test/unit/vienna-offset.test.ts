import { describe, expect, it } from 'vitest';
import { VIENNA_TIME_ZONE, viennaDate, viennaOffsetMs } from '../../shared/domain/vienna-calendar.ts';

/** The tz database's wall-clock time in Vienna, `YYYY-MM-DD HH:mm`. */
const tzWallClock = (() => {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: VIENNA_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (instant: Date) => {
    const part = (type: string) => format.formatToParts(instant).find((p) => p.type === type)?.value;
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
  };
})();

const ourWallClock = (instant: Date) =>
  new Date(instant.getTime() + viennaOffsetMs(instant)).toISOString().slice(0, 16).replace('T', ' ');

describe('the hand-written Vienna offset', () => {
  it('shows the same wall-clock time as the tz database for every quarter hour of 2025 to 2030', () => {
    // Prepare: every 15 minutes, so each daylight-saving switch (01:00 UTC) is hit on both sides.
    const mismatches: string[] = [];
    // Act
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2031, 0, 1); t += 15 * 60_000) {
      const instant = new Date(t);
      if (ourWallClock(instant) !== tzWallClock(instant)) mismatches.push(instant.toISOString());
    }
    // Assess
    expect(mismatches).toEqual([]);
  });

  it('takes the calendar date from that wall clock', () => {
    expect(viennaDate(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29');
    expect(viennaDate(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
    expect(viennaDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});

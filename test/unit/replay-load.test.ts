import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../local/demo/demo-data.ts';
import { seededRandom } from '../../local/demo/random.ts';
import { type CallerPool, callerPoolOf } from '../../local/replay/callers.ts';
import { handleSeconds, MEDIAN_HANDLE_SECONDS } from '../../local/replay/queue-model.ts';
import { calendarYear, type ScheduledCall, scheduleCalls } from '../../local/replay/schedule.ts';
import { DEMO_SEED, DEMO_TENANCIES } from '../../local/seed.ts';
import type { OfficeHours } from '../../shared/domain/office-hours.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import { type IsoDate, viennaDate } from '../../shared/domain/vienna-calendar.ts';

/** A replayed year looks like one: handle times and waits vary, and their averages move with the load. */
const PERIOD = calendarYear(2026);
const CALLS = 12_000;

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

describe('the load of a replayed year', () => {
  let hours: OfficeHours;
  let pool: CallerPool;
  let calls: ScheduledCall[];

  beforeAll(() => {
    // Prepare
    hours = hotlineOfficeHours(PERIOD.from);
    pool = callerPoolOf(
      generateDemoData({ seed: DEMO_SEED, today: '2027-01-01' as IsoDate, tenancies: DEMO_TENANCIES }).files,
    );
    // Act
    calls = scheduleCalls({ calls: CALLS, seed: 42, period: PERIOD, hours, pool });
  });

  /** Per month (`YYYY-MM`): calls, and the mean handle time and wait of the answered ones. */
  const byMonth = () => {
    const months = new Map<string, ScheduledCall[]>();
    for (const call of calls) {
      const month = viennaDate(call.at).slice(0, 7);
      months.set(month, [...(months.get(month) ?? []), call]);
    }
    return [...months].map(([month, inMonth]) => {
      const answered = inMonth.filter((call) => call.handleSeconds !== null);
      return {
        month,
        calls: inMonth.length,
        handle: mean(answered.map((call) => call.handleSeconds ?? 0)),
        wait: mean(answered.map((call) => call.queue?.waitSeconds ?? 0)),
      };
    });
  };

  it('gives answered calls, and only those, a handle time of their own', () => {
    const answered = calls.filter((call) => call.queue?.answered === true);
    expect(calls.filter((call) => call.handleSeconds !== null)).toEqual(answered);
    const times = answered.map((call) => call.handleSeconds ?? 0);
    expect(new Set(times).size).toBeGreaterThan(500);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(60);
    // Log-normal: skewed to the right, the mean above the median.
    expect(mean(times)).toBeGreaterThan(median(times) * 1.05);
  });

  it('makes a busy month (January) wait longer and talk shorter than a quiet one (August)', () => {
    const months = byMonth();
    const busiest = months.find((month) => month.month === '2026-01');
    const quietest = months.find((month) => month.month === '2026-08');
    expect(busiest?.calls).toBeGreaterThan(1.3 * (quietest?.calls ?? Number.POSITIVE_INFINITY));
    expect(busiest?.wait).toBeGreaterThan(1.3 * (quietest?.wait ?? Number.POSITIVE_INFINITY));
    expect(busiest?.handle).toBeLessThan(quietest?.handle ?? 0);
    // No month has the constant six minutes of the simulator's default.
    expect(months.filter((month) => Math.round(month.handle) === 360)).toEqual([]);
  });

  it('talks longer with urgent callers, and shorter the busier the hour', () => {
    const draws = (load: number, urgent: boolean) => {
      const random = seededRandom(5);
      return median(Array.from({ length: 3000 }, () => handleSeconds(random, { load, urgent })));
    };
    expect(draws(1, false)).toBeGreaterThan(0.9 * MEDIAN_HANDLE_SECONDS);
    expect(draws(1, false)).toBeLessThan(1.1 * MEDIAN_HANDLE_SECONDS);
    expect(draws(1, true)).toBeGreaterThan(1.4 * draws(1, false));
    expect(draws(3, false)).toBeLessThan(draws(1, false));
    expect(draws(0.5, false)).toBeGreaterThan(draws(1, false));
  });

  it('is the same year for the same seed, handle times included, and another for another seed', () => {
    const again = scheduleCalls({ calls: 2000, seed: 42, period: PERIOD, hours, pool });
    expect(scheduleCalls({ calls: 2000, seed: 42, period: PERIOD, hours, pool })).toEqual(again);
    const other = scheduleCalls({ calls: 2000, seed: 43, period: PERIOD, hours, pool });
    expect(other.map((call) => call.handleSeconds)).not.toEqual(again.map((call) => call.handleSeconds));
  });
});

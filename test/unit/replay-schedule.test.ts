import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../local/demo/demo-data.ts';
import { seededRandom } from '../../local/demo/random.ts';
import { viennaWallClock, weekdayOf } from '../../local/replay/arrivals.ts';
import { type CallerPool, callerPoolOf } from '../../local/replay/callers.ts';
import { queueExperience } from '../../local/replay/queue-model.ts';
import {
  calendarYear,
  type ScheduledCall,
  scheduleCalls,
  yearEndingOn,
  yearEndingYesterday,
} from '../../local/replay/schedule.ts';
import { DEMO_SEED, DEMO_TENANCIES } from '../../local/seed.ts';
import { isOpen, type OfficeHours } from '../../shared/domain/office-hours.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { viennaDate, viennaOffsetMs } from '../../shared/domain/vienna-calendar.ts';

const TODAY = '2026-11-25' as IsoDate;
const PERIOD = yearEndingYesterday(TODAY);
const CALLS = 10_000;

/** Vienna wall-clock hour and weekday of an instant. */
const wallClock = (at: Date) => {
  const wall = new Date(at.getTime() + viennaOffsetMs(at));
  return { hour: wall.getUTCHours(), weekday: weekdayOf(viennaDate(at)) };
};

const share = (part: number, whole: number) => part / whole;

describe('the schedule of a replayed year', () => {
  let hours: OfficeHours;
  let pool: CallerPool;
  let calls: ScheduledCall[];

  beforeAll(() => {
    // Prepare: the demo read model `npm start` seeds, and the hotline's hours over the year.
    hours = hotlineOfficeHours(PERIOD.from);
    pool = callerPoolOf(generateDemoData({ seed: DEMO_SEED, today: TODAY, tenancies: DEMO_TENANCIES }).files);
    // Act
    calls = scheduleCalls({ calls: CALLS, seed: 42, period: PERIOD, hours, pool });
  });

  it('covers the twelve months that end yesterday', () => {
    expect(PERIOD).toEqual({ from: '2025-11-25', to: '2026-11-24' });
  });

  it('places exactly the calls asked for, in time order, inside the period', () => {
    expect(calls).toHaveLength(CALLS);
    expect(calls.map((call) => call.index)).toEqual(calls.map((_, i) => i));
    const times = calls.map((call) => call.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(viennaDate(calls[0]?.at ?? new Date(0)) >= PERIOD.from).toBe(true);
    expect(viennaDate(calls.at(-1)?.at ?? new Date(0)) <= PERIOD.to).toBe(true);
  });

  it('puts most calls inside the opening hours and routes the rest to the closed branch', () => {
    const inside = calls.filter((call) => isOpen(hours, call.at));
    expect(share(inside.length, CALLS)).toBeGreaterThan(0.85);
    expect(share(inside.length, CALLS)).toBeLessThan(0.92);
    for (const call of calls) {
      expect(call.expected.result === 'queued').toBe(isOpen(hours, call.at));
    }
  });

  it('gives a public holiday only the calls of a closed day', () => {
    const holidays = new Set(hours.closedDays.map((day) => day.date));
    const onWeekdayHolidays = calls.filter((call) => {
      const day = viennaDate(call.at);
      const weekday = weekdayOf(day);
      return holidays.has(day) && weekday !== 'SATURDAY' && weekday !== 'SUNDAY';
    });
    const weekdayHolidays = new Set(onWeekdayHolidays.map((call) => viennaDate(call.at))).size;
    const openDays = new Set(
      calls.filter((call) => isOpen(hours, call.at)).map((call) => viennaDate(call.at)),
    );
    expect(weekdayHolidays).toBeGreaterThan(0);
    expect(onWeekdayHolidays.every((call) => call.expected.result !== 'queued')).toBe(true);
    const perHoliday = onWeekdayHolidays.length / weekdayHolidays;
    const perOpenDay = calls.filter((call) => isOpen(hours, call.at)).length / openDays.size;
    expect(perHoliday).toBeLessThan(perOpenDay / 5);
  });

  it('peaks on Monday morning and thins out over the week', () => {
    const open = calls.filter((call) => isOpen(hours, call.at));
    const perHourOfWeek = new Map<string, number>();
    for (const call of open) {
      const { weekday, hour } = wallClock(call.at);
      const key = `${weekday} ${hour}`;
      perHourOfWeek.set(key, (perHourOfWeek.get(key) ?? 0) + 1);
    }
    const busiest = [...perHourOfWeek].sort((a, b) => b[1] - a[1]).slice(0, 3);
    expect(busiest.map(([key]) => key).every((key) => /^MONDAY (9|10|11)$/.test(key))).toBe(true);
    const onDay = (weekday: string) => open.filter((call) => wallClock(call.at).weekday === weekday).length;
    expect(onDay('MONDAY')).toBeGreaterThan(onDay('WEDNESDAY'));
    expect(onDay('WEDNESDAY')).toBeGreaterThan(onDay('FRIDAY'));
  });

  it('makes queued callers wait longer at the peak, and urgent callers less', () => {
    const queued = calls.filter((call) => call.queue !== null);
    const meanWait = (some: readonly ScheduledCall[]) =>
      some.reduce((sum, call) => sum + (call.queue?.waitSeconds ?? 0), 0) / some.length;
    const mondayMorning = queued.filter((call) => {
      const { weekday, hour } = wallClock(call.at);
      return weekday === 'MONDAY' && hour < 12;
    });
    const fridayAfternoon = queued.filter((call) => {
      const { weekday, hour } = wallClock(call.at);
      return weekday === 'FRIDAY' && hour >= 13;
    });
    expect(meanWait(mondayMorning)).toBeGreaterThan(2 * meanWait(fridayAfternoon));
    const urgent = queued.filter((call) => call.expected.queue === 'urgent');
    const general = queued.filter((call) => call.expected.queue === 'general');
    expect(meanWait(urgent)).toBeLessThan(meanWait(general) / 2);
  });

  it('loses more callers the longer they wait', () => {
    const random = seededRandom(7);
    const abandonment = (load: number) => {
      const experiences = Array.from({ length: 4000 }, () =>
        queueExperience(random, { load, urgent: false }),
      );
      return experiences.filter((experience) => !experience.answered).length / experiences.length;
    };
    const rates = [0.5, 1, 2, 4].map(abandonment);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(rates[3]).toBeGreaterThan(2 * (rates[0] ?? 1));
    for (const call of calls) {
      if (!call.queue) continue;
      // Abandoned exactly when the wait outlasts the caller's patience, after that patience.
      expect(call.queue.answered).toBe(call.queue.waitSeconds <= call.queue.patienceSeconds);
      expect(call.answer).toEqual(
        call.queue.answered
          ? { afterSeconds: call.queue.waitSeconds }
          : { abandonAfterSeconds: call.queue.patienceSeconds },
      );
    }
  });

  it('draws known, unknown and withheld callers from the read model in realistic shares', () => {
    const kinds = (kind: string) => share(calls.filter((call) => call.kind === kind).length, CALLS);
    expect(kinds('known')).toBeGreaterThan(0.5);
    expect(kinds('unknown')).toBeGreaterThan(0.2);
    expect(kinds('withheld')).toBeGreaterThan(0.05);
    const withheld = calls.filter((call) => call.kind === 'withheld');
    expect(withheld.every((call) => call.from === 'anonymous')).toBe(true);
    const urgent = share(calls.filter((call) => call.expected.riskLevel !== 'normal').length, CALLS);
    expect(urgent).toBeGreaterThan(0.2);
    expect(urgent).toBeLessThan(0.5);
    expect(calls.some((call) => call.expected.riskLevel === 'critical')).toBe(true);
  });

  it('keys in the tenancy number for callers the flow cannot identify by their number', () => {
    for (const call of calls) {
      if (call.expected.identifiedBy === 'keypad') expect(call.keys).toContain(call.tenancyId);
      if (call.expected.identifiedBy === 'phone') expect(pool.byPhone.get(call.from)).toHaveLength(1);
    }
    const keyed = calls.filter((call) => call.kind === 'withheld' && call.expected.identifiedBy === 'keypad');
    expect(share(keyed.length, calls.filter((call) => call.kind === 'withheld').length)).toBeGreaterThan(0.5);
  });

  it('books a consultation for about 37 % of all calls, always inside the opening hours after the call', () => {
    const consultations = calls.filter((call) => call.outcome?.followUp?.kind === 'consultation');
    expect(share(consultations.length, CALLS)).toBeGreaterThan(0.32);
    expect(share(consultations.length, CALLS)).toBeLessThan(0.42);
    for (const call of consultations) {
      const at = new Date(call.outcome?.followUp?.at ?? 0);
      expect(isOpen(hours, at)).toBe(true);
      expect(at.getTime()).toBeGreaterThan(call.at.getTime());
      expect(call.outcome?.codes).toContain('appointment_booked');
    }
  });

  it('records outcomes for answered calls only, and closes a case at most once, three in four with the flat kept', () => {
    expect(calls.every((call) => (call.outcome !== null) === (call.queue?.answered === true))).toBe(true);
    const closing = calls.filter((call) => call.outcome?.caseResolution !== undefined);
    const cases = closing.map((call) => call.caseId);
    expect(cases.every((caseId) => caseId !== null)).toBe(true);
    expect(new Set(cases).size).toBe(cases.length);
    const secured = closing.filter((call) => call.outcome?.caseResolution === 'housing_secured').length;
    expect(share(secured, closing.length)).toBeGreaterThan(0.65);
    expect(share(secured, closing.length)).toBeLessThan(0.85);
    // The closing call is the tenant's last answered one: no later call finds the case closed.
    for (const call of closing) {
      expect(
        calls.some((later) => later.index > call.index && later.caseId === call.caseId && later.outcome),
      ).toBe(false);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const again = scheduleCalls({ calls: 500, seed: 42, period: PERIOD, hours, pool });
    const other = scheduleCalls({ calls: 500, seed: 43, period: PERIOD, hours, pool });
    expect(scheduleCalls({ calls: 500, seed: 42, period: PERIOD, hours, pool })).toEqual(again);
    expect(other).not.toEqual(again);
  });
});

describe('replay periods', () => {
  it('ends a year on a given day and starts it the day after its date a year before', () => {
    expect(yearEndingOn('2026-03-31' as IsoDate)).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('starts a year that ends on 29 February on 1 March', () => {
    expect(yearEndingOn('2028-02-29' as IsoDate)).toEqual({ from: '2027-03-01', to: '2028-02-29' });
  });

  it('covers a calendar year from January to December', () => {
    expect(calendarYear(2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('reads the Vienna wall clock in winter and summer time', () => {
    expect(viennaWallClock('2026-01-15' as IsoDate, 9 * 3600).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(viennaWallClock('2026-07-15' as IsoDate, 9 * 3600).toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });
});

import { isOpen } from '../../shared/domain/office-hours.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import { addDays, type IsoDate, viennaDate, viennaOffsetMs } from '../../shared/domain/vienna-calendar.ts';

/**
 * The next day, from today on, on which the hotline is open at `hh:mm` Vienna time: tests that
 * place calls with demo data made for today need a moment inside the opening hours, whatever day
 * CI runs; `fromDay` days from today on (1: a moment surely ahead). `local` is the Vienna wall-clock
 * value for a datetime-local field.
 */
export const nextOpenAt = (time = '10:00', fromDay = 0): { iso: string; local: string } => {
  const today = viennaDate(new Date());
  const hours = hotlineOfficeHours(today);
  for (let day = fromDay; day < fromDay + 14; day++) {
    const date: IsoDate = addDays(today, day);
    const wallClockAsUtc = new Date(`${date}T${time}:00Z`);
    const instant = new Date(wallClockAsUtc.getTime() - viennaOffsetMs(wallClockAsUtc));
    if (isOpen(hours, instant)) return { iso: instant.toISOString(), local: `${date}T${time}` };
  }
  throw new Error('the hotline does not open within two weeks');
};

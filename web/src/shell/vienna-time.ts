// Vienna wall-clock time for datetime-local fields: the hotline works in Vienna time wherever the
// agent's computer thinks it is. The arithmetic is the domain's (shared/domain/vienna-calendar.ts).
import { instantOfViennaWallClock, viennaWallClockOf } from '../../../shared/domain/vienna-calendar.ts';

/** The current Vienna wall-clock time, `YYYY-MM-DDTHH:MM`. */
export const viennaNow = (): string => viennaWallClockOf(new Date());

/** A datetime-local value in Vienna time as an ISO instant; undefined for anything else. */
export const fromVienna = (local: string): string | undefined => {
  const wallClock = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local) && !Number.isNaN(wallClock)
    ? instantOfViennaWallClock(new Date(wallClock)).toISOString()
    : undefined;
};

/** An ISO instant as Vienna wall-clock time, for a datetime-local field. */
export const viennaWallClock = (instant: string): string => viennaWallClockOf(new Date(instant));

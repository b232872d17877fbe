import { describe, expect, it } from 'vitest';
import { replayPeriodOf } from '../../local/commands/replay.ts';
import { UsageError } from '../../local/usage.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';

const TODAY = '2026-11-25' as IsoDate;

describe('hotline replay: the period to replay', () => {
  it('is the twelve months that end yesterday when nothing is given', () => {
    expect(replayPeriodOf({}, TODAY)).toEqual({ from: '2025-11-25', to: '2026-11-24' });
  });

  it('is a calendar year with --year', () => {
    expect(replayPeriodOf({ year: '2025' }, TODAY)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('is the twelve months up to --to when only --to is given, and from --from to yesterday', () => {
    expect(replayPeriodOf({ to: '2026-03-31' }, TODAY)).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(replayPeriodOf({ from: '2026-06-01' }, TODAY)).toEqual({ from: '2026-06-01', to: '2026-11-24' });
  });

  it.each([
    [{ year: '2025', from: '2025-01-01' }, 'give either --year or --from/--to, not both'],
    [{ year: '25' }, '--year must be a year such as 2025, got "25"'],
    [{ from: '2026-02-30' }, '--from must be a calendar day YYYY-MM-DD (Vienna), got "2026-02-30"'],
    [
      { to: '31.03.2026' },
      '--to takes a calendar day YYYY-MM-DD (Vienna), year first, got "31.03.2026": write 2026-03-31',
    ],
    [{ from: '2026-05-02', to: '2026-05-01' }, '--from 2026-05-02 is after --to 2026-05-01'],
    [{ from: '2024-01-01', to: '2025-06-01' }, '--from 2024-01-01 to 2025-06-01 spans more than 366 days'],
  ])('refuses %o with one line that says what is wrong', (values, message) => {
    expect(() => replayPeriodOf(values, TODAY)).toThrow(UsageError);
    expect(() => replayPeriodOf(values, TODAY)).toThrow(message);
  });
});

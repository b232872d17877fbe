import { describe, expect, it } from 'vitest';
import { yearPreset } from '../../bench/dashboard.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';

describe("the bench's dashboard figure: which preset shows a year by the week", () => {
  it.each([
    ['2026-12-03', 'thisYear', '2026-01-01'],
    ['2026-04-03', 'thisYear', '2026-01-01'],
    ['2026-04-02', 'last12Months', '2025-04-03'],
    ['2026-01-01', 'last12Months', '2025-01-02'],
    ['2028-12-31', 'thisYear', '2028-01-01'],
  ] as const)('on %s: %s from %s', (today, preset, from) => {
    // Act
    const chosen = yearPreset(today as IsoDate);
    // Assess: this year once it is longer than 92 days (the page shows it by the week), else the last 12 months
    expect(chosen).toEqual({ preset, from });
  });
});

import { describe, expect, inject, it } from 'vitest';
import { measureDashboard, yearPreset } from '../../bench/dashboard.ts';
import { addDays, daysBetween, type IsoDate, viennaDate } from '../../shared/domain/vienna-calendar.ts';

/** The Monday of the week `date` falls in (weeks start on Monday, as the report's do). */
const mondayOf = (date: IsoDate): IsoDate =>
  addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7));

/**
 * The bench's dashboard figure (bench/dashboard.ts) on a small sample: a year of 60 calls replayed
 * into tables of its own, one render. It asserts what is measured and how it is put together, never
 * how fast: speed belongs to `npm run bench`.
 */
describe("the bench's dashboard figure, on a small sample", () => {
  it('replays a year, draws this year by the week in Chromium and times the page beside the metrics API', async () => {
    // Prepare
    const today = viennaDate(new Date());
    const { from } = yearPreset(today);

    // Act
    const result = await measureDashboard({
      endpoint: inject('dynamoEndpoint'),
      region: 'eu-central-1',
      replayCalls: 60,
      renders: 1,
      warmUp: 0,
      apiPerRender: 2,
    });

    // Assess: this year (or, in its first quarter, the last twelve months) by the week, a slice a week
    expect(result.period).toEqual({ from, to: today, granularity: 'week' });
    expect(result.points).toBe(daysBetween(mondayOf(from), mondayOf(today)) / 7 + 1);
    expect(result.replayedCalls).toBe(60);
    expect(result.calls).toBeGreaterThan(0);
    expect(result.calls).toBeLessThanOrEqual(60);
    expect(result.responseBytes).toBeGreaterThan(0);
    // ... one render and two API requests, summarised as they were sampled
    expect(result.samples.page).toHaveLength(1);
    expect(result.samples.api).toHaveLength(2);
    expect(result.page).toMatchObject({ n: 1, p50: result.samples.page[0], p95: result.samples.page[0] });
    expect(result.api.n).toBe(2);
    expect(result.api.p50).toBe(Math.min(...result.samples.api));
    expect(result.api.p95).toBe(Math.max(...result.samples.api));
    // ... the overhead is the page's time beyond the API's, and the page's time is made of its phases
    expect(result.overhead).toEqual({
      p50: result.page.p50 - result.api.p50,
      p95: result.page.p95 - result.api.p95,
    });
    const { chosenToFetchStart, browserFetch, responseToDrawn } = result.phases;
    for (const phase of [chosenToFetchStart, browserFetch, responseToDrawn])
      expect(phase).toBeGreaterThanOrEqual(0);
    expect(chosenToFetchStart + browserFetch + responseToDrawn).toBeCloseTo(result.page.p50, 0);
  }, 240_000);
});

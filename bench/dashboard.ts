import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Browser, Page } from 'playwright-core';
import * as z from 'zod';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { replayYear } from '../local/replay/replay.ts';
import { ensureTables } from '../local/tables.ts';
import { localEndpointSettings } from '../shared/adapters/dynamodb/client.ts';
import { loadIdentifyCallerEnv } from '../shared/config/env.ts';
import { type IsoDate, viennaDate } from '../shared/domain/vienna-calendar.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { defaultGranularity } from '../web/src/dashboard/periods.ts';
import { type RunningServer, signIn, startServer } from './local-server.ts';
import { median, type Percentiles, percentiles, progress } from './stats.ts';

/**
 * The managers' dashboard showing a year, in a real browser: the local server on a store that holds
 * a replayed year (the bench's replay, or a smaller one replayed here), Chromium signed in as the
 * manager at 1366 × 900, and "dieses Jahr" chosen again and again (in the first quarter, when this
 * year is shown by the day, "letzte 12 Monate": yearPreset). Each render is timed by the page
 * itself (web/src/dashboard/main.ts): its `dashboard-period` measure spans from the period chosen
 * (`dashboard-load`, set in the button's click handler) to its figures written and every chart drawn
 * once (`dashboard-drawn`, when the last chart's uPlot draw hook has run; the compositor shows it
 * within the next frame). Between renders, "dieser Monat" is chosen (untimed), so each timed one
 * replaces other charts, and the metrics API is asked for the same year from Node with the manager's
 * token: the API's own time for the page's request, body read. The figure is the page's time beyond
 * the API's, at p50 and p95. Each render is checked before it counts: the period the page says it
 * drew is this year by the week, five charts, four published figures, fourteen operational ones.
 *
 * `npx tsx bench/dashboard.ts [renders]` runs this figure alone, with a DynamoDB Local of its own and
 * a replayed year of 1,000 calls; it prints the measurement, not a verdict (the target is in
 * bench/run.ts).
 */

/**
 * The preset that shows a year by the week on `today`: "dieses Jahr" once this year is longer than
 * a quarter, before that (1 January to 2 April) "letzte 12 Monate", since this year is then shown by
 * the day; and the first day it shows.
 */
export const yearPreset = (today: IsoDate): { readonly preset: Preset; readonly from: IsoDate } => {
  const [year = 1970, month = 1, date = 1] = today.split('-').map(Number);
  const first = (y: number, m: number, d: number) => viennaDate(new Date(Date.UTC(y, m - 1, d, 12)));
  const january = first(year, 1, 1);
  return defaultGranularity(january, today) === 'week'
    ? { preset: 'thisYear', from: january }
    : { preset: 'last12Months', from: first(year - 1, month, date + 1) };
};
type Preset = 'thisYear' | 'last12Months' | 'thisMonth';

export interface DashboardOptions {
  readonly endpoint: string;
  readonly region: string;
  /**
   * The table prefix of a store that already holds a replayed year (the bench's replay), shown as it is.
   * @default tables of its own, into which `replayCalls` calls are replayed first
   */
  readonly tablePrefix?: string;
  /** Calls replayed when no `tablePrefix` is given: the twelve months up to yesterday. @default 1000 */
  readonly replayCalls?: number;
  /** Timed renders of this year. @default 12 */
  readonly renders?: number;
  /** Renders (and API requests) before the timed ones. @default 2 */
  readonly warmUp?: number;
  /** Metrics API requests from Node after each render. @default 2 */
  readonly apiPerRender?: number;
}

export interface DashboardResult {
  /** The period the page drew: this year by the week, as "dieses Jahr" asks for it (see yearPreset). */
  readonly period: { readonly from: string; readonly to: string; readonly granularity: string };
  /** Slices of the series (weeks), and the calls the report counts. */
  readonly points: number;
  readonly calls: number;
  /** The size of the API's JSON answer. */
  readonly responseBytes: number;
  /** "dieses Jahr" chosen → figures written and every chart drawn, in the page. */
  readonly page: Percentiles;
  /** The same request (GET /api/metrics …&compare=previous) from Node, body read. */
  readonly api: Percentiles;
  /** What the page adds to the API: page − API at each percentile (ms). */
  readonly overhead: { readonly p50: number; readonly p95: number };
  /**
   * Where the page's time goes (medians, ms): period chosen → request sent, the request in the
   * browser (to its last byte), last byte → drawn (the JSON read, the figures written, the charts
   * drawn: the page's `dashboard-render` measure).
   */
  readonly phases: {
    readonly chosenToFetchStart: number;
    readonly browserFetch: number;
    readonly responseToDrawn: number;
  };
  readonly renders: number;
  readonly warmUp: number;
  readonly replayedCalls: number | null;
  readonly samples: { readonly page: readonly number[]; readonly api: readonly number[] };
}

const Report = z.object({
  period: z.object({ from: z.string(), to: z.string(), granularity: z.string() }),
  series: z.array(z.unknown()),
  totals: z.object({ calls: z.number() }),
});

const Timing = z.object({
  period: z.number(),
  chosenToFetchStart: z.number().nullable(),
  browserFetch: z.number().nullable(),
  responseToDrawn: z.number().nullable(),
});
type Timing = z.infer<typeof Timing>;

/** In the page: the last render's measures, and the timing of its metrics request. */
const timingOfLastRender = (): unknown => {
  const [load] = performance.getEntriesByName('dashboard-load');
  const [drawn] = performance.getEntriesByName('dashboard-drawn');
  const [measure] = performance.getEntriesByName('dashboard-period');
  if (!load || !drawn || !measure) return null;
  // No named helper functions here: tsx would wrap them in a `__name` call the page does not have.
  const fetched = performance
    .getEntriesByType('resource')
    .filter(
      (entry): entry is PerformanceResourceTiming =>
        'responseEnd' in entry &&
        new URL(entry.name).pathname === '/api/metrics' &&
        entry.startTime >= load.startTime,
    )
    .at(-1);
  return {
    period: measure.duration,
    chosenToFetchStart: fetched ? fetched.startTime - load.startTime : null,
    browserFetch: fetched ? fetched.responseEnd - fetched.startTime : null,
    responseToDrawn: fetched ? drawn.startTime - fetched.responseEnd : null,
  };
};

/** In the page: what was drawn, to check a render before it counts. */
const shownOnPage = () => ({
  drawn: document.getElementById('report')?.dataset.drawn ?? '',
  canvases: document.querySelectorAll('#report canvas').length,
  headline: document.querySelectorAll('#headline [data-figure]').length,
  figures: document.querySelectorAll('#figures dt').length,
});

/** Chooses a preset and resolves with the period the page then drew, `from/to/granularity`. */
const choose = async (page: Page, preset: Preset): Promise<string> => {
  const before = await page.evaluate(
    () => performance.getEntriesByName('dashboard-load')[0]?.startTime ?? -1,
  );
  await page.locator(`button[data-preset="${preset}"]`).click();
  // The attribute is removed when the load starts and set once it is drawn.
  const handle = await page.waitForFunction(
    (previous) => {
      const load = performance.getEntriesByName('dashboard-load')[0]?.startTime ?? -1;
      const drawn = document.getElementById('report')?.dataset.drawn;
      return load !== previous && drawn ? drawn : false;
    },
    before,
    { polling: 20, timeout: 30_000 },
  );
  const drawn = await handle.jsonValue();
  await handle.dispose();
  if (typeof drawn !== 'string') throw new Error(`the dashboard drew nothing for ${preset}`);
  return drawn;
};

const openDashboard = async (browser: Browser, url: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/dashboard.html`);
  await page.getByLabel('Benutzername').fill('manager');
  await page.getByLabel('Passwort').fill('manager');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('#report[data-drawn]').waitFor({ state: 'attached', timeout: 60_000 });
  return page;
};

/** A year of calls replayed into tables of their own under `prefix`, as `hotline replay` does. */
const replayInto = async (
  options: DashboardOptions,
  prefix: string,
  hashKeyDir: string,
  calls: number,
): Promise<void> => {
  const admin = new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region,
    ...localEndpointSettings(options.endpoint, options.region),
  });
  const tables = await ensureTables(admin, prefix).finally(() => admin.destroy());
  progress(`dashboard: replaying a year of ${calls.toLocaleString('en')} calls…`);
  const { summary } = await replayYear({
    calls,
    seed: 20_261_203,
    env: loadIdentifyCallerEnv({
      READ_MODEL_TABLE: tables.readModel,
      CALLS_TABLE: tables.calls,
      DYNAMODB_ENDPOINT: options.endpoint,
      AWS_REGION: options.region,
      HASH_KEY_DIR: hashKeyDir,
    }),
    auditTable: tables.audit,
  });
  if (summary.placed !== calls || summary.failed > 0)
    throw new Error(`the replay placed ${summary.placed} of ${calls} calls, ${summary.failed} failed`);
};

export const measureDashboard = async (options: DashboardOptions): Promise<DashboardResult> => {
  const renders = options.renders ?? 12;
  const warmUp = options.warmUp ?? 2;
  const apiPerRender = options.apiPerRender ?? 2;
  const replayCalls = options.tablePrefix === undefined ? (options.replayCalls ?? 1_000) : null;
  const prefix = options.tablePrefix ?? `benchdashboard${Date.now()}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'hotline-bench-dashboard-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    if (replayCalls !== null) await replayInto(options, prefix, dataDir, replayCalls);
    progress('dashboard: starting the local server and Chromium…');
    [server, browser] = await Promise.all([startServer(options.endpoint, dataDir, prefix), launchBrowser()]);
    const base = server.url;
    const token = await signIn(base, 'manager');
    const page = await openDashboard(browser, base);

    let period: DashboardResult['period'] | undefined;
    let apiPath = '';
    let answer: z.infer<typeof Report> | undefined;
    let responseBytes = 0;
    const askApi = async (): Promise<number> => {
      const start = performance.now();
      const response = await fetch(`${base}${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.arrayBuffer();
      const ms = performance.now() - start;
      if (!response.ok) throw new Error(`GET /api/metrics answered ${response.status}`);
      responseBytes = body.byteLength;
      answer ??= Report.parse(JSON.parse(new TextDecoder().decode(body)));
      return ms;
    };
    const pageMs: number[] = [];
    const apiMs: number[] = [];
    const timings: Timing[] = [];
    progress(`dashboard: ${warmUp} + ${renders} renders of this year…`);
    for (let i = 0; i < warmUp + renders; i++) {
      const year = yearPreset(viennaDate(new Date()));
      await choose(page, 'thisMonth');
      const drawn = await choose(page, year.preset);
      const [from = '', to = '', granularity = ''] = drawn.split('/');
      if (from !== year.from || granularity !== 'week')
        throw new Error(`${year.preset} drew ${drawn}, not a year from ${year.from} by the week`);
      const shown = await page.evaluate(shownOnPage);
      if (shown.canvases !== 5 || shown.headline !== 4 || shown.figures !== 14)
        throw new Error(`the year was drawn incompletely: ${JSON.stringify(shown)}`);
      const measured = await page.evaluate(timingOfLastRender);
      if (measured === null) throw new Error('the page drew the year but left no dashboard-period measure');
      const timing = Timing.parse(measured);
      if (period === undefined) {
        period = { from, to, granularity };
        apiPath = `/api/metrics?${new URLSearchParams({ ...period, compare: 'previous' })}`;
      }
      const api: number[] = [];
      for (let k = 0; k < apiPerRender; k++) api.push(await askApi());
      if (i < warmUp) continue;
      pageMs.push(timing.period);
      timings.push(timing);
      apiMs.push(...api);
    }
    if (!period || !answer) throw new Error('no render was timed');
    const pageFigures = percentiles(pageMs);
    const apiFigures = percentiles(apiMs);
    const phase = (pick: (timing: Timing) => number | null) =>
      median(timings.flatMap((timing) => pick(timing) ?? []));
    return {
      period,
      points: answer.series.length,
      calls: answer.totals.calls,
      responseBytes,
      page: pageFigures,
      api: apiFigures,
      overhead: { p50: pageFigures.p50 - apiFigures.p50, p95: pageFigures.p95 - apiFigures.p95 },
      phases: {
        chosenToFetchStart: phase((timing) => timing.chosenToFetchStart),
        browserFetch: phase((timing) => timing.browserFetch),
        responseToDrawn: phase((timing) => timing.responseToDrawn),
      },
      renders,
      warmUp,
      replayedCalls: replayCalls,
      samples: { page: pageMs, api: apiMs },
    };
  } finally {
    await Promise.all([browser?.close(), server?.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  }
};

// --- alone ---------------------------------------------------------------------------------------

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const renders = Number(process.argv[2] ?? 12);
  const dynamo = await startDynamoDbLocal();
  try {
    const result = await measureDashboard({ endpoint: dynamo.endpoint, region: 'eu-central-1', renders });
    const { samples: _samples, ...summary } = result;
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await dynamo.stop();
  }
}

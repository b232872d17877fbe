import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod';
import { yearPreset } from '../../bench/dashboard.ts';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { isOpen } from '../../shared/domain/office-hours.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import { addDays, type IsoDate, viennaDate, viennaOffsetMs } from '../../shared/domain/vienna-calendar.ts';
import type { MetricsReport } from '../../shared/http/metrics-api-contract.ts';
import { proRata, TARGETS } from '../../web/src/dashboard/targets.ts';
import { OUTCOME_LABELS } from '../../web/src/shell/i18n.ts';
import { launchBrowser } from '../support/browser.ts';
import { runCli, type StartedServer, startServer } from '../support/cli.ts';
import { fillHostedForm, type HostedSignIn, useHostedSignIn } from '../support/hosted-sign-in.ts';
import { nextOpenAt } from '../support/office-time.ts';

/** Past instants inside the opening hours: `days` open days before today, each at `times` (Vienna). */
const pastOpenInstants = (days: number, times: readonly string[]): Date[] => {
  const today = viennaDate(new Date());
  const instants: Date[] = [];
  for (let back = 1; instants.length < days * times.length && back < 90; back++) {
    const date: IsoDate = addDays(today, -back);
    const hours = hotlineOfficeHours(date);
    const onDay = times.map((time) => {
      const wallClockAsUtc = new Date(`${date}T${time}:00Z`);
      return new Date(wallClockAsUtc.getTime() - viennaOffsetMs(wallClockAsUtc));
    });
    if (onDay.every((instant) => isOpen(hours, instant))) instants.push(...onDay);
  }
  return instants;
};

const SignedIn = z.object({ token: z.string() });
const ReplaySummary = z.object({ placed: z.number(), disconnected: z.number() });
const PlacedCall = z.object({ contactId: z.string(), result: z.string() });
const LiveReport = z.object({
  queues: z.array(
    z.object({
      queue: z.string(),
      contactsInQueue: z.number(),
      oldestContactAgeSeconds: z.number().nullable(),
    }),
  ),
  agents: z.object({ available: z.number(), online: z.number() }),
});
const Context = z.object({
  tenancy: z.object({ tenancyId: z.string(), tenantName: z.string(), address: z.string() }).nullable(),
});

/** Numbers as the page formats them in German (de-AT). */
const number = new Intl.NumberFormat('de-AT');
const ratio = new Intl.NumberFormat('de-AT', { style: 'percent', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('de-AT', { maximumFractionDigits: 0 });
const count = (value: number) => number.format(value);
const percent = (value: number | null) => (value === null ? '–' : ratio.format(value));
const seconds = (value: number | null) => (value === null ? '–' : `${whole.format(value)} s`);

/**
 * The operational figures as the page shows them, label → text: each once (calls, consultations
 * and closed cases stand among the published figures, the calls with an outcome in the outcome
 * section's caption).
 */
const expectedFigures = (report: MetricsReport): Record<string, string> => {
  const { totals, period } = report;
  return {
    angenommen: count(totals.answered),
    'aufgelegt in der Warteschlange': count(totals.abandoned),
    'Anteil aufgelegt': percent(totals.abandonRate),
    'mittlere Wartezeit': seconds(totals.averageWaitSeconds),
    'mittlere Wartezeit dringend': seconds(totals.urgentAverageWaitSeconds),
    [`Servicelevel (Anteil in ${period.serviceLevelSeconds} s angenommen)`]: percent(totals.serviceLevel),
    [`Servicelevel dringend (in ${period.serviceLevelSeconds} s)`]: percent(totals.urgentServiceLevel),
    'Anteil dringend': `${percent(totals.urgentShare)} (${count(totals.urgent)} Anrufe)`,
    'mittlere Gesprächsdauer': seconds(totals.averageHandleSeconds),
    'außerhalb der Öffnungszeiten': count(totals.afterHours),
    'Rückrufe gemacht': count(totals.callbacksQueued),
    'Rückrufe: Mieter*in erreicht': count(totals.callbacksAnswered),
    'Rückrufe: nicht erreicht': count(totals.callbacksUnreachable),
    'mittlere Zeit bis zum Rückruf': seconds(totals.averageCallbackDelaySeconds),
  };
};

/** A change as the page writes it: "+12 %", "−3 %", "±0 %", or "–" against nothing. */
const change = (now: number, before: number) => {
  if (before === 0) return '–';
  const text = new Intl.NumberFormat('de-AT', {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  }).format((now - before) / before);
  return now === before ? `±${text}` : text;
};

/** Text as shown, with any kind of space (Intl uses narrow no-break ones) as one plain space. */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

const signIn = async (page: Page, username: string) => {
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(username);
  await page.getByRole('button', { name: 'Anmelden' }).click();
};
const dayText = (isoDate: string) =>
  new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('de-AT', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  });
const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The operational figures on the page, label → text, are the report's, each once. */
const expectOperationalFigures = async (page: Page, report: MetricsReport) => {
  const overview = section(page, 'Betrieb der Hotline');
  const terms = await overview.getByRole('term').allTextContents();
  const values = await overview.getByRole('definition').allTextContents();
  expect(Object.fromEntries(terms.map((term, index) => [term, plain(values[index] ?? '')]))).toEqual(
    Object.fromEntries(Object.entries(expectedFigures(report)).map(([term, value]) => [term, plain(value)])),
  );
};

/** A chart section's legend values, as shown. */
const legendOf = (page: Page) => (name: string) =>
  section(page, name)
    .locator('.u-legend .u-value')
    .allTextContents()
    .then((values) => values.map(plain));

/** With nothing hovered, every legend shows the report's period and its totals or overall values. */
const expectLegendTotals = async (page: Page, report: MetricsReport) => {
  const legend = legendOf(page);
  const whole = plain(`${dayText(report.period.from)}–${dayText(report.period.to)}`);
  const { totals } = report;
  expect(await legend('Anrufe im Zeitverlauf')).toEqual(
    [whole, count(totals.calls), count(totals.urgent), count(totals.answered), count(totals.abandoned)].map(
      plain,
    ),
  );
  expect(await legend('Wartezeit und Servicelevel')).toEqual(
    [whole, seconds(totals.averageWaitSeconds), percent(totals.serviceLevel)].map(plain),
  );
  expect(await legend('Wohnungen gesichert und verloren')).toEqual(
    [whole, count(totals.secured), count(totals.lost)].map(plain),
  );
  expect(await legend('Wann angerufen wird')).toEqual(
    ['alle Stunden', count(totals.calls), 'alle Tage', count(totals.calls)].map(plain),
  );
};

describe("the managers' dashboard in a real browser", () => {
  let server: StartedServer;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-dashboard-'));
  const today = viennaDate(new Date());
  /** What identifies the callers whose calls were placed: none of it may reach the dashboard. */
  const personal: string[] = [];
  let period: { from: IsoDate; to: IsoDate };
  let placedCalls = 0;
  let managerToken: string;
  let agentToken: string;

  const post = async (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const get = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const tokenOf = async (username: string) =>
    SignedIn.parse(await (await post('/api/sign-in', { username, password: username })).json()).token;
  const metricsPath = (from: string, to: string, granularity: string, format?: 'csv') =>
    `/api/metrics?${new URLSearchParams({ from, to, granularity, ...(format ? { format } : {}) })}`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer(['--port', '0', '--data', dataDir], {
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        HOTLINE_TABLE_PREFIX: `dashboard${Date.now()}`,
      }),
      launchBrowser(),
    ]);
    [managerToken, agentToken] = await Promise.all([tokenOf('manager'), tokenOf('agent')]);

    // 30 calls on the last 10 open days: urgent and other callers, a quarter abandoned in the queue.
    const callers = [DEMO_CALLERS.critical, DEMO_CALLERS.normal, DEMO_CALLERS.high, DEMO_CALLERS.unknown];
    for (const caller of callers)
      personal.push(caller.phone, ...('written' in caller ? [caller.written] : []));
    const instants = pastOpenInstants(10, ['09:30', '11:15', '14:45']);
    const resolutions = new Map<string, 'housing_secured' | 'housing_lost'>([
      [DEMO_CALLERS.critical.phone, 'housing_secured'],
      [DEMO_CALLERS.high.phone, 'housing_lost'],
    ]);
    const codes = [
      ['court_letter_explained', 'appointment_booked'],
      ['housing_allowance'],
      ['information_only'],
    ];
    for (const [index, at] of instants.entries()) {
      const caller = callers[index % callers.length] ?? DEMO_CALLERS.unknown;
      const abandon = index % 4 === 3;
      const call = PlacedCall.parse(
        await (
          await post(
            '/api/calls',
            { from: caller.phone, at: at.toISOString(), ...(abandon ? { answer: 'abandon' } : {}) },
            agentToken,
          )
        ).json(),
      );
      placedCalls++;
      if (abandon || index % 3 === 2 || call.result !== 'queued') continue;
      // The agent opens the call (which attaches its tenancy), checks who is calling and records
      // what came of it.
      const context = Context.parse(
        await (await post(`/api/contacts/${call.contactId}/identity`, {}, agentToken)).json(),
      );
      if (context.tenancy) personal.push(context.tenancy.tenancyId, context.tenancy.tenantName);
      if (context.tenancy) personal.push(context.tenancy.address);
      const resolution = resolutions.get(caller.phone);
      resolutions.delete(caller.phone);
      const recorded = await post(
        `/api/contacts/${call.contactId}/outcomes`,
        {
          codes: codes[index % codes.length],
          // A booked consultation is one act with its time, which lies ahead.
          ...(codes[index % codes.length]?.includes('appointment_booked')
            ? { followUp: { kind: 'consultation', at: nextOpenAt('10:00', 1).iso } }
            : {}),
          ...(resolution ? { caseResolution: resolution } : {}),
          requestId: `dashboard-${index}`,
          expectedRevision: 0,
        },
        agentToken,
      );
      expect(recorded.status, `outcome of call ${index}`).toBe(200);
    }
    const first = instants.at(-1);
    period = { from: first ? viennaDate(first) : today, to: today };
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), browser?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Signs the manager in and shows `from`–`to` at `granularity`; resolves when the page says it is drawn. */
  const openDashboard = async (from: string, to: string, granularity: string, width = 1280) => {
    const page = await browser.newPage({ acceptDownloads: true, viewport: { width, height: 900 } });
    await page.goto(`${server.url}/dashboard.html`);
    await signIn(page, 'manager');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/geladen\.$/);
    await page.getByLabel('von', { exact: true }).fill(from);
    await page.getByLabel('bis (einschließlich)', { exact: true }).fill(to);
    await page.getByLabel('Auflösung').selectOption(granularity);
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
      .toBe(`Kennzahlen von ${dayText(from)} bis ${dayText(to)} geladen.`);
    return page;
  };

  const renderMs = (page: Page) =>
    page.evaluate(() => performance.getEntriesByName('dashboard-render').at(-1)?.duration ?? Number.NaN);

  it("shows the period's figures and charts as the API reports them, and downloads the API's CSV", async ({
    annotate,
  }) => {
    // Prepare
    const report = (await (
      await get(metricsPath(period.from, period.to, 'day'), managerToken)
    ).json()) as MetricsReport;
    const csv = await (await get(metricsPath(period.from, period.to, 'day', 'csv'), managerToken)).text();
    expect(report.totals.calls, 'every placed call counted').toBe(placedCalls);

    // Act
    const page = await openDashboard(period.from, period.to, 'day');

    // Assess: the operational figures are the API's totals, each once
    await expectOperationalFigures(page, report);
    const yearToDate = section(page, 'Wohnungen gesichert und verloren');
    expect((await yearToDate.getByRole('definition').allTextContents()).map(plain)).toEqual(
      [
        report.yearToDate.successRate === null
          ? '–'
          : new Intl.NumberFormat('de-AT', { style: 'percent', maximumFractionDigits: 1 }).format(
              report.yearToDate.successRate,
            ),
        String(report.yearToDate.secured),
        String(report.yearToDate.lost),
      ].map(plain),
    );
    // ... the charts are drawn, one canvas each, with their legends
    await expect.poll(() => page.locator('canvas').count()).toBe(5);
    expect(
      await section(page, 'Anrufe im Zeitverlauf').locator('.u-legend .u-label').allTextContents(),
    ).toEqual(['Zeitpunkt', 'Anrufe', 'davon dringend', 'angenommen', 'aufgelegt in der Warteschlange']);
    expect(await section(page, 'Wartezeit und Servicelevel').getByRole('figure').textContent()).toContain(
      'Mittlere Wartezeit der angenommenen Anrufe',
    );
    // ... the text alternatives of the hour and weekday charts hold the API's counts
    const hourTable = page.getByRole('table', { name: /^Anrufe nach Tageszeit/ });
    expect(
      (await hourTable.getByRole('row').allTextContents()).slice(1).map((row) => Number(row.split('Uhr')[1])),
    ).toEqual(report.callsByHourOfDay);
    // ... the outcome mix lists each recorded code with the API's count
    const outcomeRows = (await section(page, 'Ergebnisse der Gespräche').getByRole('row').all()).slice(1);
    const shown = await Promise.all(
      outcomeRows.map(async (row) => [
        await row.getByRole('rowheader').textContent(),
        await row.getByRole('cell').first().textContent(),
      ]),
    );
    expect(Object.keys(report.totals.outcomes).length).toBeGreaterThan(0);
    expect(Object.fromEntries(shown)).toEqual(
      Object.fromEntries(
        Object.entries(report.totals.outcomes)
          .filter(([, n]) => n > 0)
          .map(([code, n]) => [OUTCOME_LABELS[code as keyof typeof OUTCOME_LABELS]?.de ?? code, String(n)]),
      ),
    );
    // ... and the live queues, one row per queue, and the agents once
    await expect.poll(() => section(page, 'Jetzt in den Warteschlangen').getByRole('row').count()).toBe(4);
    const liveNow = LiveReport.parse(await (await get('/api/metrics/live', managerToken)).json());
    const agents = section(page, 'Jetzt in den Warteschlangen');
    expect(await agents.getByRole('term').allTextContents()).toEqual(['Agent*innen']);
    expect(plain(await agents.getByRole('definition').textContent())).toBe(
      `${liveNow.agents.available} frei von ${liveNow.agents.online} angemeldet`,
    );
    await annotate(
      `dashboard of ${report.series.length} days drawn ${Math.round(await renderMs(page))} ms after the answer arrived`,
    );

    // Act: the CSV download
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Zeitreihe als CSV herunterladen' }).click(),
    ]);

    // Assess: the same bytes the API answers, under its file name
    expect(readFileSync(await download.path(), 'utf8')).toBe(csv);
    expect(download.suggestedFilename()).toBe(`hotline-metrics-${period.from}-${period.to}.csv`);
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(`CSV gespeichert: ${download.suggestedFilename()}.`);
  });

  it('shows each published figure beside the previous period, with the right numbers, and its target', async () => {
    // Prepare: the last seven days against the seven before; calls were placed on both
    const from = addDays(today, -6);
    const report = (await (
      await get(`${metricsPath(from, today, 'day')}&compare=previous`, managerToken)
    ).json()) as MetricsReport;
    const previous = report.previous?.totals;
    expect(report.previous).toMatchObject({ from: addDays(from, -7), to: addDays(from, -1) });
    expect(previous?.calls, 'calls in the previous period').toBeGreaterThan(0);
    expect(report.totals.calls, 'calls in the period').toBeGreaterThan(0);

    // Act
    const page = await openDashboard(from, today, 'day');

    // Assess: the four figures, in order, each with its previous period and target
    const published = section(page, 'Was die Stadt veröffentlicht');
    expect(await published.getByRole('term').allTextContents()).toEqual([
      'Anrufe',
      'persönliche Beratungen vereinbart',
      'Wohnungen gesichert',
      'Erfolgsquote im Zeitraum',
    ]);
    const card = async (figure: string) =>
      (await published.locator(`[data-figure="${figure}"]`).getByRole('definition').allTextContents()).map(
        plain,
      );
    const reached = (value: number, target: number) => (value >= target ? '(erreicht)' : '(nicht erreicht)');
    const countCard = (key: 'calls' | 'consultations' | 'secured', perYear: number) => {
      const now = report.totals[key];
      const before = previous?.[key] ?? 0;
      const target = proRata(perYear, 7);
      const difference = change(now, before);
      return [
        count(now),
        `Vorperiode: ${count(before)}${difference === '–' ? '' : ` (${difference})`}`,
        `Ziel: ${count(target)} ${reached(now, target)}`,
      ].map(plain);
    };
    expect(await card('calls')).toEqual(countCard('calls', TARGETS.callsPerYear));
    expect(await card('consultations')).toEqual(countCard('consultations', TARGETS.consultationsPerYear));
    expect(await card('secured')).toEqual(countCard('secured', TARGETS.securedPerYear));
    const success = await card('successRate');
    expect(success[0]).toBe(plain(percent(report.totals.successRate)));
    expect(success[1]).toMatch(new RegExp(`^Vorperiode: ${plain(percent(previous?.successRate ?? null))}`));
    expect(success[2]).toMatch(
      new RegExp(`^Ziel: ${plain(percent(TARGETS.successRate))} \\((nicht )?erreicht\\)$`),
    );
    expect(success[3]).toBe(
      plain(`${count(report.totals.secured)} Wohnungen gesichert, ${count(report.totals.lost)} verloren`),
    );
    expect(plain(await page.locator('#period-line').textContent())).toContain(
      `Vorperiode ${dayText(addDays(from, -7))} bis ${dayText(addDays(from, -1))}`,
    );
  });

  it("shows the period's totals in the legends while nothing is hovered", async () => {
    // Prepare
    const report = (await (
      await get(metricsPath(period.from, period.to, 'day'), managerToken)
    ).json()) as MetricsReport;
    const page = await openDashboard(period.from, period.to, 'day');
    await expect.poll(() => page.locator('canvas').count()).toBe(5);

    // Act: the pointer off every chart
    await page.mouse.move(0, 0);
    const legend = legendOf(page);

    // Assess
    const whole = plain(`${dayText(period.from)}–${dayText(period.to)}`);
    await expectLegendTotals(page, report);

    // Act: pointing at a slice shows that slice; leaving the chart, the totals again
    await section(page, 'Anrufe im Zeitverlauf').locator('.u-over').hover();
    await expect.poll(async () => (await legend('Anrufe im Zeitverlauf'))[0]).not.toBe(whole);
    await page.mouse.move(0, 0);
    await expect.poll(async () => (await legend('Anrufe im Zeitverlauf'))[0]).toBe(whole);
  });

  for (const width of [1366, 400]) {
    it(`opens on this year, draws a year by the week and never scrolls sideways at ${width} px`, async () => {
      // Prepare
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${server.url}/dashboard.html`);
      /** The page's width against the window's, and what sticks out, to name it when it fails. */
      const overflow = () =>
        page.evaluate(() => {
          const root = document.documentElement;
          const wide = [...document.querySelectorAll<HTMLElement>('body *')]
            .filter((node) => node.getBoundingClientRect().right > root.clientWidth + 0.5)
            .map((node) => `${node.tagName.toLowerCase()}#${node.id}.${node.className}`)
            .slice(0, 8);
          return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
        });

      // Act: the default view, this year (by the week once it is longer than a quarter)
      await signIn(page, 'manager');
      await expect
        .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
        .toMatch(/geladen\.$/);
      await expect.poll(() => page.locator('canvas').count()).toBe(5);
      await expect.poll(() => section(page, 'Jetzt in den Warteschlangen').getByRole('row').count()).toBe(4);

      // Assess
      const { preset } = yearPreset(today);
      expect(await page.getByLabel('von', { exact: true }).inputValue()).toBe(`${today.slice(0, 4)}-01-01`);
      expect(await page.getByLabel('Auflösung').inputValue()).toBe(preset === 'thisYear' ? 'week' : 'day');
      const opened = await overflow();
      expect(opened.scrollWidth, JSON.stringify(opened.wide)).toBeLessThanOrEqual(opened.clientWidth);

      // Act: a whole year, which is always long enough to open by the week
      await page.getByRole('button', { name: 'letzte 12 Monate', exact: true }).click();
      await expect
        .poll(() => page.locator('#report').getAttribute('data-drawn'), { timeout: 15_000 })
        .toMatch(new RegExp(`/${today}/week$`));

      // Assess
      expect(await page.getByLabel('Auflösung').inputValue()).toBe('week');
      const year = await overflow();
      expect(year.scrollWidth, JSON.stringify(year.wide)).toBeLessThanOrEqual(year.clientWidth);

      // Act: the days with calls and outcomes, whose outcome table has rows
      await page.getByLabel('von', { exact: true }).fill(period.from);
      await page.getByLabel('Auflösung').selectOption('day');
      await page.getByRole('button', { name: 'Anzeigen' }).click();
      await expect
        .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
        .toBe(`Kennzahlen von ${dayText(period.from)} bis ${dayText(period.to)} geladen.`);
      await expect
        .poll(() => section(page, 'Ergebnisse der Gespräche').getByRole('row').count())
        .toBeGreaterThan(1);

      // Assess
      const days = await overflow();
      expect(days.scrollWidth, JSON.stringify(days.wide)).toBeLessThanOrEqual(days.clientWidth);
      expect(await page.locator('canvas').count()).toBe(5);
    });
  }

  it('draws a year by the day and by the hour', async ({ annotate }) => {
    // Prepare
    const from = addDays(today, -364);

    // Act
    const page = await openDashboard(from, today, 'day');
    const byDay = await renderMs(page);
    await page.getByLabel('Auflösung').selectOption('hour');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expect
      .poll(() => page.getByText(`${dayText(from)} bis ${dayText(today)}, Auflösung: Stunde`).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(`Kennzahlen von ${dayText(from)} bis ${dayText(today)} geladen.`);
    const byHour = await renderMs(page);

    // Assess: drawn (the time is measured, not asserted: speed belongs to the bench)
    expect(await page.locator('canvas').count()).toBe(5);
    expect(byDay).toBeGreaterThan(0);
    expect(byHour).toBeGreaterThan(0);
    await annotate(
      `a year by the day drawn in ${Math.round(byDay)} ms, by the hour in ${Math.round(byHour)} ms`,
    );
  });

  it('shows nothing personal: no name, phone number, tenancy number or address on the page or in the API', async () => {
    // Prepare
    expect(personal.length).toBeGreaterThan(8);
    const page = await openDashboard(period.from, period.to, 'day');

    // Act
    const pageText = (await page.evaluate(() => document.body.textContent)) ?? '';
    const answers = await Promise.all(
      [
        metricsPath(period.from, period.to, 'day'),
        metricsPath(period.from, period.to, 'hour', 'csv'),
        '/api/metrics/live',
      ].map(async (path) => (await get(path, managerToken)).text()),
    );

    // Assess
    for (const text of [pageText, ...answers]) {
      for (const value of personal) expect(text).not.toContain(value);
    }
  });

  it('refuses an agent: a message on the page, 403 from the API (401 without a token)', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.goto(`${server.url}/dashboard.html`);

    // Act
    await signIn(page, 'agent');
    const statuses = await Promise.all(
      [metricsPath(period.from, period.to, 'day'), '/api/metrics/live'].flatMap((path) => [
        get(path, agentToken).then((response) => response.status),
        get(path).then((response) => response.status),
      ]),
    );

    // Assess
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Dieses Konto gehört nicht zur Gruppe der Leitung: kein Zugriff auf die Kennzahlen.');
    expect(await page.getByRole('heading', { name: 'Zeitraum' }).isVisible()).toBe(false);
    expect(await page.getByLabel('Benutzername').isVisible()).toBe(true);
    expect(statuses).toEqual([403, 401, 403, 401]);
  });

  it('switches to English and keeps the choice', async () => {
    // Prepare
    const page = await openDashboard(period.from, period.to, 'week');

    // Act
    await page.getByRole('button', { name: 'Switch to English' }).click();

    // Assess
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('heading', { name: 'Overview' }).isVisible()).toBe(true);
    expect(await section(page, 'Overview').getByRole('term').first().textContent()).toBe('Calls');
    await expect
      .poll(() => section(page, 'Calls over time').locator('.u-legend .u-label').allTextContents())
      .toEqual(['Time', 'Calls', 'of which urgent', 'answered', 'abandoned in the queue']);
    expect(await page.getByRole('button', { name: 'Download the series as CSV' }).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Period' }).isVisible()).toBe(true);
  });
});

describe('the dashboard on a replayed year', () => {
  let server: StartedServer;
  let browser: Browser;
  let managerToken: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-dashboard-year-'));
  const env = { DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), HOTLINE_TABLE_PREFIX: `dashyear${Date.now()}` };
  const today = viennaDate(new Date());

  beforeAll(async () => {
    // The twelve months up to yesterday, as `hotline replay` writes them before anyone opens the page.
    // A call whose lookup timed out on a busy machine is reported as taking another route (exit 1,
    // after the summary): the year is still there, and the page is judged against the API's report.
    const replayed = await runCli(
      ['replay', '--calls', '150', '--seed', '17', '--concurrency', '4', '--json', '--data', dataDir],
      env,
    );
    expect(ReplaySummary.parse(JSON.parse(replayed.stdout)), replayed.stderr).toMatchObject({
      placed: 150,
      disconnected: 0,
    });
    [server, browser] = await Promise.all([
      startServer(['--port', '0', '--data', dataDir], env),
      launchBrowser(),
    ]);
    managerToken = await server.tokenOf('manager');
  }, 180_000);
  afterAll(async () => {
    await Promise.all([server?.stop(), browser?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signedIn = async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/dashboard.html`);
    await signIn(page, 'manager');
    await page.locator('#report[data-drawn]').waitFor({ state: 'attached', timeout: 30_000 });
    return page;
  };
  /** Chooses a preset; resolves with what the page says it drew, once it has. */
  const choose = async (page: Page, name: string, drawn: string) => {
    await page.getByRole('button', { name, exact: true }).click();
    await expect
      .poll(() => page.locator('#report').getAttribute('data-drawn'), { timeout: 15_000 })
      .toBe(drawn);
  };

  it('draws the year completely when "dieses Jahr" is chosen: by the week, every figure and chart', async ({
    annotate,
  }) => {
    // Prepare: in the first quarter this year is shown by the day; a year by the week is then the last 12 months
    const { preset, from } = yearPreset(today);
    const response = await fetch(
      `${server.url}/api/metrics?${new URLSearchParams({ from, to: today, granularity: 'week', compare: 'previous' })}`,
      { headers: { authorization: `Bearer ${managerToken}` } },
    );
    const report = (await response.json()) as MetricsReport;
    expect(report.totals.calls, 'the replayed calls of this year').toBeGreaterThan(0);
    const page = await signedIn();
    await choose(page, 'dieser Monat', `${today.slice(0, 8)}01/${today}/day`);

    // Act
    await choose(page, preset === 'thisYear' ? 'dieses Jahr' : 'letzte 12 Monate', `${from}/${today}/week`);

    // Assess: the year by the week, one slice a week
    expect(await page.getByLabel('Auflösung').inputValue()).toBe('week');
    expect(plain(await page.locator('#period-line').textContent())).toContain(
      `${dayText(from)} bis ${dayText(today)}, Auflösung: Woche`,
    );
    const weekdays = report.series.map((point) => new Date(`${point.start}T12:00:00Z`).getUTCDay());
    expect(new Set(weekdays.slice(1))).toEqual(new Set([1]));
    expect(report.series.length).toBeGreaterThan(13);
    // ... the four published figures with the API's numbers
    const published = section(page, 'Was die Stadt veröffentlicht');
    expect(await published.locator('[data-figure]').count()).toBe(4);
    const shownValue = async (figure: string) =>
      plain(await published.locator(`[data-figure="${figure}"] .kpi-value`).textContent());
    expect(await shownValue('calls')).toBe(plain(count(report.totals.calls)));
    expect(await shownValue('consultations')).toBe(plain(count(report.totals.consultations)));
    expect(await shownValue('secured')).toBe(plain(count(report.totals.secured)));
    expect(await shownValue('successRate')).toBe(plain(percent(report.totals.successRate)));
    // ... every operational figure, each the API's
    await expectOperationalFigures(page, report);
    // ... the year to date left out when the period is the year to date
    expect(await page.locator('#year-to-date').isHidden()).toBe(preset === 'thisYear');
    // ... five charts, each drawn, each legend with the year's figures
    expect(await page.locator('#report canvas').count()).toBe(5);
    await expectLegendTotals(page, report);
    // ... the hour and weekday charts' text alternatives, and the outcome mix, with the API's counts
    const rowsOf = async (name: RegExp) =>
      (await page.getByRole('table', { name }).getByRole('row').allTextContents()).slice(1);
    expect((await rowsOf(/^Anrufe nach Tageszeit/)).map((row) => Number(row.split('Uhr')[1]))).toEqual(
      report.callsByHourOfDay,
    );
    expect(await rowsOf(/^Anrufe nach Wochentag/)).toHaveLength(7);
    const outcomes = Object.values(report.totals.outcomes).filter((n) => n > 0);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(await section(page, 'Ergebnisse der Gespräche').locator('tbody tr').count()).toBe(outcomes.length);
    const drawnIn = await page.evaluate(
      () => performance.getEntriesByName('dashboard-period').at(-1)?.duration ?? Number.NaN,
    );
    await annotate(
      `a replayed year of ${report.totals.calls} calls by the week drawn ${Math.round(drawnIn)} ms after it was chosen`,
    );
  }, 60_000);

  it('shows the live queues, and the agents once for all of them, as the live API counts them', async () => {
    // Prepare: nobody calls yet (a replay never joins the live queues); three agents serve all queues
    const page = await signedIn();
    const live = section(page, 'Jetzt in den Warteschlangen');
    const agentsRow = async () => plain(await live.getByRole('definition').textContent());
    await expect.poll(agentsRow, { timeout: 25_000 }).toBe('3 frei von 3 angemeldet');

    // Act: an urgent and a general call answered and talked through, and a general caller who waits
    const at = nextOpenAt('10:00').iso;
    const calls = [
      { from: DEMO_CALLERS.critical.phone, at, answer: { afterSeconds: 1, talkSeconds: 900 } },
      { from: DEMO_CALLERS.normal.phone, at, answer: { afterSeconds: 1, talkSeconds: 900 } },
      { from: DEMO_CALLERS.normal.phone, at, answer: { abandonAfterSeconds: 900 } },
    ];
    for (const call of calls) {
      const placed = PlacedCall.parse(await (await server.placeCall(call)).json());
      expect(placed.result).toBe('queued');
    }

    // Assess: two of the same three agents busy, counted once, not per queue; the caller waiting in general
    await expect.poll(agentsRow, { timeout: 25_000 }).toBe('1 frei von 3 angemeldet');
    const api = LiveReport.parse(
      await (
        await fetch(`${server.url}/api/metrics/live`, {
          headers: { authorization: `Bearer ${managerToken}` },
        })
      ).json(),
    );
    expect(api.agents).toEqual({ available: 1, online: 3 });
    expect(api.queues.map((queue) => [queue.queue, queue.contactsInQueue])).toEqual([
      ['urgent', 0],
      ['general', 1],
      ['callback', 0],
    ]);
    const general = live.getByRole('row', { name: /allgemeine Warteschlange/ });
    expect((await general.getByRole('cell').allTextContents())[0]).toBe('1');
    expect(await live.getByRole('term').allTextContents()).toEqual(['Agent*innen']);
  }, 90_000);
});

describe('the dashboard with the hosted sign-in', () => {
  const world = useHostedSignIn('dashhosted');
  let server: StartedServer;
  let signInServer: HostedSignIn;
  let browser: Browser;
  beforeAll(() => {
    ({ server, signInServer, browser } = world());
  });

  it('signs the manager in and comes back to the period in the address', async () => {
    // Prepare
    const today = viennaDate(new Date());
    const search = `?${new URLSearchParams({ from: addDays(today, -27), to: today, granularity: 'week' })}`;
    const page = await browser.newPage();
    await page.goto(`${server.url}/dashboard.html${search}`);
    expect(await page.getByLabel('Benutzername').isVisible(), 'no password form: the sign-in is hosted').toBe(
      false,
    );

    // Act
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${signInServer.url}/oauth2/authorize?**`);
    await fillHostedForm(page, 'manager');

    // Assess: the period of the address shown, the code gone from it
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Kennzahlen von .* geladen\.$/);
    expect(new URL(page.url()).search).toBe(search);
    expect(await page.getByLabel('Auflösung').inputValue()).toBe('week');
    expect(await page.locator('canvas').count()).toBe(5);
  });

  it('refuses the dashboard to an agent signed in through the hosted sign-in', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.goto(`${server.url}/dashboard.html`);

    // Act
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await fillHostedForm(page, 'agent');

    // Assess
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Dieses Konto gehört nicht zur Gruppe der Leitung: kein Zugriff auf die Kennzahlen.');
    expect(await page.getByRole('heading', { name: 'Zeitraum' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('managerSession'))).toBeNull();
  });
});

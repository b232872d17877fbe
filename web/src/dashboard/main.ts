// The managers' dashboard: sign in (group `managers`), pick a period, read the hotline's figures and
// charts, download the series as CSV, and watch the queues live. The page is built against
// shared/http/metrics-api-contract.ts: one GET /api/metrics per period (JSON, with the previous
// period's totals: `compare=previous`; `format=csv` for the download), GET /api/metrics/live every
// 10 s while the page is visible. No answer names a caller. The figures the city publishes come
// first, each beside the previous period and the city's target (targets.ts); then the operational
// ones, each once. What was taken from Amazon Connect's and Grafana's dashboards: docs/dashboard.md.
//
// Rendering a year by the hour (8,760 points) stays fast: one request, one canvas per chart, and no
// element per point. The page measures itself, for the bench (bench/dashboard.ts) and the browser
// tests: a period asked for marks `dashboard-load`; once its figures are written and every chart has
// been drawn once, the page marks `dashboard-drawn`, measures `dashboard-period` (load → drawn) and
// `dashboard-render` (the answer's arrival → drawn), and sets `data-drawn="<from>/<to>/<granularity>"`
// on #report, which a newer load removes until it is drawn in turn.
import type uPlot from 'uplot';
import { OUTCOME_CODES, OutcomeCode } from '../../../shared/domain/outcomes.ts';
import { daysBetween, isIsoDate, viennaDate } from '../../../shared/domain/vienna-calendar.ts';
import {
  GRANULARITIES,
  type Granularity,
  type LiveQueueReport,
  MANAGER_GROUP,
  MAX_PERIOD_DAYS,
  METRICS_ROUTE_KEYS,
  type MetricsReport,
} from '../../../shared/http/metrics-api-contract.ts';
import { byId, describe, element } from '../shell/dom.ts';
import { OUTCOME_LABELS } from '../shell/i18n.ts';
import { SignedOutError, startSignedInPage } from '../shell/page-shell.ts';
import { pathOf } from '../shell/routes.ts';
import { COLOURS, categoryChart, keepWidth, timeChart, toSeconds } from './charts.ts';
import { defaultGranularity } from './periods.ts';
import { parseLiveQueueReport, parseMetricsReport } from './reports.ts';
import { proRata, TARGETS } from './targets.ts';
import { TEXTS } from './texts.ts';

const LIVE_MS = 10_000;
const PRESETS = ['thisYear', 'last12Months', 'thisMonth', 'last30Days'] as const;
type Preset = (typeof PRESETS)[number];
interface Period {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
}

/** The period of the report shown (or being loaded). */
let query: Period | undefined;
let report: MetricsReport | undefined;
/** `undefined`: not loaded yet; `null`: not available. */
let live: LiveQueueReport | null | undefined;
let liveTimer: ReturnType<typeof setInterval> | undefined;
let charts: uPlot[] = [];
let stopResizing = () => {};
let loadSequence = 0;
let chartSequence = 0;
let periodError: '' | 'errPeriod' | 'errTooLong' = '';

const shell = await startSignedInPage({
  texts: TEXTS,
  storageKey: 'managerSession',
  group: MANAGER_GROUP,
  refusal: 'notManager',
  panelId: 'dashboard',
  render: () => {
    render();
    if (report) {
      renderFigures();
      renderOutcomes();
      void renderCharts();
    }
  },
  onSession: () => {
    byId('period-heading').focus();
    const period = initialPeriod();
    fillForm(period);
    startLive();
    void load(period);
  },
  onSessionEnd: () => {
    stopLive();
    destroyCharts();
    report = undefined;
    live = undefined;
    loadSequence++;
    byId('report').hidden = true;
  },
});
const { t, say, language, locale } = shell;

/** GET against the API with the bearer token; 401 ends the session (the shell), 403 refuses the page. */
const api = async (path: string): Promise<Response> => {
  const response = await shell.api(path);
  if (response.status === 403) {
    shell.signOut('notManager', 'bad');
    throw new SignedOutError();
  }
  return response;
};

// ---- numbers and days -------------------------------------------------------------------------

const count = (value: number): string => new Intl.NumberFormat(locale()).format(value);
const percent = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined
    ? '–'
    : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
const seconds = (value: number | null | undefined): string =>
  value === null || value === undefined
    ? '–'
    : `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(value)} ${t('seconds')}`;
const day = (isoDate: string): string =>
  new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(locale(), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  });

const isoOf = (year: number, month: number, date: number): string =>
  new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10);

const presetPeriod = (preset: Preset): { from: string; to: string } => {
  const today = viennaDate(new Date());
  const [year = 1970, month = 1, date = 1] = today.split('-').map(Number);
  const from = {
    thisYear: isoOf(year, 1, 1),
    last12Months: isoOf(year - 1, month, date + 1),
    thisMonth: isoOf(year, month, 1),
    last30Days: isoOf(year, month, date - 29),
  }[preset];
  return { from, to: today };
};

// ---- API ------------------------------------------------------------------------------------------

const metricsPath = (period: Period, format?: 'csv'): string => {
  const params = new URLSearchParams({ from: period.from, to: period.to, granularity: period.granularity });
  // The page's report carries the previous period too (one request); the CSV is the series alone.
  if (format) params.set('format', format);
  else params.set('compare', 'previous');
  return `${pathOf(METRICS_ROUTE_KEYS.report)}?${params}`;
};

// ---- rendering ------------------------------------------------------------------------------------

const render = () => {
  document.title = `${t('title')} – ${t('site')}`;
  renderPeriodError();
  renderLive();
};

const renderPeriodError = () => {
  byId('period-error').textContent = periodError ? t(periodError) : '';
  for (const id of ['from', 'to']) {
    if (periodError) byId(id).setAttribute('aria-invalid', 'true');
    else byId(id).removeAttribute('aria-invalid');
  }
};

/** A change against the previous period, signed: "+12 %", "−3 %", "±0 %"; "–" from nothing. */
const change = (now: number | null, before: number | null): string => {
  if (now === null || before === null || before === 0) return '–';
  const ratio = (now - before) / before;
  const text = new Intl.NumberFormat(locale(), {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  }).format(ratio);
  return ratio === 0 ? `±${text}` : text;
};

/** A change of a rate, in percentage points: "+4,2 Pp." */
const pointsChange = (now: number | null, before: number | null): string =>
  now === null || before === null
    ? '–'
    : t(
        'points',
        new Intl.NumberFormat(locale(), { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
          (now - before) * 100,
        ),
      );

interface Headline {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly previous: string;
  readonly change: string;
  readonly target: string;
  /** Reached, missed, or (a count over a period not yet over) on its way. */
  readonly reached: boolean;
  readonly note?: string;
}

/**
 * One figure the city publishes, as a group of the headline list: its name (the term), its value,
 * the previous period's beside it, and the target.
 */
const headlineCard = (figure: Headline): HTMLElement => {
  const card = element('div', undefined, 'kpi');
  card.dataset.figure = figure.key;
  card.dataset.reached = String(figure.reached);
  card.append(
    element('dt', figure.label),
    element('dd', figure.value, 'kpi-value'),
    element(
      'dd',
      `${t('previousPeriod')}: ${figure.change === '–' ? figure.previous : `${figure.previous} (${figure.change})`}`,
      'kpi-previous',
    ),
    element(
      'dd',
      `${t('target')}: ${figure.target} ${figure.reached ? t('targetReached') : t('targetMissed')}`,
      'kpi-target',
    ),
  );
  if (figure.note) card.append(element('dd', figure.note, 'kpi-note'));
  return card;
};

const renderFigures = () => {
  if (!report) return;
  const { totals, period, yearToDate, previous } = report;
  const before = previous?.totals;
  const days = isIsoDate(period.from) && isIsoDate(period.to) ? daysBetween(period.from, period.to) + 1 : 1;
  byId('period-line').textContent = previous
    ? t(
        'periodLineCompared',
        day(period.from),
        day(period.to),
        t(period.granularity),
        day(previous.from),
        day(previous.to),
      )
    : t('periodLine', day(period.from), day(period.to), t(period.granularity));
  const countFigure = (key: 'calls' | 'consultations' | 'secured', perYear: number): Headline => {
    const target = proRata(perYear, days);
    return {
      key,
      label: t(key === 'secured' ? 'securedHeadline' : key),
      value: count(totals[key]),
      previous: before ? count(before[key]) : '–',
      change: change(totals[key], before?.[key] ?? null),
      target: count(target),
      reached: totals[key] >= target,
    };
  };
  const headlines: Headline[] = [
    countFigure('calls', TARGETS.callsPerYear),
    countFigure('consultations', TARGETS.consultationsPerYear),
    countFigure('secured', TARGETS.securedPerYear),
    {
      key: 'successRate',
      label: t('successRate'),
      value: percent(totals.successRate),
      previous: before ? percent(before.successRate) : '–',
      change: pointsChange(totals.successRate, before?.successRate ?? null),
      target: percent(TARGETS.successRate),
      reached: totals.successRate !== null && totals.successRate >= TARGETS.successRate,
      note: t('successNote', count(totals.secured), count(totals.lost)),
    },
  ];
  byId('headline').replaceChildren(...headlines.map(headlineCard));
  // Each operational figure once: calls, consultations and the cases closed stand above, the
  // calls with an outcome in the outcome section's caption.
  describe(byId('figures'), [
    [t('answered'), count(totals.answered)],
    [t('abandoned'), count(totals.abandoned)],
    [t('abandonRate'), percent(totals.abandonRate)],
    [t('averageWait'), seconds(totals.averageWaitSeconds)],
    [t('urgentAverageWait'), seconds(totals.urgentAverageWaitSeconds)],
    [t('serviceLevel', period.serviceLevelSeconds), percent(totals.serviceLevel)],
    [t('urgentServiceLevel', period.serviceLevelSeconds), percent(totals.urgentServiceLevel)],
    [t('urgentShare'), t('shareOf', percent(totals.urgentShare), count(totals.urgent))],
    [t('averageHandle'), seconds(totals.averageHandleSeconds)],
    [t('afterHours'), count(totals.afterHours)],
    [t('callbacksQueued'), count(totals.callbacksQueued)],
    [t('callbacksAnswered'), count(totals.callbacksAnswered)],
    [t('callbacksUnreachable'), count(totals.callbacksUnreachable)],
    [t('averageCallbackDelay'), seconds(totals.averageCallbackDelaySeconds)],
  ]);
  // From 1 January, the year to date is the period itself: shown once, above.
  const isYearToDate = period.from === `${period.to.slice(0, 4)}-01-01`;
  byId('year-to-date').hidden = isYearToDate;
  describe(byId('year-to-date'), [
    [t('successRateYtd', yearToDate.year), percent(yearToDate.successRate)],
    [t('securedYtd', yearToDate.year), count(yearToDate.secured)],
    [t('lostYtd', yearToDate.year), count(yearToDate.lost)],
  ]);
};

/** An outcome code in the current language; a code this page does not know yet as it came. */
const outcomeLabel = (code: string): string => {
  const known = OutcomeCode.safeParse(code);
  return known.success ? OUTCOME_LABELS[known.data][language()] : code;
};

const renderOutcomes = () => {
  if (!report) return;
  const { outcomes, withOutcome } = report.totals;
  const known: readonly string[] = OUTCOME_CODES;
  const codes = [...known, ...Object.keys(outcomes).filter((code) => !known.includes(code))];
  const rows = codes
    .map((code): [string, number] => [code, outcomes[code] ?? 0])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  byId('outcomes-caption').textContent = t('outcomesCaption', count(withOutcome));
  byId('outcomes').hidden = rows.length === 0;
  byId('no-outcomes').hidden = rows.length > 0;
  const body = byId('outcomes').querySelector('tbody');
  if (!body) return;
  body.replaceChildren();
  for (const [code, n] of rows) {
    const share = withOutcome > 0 ? n / withOutcome : null;
    const row = element('tr');
    const name = element('th', outcomeLabel(code));
    name.scope = 'row';
    const shareCell = element('td');
    const shareLine = element('div', undefined, 'share');
    const track = element('span', undefined, 'share-track');
    const meter = element('span', undefined, 'share-bar');
    meter.style.width = `${Math.round((share ?? 0) * 100)}%`;
    track.append(meter);
    track.setAttribute('aria-hidden', 'true');
    shareLine.append(track, element('span', percent(share)));
    shareCell.append(shareLine);
    row.append(name, element('td', count(n), 'number'), shareCell);
    body.append(row);
  }
};

/** A small visually hidden table: the text alternative of a chart of a few categories. */
const dataTable = (
  table: HTMLElement,
  caption: string,
  header: readonly string[],
  names: readonly string[],
  values: readonly number[],
) => {
  const head = element('tr');
  for (const text of header) {
    const cell = element('th', text);
    cell.scope = 'col';
    head.append(cell);
  }
  const body = element('tbody');
  names.forEach((name, index) => {
    const row = element('tr');
    const label = element('th', name);
    label.scope = 'row';
    row.append(label, element('td', count(values[index] ?? 0), 'number'));
    body.append(row);
  });
  const thead = element('thead');
  thead.append(head);
  table.replaceChildren(element('caption', caption), thead, body);
};

const peakOf = (names: readonly string[], values: readonly number[]): string | undefined => {
  let best = -1;
  values.forEach((value, index) => {
    if (value > 0 && (best < 0 || value > (values[best] ?? 0))) best = index;
  });
  return best < 0 ? undefined : `${names[best]} (${count(values[best] ?? 0)})`;
};

/** Monday first, as the API counts (0 = Monday); 1 January 2024 was a Monday. */
const weekdayNames = (style: 'short' | 'long'): string[] => {
  const format = new Intl.DateTimeFormat(locale(), { weekday: style, timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, index) => format.format(new Date(Date.UTC(2024, 0, 1 + index))));
};

const destroyCharts = () => {
  chartSequence++;
  stopResizing();
  stopResizing = () => {};
  for (const chart of charts) chart.destroy();
  charts = [];
};

/** Draws every chart anew; resolves when all are drawn. */
const renderCharts = async () => {
  if (!report) return;
  destroyCharts();
  const sequence = ++chartSequence;
  const { series, period, totals, callsByHourOfDay, callsByWeekday } = report;
  const granularity = period.granularity;
  const per = t(`per_${granularity}`);
  const xs = new Float64Array(series.length);
  const calls: number[] = new Array(series.length);
  const urgent: number[] = new Array(series.length);
  const answered: number[] = new Array(series.length);
  const abandoned: number[] = new Array(series.length);
  const wait: (number | null)[] = new Array(series.length);
  const level: (number | null)[] = new Array(series.length);
  const secured: (number | null)[] = new Array(series.length);
  const lost: (number | null)[] = new Array(series.length);
  let peak = -1;
  for (let i = 0; i < series.length; i++) {
    const point = series[i];
    if (!point) continue;
    xs[i] = toSeconds(point.start);
    calls[i] = point.calls;
    urgent[i] = point.urgent;
    answered[i] = point.answered;
    abandoned[i] = point.abandoned;
    wait[i] = point.averageWaitSeconds;
    level[i] = point.serviceLevel;
    secured[i] = point.secured;
    lost[i] = point.lost;
    if (point.calls > 0 && (peak < 0 || point.calls > (calls[peak] ?? 0))) peak = i;
  }
  const common = {
    locale: locale(),
    granularity,
    xLabel: t('when'),
    xs,
    periodLabel: t('wholePeriod', day(period.from), day(period.to)),
  };
  const counts = { scale: 'y', label: t('count'), format: count, counts: true };
  const hourNames = Array.from({ length: 24 }, (_, hour) => t('hourName', hour));
  const weekdays = weekdayNames('long');
  const hourly = granularity === 'hour';
  const pointName = (index: number): string =>
    new Intl.DateTimeFormat(locale(), {
      timeZone: 'UTC',
      ...(hourly
        ? { day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit' }
        : granularity === 'month'
          ? { month: 'long', year: 'numeric' }
          : { day: 'numeric', month: 'numeric', year: 'numeric' }),
    }).format(new Date((xs[index] ?? 0) * 1000));

  byId('volume-caption').textContent = t(
    'volumeCaption',
    per,
    count(totals.calls),
    peak < 0 ? '' : count(calls[peak] ?? 0),
    peak < 0 ? '' : pointName(peak),
  );
  byId('hour-caption').textContent = t('hourCaption', peakOf(hourNames, callsByHourOfDay));
  byId('weekday-caption').textContent = t('weekdayCaption', peakOf(weekdays, callsByWeekday));
  dataTable(byId('hour-table'), t('hourCaption'), [t('hourOfDay'), t('calls')], hourNames, callsByHourOfDay);
  dataTable(byId('weekday-table'), t('weekdayCaption'), [t('weekday'), t('calls')], weekdays, callsByWeekday);
  const serviceCaption = t(
    'serviceCaption',
    per,
    report.period.serviceLevelSeconds,
    seconds(totals.averageWaitSeconds),
    percent(totals.serviceLevel),
  );
  byId('service-caption').textContent = hourly
    ? `${serviceCaption} ${t('hourlyVolumeOnly')}`
    : serviceCaption;
  const securedCaption = t('securedCaption', per, count(totals.secured), count(totals.lost));
  byId('secured-caption').textContent = hourly
    ? `${securedCaption} ${t('hourlyVolumeOnly')}`
    : securedCaption;

  const drawn = await Promise.all([
    timeChart(byId('volume-chart'), {
      ...common,
      series: [
        {
          label: t('calls'),
          values: calls,
          colour: COLOURS.blue,
          format: count,
          kind: 'bar',
          total: count(totals.calls),
        },
        {
          label: t('urgent'),
          values: urgent,
          colour: COLOURS.red,
          format: count,
          kind: 'bar',
          total: count(totals.urgent),
        },
        {
          label: t('answered'),
          values: answered,
          colour: COLOURS.green,
          format: count,
          kind: 'bar',
          total: count(totals.answered),
        },
        {
          label: t('abandoned'),
          values: abandoned,
          colour: COLOURS.orange,
          format: count,
          kind: 'bar',
          total: count(totals.abandoned),
        },
      ],
      axes: [counts],
    }),
    categoryChart(byId('hour-chart'), {
      names: Array.from({ length: 24 }, (_, hour) => String(hour)),
      values: callsByHourOfDay,
      label: t('calls'),
      total: count(totals.calls),
      allLabel: t('allHours'),
      xLabel: t('hourOfDay'),
      colour: COLOURS.blue,
      format: count,
    }),
    categoryChart(byId('weekday-chart'), {
      names: weekdayNames('short'),
      values: callsByWeekday,
      label: t('calls'),
      total: count(totals.calls),
      allLabel: t('allWeekdays'),
      xLabel: t('weekday'),
      colour: COLOURS.sky,
      format: count,
    }),
    timeChart(byId('service-chart'), {
      ...common,
      series: [
        {
          label: t('averageWait'),
          values: wait,
          colour: COLOURS.purple,
          format: seconds,
          total: seconds(totals.averageWaitSeconds),
          scale: 's',
        },
        {
          label: t('serviceLevel', report.period.serviceLevelSeconds),
          values: level,
          colour: COLOURS.green,
          format: percent,
          total: percent(totals.serviceLevel),
          scale: 'level',
        },
      ],
      axes: [
        { scale: 's', label: t('waitAxis'), format: (value) => count(value), counts: true },
        { scale: 'level', label: t('levelAxis'), format: percent, range: () => [0, 1] },
      ],
    }),
    timeChart(byId('secured-chart'), {
      ...common,
      series: [
        {
          label: t('secured'),
          values: secured,
          colour: COLOURS.green,
          format: count,
          total: count(totals.secured),
          kind: 'bar',
        },
        {
          label: t('lost'),
          values: lost,
          colour: COLOURS.red,
          format: count,
          total: count(totals.lost),
          kind: 'bar',
        },
      ],
      axes: [counts],
    }),
  ]);
  if (sequence !== chartSequence) {
    // A newer rendering (another period, the other language) started meanwhile: it draws its own.
    for (const chart of drawn) chart.destroy();
    return;
  }
  charts = drawn;
  stopResizing = keepWidth(charts);
};

const renderLive = () => {
  const caption = byId('live-caption');
  const body = byId('live').querySelector('tbody');
  body?.replaceChildren();
  byId('live-agents').replaceChildren();
  if (live === undefined) {
    caption.textContent = t('liveLoading');
    return;
  }
  if (live === null) {
    caption.textContent = t('liveUnavailable');
    return;
  }
  const time = new Date(live.at).toLocaleTimeString(locale(), { timeZone: 'Europe/Vienna' });
  caption.textContent = t('liveAt', time);
  for (const queue of live.queues) {
    const row = element('tr');
    const name = element('th', t(`queue_${queue.queue}`));
    name.scope = 'row';
    row.append(
      name,
      element('td', count(queue.contactsInQueue), 'number'),
      element('td', seconds(queue.oldestContactAgeSeconds), 'number'),
    );
    body?.append(row);
  }
  // The agents once, not per queue: the API counts each agent once, however many of the queues
  // they serve (docs/dashboard.md, "Agents counted once").
  const { available, online } = live.agents;
  describe(byId('live-agents'), [[t('agents'), t('agentsLine', count(available), count(online))]]);
};

// ---- loading ---------------------------------------------------------------------------------------

/** The period in the form, checked as the API will; undefined (and the error shown) when it is not. */
const isGranularity = (value: string | null): value is Granularity =>
  GRANULARITIES.some((granularity) => granularity === value);

const periodOfForm = (): Period | undefined => {
  const granularity = byId('granularity', HTMLSelectElement).value;
  const from = byId('from', HTMLInputElement).value;
  const to = byId('to', HTMLInputElement).value;
  periodError =
    !isIsoDate(from) || !isIsoDate(to) || from > to
      ? 'errPeriod'
      : daysBetween(from, to) >= MAX_PERIOD_DAYS
        ? 'errTooLong'
        : '';
  renderPeriodError();
  if (periodError) return undefined;
  return { from, to, granularity: isGranularity(granularity) ? granularity : 'day' };
};

const fillForm = (period: Period) => {
  byId('from', HTMLInputElement).value = period.from;
  byId('to', HTMLInputElement).value = period.to;
  byId('granularity', HTMLSelectElement).value = period.granularity;
};

/** Loads the report of `period`: one request; the charts are drawn from its answer. */
const load = async (period: Period) => {
  query = period;
  const sequence = ++loadSequence;
  // The period in the address: a reload (or the hosted sign-in's round trip) shows it again.
  history.replaceState(null, '', `${location.pathname}?${new URLSearchParams({ ...period })}`);
  say('loading');
  byId('report').setAttribute('aria-busy', 'true');
  delete byId('report').dataset.drawn;
  for (const mark of ['dashboard-load', 'dashboard-response', 'dashboard-drawn'])
    performance.clearMarks(mark);
  for (const measure of ['dashboard-period', 'dashboard-render']) performance.clearMeasures(measure);
  performance.mark('dashboard-load');
  try {
    const response = await api(metricsPath(period));
    if (sequence !== loadSequence) return;
    performance.mark('dashboard-response');
    if (response.status === 400) {
      say('invalid', 'bad');
      return;
    }
    if (!response.ok) {
      say('failed', 'bad');
      return;
    }
    const answer = parseMetricsReport(await response.json());
    if (!answer) {
      say('failed', 'bad');
      return;
    }
    report = answer;
    if (sequence !== loadSequence || !shell.session()) return;
    byId('report').hidden = false;
    renderFigures();
    renderOutcomes();
    await renderCharts();
    if (sequence !== loadSequence) return;
    performance.mark('dashboard-drawn');
    performance.measure('dashboard-period', 'dashboard-load', 'dashboard-drawn');
    performance.measure('dashboard-render', 'dashboard-response', 'dashboard-drawn');
    const shown = report.period;
    byId('report').dataset.drawn = `${shown.from}/${shown.to}/${shown.granularity}`;
    say('loaded', 'ok', day(shown.from), day(shown.to));
  } catch (error) {
    if (!(error instanceof SignedOutError) && sequence === loadSequence) say('failed', 'bad');
  } finally {
    if (sequence === loadSequence) byId('report').setAttribute('aria-busy', 'false');
  }
};

const loadLive = async () => {
  try {
    const response = await api(pathOf(METRICS_ROUTE_KEYS.live));
    const answer = response.ok ? parseLiveQueueReport(await response.json()) : undefined;
    live = answer ?? null;
  } catch {
    live = shell.session() ? null : undefined;
  }
  if (shell.session()) renderLive();
};

const startLive = () => {
  stopLive();
  if (!shell.session() || document.visibilityState !== 'visible') return;
  loadLive();
  liveTimer = setInterval(loadLive, LIVE_MS);
};

function stopLive() {
  if (liveTimer !== undefined) clearInterval(liveTimer);
  liveTimer = undefined;
}

/** The CSV of the period shown, fetched with the token and saved under the server's file name. */
const downloadCsv = async () => {
  const period = query ?? periodOfForm();
  if (!period) return;
  try {
    const response = await api(metricsPath(period, 'csv'));
    if (!response.ok) {
      say(response.status === 400 ? 'invalid' : 'failed', 'bad');
      return;
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const name =
      /filename="?([^";]+)"?/i.exec(disposition)?.[1] ??
      `hotline-metrics-${period.from}-${period.to}-${period.granularity}.csv`;
    const url = URL.createObjectURL(await response.blob());
    const link = element('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say('csvSaved', 'ok', name);
  } catch (error) {
    if (!(error instanceof SignedOutError)) say('failed', 'bad');
  }
};

// ---- session ----------------------------------------------------------------------------------------

/** The period in the address, if it is a valid one; otherwise this year, by the week. */
const initialPeriod = (): Period => {
  const params = new URL(location.href).searchParams;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const granularity = params.get('granularity') ?? defaultGranularity(from, to);
  if (isIsoDate(from) && isIsoDate(to) && from <= to && isGranularity(granularity))
    return { from, to, granularity };
  const year = presetPeriod('thisYear');
  return { ...year, granularity: defaultGranularity(year.from, year.to) };
};

byId('period-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const period = periodOfForm();
  if (period) load(period);
  else byId('from').focus();
});

const isPreset = (value: string | undefined): value is Preset => PRESETS.some((preset) => preset === value);

for (const button of document.querySelectorAll<HTMLElement>('[data-preset]')) {
  button.addEventListener('click', () => {
    const preset = button.dataset.preset;
    if (!isPreset(preset)) return;
    const picked = presetPeriod(preset);
    fillForm({ ...picked, granularity: defaultGranularity(picked.from, picked.to) });
    const period = periodOfForm();
    if (period) load(period);
  });
}

byId('csv').addEventListener('click', downloadCsv);

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') startLive();
  else stopLive();
});

// The managers' dashboard: sign in (group `managers`), pick a period, read the hotline's figures and
// charts, download the series as CSV, and watch the queues live. The page is built against
// shared/http/metrics-api-contract.ts: one GET /api/metrics per period (JSON; `format=csv` for the
// download), GET /api/metrics/live every 10 s while the page is visible. No answer names a caller.
//
// Rendering a year by the hour (8,760 points) stays fast: one request, one canvas per chart, and no
// element per point. The page measures it: `performance.measure('dashboard-render')` spans from the
// answer's arrival to every chart drawn once.
import { startPageSignIn } from './auth.js';
import { COLOURS, categoryChart, keepWidth, timeChart, toSeconds } from './dashboard-charts.js';
import { OUTCOME_CODES } from './outcome-codes.js';
import { byId, element, localeOf, translator } from './page.js';

const MANAGER_GROUP = 'managers';
const LIVE_MS = 10_000;
/** The longest period the API answers (metrics-api-contract.ts MAX_PERIOD_DAYS). */
const MAX_PERIOD_DAYS = 732;
const GRANULARITIES = ['hour', 'day', 'week', 'month'];
const PRESETS = ['thisYear', 'last12Months', 'thisMonth', 'last30Days'];

const TEXT = {
  de: {
    title: 'Kennzahlen der Hotline (Leitung)',
    switch: 'English',
    switchLabel: 'Switch to English',
    signIn: 'Anmelden',
    username: 'Benutzername',
    password: 'Passwort',
    demoUsers:
      'Lokale Demo-Konten: manager / manager (Leitung), agent / agent (Agent*in, ohne Zugriff auf Kennzahlen).',
    signInButton: 'Anmelden',
    signingIn: 'Anmeldung läuft …',
    badCredentials: 'Benutzername oder Passwort stimmt nicht.',
    notManager: 'Dieses Konto gehört nicht zur Gruppe der Leitung: kein Zugriff auf die Kennzahlen.',
    signInFailed: 'Die Anmeldung hat nicht geklappt. Bitte erneut anmelden.',
    signedInAs: (name) => `Angemeldet als ${name}.`,
    signedOut: 'Abgemeldet.',
    expired: 'Die Anmeldung ist abgelaufen. Bitte neu anmelden.',
    signOut: 'Abmelden',
    period: 'Zeitraum',
    from: 'von',
    to: 'bis (einschließlich)',
    granularity: 'Auflösung',
    hour: 'Stunde',
    day: 'Tag',
    week: 'Woche',
    month: 'Monat',
    show: 'Anzeigen',
    presets: 'Schnellauswahl',
    thisYear: 'dieses Jahr',
    last12Months: 'letzte 12 Monate',
    thisMonth: 'dieser Monat',
    last30Days: 'letzte 30 Tage',
    csv: 'Zeitreihe als CSV herunterladen',
    csvSaved: (name) => `CSV gespeichert: ${name}.`,
    errPeriod: 'Bitte zwei Tage angeben; „bis“ darf nicht vor „von“ liegen.',
    errTooLong: `Ein Zeitraum umfasst höchstens ${MAX_PERIOD_DAYS} Tage.`,
    loading: 'Kennzahlen werden geladen …',
    loaded: (from, to) => `Kennzahlen von ${from} bis ${to} geladen.`,
    failed: 'Der Server antwortet nicht wie erwartet.',
    invalid: 'Der Server hat den Zeitraum abgelehnt. Bitte prüfen.',
    live: 'Jetzt in den Warteschlangen',
    liveAt: (time) => `Stand ${time}, alle 10 Sekunden aktualisiert`,
    liveUnavailable: 'Die Live-Daten sind gerade nicht verfügbar.',
    liveLoading: 'Live-Daten werden geladen …',
    queue: 'Warteschlange',
    inQueue: 'Anrufe wartend',
    oldest: 'längste Wartezeit',
    available: 'Agent*innen frei',
    online: 'Agent*innen angemeldet',
    queue_urgent: 'dringende Warteschlange',
    queue_general: 'allgemeine Warteschlange',
    queue_callback: 'Rückrufe',
    figures: 'Überblick',
    periodLine: (from, to, granularity) => `${from} bis ${to}, Auflösung: ${granularity}`,
    calls: 'Anrufe',
    urgent: 'davon dringend',
    urgentShare: 'Anteil dringend',
    answered: 'angenommen',
    abandoned: 'aufgelegt in der Warteschlange',
    abandonRate: 'Anteil aufgelegt',
    averageWait: 'mittlere Wartezeit',
    serviceLevel: (seconds) => `Servicelevel (Anteil in ${seconds} s angenommen)`,
    urgentAverageWait: 'mittlere Wartezeit dringend',
    urgentServiceLevel: (seconds) => `Servicelevel dringend (in ${seconds} s)`,
    averageHandle: 'mittlere Gesprächsdauer',
    afterHours: 'außerhalb der Öffnungszeiten',
    callbacksQueued: 'Rückrufe eingereiht',
    withOutcome: 'mit erfasstem Ergebnis',
    consultations: 'persönliche Beratungen vereinbart',
    secured: 'Wohnung gesichert',
    lost: 'Wohnung verloren',
    successRate: 'Erfolgsquote im Zeitraum',
    successRateYtd: (year) => `Erfolgsquote seit 1. Jänner ${year}`,
    securedYtd: (year) => `Wohnung gesichert seit 1. Jänner ${year}`,
    lostYtd: (year) => `Wohnung verloren seit 1. Jänner ${year}`,
    seconds: 's',
    volume: 'Anrufe im Zeitverlauf',
    when: 'Zeitpunkt',
    perGranularity: { hour: 'je Stunde', day: 'je Tag', week: 'je Woche', month: 'je Monat' },
    volumeCaption: (per, total, peak, peakAt) =>
      `Anrufe, dringende, angenommene und aufgelegte Anrufe ${per}. Insgesamt ${total} Anrufe${
        peakAt ? `, am meisten ${peakAt} (${peak})` : ''
      }. Die Werte je Zeitabschnitt enthält der CSV-Download.`,
    count: 'Anzahl',
    pattern: 'Wann angerufen wird',
    hourOfDay: 'Stunde',
    weekday: 'Wochentag',
    hourCaption: (peak) =>
      `Anrufe nach Tageszeit (Ortszeit Wien), über den ganzen Zeitraum${peak ? `; die meisten ${peak}` : ''}.`,
    weekdayCaption: (peak) => `Anrufe nach Wochentag${peak ? `; die meisten am ${peak}` : ''}.`,
    hourName: (hour) => `${String(hour).padStart(2, '0')}–${String(hour + 1).padStart(2, '0')} Uhr`,
    service: 'Wartezeit und Servicelevel',
    waitAxis: 'Sekunden',
    levelAxis: 'Servicelevel',
    serviceCaption: (per, seconds, wait, level) =>
      `Mittlere Wartezeit der angenommenen Anrufe (linke Achse) und Servicelevel, der Anteil in ${seconds} s angenommener Anrufe (rechte Achse), ${per}. Im ganzen Zeitraum: ${wait}, ${level}.`,
    hourlyVolumeOnly:
      'Bei stündlicher Auflösung gibt es nur Anrufzahlen; Wartezeit, Servicelevel und Fallabschlüsse ab Tagesauflösung.',
    outcomes: 'Ergebnisse der Gespräche',
    outcome: 'Ergebnis',
    shareOfOutcomes: 'Anteil',
    outcomesCaption: (n) =>
      `Aktuelles Ergebnis von ${n} Anrufen mit erfasstem Ergebnis; ein Anruf kann mehrere Ergebnisse haben.`,
    noOutcomes: 'Im Zeitraum wurde kein Ergebnis erfasst.',
    securedHeading: 'Wohnungen gesichert und verloren',
    securedCaption: (per, secured, lost) =>
      `Über die Hotline abgeschlossene Fälle ${per}: ${secured} Wohnungen gesichert, ${lost} verloren.`,
  },
  en: {
    title: 'Hotline dashboard (managers)',
    switch: 'Deutsch',
    switchLabel: 'Auf Deutsch umschalten',
    signIn: 'Sign in',
    username: 'User name',
    password: 'Password',
    demoUsers:
      'Local demo accounts: manager / manager (manager), agent / agent (agent, no access to the figures).',
    signInButton: 'Sign in',
    signingIn: 'Signing in …',
    badCredentials: 'User name or password is wrong.',
    notManager: 'This account is not in the managers group: no access to the figures.',
    signInFailed: 'The sign-in did not work. Please sign in again.',
    signedInAs: (name) => `Signed in as ${name}.`,
    signedOut: 'Signed out.',
    expired: 'The sign-in has expired. Please sign in again.',
    signOut: 'Sign out',
    period: 'Period',
    from: 'from',
    to: 'to (inclusive)',
    granularity: 'Granularity',
    hour: 'hour',
    day: 'day',
    week: 'week',
    month: 'month',
    show: 'Show',
    presets: 'Quick pick',
    thisYear: 'this year',
    last12Months: 'last 12 months',
    thisMonth: 'this month',
    last30Days: 'last 30 days',
    csv: 'Download the series as CSV',
    csvSaved: (name) => `CSV saved: ${name}.`,
    errPeriod: 'Please give two days; "to" must not be before "from".',
    errTooLong: `A period is at most ${MAX_PERIOD_DAYS} days.`,
    loading: 'Loading the figures …',
    loaded: (from, to) => `Figures from ${from} to ${to} loaded.`,
    failed: 'The server does not answer as expected.',
    invalid: 'The server refused the period. Please check it.',
    live: 'In the queues now',
    liveAt: (time) => `As of ${time}, refreshed every 10 seconds`,
    liveUnavailable: 'The live figures are not available right now.',
    liveLoading: 'Loading the live figures …',
    queue: 'Queue',
    inQueue: 'Calls waiting',
    oldest: 'Longest wait',
    available: 'Agents available',
    online: 'Agents online',
    queue_urgent: 'urgent queue',
    queue_general: 'general queue',
    queue_callback: 'callbacks',
    figures: 'Overview',
    periodLine: (from, to, granularity) => `${from} to ${to}, granularity: ${granularity}`,
    calls: 'Calls',
    urgent: 'of which urgent',
    urgentShare: 'Urgent share',
    answered: 'answered',
    abandoned: 'abandoned in the queue',
    abandonRate: 'Abandon rate',
    averageWait: 'Average wait',
    serviceLevel: (seconds) => `Service level (share answered within ${seconds} s)`,
    urgentAverageWait: 'Average wait, urgent',
    urgentServiceLevel: (seconds) => `Service level, urgent (within ${seconds} s)`,
    averageHandle: 'Average call length',
    afterHours: 'outside opening hours',
    callbacksQueued: 'Callbacks queued',
    withOutcome: 'with a recorded outcome',
    consultations: 'Consultations booked',
    secured: 'Flat secured',
    lost: 'Flat lost',
    successRate: 'Success rate in the period',
    successRateYtd: (year) => `Success rate since 1 January ${year}`,
    securedYtd: (year) => `Flats secured since 1 January ${year}`,
    lostYtd: (year) => `Flats lost since 1 January ${year}`,
    seconds: 's',
    volume: 'Calls over time',
    when: 'Time',
    perGranularity: { hour: 'per hour', day: 'per day', week: 'per week', month: 'per month' },
    volumeCaption: (per, total, peak, peakAt) =>
      `Calls, urgent, answered and abandoned calls ${per}. ${total} calls in all${
        peakAt ? `, the most on ${peakAt} (${peak})` : ''
      }. The CSV download holds the values of every slice.`,
    count: 'Count',
    pattern: 'When people call',
    hourOfDay: 'Hour',
    weekday: 'Weekday',
    hourCaption: (peak) =>
      `Calls by hour of the day (Vienna time) over the whole period${peak ? `; the most ${peak}` : ''}.`,
    weekdayCaption: (peak) => `Calls by weekday${peak ? `; the most on ${peak}` : ''}.`,
    hourName: (hour) => `${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00`,
    service: 'Waiting time and service level',
    waitAxis: 'seconds',
    levelAxis: 'service level',
    serviceCaption: (per, seconds, wait, level) =>
      `Average wait of answered calls (left axis) and service level, the share of calls answered within ${seconds} s (right axis), ${per}. Over the whole period: ${wait}, ${level}.`,
    hourlyVolumeOnly:
      'By the hour there are call counts only; waiting time, service level and closed cases from the day on.',
    outcomes: 'Outcomes of the calls',
    outcome: 'Outcome',
    shareOfOutcomes: 'Share',
    outcomesCaption: (n) => `Current outcome of ${n} calls with a recorded outcome; a call may have several.`,
    noOutcomes: 'No outcome was recorded in the period.',
    securedHeading: 'Flats secured and lost',
    securedCaption: (per, secured, lost) =>
      `Cases closed from the hotline ${per}: ${secured} flats secured, ${lost} lost.`,
  },
};

let language = localStorage.getItem('language') === 'en' ? 'en' : 'de';
let session;
let auth;
/** The period of the report shown (or being loaded): `{ from, to, granularity }`. */
let query;
let report;
/** `undefined`: not loaded yet; `null`: not available. */
let live;
let liveTimer;
let charts = [];
let stopResizing = () => {};
let loadSequence = 0;
let chartSequence = 0;
let message = { key: '', className: '', args: [] };
let periodError = '';

const t = translator(TEXT, () => language);
const locale = () => localeOf(language);

// ---- numbers and days -------------------------------------------------------------------------

const count = (value) => new Intl.NumberFormat(locale()).format(value);
const percent = (ratio) =>
  ratio === null || ratio === undefined
    ? '–'
    : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
const seconds = (value) =>
  value === null || value === undefined
    ? '–'
    : `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(value)} ${t('seconds')}`;
const day = (isoDate) =>
  new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(locale(), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  });

const isIsoDate = (value) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const dayNumber = (isoDate) => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
const isoOf = (year, month, date) => new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10);

/** Today in Vienna, `YYYY-MM-DD`. */
const viennaToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Vienna',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

const presetPeriod = (preset) => {
  const today = viennaToday();
  const [year, month, date] = today.split('-').map(Number);
  const from = {
    thisYear: isoOf(year, 1, 1),
    last12Months: isoOf(year - 1, month, date + 1),
    thisMonth: isoOf(year, month, 1),
    last30Days: isoOf(year, month, date - 29),
  }[preset];
  return { from, to: today };
};

// ---- API ------------------------------------------------------------------------------------------

const say = (key, className = '', ...args) => {
  message = { key, className, args };
  renderMessage();
};

const renderMessage = () => {
  const node = byId('message');
  node.textContent = message.key ? t(message.key, ...message.args) : '';
  node.className = message.className;
};

/** GET against the API with the bearer token; 401 ends the session, 403 refuses the page. */
const api = async (path) => {
  const response = await fetch(path, {
    cache: 'no-store',
    headers: { authorization: `Bearer ${session?.token ?? ''}` },
  });
  if (response.status === 401) {
    signOut('expired', 'bad');
    throw new Error('signed out');
  }
  if (response.status === 403) {
    signOut('notManager', 'bad');
    throw new Error('not a manager');
  }
  return response;
};

const metricsPath = (period, format) => {
  const params = new URLSearchParams({ from: period.from, to: period.to, granularity: period.granularity });
  if (format) params.set('format', format);
  return `/api/metrics?${params}`;
};

// ---- rendering ------------------------------------------------------------------------------------

const renderStatic = () => {
  document.documentElement.lang = language;
  document.title = `${t('title')} – ${language === 'de' ? 'Hotline Delogierungsprävention' : 'Eviction-prevention hotline'}`;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  byId('language').setAttribute('aria-label', t('switchLabel'));
};

const render = () => {
  renderStatic();
  renderMessage();
  const signedIn = session !== undefined;
  byId('sign-in-section').hidden = signedIn;
  byId('sign-in').hidden = auth?.kind !== 'local';
  byId('hosted-sign-in').hidden = auth?.kind === 'local';
  byId('dashboard').hidden = !signedIn;
  byId('who').textContent = session?.username ?? '';
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

const describe = (list, rows) => {
  list.replaceChildren();
  for (const [label, value] of rows) list.append(element('dt', label), element('dd', value));
};

const renderFigures = () => {
  const { totals, period, yearToDate } = report;
  byId('period-line').textContent = t('periodLine', day(period.from), day(period.to), t(period.granularity));
  describe(byId('figures'), [
    [t('calls'), count(totals.calls)],
    [t('urgent'), count(totals.urgent)],
    [t('urgentShare'), percent(totals.urgentShare)],
    [t('answered'), count(totals.answered)],
    [t('abandoned'), count(totals.abandoned)],
    [t('abandonRate'), percent(totals.abandonRate)],
    [t('averageWait'), seconds(totals.averageWaitSeconds)],
    [t('serviceLevel', period.serviceLevelSeconds), percent(totals.serviceLevel)],
    [t('urgentAverageWait'), seconds(totals.urgentAverageWaitSeconds)],
    [t('urgentServiceLevel', period.serviceLevelSeconds), percent(totals.urgentServiceLevel)],
    [t('averageHandle'), seconds(totals.averageHandleSeconds)],
    [t('afterHours'), count(totals.afterHours)],
    [t('callbacksQueued'), count(totals.callbacksQueued)],
    [t('withOutcome'), count(totals.withOutcome)],
    [t('consultations'), count(totals.consultations)],
    [t('secured'), count(totals.secured)],
    [t('lost'), count(totals.lost)],
    [t('successRate'), percent(totals.successRate)],
  ]);
  describe(byId('year-to-date'), [
    [t('successRateYtd', yearToDate.year), percent(yearToDate.successRate)],
    [t('securedYtd', yearToDate.year), count(yearToDate.secured)],
    [t('lostYtd', yearToDate.year), count(yearToDate.lost)],
  ]);
};

const renderOutcomes = () => {
  const { outcomes, withOutcome } = report.totals;
  const codes = [...OUTCOME_CODES, ...Object.keys(outcomes).filter((code) => !OUTCOME_CODES.includes(code))];
  const rows = codes
    .map((code) => [code, outcomes[code] ?? 0])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  byId('outcomes-caption').textContent = t('outcomesCaption', count(withOutcome));
  byId('outcomes').hidden = rows.length === 0;
  byId('no-outcomes').hidden = rows.length > 0;
  const body = byId('outcomes').querySelector('tbody');
  body.replaceChildren();
  for (const [code, n] of rows) {
    const share = withOutcome > 0 ? n / withOutcome : null;
    const row = element('tr');
    const name = element('th', t(code));
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
const dataTable = (table, caption, header, names, values) => {
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

const peakOf = (names, values) => {
  let best = -1;
  values.forEach((value, index) => {
    if (value > 0 && (best < 0 || value > (values[best] ?? 0))) best = index;
  });
  return best < 0 ? undefined : `${names[best]} (${count(values[best] ?? 0)})`;
};

/** Monday first, as the API counts (0 = Monday); 1 January 2024 was a Monday. */
const weekdayNames = (style) => {
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
  destroyCharts();
  const sequence = ++chartSequence;
  const { series, period, totals, callsByHourOfDay, callsByWeekday } = report;
  const granularity = period.granularity;
  const per = t('perGranularity')[granularity];
  const xs = new Float64Array(series.length);
  const calls = new Array(series.length);
  const urgent = new Array(series.length);
  const answered = new Array(series.length);
  const abandoned = new Array(series.length);
  const wait = new Array(series.length);
  const level = new Array(series.length);
  const secured = new Array(series.length);
  const lost = new Array(series.length);
  let peak = -1;
  for (let i = 0; i < series.length; i++) {
    const point = series[i];
    xs[i] = toSeconds(point.start);
    calls[i] = point.calls;
    urgent[i] = point.urgent;
    answered[i] = point.answered;
    abandoned[i] = point.abandoned;
    wait[i] = point.averageWaitSeconds;
    level[i] = point.serviceLevel;
    secured[i] = point.secured;
    lost[i] = point.lost;
    if (point.calls > 0 && (peak < 0 || point.calls > calls[peak])) peak = i;
  }
  const common = { locale: locale(), granularity, xLabel: t('when'), xs };
  const counts = { scale: 'y', label: t('count'), format: count, counts: true };
  const hourNames = Array.from({ length: 24 }, (_, hour) => t('hourName', hour));
  const weekdays = weekdayNames('long');
  const hourly = granularity === 'hour';
  const pointName = (index) =>
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
    peak < 0 ? '' : count(calls[peak]),
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
        { label: t('calls'), values: calls, colour: COLOURS.blue, format: count },
        { label: t('urgent'), values: urgent, colour: COLOURS.red, format: count },
        { label: t('answered'), values: answered, colour: COLOURS.green, format: count },
        { label: t('abandoned'), values: abandoned, colour: COLOURS.orange, format: count },
      ],
      axes: [counts],
    }),
    categoryChart(byId('hour-chart'), {
      names: Array.from({ length: 24 }, (_, hour) => String(hour)),
      values: callsByHourOfDay,
      label: t('calls'),
      xLabel: t('hourOfDay'),
      colour: COLOURS.blue,
      format: count,
    }),
    categoryChart(byId('weekday-chart'), {
      names: weekdayNames('short'),
      values: callsByWeekday,
      label: t('calls'),
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
          scale: 's',
          spanGaps: true,
        },
        {
          label: t('serviceLevel', report.period.serviceLevelSeconds),
          values: level,
          colour: COLOURS.green,
          format: percent,
          scale: 'level',
          spanGaps: true,
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
          kind: 'bar',
          align: -1,
        },
        { label: t('lost'), values: lost, colour: COLOURS.red, format: count, kind: 'bar', align: 1 },
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
  body.replaceChildren();
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
      element('td', count(queue.agentsAvailable), 'number'),
      element('td', count(queue.agentsOnline), 'number'),
    );
    body.append(row);
  }
};

// ---- loading ---------------------------------------------------------------------------------------

/** The period in the form, checked as the API will; undefined (and the error shown) when it is not. */
const periodOfForm = () => {
  const period = {
    from: byId('from').value,
    to: byId('to').value,
    granularity: GRANULARITIES.includes(byId('granularity').value) ? byId('granularity').value : 'day',
  };
  periodError =
    !isIsoDate(period.from) || !isIsoDate(period.to) || period.from > period.to
      ? 'errPeriod'
      : dayNumber(period.to) - dayNumber(period.from) >= MAX_PERIOD_DAYS
        ? 'errTooLong'
        : '';
  renderPeriodError();
  return periodError ? undefined : period;
};

const fillForm = (period) => {
  byId('from').value = period.from;
  byId('to').value = period.to;
  byId('granularity').value = period.granularity;
};

/** Loads the report of `period`: one request; the charts are drawn from its answer. */
const load = async (period) => {
  query = period;
  const sequence = ++loadSequence;
  // The period in the address: a reload (or the hosted sign-in's round trip) shows it again.
  history.replaceState(null, '', `${location.pathname}?${new URLSearchParams(period)}`);
  say('loading');
  byId('report').setAttribute('aria-busy', 'true');
  try {
    performance.clearMarks('dashboard-response');
    performance.clearMeasures('dashboard-render');
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
    report = await response.json();
    if (sequence !== loadSequence || !session) return;
    byId('report').hidden = false;
    renderFigures();
    renderOutcomes();
    await renderCharts();
    if (sequence !== loadSequence) return;
    performance.measure('dashboard-render', 'dashboard-response');
    say('loaded', 'ok', day(report.period.from), day(report.period.to));
  } catch {
    if (session && sequence === loadSequence) say('failed', 'bad');
  } finally {
    if (sequence === loadSequence) byId('report').setAttribute('aria-busy', 'false');
  }
};

const loadLive = async () => {
  try {
    const response = await api('/api/metrics/live');
    live = response.ok ? await response.json() : null;
  } catch {
    live = session ? null : undefined;
  }
  if (session) renderLive();
};

const startLive = () => {
  stopLive();
  if (!session || document.visibilityState !== 'visible') return;
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
  } catch {
    if (session) say('failed', 'bad');
  }
};

// ---- session ----------------------------------------------------------------------------------------

/** Ends the session on this page; `everywhere` also ends the hosted sign-in's own (the sign-out button). */
function signOut(messageKey = 'signedOut', className = '', everywhere = false) {
  stopLive();
  destroyCharts();
  session = undefined;
  report = undefined;
  live = undefined;
  loadSequence++;
  byId('report').hidden = true;
  if (everywhere) auth.signOut();
  else auth.forget();
  say(messageKey, className);
  render();
  focusSignIn();
}

function focusSignIn() {
  signIn.focusSignIn();
}

/** The period in the address, if it is a valid one; otherwise this year by the day. */
const initialPeriod = () => {
  const params = new URL(location.href).searchParams;
  const period = {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    granularity: params.get('granularity') ?? 'day',
  };
  return isIsoDate(period.from) &&
    isIsoDate(period.to) &&
    period.from <= period.to &&
    GRANULARITIES.includes(period.granularity)
    ? period
    : { ...presetPeriod('thisYear'), granularity: 'day' };
};

/** An admitted manager (web/auth.js): the dashboard opens with the period in the address. */
function startSession(signedIn) {
  session = signedIn;
  say('signedInAs', 'ok', session.username);
  render();
  byId('period-heading').focus();
  const period = initialPeriod();
  fillForm(period);
  startLive();
  load(period);
}

byId('language').addEventListener('click', async () => {
  language = language === 'de' ? 'en' : 'de';
  localStorage.setItem('language', language);
  render();
  if (report) {
    renderFigures();
    renderOutcomes();
    await renderCharts();
  }
});

byId('period-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const period = periodOfForm();
  if (period) load(period);
  else byId('from').focus();
});

for (const button of document.querySelectorAll('[data-preset]')) {
  button.addEventListener('click', () => {
    if (!PRESETS.includes(button.dataset.preset)) return;
    fillForm({ ...presetPeriod(button.dataset.preset), granularity: byId('granularity').value });
    const period = periodOfForm();
    if (period) load(period);
  });
}

byId('csv').addEventListener('click', downloadCsv);

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') startLive();
  else stopLive();
});

const signIn = await startPageSignIn({
  storageKey: 'managerSession',
  group: MANAGER_GROUP,
  refusal: 'notManager',
  say,
  startSession,
  signOut: () => signOut('signedOut', '', true),
  showSignIn: () => {
    render();
    focusSignIn();
  },
});
auth = signIn.auth;
await signIn.resume();

import { fromVienna, viennaNow } from './vienna-time.js';

// The call simulator: one call through the local flow, shown as the caller heard it.
const TEXT = {
  de: {
    title: 'Anruf simulieren',
    switch: 'English',
    switchLabel: 'Switch to English',
    intro:
      'Ein Anruf läuft durch denselben Kontaktfluss, den CDK in Amazon Connect ausrollt, mit der echten Lambda-Funktion und den lokalen Daten.',
    caller: 'Anrufer*in',
    from: 'Rufnummer',
    withheld: 'Rufnummer unterdrückt',
    demo: 'Beispiele:',
    input: 'Tasten und Zeitpunkt',
    keys: 'Tasteneingaben, der Reihe nach, mit Komma getrennt (leer = keine Eingabe)',
    at: 'Zeitpunkt (Ortszeit Wien)',
    faults: 'Störungen',
    place: 'Anruf starten',
    result: 'Ergebnis',
    heard: 'Was die Anrufer*in hörte',
    path: 'Weg durch den Fluss',
    running: 'Anruf läuft …',
    failed: 'Der Anruf konnte nicht simuliert werden',
    queued: (r) => `In der Warteschlange „${r.queue}“ mit Priorität ${r.priority}.`,
    callback: (r) => `Rückruf in der Warteschlange „${r.callback?.queue}“.`,
    closed: () => 'Geschlossen: Öffnungszeiten angesagt.',
    disconnected: () => 'Aufgelegt.',
    identifiedBy: 'Erkannt über',
    tenancy: 'Mietverhältnis',
    case: 'Fall',
    risk: 'Dringlichkeit',
    summary: 'Zusammenfassung',
    none: '–',
    phone: 'Rufnummer',
    keypad: 'Mieternummer',
    notIdentified: 'nicht erkannt',
    'lambda-throws': 'Lambda wirft einen Fehler',
    'lambda-slow': 'Lambda zu langsam',
    'lambda-garbage': 'Lambda liefert Unsinn',
    'lambda-non-strings': 'Lambda liefert keine Texte',
    'dynamodb-down': 'DynamoDB nicht erreichbar',
    'full-urgent': 'Warteschlange „urgent“ voll',
    'full-general': 'Warteschlange „general“ voll',
    critical: 'kritisch',
    criticalHearing: 'kritisch (Verhandlung)',
    high: 'hoch',
    normal: 'normal',
    shared: 'geteilte Nummer',
    unknown: 'unbekannt',
  },
  en: {
    title: 'Simulate a call',
    switch: 'Deutsch',
    switchLabel: 'Auf Deutsch umschalten',
    intro:
      'A call runs through the same contact flow that CDK deploys to Amazon Connect, with the real Lambda function and the local data.',
    caller: 'Caller',
    from: 'Phone number',
    withheld: 'Number withheld',
    demo: 'Examples:',
    input: 'Keys and time',
    keys: 'Keypad answers, in order, separated by commas (empty = no input)',
    at: 'Time (Vienna local time)',
    faults: 'Faults',
    place: 'Place call',
    result: 'Result',
    heard: 'What the caller heard',
    path: 'Path through the flow',
    running: 'Call in progress …',
    failed: 'The call could not be simulated',
    queued: (r) => `Queued in “${r.queue}” with priority ${r.priority}.`,
    callback: (r) => `Callback in the “${r.callback?.queue}” queue.`,
    closed: () => 'Closed: opening hours announced.',
    disconnected: () => 'Disconnected.',
    identifiedBy: 'Identified by',
    tenancy: 'Tenancy',
    case: 'Case',
    risk: 'Risk',
    summary: 'Summary',
    none: '–',
    phone: 'phone number',
    keypad: 'tenancy number',
    notIdentified: 'not identified',
    'lambda-throws': 'Lambda throws',
    'lambda-slow': 'Lambda too slow',
    'lambda-garbage': 'Lambda returns garbage',
    'lambda-non-strings': 'Lambda returns non-strings',
    'dynamodb-down': 'DynamoDB unreachable',
    'full-urgent': 'queue “urgent” full',
    'full-general': 'queue “general” full',
    critical: 'critical',
    criticalHearing: 'critical (hearing)',
    high: 'high',
    normal: 'normal',
    shared: 'shared number',
    unknown: 'unknown',
  },
};

const FAULTS = ['lambda-throws', 'lambda-slow', 'lambda-garbage', 'lambda-non-strings', 'dynamodb-down'];
const FULL_QUEUES = ['urgent', 'general'];

let language = localStorage.getItem('language') === 'en' ? 'en' : 'de';
let report;
let failure;
let demoCallers = {};

const t = (key) => TEXT[language][key] ?? key;
const byId = (id) => document.getElementById(id);

const element = (tag, text) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
};

const renderFaults = () => {
  const list = byId('fault-list');
  const checked = new Set([...list.querySelectorAll('input:checked')].map((input) => input.value));
  list.replaceChildren();
  for (const value of [...FAULTS, ...FULL_QUEUES.map((q) => `full-${q}`)]) {
    const label = element('label');
    const input = element('input');
    input.type = 'checkbox';
    input.value = value;
    input.checked = checked.has(value);
    label.append(input, ` ${t(value)}`);
    list.append(label);
  }
};

const renderDemoCallers = () => {
  const group = byId('demo-callers');
  for (const button of group.querySelectorAll('button')) button.remove();
  for (const [kind, caller] of Object.entries(demoCallers)) {
    if (!caller.phone) continue;
    const button = element('button', t(kind));
    button.type = 'button';
    button.addEventListener('click', () => {
      byId('from').value = caller.phone;
      byId('withheld').checked = false;
    });
    group.append(button);
  }
};

const renderResult = () => {
  const outcome = byId('outcome');
  const details = byId('details');
  const prompts = byId('prompts');
  const path = byId('path');
  details.replaceChildren();
  prompts.replaceChildren();
  path.replaceChildren();
  if (failure) {
    outcome.textContent = `${t('failed')}: ${failure}`;
    outcome.className = 'bad';
    return;
  }
  if (report === null) {
    outcome.textContent = t('running');
    outcome.className = '';
    return;
  }
  if (report === undefined) {
    outcome.textContent = '';
    return;
  }
  outcome.textContent = t(report.result)(report);
  outcome.className = report.result === 'disconnected' ? 'bad' : 'ok';
  const identified = report.identifiedBy === 'none' ? t('notIdentified') : t(report.identifiedBy);
  for (const [label, value] of [
    [t('identifiedBy'), identified],
    [t('tenancy'), report.tenancyId ?? t('none')],
    [t('case'), report.caseId ?? t('none')],
    [
      t('risk'),
      `${t(report.riskLevel)}${report.riskReasons.length ? ` (${report.riskReasons.join(', ')})` : ''}`,
    ],
    [t('summary'), report.summary ?? t('none')],
  ]) {
    details.append(element('dt', label), element('dd', value));
  }
  for (const prompt of report.prompts) prompts.append(element('li', prompt));
  for (const step of report.path) path.append(element('li', step));
};

const render = () => {
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  byId('language').setAttribute('aria-label', t('switchLabel'));
  renderFaults();
  renderDemoCallers();
  renderResult();
};

byId('language').addEventListener('click', () => {
  language = language === 'de' ? 'en' : 'de';
  localStorage.setItem('language', language);
  render();
});

byId('withheld').addEventListener('change', (event) => {
  byId('from').disabled = event.target.checked;
});

byId('call').addEventListener('submit', async (event) => {
  event.preventDefault();
  const checked = [...byId('fault-list').querySelectorAll('input:checked')].map((input) => input.value);
  const keys = byId('keys').value.trim();
  const body = {
    from: byId('withheld').checked ? 'anonymous' : byId('from').value,
    keys: keys === '' ? [] : keys.split(',').map((key) => key.trim()),
    at: fromVienna(byId('at').value || viennaNow()),
    faults: checked.filter((value) => FAULTS.includes(value)),
    fullQueues: checked.filter((value) => value.startsWith('full-')).map((value) => value.slice(5)),
  };
  report = null;
  failure = undefined;
  renderResult();
  try {
    const response = await fetch('/api/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) {
      report = undefined;
      failure = answer.message;
    } else {
      report = answer;
    }
  } catch (error) {
    report = undefined;
    failure = String(error);
  }
  renderResult();
});

byId('at').value = viennaNow();
render();
fetch('/api/demo-callers')
  .then((response) => response.json())
  .then((callers) => {
    demoCallers = callers;
    renderDemoCallers();
  })
  .catch(() => {});

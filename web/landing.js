// The landing page of the local server: what runs and how much data is loaded, from GET /health.
const TEXT = {
  de: {
    title: 'Hotline Delogierungsprävention – lokaler Betrieb',
    switch: 'English',
    switchLabel: 'Switch to English',
    intro: 'Diese Seite zeigt, was lokal läuft und wie viele Daten geladen sind.',
    simulator: 'Anruf simulieren',
    agent: 'Anrufkontext (Agent*innen)',
    dashboard: 'Kennzahlen (Leitung)',
    status: 'Status',
    loading: 'Wird geladen …',
    data: 'Geladene Daten',
    countsCaption: 'Aktueller Bestand (Import)',
    functions: 'Lambda-Funktionen',
    ok: 'Alles läuft.',
    degraded: 'DynamoDB ist nicht erreichbar.',
    unreachable: 'Der lokale Server antwortet nicht.',
    dynamodb: 'DynamoDB Local',
    reachable: 'erreichbar',
    notReachable: 'nicht erreichbar',
    storage: 'Speicher',
    disk: 'Festplatte (bleibt erhalten)',
    memory: 'Arbeitsspeicher (geht beim Beenden verloren)',
    external: 'externer Endpunkt',
    uptime: 'Laufzeit',
    seconds: 's',
    importedAt: 'Importiert am',
    none: 'Noch keine Daten importiert.',
    tenancies: 'Mietverhältnisse',
    cases: 'Fälle',
    openCases: 'Offene Fälle',
    phoneNumbers: 'Rufnummern',
  },
  en: {
    title: 'Eviction-prevention hotline – local mode',
    switch: 'Deutsch',
    switchLabel: 'Auf Deutsch umschalten',
    intro: 'This page shows what runs locally and how much data is loaded.',
    simulator: 'Simulate a call',
    agent: 'Caller context (agents)',
    dashboard: 'Dashboard (managers)',
    status: 'Status',
    loading: 'Loading …',
    data: 'Loaded data',
    countsCaption: 'Current read model (import)',
    functions: 'Lambda functions',
    ok: 'Everything is running.',
    degraded: 'DynamoDB cannot be reached.',
    unreachable: 'The local server does not answer.',
    dynamodb: 'DynamoDB Local',
    reachable: 'reachable',
    notReachable: 'not reachable',
    storage: 'Storage',
    disk: 'disk (kept)',
    memory: 'memory (lost on stop)',
    external: 'external endpoint',
    uptime: 'Uptime',
    seconds: 's',
    importedAt: 'Imported at',
    none: 'No data imported yet.',
    tenancies: 'Tenancies',
    cases: 'Cases',
    openCases: 'Open cases',
    phoneNumbers: 'Phone numbers',
  },
};

let language = localStorage.getItem('language') === 'en' ? 'en' : 'de';
let health;

const t = (key) => TEXT[language][key] ?? key;

const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

const render = () => {
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  document.getElementById('language').setAttribute('aria-label', t('switchLabel'));
  const overall = document.getElementById('overall');
  const services = document.getElementById('services');
  const counts = document.querySelector('#counts tbody');
  const functions = document.getElementById('functions');
  services.replaceChildren();
  counts.replaceChildren();
  functions.replaceChildren();
  if (health === undefined) return;
  if (health === null) {
    overall.textContent = t('unreachable');
    overall.className = 'bad';
    return;
  }
  overall.textContent = t(health.status === 'ok' ? 'ok' : 'degraded');
  overall.className = health.status === 'ok' ? 'ok' : 'bad';
  const storage = health.dynamodb.owner === 'external' ? t('external') : t(health.dynamodb.storage);
  for (const [label, value] of [
    [t('dynamodb'), health.dynamodb.reachable ? t('reachable') : t('notReachable')],
    [t('storage'), storage],
    [t('uptime'), `${health.uptimeSeconds} ${t('seconds')}`],
  ]) {
    services.append(element('dt', label), element('dd', value));
  }
  const model = health.readModel;
  if (model === null) {
    const row = element('tr');
    row.append(element('td', t('none')));
    counts.append(row);
  } else {
    const format = new Intl.NumberFormat(language === 'de' ? 'de-AT' : 'en-GB');
    for (const key of ['tenancies', 'cases', 'openCases', 'phoneNumbers']) {
      const row = element('tr');
      row.append(element('th', t(key)), element('td', format.format(model.counts[key]), 'number'));
      counts.append(row);
    }
    const row = element('tr');
    const when = new Date(model.activatedAt).toLocaleString(language === 'de' ? 'de-AT' : 'en-GB');
    row.append(element('th', t('importedAt')), element('td', when));
    counts.append(row);
  }
  for (const name of health.functions) functions.append(element('li', name));
};

const load = async () => {
  try {
    const response = await fetch('/health', { cache: 'no-store' });
    health = await response.json();
  } catch {
    health = null;
  }
  render();
};

document.getElementById('language').addEventListener('click', () => {
  language = language === 'de' ? 'en' : 'de';
  localStorage.setItem('language', language);
  render();
});

render();
load();

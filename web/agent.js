// The agent page: sign in, see the caller context of the current contact, record the outcome.
//
// Where the contact id comes from, first match wins:
// 1. Amazon Connect Streams (or the agent workspace), when the page runs inside a host that loaded
//    it: `window.connect.contact(…)` is feature-detected and the ringing contact's initial contact
//    id opens. This page never downloads the SDK itself (the CSP allows own scripts only).
// 2. The URL: `agent.html?contactId=…`.
// 3. Locally: a call placed on the simulator page pops up here (GET /api/agent/calls, polled
//    every 2 s while signed in).
import { startPageSignIn } from './auth.js';
import { OUTCOME_CODES } from './outcome-codes.js';
import { byId, element, localeOf, translator } from './page.js';
import { fromVienna } from './vienna-time.js';

const POLL_MS = 2000;
const NOTE_MAX = 500;

const TEXT = {
  de: {
    title: 'Anrufkontext für Agent*innen',
    switch: 'English',
    switchLabel: 'Switch to English',
    signIn: 'Anmelden',
    username: 'Benutzername',
    password: 'Passwort',
    demoUsers:
      'Lokale Demo-Konten: agent / agent (Agent*in), manager / manager (Leitung, ohne Zugriff auf Anrufe).',
    signInButton: 'Anmelden',
    signingIn: 'Anmeldung läuft …',
    badCredentials: 'Benutzername oder Passwort stimmt nicht.',
    notAgent: 'Dieses Konto gehört nicht zur Gruppe der Agent*innen: kein Zugriff auf Anrufe.',
    signedInAs: (name) => `Angemeldet als ${name}.`,
    signedOut: 'Abgemeldet.',
    expired: 'Die Anmeldung ist abgelaufen. Bitte neu anmelden.',
    workspace: 'Aktueller Anruf',
    signOut: 'Abmelden',
    waiting: 'Kein Anruf ausgewählt. Neue Anrufe öffnen sich hier von selbst.',
    recent: 'Letzte Anrufe (lokal simuliert)',
    newCall: 'Neuer Anruf: Kontext wird geladen …',
    loading: 'Kontext wird geladen …',
    loaded: 'Kontext geladen.',
    notFound: 'Zu diesem Anruf gibt es (noch) keine Daten.',
    failed: 'Der Server antwortet nicht wie erwartet.',
    signInFailed: 'Die Anmeldung hat nicht geklappt. Bitte erneut anmelden.',
    contact: 'Kontakt',
    received: 'eingegangen',
    identification: 'Erkennung',
    status: 'Status',
    method: 'erkannt über',
    found: 'erkannt',
    ambiguous: 'nicht eindeutig (mehrere Mietverhältnisse mit dieser Nummer)',
    not_found: 'nicht gefunden',
    no_number: 'keine Rufnummer und keine Mieternummer',
    phone: 'Rufnummer',
    keypad: 'Mieternummer (Tastatur)',
    none: '–',
    risk: 'Dringlichkeit',
    level: 'Stufe',
    reasons: 'Gründe',
    critical: 'kritisch',
    high: 'hoch',
    normal: 'normal',
    eviction_imminent: 'Räumungstermin in den nächsten Tagen',
    court_hearing_imminent: 'Gerichtsverhandlung in den nächsten Tagen',
    advanced_stage: 'fortgeschrittene Verfahrensstufe',
    arrears_months: 'mehrere Monatsmieten im Rückstand',
    court_letter_reported: 'Schreiben vom Gericht angegeben',
    tenancy: 'Mietverhältnis',
    noTenancy: 'Kein Mietverhältnis zugeordnet.',
    tenancyId: 'Vertragskontonummer',
    tenantName: 'Mieter*in',
    address: 'Adresse',
    household: 'Haushalt',
    householdText: (t) =>
      `${t.householdSize === 1 ? '1 Person' : `${t.householdSize} Personen`}${
        t.children === 0
          ? ', keine Kinder'
          : t.children === 1
            ? ', davon 1 Kind'
            : `, davon ${t.children} Kinder`
      }`,
    language: 'Sprache',
    case: 'Offener Fall',
    noCase: 'Kein offener Fall.',
    caseId: 'Fallnummer',
    stage: 'Stufe',
    arrears: 'Mietrückstand',
    months: 'Monate im Rückstand',
    hearing: 'Gerichtsverhandlung',
    eviction: 'Räumungstermin',
    caseWorker: 'Sozialarbeiter*in',
    openedOn: 'eröffnet am',
    resolvedFromHotline: 'über die Hotline abgeschlossen',
    stage_arrears: 'Mietrückstand',
    stage_reminder: 'Mahnung',
    stage_termination: 'Kündigung',
    stage_lawsuit: 'Räumungsklage',
    stage_judgment: 'Räumungsurteil',
    stage_eviction_scheduled: 'Räumungstermin festgesetzt',
    hints: 'Noch nicht genutzte Unterstützung',
    noHints: 'Keine Hinweise.',
    history: 'Letzte Anrufe und ihr Ergebnis',
    when: 'Zeitpunkt',
    outcome: 'Ergebnis',
    thisCall: '(dieser Anruf)',
    noOutcome: 'noch kein Ergebnis',
    record: 'Ergebnis des Anrufs erfassen',
    codes: 'Was wurde gemacht? (mindestens eines)',
    note: 'Notiz (optional, höchstens 500 Zeichen)',
    followUp: 'Wie geht es weiter? (optional)',
    followNone: 'nichts vereinbart',
    followConsultation: 'persönliche Beratung',
    followCallback: 'Rückruf',
    followAt: 'Zeitpunkt (Ortszeit Wien; bei Rückruf optional)',
    resolution: 'Fall abschließen (optional)',
    resolutionNone: 'Fall bleibt offen',
    housing_secured: 'Wohnung gesichert',
    housing_lost: 'Wohnung verloren',
    save: 'Ergebnis speichern',
    saving: 'Wird gespeichert …',
    saved: (revision) => `Ergebnis gespeichert (Version ${revision}).`,
    invalid: 'Bitte die markierten Angaben prüfen.',
    conflict: 'Das Ergebnis wurde inzwischen geändert: Kontext neu geladen, bitte erneut speichern.',
    stored: 'Gespeichertes Ergebnis',
    storedAt: 'gespeichert am',
    errCodes: 'Bitte mindestens eine Tätigkeit ankreuzen.',
    errNote: 'Die Notiz darf höchstens 500 Zeichen lang sein.',
    errFollowUp: 'Eine Beratung braucht einen Zeitpunkt innerhalb der Öffnungszeiten (Mo–Fr 9–17 Uhr).',
    errResolution: 'Der Fall kann so nicht abgeschlossen werden.',
    consultation: 'Beratung',
    callback: 'Rückruf',
    queued: 'in der Warteschlange',
    closed: 'geschlossen',
    disconnected: 'aufgelegt',
  },
  en: {
    title: 'Caller context for agents',
    switch: 'Deutsch',
    switchLabel: 'Auf Deutsch umschalten',
    signIn: 'Sign in',
    username: 'User name',
    password: 'Password',
    demoUsers: 'Local demo accounts: agent / agent (agent), manager / manager (manager, no access to calls).',
    signInButton: 'Sign in',
    signingIn: 'Signing in …',
    badCredentials: 'Unknown user name or wrong password.',
    notAgent: 'This account is not in the agents group: no access to calls.',
    signedInAs: (name) => `Signed in as ${name}.`,
    signedOut: 'Signed out.',
    expired: 'The sign-in has expired. Please sign in again.',
    workspace: 'Current call',
    signOut: 'Sign out',
    waiting: 'No call selected. New calls open here by themselves.',
    recent: 'Recent calls (simulated locally)',
    newCall: 'New call: loading the context …',
    loading: 'Loading the context …',
    loaded: 'Context loaded.',
    notFound: 'There is no data (yet) for this call.',
    failed: 'The server does not answer as expected.',
    signInFailed: 'The sign-in did not succeed. Please sign in again.',
    contact: 'Contact',
    received: 'received',
    identification: 'Identification',
    status: 'Status',
    method: 'identified by',
    found: 'identified',
    ambiguous: 'ambiguous (several tenancies list this number)',
    not_found: 'not found',
    no_number: 'no phone number and no tenancy number',
    phone: 'phone number',
    keypad: 'tenancy number (keypad)',
    none: '–',
    risk: 'Risk',
    level: 'Level',
    reasons: 'Reasons',
    critical: 'critical',
    high: 'high',
    normal: 'normal',
    eviction_imminent: 'eviction date within days',
    court_hearing_imminent: 'court hearing within days',
    advanced_stage: 'advanced stage',
    arrears_months: 'several months in arrears',
    court_letter_reported: 'court letter reported',
    tenancy: 'Tenancy',
    noTenancy: 'No tenancy matched.',
    tenancyId: 'Tenancy number',
    tenantName: 'Tenant',
    address: 'Address',
    household: 'Household',
    householdText: (t) =>
      `${t.householdSize === 1 ? '1 person' : `${t.householdSize} people`}${
        t.children === 0
          ? ', no children'
          : t.children === 1
            ? ', 1 of them a child'
            : `, ${t.children} of them children`
      }`,
    language: 'Language',
    case: 'Open case',
    noCase: 'No open case.',
    caseId: 'Case number',
    stage: 'Stage',
    arrears: 'Rent arrears',
    months: 'Months in arrears',
    hearing: 'Court hearing',
    eviction: 'Eviction date',
    caseWorker: 'Case worker',
    openedOn: 'opened on',
    resolvedFromHotline: 'closed from the hotline',
    stage_arrears: 'rent arrears',
    stage_reminder: 'payment reminder',
    stage_termination: 'notice of termination',
    stage_lawsuit: 'eviction lawsuit',
    stage_judgment: 'eviction judgment',
    stage_eviction_scheduled: 'eviction scheduled',
    hints: 'Support not claimed yet',
    noHints: 'No hints.',
    history: 'Recent calls and what came of them',
    when: 'When',
    outcome: 'Outcome',
    thisCall: '(this call)',
    noOutcome: 'no outcome yet',
    record: 'Record the outcome of the call',
    codes: 'What was done? (at least one)',
    note: 'Note (optional, at most 500 characters)',
    followUp: 'What happens next? (optional)',
    followNone: 'nothing agreed',
    followConsultation: 'personal consultation',
    followCallback: 'callback',
    followAt: 'Time (Vienna local time; optional for a callback)',
    resolution: 'Close the case (optional)',
    resolutionNone: 'case stays open',
    housing_secured: 'flat secured',
    housing_lost: 'flat lost',
    save: 'Save outcome',
    saving: 'Saving …',
    saved: (revision) => `Outcome saved (revision ${revision}).`,
    invalid: 'Please check the marked fields.',
    conflict: 'The outcome was changed meanwhile: context reloaded, please save again.',
    stored: 'Stored outcome',
    storedAt: 'stored at',
    errCodes: 'Please tick at least one item.',
    errNote: 'The note may have at most 500 characters.',
    errFollowUp: 'A consultation needs a time within the opening hours (Mon–Fri 9–17).',
    errResolution: 'The case cannot be closed like this.',
    consultation: 'consultation',
    callback: 'callback',
    queued: 'queued',
    closed: 'closed',
    disconnected: 'disconnected',
  },
};

/** Field paths of a 400 answer → the element that shows the error and the control it belongs to. */
const FIELD_ERRORS = [
  {
    prefix: 'codes',
    error: 'codes-error',
    text: 'errCodes',
    control: () => byId('codes').querySelector('input'),
  },
  { prefix: 'note', error: 'note-error', text: 'errNote', control: () => byId('note') },
  { prefix: 'followUp', error: 'followup-error', text: 'errFollowUp', control: () => byId('follow-at') },
  {
    prefix: 'caseResolution',
    error: 'resolution-error',
    text: 'errResolution',
    control: () => byId('resolution-fieldset').querySelector('input'),
  },
];

let language = localStorage.getItem('language') === 'en' ? 'en' : 'de';
let session;
let auth;
let contactId = new URL(location.href).searchParams.get('contactId') ?? undefined;
let context;
let stored;
let recentCalls = [];
let lastSeenCall;
let pollTimer;
let message = { key: '', className: '' };
let fieldErrors = [];

const t = translator(TEXT, () => language);
const locale = () => localeOf(language);

const formatDate = (isoDate) =>
  isoDate ? new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(locale(), { timeZone: 'UTC' }) : t('none');
const formatInstant = (iso) =>
  iso ? new Date(iso).toLocaleString(locale(), { timeZone: 'Europe/Vienna' }) : t('none');
const formatEuro = (amount) =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(amount);

const say = (key, className = '', ...args) => {
  message = { key, className, args };
  renderMessage();
};

const renderMessage = () => {
  const node = byId('message');
  node.textContent = message.key ? t(message.key, ...(message.args ?? [])) : '';
  node.className = message.className;
};

const describe = (list, rows) => {
  list.replaceChildren();
  for (const [label, value, className] of rows)
    list.append(element('dt', label), element('dd', value, className));
};

const codesText = (codes) => codes.map((code) => t(code)).join(', ');

/** GET or POST against the API with the bearer token; 401 ends the session. */
const api = async (path, options = {}) => {
  const response = await fetch(path, {
    ...options,
    cache: 'no-store',
    headers: { ...(options.headers ?? {}), authorization: `Bearer ${session?.token ?? ''}` },
  });
  if (response.status === 401) {
    signOut('expired', 'bad');
    throw new Error('signed out');
  }
  return response;
};

// ---- rendering -------------------------------------------------------------------------------

const renderStatic = () => {
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  byId('language').setAttribute('aria-label', t('switchLabel'));
};

const renderCodes = () => {
  const group = byId('codes');
  if (group.childElementCount === 0) {
    for (const code of OUTCOME_CODES) {
      const label = element('label');
      const input = element('input');
      input.type = 'checkbox';
      input.name = 'codes';
      input.value = code;
      const text = element('span');
      text.dataset.i18n = code;
      label.append(input, ' ', text);
      group.append(label);
    }
  }
};

const renderRecent = () => {
  const list = byId('recent-list');
  list.replaceChildren();
  byId('recent').hidden = recentCalls.length === 0;
  for (const call of recentCalls) {
    const item = element('li');
    const button = element(
      'button',
      `${formatInstant(call.at)} · ${t(call.riskLevel)} · ${t(call.result)}${call.queue ? ` (${call.queue})` : ''}`,
    );
    button.type = 'button';
    if (call.contactId === contactId) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => openContact(call.contactId));
    item.append(button);
    list.append(item);
  }
};

const renderContext = () => {
  // Shown once the first poll has set what counts as new, so a call placed from now on pops up.
  byId('waiting').hidden = context !== undefined || lastSeenCall === undefined;
  byId('context').hidden = context === undefined;
  if (context === undefined) return;
  const c = context;
  byId('contact-line').textContent =
    `${t('contact')} ${c.contactId}${c.receivedAt ? ` · ${t('received')} ${formatInstant(c.receivedAt)}` : ''}`;
  describe(byId('identification-details'), [
    [t('status'), t(c.identification.status)],
    [t('method'), c.identification.method === 'none' ? t('none') : t(c.identification.method)],
  ]);
  describe(byId('risk-details'), [
    [t('level'), t(c.risk.level), `risk-${c.risk.level}`],
    [t('reasons'), c.risk.reasons.length ? c.risk.reasons.map((reason) => t(reason)).join(', ') : t('none')],
  ]);
  const tenancy = c.tenancy;
  describe(
    byId('tenancy-details'),
    tenancy
      ? [
          [t('tenancyId'), tenancy.tenancyId],
          [t('tenantName'), tenancy.tenantName],
          [t('address'), `${tenancy.address}, ${tenancy.postalCode}`],
          [t('household'), t('householdText', tenancy)],
          [t('language'), tenancy.preferredLanguage],
        ]
      : [[t('tenancy'), t('noTenancy')]],
  );
  const open = c.openCase;
  describe(
    byId('case-details'),
    open
      ? [
          [t('caseId'), open.caseId],
          [t('stage'), t(`stage_${open.stage}`)],
          [t('arrears'), formatEuro(open.arrearsEur)],
          [t('months'), String(open.monthsInArrears)],
          [t('hearing'), formatDate(open.courtHearingDate)],
          [t('eviction'), formatDate(open.evictionDate)],
          [t('caseWorker'), open.caseWorker],
          [t('openedOn'), formatDate(open.openedOn)],
          ...(open.resolution
            ? [
                [
                  t('resolvedFromHotline'),
                  `${t(open.resolution.resolution)} (${formatInstant(open.resolution.recordedAt)})`,
                ],
              ]
            : []),
        ]
      : [[t('case'), t('noCase')]],
  );
  const hints = byId('hints');
  hints.replaceChildren();
  if (c.hints.length === 0) hints.append(element('li', t('noHints')));
  for (const hint of c.hints) hints.append(element('li', hint.text[language] ?? hint.text.de));
  const rows = byId('history').querySelector('tbody');
  rows.replaceChildren();
  for (const call of c.calls) {
    const row = element('tr');
    const when = element('td', `${formatInstant(call.receivedAt)}${call.current ? ` ${t('thisCall')}` : ''}`);
    const outcome = call.outcome
      ? [
          codesText(call.outcome.codes),
          call.outcome.caseResolution ? t(call.outcome.caseResolution) : '',
          call.outcome.note ?? '',
        ]
          .filter((part) => part !== '')
          .join(' · ')
      : t('noOutcome');
    row.append(when, element('td', outcome));
    rows.append(row);
  }
  byId('resolution-fieldset').hidden = !(open && !open.resolution);
  renderStored();
};

const renderStored = () => {
  const outcome = stored ?? context?.outcome ?? undefined;
  byId('stored').hidden = !outcome;
  if (!outcome) return;
  describe(byId('stored-details'), [
    [t('outcome'), codesText(outcome.codes)],
    [t('note'), outcome.note ?? t('none')],
    [
      t('followUp'),
      outcome.followUp
        ? `${t(outcome.followUp.kind)}${outcome.followUp.at ? ` ${formatInstant(outcome.followUp.at)}` : ''}`
        : t('none'),
    ],
    [t('resolution'), outcome.caseResolution ? t(outcome.caseResolution) : t('none')],
    [t('storedAt'), `${formatInstant(outcome.recordedAt)} (${outcome.revision})`],
  ]);
};

const renderFieldErrors = () => {
  for (const field of FIELD_ERRORS) {
    const failed = fieldErrors.some((path) => path === field.prefix || path.startsWith(`${field.prefix}.`));
    byId(field.error).textContent = failed ? t(field.text) : '';
    field.control()?.setAttribute('aria-invalid', String(failed));
  }
};

const render = () => {
  renderCodes(); // first: the checkboxes' labels carry data-i18n too
  renderStatic();
  renderMessage();
  const signedIn = session !== undefined;
  byId('sign-in-section').hidden = signedIn;
  byId('sign-in').hidden = auth?.kind !== 'local';
  byId('hosted-sign-in').hidden = auth?.kind !== 'cognito';
  byId('workspace').hidden = !signedIn;
  byId('who').textContent = signedIn ? t('signedInAs', session.username) : '';
  renderRecent();
  renderContext();
  renderFieldErrors();
};

// ---- behaviour -------------------------------------------------------------------------------

const resetForm = () => {
  const form = byId('outcome-form');
  form.reset();
  fieldErrors = [];
  const outcome = context?.outcome;
  if (outcome) {
    // A stored outcome is corrected as a whole: start from what is there.
    for (const input of byId('codes').querySelectorAll('input'))
      input.checked = outcome.codes.includes(input.value);
    byId('note').value = outcome.note ?? '';
  }
};

const loadContext = async () => {
  if (!contactId || !session) return;
  const response = await api(`/api/contacts/${encodeURIComponent(contactId)}/context`);
  if (response.status === 404) {
    context = undefined;
    say('notFound', 'bad');
  } else if (response.status === 403) {
    context = undefined;
    say('notAgent', 'bad');
  } else if (!response.ok) {
    say('failed', 'bad');
  } else {
    context = await response.json();
    say('loaded', 'ok');
  }
  render();
};

async function openContact(id, messageKey = 'loading') {
  if (id !== contactId) {
    contactId = id;
    context = undefined;
    stored = undefined;
    const url = new URL(location.href);
    url.searchParams.set('contactId', id);
    history.replaceState(null, '', url);
  }
  say(messageKey);
  try {
    await loadContext();
    resetForm();
    renderFieldErrors();
  } catch {
    if (session) say('failed', 'bad');
  }
}

/** The local screen pop: the newest simulated call opens when one appears after sign-in. */
const poll = async () => {
  if (!session) return;
  try {
    const response = await api('/api/agent/calls');
    if (response.status === 403) {
      say('notAgent', 'bad');
      return stopPolling();
    }
    if (!response.ok) return;
    const calls = (await response.json()).calls;
    const changed =
      calls.map((call) => call.contactId).join() !== recentCalls.map((call) => call.contactId).join();
    recentCalls = calls;
    const newest = recentCalls[0]?.contactId;
    const first = lastSeenCall === undefined;
    if (first) lastSeenCall = newest ?? null;
    // Redrawn only on change, so a focused button is not replaced under the keyboard every 2 s.
    if (changed) renderRecent();
    if (first) renderContext();
    if (!first && newest && newest !== lastSeenCall) {
      lastSeenCall = newest;
      await openContact(newest, 'newCall');
    }
  } catch {
    // the next poll tries again
  }
};

const startPolling = () => {
  stopPolling();
  if (!session) return;
  poll();
  pollTimer = setInterval(poll, POLL_MS);
};

function stopPolling() {
  if (pollTimer !== undefined) clearInterval(pollTimer);
  pollTimer = undefined;
}

/** Ends the session on this page; `everywhere` also ends the hosted sign-in's own (the sign-out button). */
function signOut(messageKey = 'signedOut', className = '', everywhere = false) {
  stopPolling();
  session = undefined;
  context = undefined;
  stored = undefined;
  lastSeenCall = undefined;
  recentCalls = [];
  if (everywhere) auth.signOut();
  else auth.forget();
  say(messageKey, className);
  render();
  focusSignIn();
}

function focusSignIn() {
  signIn.focusSignIn();
}

/**
 * An admitted agent (web/auth.js): the workspace opens with the contact in the address, which is
 * the one the page had before a hosted sign-in.
 */
function startSession(signedIn) {
  session = signedIn;
  contactId = new URL(location.href).searchParams.get('contactId') ?? undefined;
  say('signedInAs', 'ok', session.username);
  render();
  byId('workspace-heading').focus();
  startPolling();
  if (contactId) openContact(contactId);
}

/** Amazon Connect Streams, when a host page loaded it: the ringing contact opens here. */
const listenToConnect = () => {
  const streams = window.connect;
  if (!streams || typeof streams.contact !== 'function') return false;
  streams.contact((contact) => {
    const open = () => {
      const id = contact.getInitialContactId?.() ?? contact.getContactId?.();
      if (id && session) openContact(id, 'newCall');
    };
    if (typeof contact.onConnecting === 'function') contact.onConnecting(open);
    if (typeof contact.onConnected === 'function') contact.onConnected(open);
  });
  return true;
};

byId('language').addEventListener('click', () => {
  language = language === 'de' ? 'en' : 'de';
  localStorage.setItem('language', language);
  render();
});

byId('outcome-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!context) return;
  const codes = [...byId('codes').querySelectorAll('input:checked')].map((input) => input.value);
  const note = byId('note').value.trim();
  const kind = byId('outcome-form').querySelector('input[name="followUp"]:checked')?.value ?? '';
  const at = byId('follow-at').value;
  const resolution = byId('outcome-form').querySelector('input[name="caseResolution"]:checked')?.value ?? '';
  // Checked here too, so a person hears at once what is missing; the API checks again.
  fieldErrors = [];
  if (codes.length === 0) fieldErrors.push('codes');
  if (note.length > NOTE_MAX) fieldErrors.push('note');
  if (kind === 'consultation' && at === '') fieldErrors.push('followUp.at');
  if (fieldErrors.length > 0) {
    renderFieldErrors();
    say('invalid', 'bad');
    return;
  }
  const body = {
    codes,
    ...(note ? { note } : {}),
    ...(kind ? { followUp: { kind, ...(at ? { at: fromVienna(at) } : {}) } } : {}),
    ...(resolution && !byId('resolution-fieldset').hidden ? { caseResolution: resolution } : {}),
    requestId: crypto.randomUUID(),
    expectedRevision: context.outcome?.revision ?? 0,
  };
  say('saving');
  try {
    const response = await api(`/api/contacts/${encodeURIComponent(context.contactId)}/outcomes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (response.status === 400) {
      fieldErrors = answer.fields ?? [];
      renderFieldErrors();
      say('invalid', 'bad');
      const first = FIELD_ERRORS.find((field) => fieldErrors.some((path) => path.startsWith(field.prefix)));
      first?.control()?.focus();
      return;
    }
    if (response.status === 409) {
      await loadContext();
      say('conflict', 'bad');
      return;
    }
    if (!response.ok) {
      say('failed', 'bad');
      return;
    }
    stored = answer.outcome;
    await loadContext();
    stored = undefined;
    fieldErrors = [];
    render();
    say('saved', 'ok', answer.outcome.revision);
  } catch {
    if (session) say('failed', 'bad');
  }
});

const signIn = await startPageSignIn({
  storageKey: 'agentSession',
  group: 'agents',
  refusal: 'notAgent',
  say,
  startSession,
  signOut: () => signOut('signedOut', '', true),
  showSignIn: () => {
    render();
    focusSignIn();
  },
});
auth = signIn.auth;
listenToConnect();
await signIn.resume();

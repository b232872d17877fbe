/**
 * Renders one call's context: urgency and why first (never hidden), then how the caller was
 * identified and the tenancy, the open case's key facts, unclaimed support and every call of the
 * tenancy. Every code becomes words; a date becomes "in N days" beside the date itself.
 */
import { daysBetween, type IsoDate, isIsoDate, viennaDate } from '../../../shared/domain/vienna-calendar.ts';
import { byId, describe, element } from '../shell/dom.ts';
import { type Language, OUTCOME_LABELS, type Translate } from '../shell/i18n.ts';
import type { CandidateAnswer, ContextAnswer } from './agent-api.ts';
import type { TEXTS } from './texts.ts';

export type AgentTexts = (typeof TEXTS)['de'] & import('../shell/page-shell.ts').ShellTexts;

export interface ViewDeps {
  readonly t: Translate<AgentTexts>;
  readonly language: () => Language;
  readonly locale: () => string;
}

export const makeContextView = ({ t, language, locale }: ViewDeps) => {
  const formatDate = (date: string | null): string =>
    date ? new Date(`${date}T12:00:00Z`).toLocaleDateString(locale(), { timeZone: 'UTC' }) : t('none');
  const formatInstant = (iso: string | null | undefined): string =>
    iso
      ? new Date(iso).toLocaleString(locale(), {
          timeZone: 'Europe/Vienna',
          dateStyle: 'medium',
          timeStyle: 'short',
        })
      : t('none');
  const formatEuro = (amount: number): string =>
    new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(amount);
  const languageName = (code: string): string => {
    try {
      return new Intl.DisplayNames([locale()], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const outcomeWords = (codes: readonly string[]): string =>
    codes
      .map((code) =>
        code in OUTCOME_LABELS ? OUTCOME_LABELS[code as keyof typeof OUTCOME_LABELS][language()] : code,
      )
      .join(', ');
  const daysUntil = (date: string | null): number | undefined =>
    date && isIsoDate(date) ? daysBetween(viennaDate(new Date()), date as IsoDate) : undefined;

  /** While the file is withheld the reasons stay, without the case's dates and figures. */
  const WITHHELD_REASONS = {
    eviction_imminent: 'eviction_soon',
    court_hearing_imminent: 'hearing_soon',
    advanced_stage: 'stage_advanced',
    arrears_months: 'arrears_high',
    court_letter_reported: 'court_letter_reported',
  } as const;

  const reasonWords = (context: ContextAnswer): string[] => {
    if (context.identity.withheld) return context.risk.reasons.map((reason) => t(WITHHELD_REASONS[reason]));
    const open = context.openCase;
    const words: Record<ContextAnswer['risk']['reasons'][number], () => string> = {
      eviction_imminent: () =>
        t(
          'eviction_imminent',
          daysUntil(open?.evictionDate ?? null) ?? 0,
          formatDate(open?.evictionDate ?? null),
        ),
      court_hearing_imminent: () =>
        t(
          'court_hearing_imminent',
          daysUntil(open?.courtHearingDate ?? null) ?? 0,
          formatDate(open?.courtHearingDate ?? null),
        ),
      advanced_stage: () => t('advanced_stage', open ? t(`stage_${open.stage}`) : t('none')),
      arrears_months: () => t('arrears_months', open?.monthsInArrears ?? 0),
      court_letter_reported: () => t('court_letter_reported'),
    };
    return context.risk.reasons.map((reason) => words[reason]());
  };

  const renderUrgency = (context: ContextAnswer) => {
    const level = context.risk.level;
    byId('urgency').className = `urgency risk-${level}`;
    byId('risk-level').textContent = t(level);
    const list = byId('risk-reasons');
    list.replaceChildren();
    const reasons = reasonWords(context);
    for (const reason of reasons.length ? reasons : [t('noReason')]) list.append(element('li', reason));
  };

  const identificationWords = (context: ContextAnswer): string => {
    const { status, method, matchCount } = context.identification;
    if (status === 'found') {
      return method === 'keypad'
        ? t('identifiedKeypad')
        : method === 'phone'
          ? t('identifiedPhone')
          : t('identifiedAgent');
    }
    return status === 'ambiguous' ? t('ambiguous', matchCount) : t(status);
  };

  /** How the caller was identified, and the check that shows the rest of the file. */
  const renderIdentity = (context: ContextAnswer) => {
    const { identity } = context;
    byId('identity-check').hidden = !identity.withheld;
    byId('identity-check-text').textContent = t('identityCheck');
    byId('confirm-identity').textContent = t('confirmIdentity');
    const confirmed = byId('identity-confirmed');
    confirmed.hidden = !identity.confirmed;
    confirmed.textContent = identity.confirmed
      ? t('identityConfirmed', formatInstant(identity.confirmedAt))
      : '';
    byId('verify').hidden =
      identity.withheld || identity.confirmed || context.identification.status !== 'found';
    byId('verify').textContent = t('verifyHint');
  };

  const renderCaller = (context: ContextAnswer) => {
    byId('identification').textContent = identificationWords(context);
    renderIdentity(context);
    const tenancy = context.tenancy;
    const withheld = t('withheld');
    describe(
      byId('tenancy-details'),
      tenancy
        ? [
            [t('tenantName'), tenancy.tenantName],
            [t('tenancyNumber'), tenancy.tenancyId],
            [t('address'), tenancy.address === null ? withheld : `${tenancy.address}, ${tenancy.postalCode}`],
            [
              t('household'),
              tenancy.householdSize === null || tenancy.children === null
                ? withheld
                : t('householdText', tenancy.householdSize, tenancy.children),
            ],
            [t('language'), languageName(tenancy.preferredLanguage)],
          ]
        : [[t('tenancy'), t('noTenancy')]],
    );
    byId('find-tenancy').hidden = context.identification.status === 'found';
  };

  const renderCase = (context: ContextAnswer) => {
    const open = context.openCase;
    describe(
      byId('case-details'),
      open
        ? [
            [t('stage'), t(`stage_${open.stage}`)],
            [t('arrears'), t('arrearsText', formatEuro(open.arrearsEur), open.monthsInArrears)],
            [t('hearing'), formatDate(open.courtHearingDate)],
            [t('eviction'), formatDate(open.evictionDate)],
            [t('caseWorker'), open.caseWorker],
            [t('caseId'), open.caseId],
            [t('openedOn'), formatDate(open.openedOn)],
            ...(open.resolution
              ? [
                  [
                    t('resolvedFromHotline'),
                    `${t(open.resolution.resolution === 'housing_lost' ? 'housing_lost' : 'housing_secured')} (${formatInstant(open.resolution.recordedAt)})`,
                  ] as const,
                ]
              : []),
          ]
        : [[t('case'), context.identity.withheld ? t('withheld') : t('noCase')]],
    );
  };

  const renderHints = (context: ContextAnswer) => {
    const hints = byId('hints');
    hints.replaceChildren();
    if (context.hints.length === 0) hints.append(element('li', t('noHints')));
    for (const hint of context.hints) hints.append(element('li', hint.text[language()]));
  };

  const QUEUE_WORDS = {
    urgent: 'queue_urgent',
    general: 'queue_general',
    callback: 'queue_callback',
  } as const;
  const isKnownQueue = (queue: string | null): queue is keyof typeof QUEUE_WORDS =>
    queue !== null && Object.hasOwn(QUEUE_WORDS, queue);

  /** What became of a call, in words: answered (after how long), abandoned, after hours, … */
  const courseWords = (call: ContextAnswer['calls'][number]): string => {
    const result = call.result === 'not_queued' && call.afterHours ? t('afterHours') : t(call.result);
    const queue = isKnownQueue(call.queue) ? ` (${t(QUEUE_WORDS[call.queue])})` : '';
    const wait =
      call.result === 'answered' && call.waitSeconds !== null ? `, ${t('waited', call.waitSeconds)}` : '';
    return `${result}${queue}${wait}`;
  };

  /** Tenancies the caller may be, each with a button that attaches it to the call. */
  const renderCandidateList = (
    list: HTMLElement,
    candidates: readonly CandidateAnswer[],
    onPick: (tenancyId: string) => void,
  ) => {
    list.replaceChildren();
    for (const candidate of candidates) {
      const item = element('li');
      const button = element('button', t('pick'));
      button.type = 'button';
      button.setAttribute('aria-label', `${t('pick')}: ${candidate.tenantName}, ${candidate.address}`);
      button.addEventListener('click', () => onPick(candidate.tenancyId));
      item.append(`${candidate.tenantName}, ${candidate.address}, ${candidate.postalCode} `, button);
      list.append(item);
    }
  };

  const renderHistory = (context: ContextAnswer) => {
    const rows = byId('history').querySelector('tbody');
    rows?.replaceChildren();
    for (const call of context.calls) {
      const row = element('tr');
      const outcome = call.outcome
        ? [outcomeWords(call.outcome.codes), call.outcome.note ?? '']
            .filter((part) => part !== '')
            .join(' · ')
        : t('noOutcome');
      row.append(
        element('td', `${formatInstant(call.receivedAt)}${call.current ? ` ${t('thisCall')}` : ''}`),
        element('td', courseWords(call)),
        element('td', outcome),
      );
      rows?.append(row);
    }
  };

  return {
    formatInstant,
    outcomeWords,
    /** The tenancies a search by name found for the caller. */
    renderSearchResults(candidates: readonly CandidateAnswer[], onPick: (tenancyId: string) => void): void {
      renderCandidateList(byId('search-results'), candidates, onPick);
    },
    render(context: ContextAnswer, onPick: (tenancyId: string) => void): void {
      renderUrgency(context);
      renderCaller(context);
      renderCandidateList(byId('candidates'), context.candidates, onPick);
      renderCase(context);
      renderHints(context);
      renderHistory(context);
    },
  };
};
export type ContextView = ReturnType<typeof makeContextView>;

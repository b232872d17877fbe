import type { CallSummary } from './caller-context.ts';
import type { CaseResolutionEntry, OutcomeCode, OutcomeContent } from './outcomes.ts';
import { CASE_STAGES, type CaseStage, type EvictionCase, type ListedTenancy } from './tenancy.ts';

/**
 * Support the tenant may not have claimed yet, written as data: each rule has a stable id, a German
 * and an English text for the agent's page, and a pure predicate. Adding a rule is adding an entry.
 */
export interface SupportFacts {
  readonly tenancy?: ListedTenancy | undefined;
  /** The open case, unless it was already closed from the hotline. */
  readonly openCase?: EvictionCase | undefined;
  /** Every outcome code recorded on the tenancy's recent calls. */
  readonly claimed: ReadonlySet<OutcomeCode>;
  /**
   * The caller reported a court letter on the keypad during this call, and this call's outcome does
   * not say it was explained yet. A letter explained on an earlier call may be an older one.
   */
  readonly courtLetterReported?: boolean | undefined;
}

export interface LocalisedText {
  readonly de: string;
  readonly en: string;
}

export interface SupportHintRule {
  readonly id: string;
  readonly text: LocalisedText;
  readonly applies: (facts: SupportFacts) => boolean;
}

export interface SupportHint {
  readonly id: string;
  readonly text: LocalisedText;
}

const stageIndex = (stage: CaseStage): number => CASE_STAGES.indexOf(stage);

const inArrears = (facts: SupportFacts): boolean => (facts.openCase?.arrearsEur ?? 0) > 0;

const atLeast = (facts: SupportFacts, stage: CaseStage): boolean =>
  facts.openCase !== undefined && stageIndex(facts.openCase.stage) >= stageIndex(stage);

/** The court has written: a lawsuit or later, or a hearing date on file. */
const courtLetterOnFile = (facts: SupportFacts): boolean =>
  atLeast(facts, 'lawsuit') || facts.openCase?.courtHearingDate !== undefined;

const notYet = (facts: SupportFacts, code: OutcomeCode): boolean => !facts.claimed.has(code);

export const SUPPORT_HINT_RULES: readonly SupportHintRule[] = [
  {
    id: 'housing_allowance',
    text: {
      de: 'Mietrückstand, aber noch keine Wohnbeihilfe beantragt: Anspruch prüfen.',
      en: 'Arrears, but no housing allowance applied for yet: check eligibility.',
    },
    applies: (facts) => inArrears(facts) && notYet(facts, 'housing_allowance'),
  },
  {
    id: 'arrears_fund',
    text: {
      de: 'Mietrückstand ohne Wohnschirm-Antrag: der Fonds kann Rückstände übernehmen.',
      en: 'Arrears and no application to the Wohnschirm fund yet: it can pay rent arrears.',
    },
    applies: (facts) => inArrears(facts) && notYet(facts, 'fund_application'),
  },
  {
    id: 'instalment_plan',
    text: {
      de: 'Mietrückstand ohne Ratenvereinbarung: Ratenzahlung anbieten.',
      en: 'Arrears and no instalment plan yet: offer one.',
    },
    applies: (facts) => inArrears(facts) && notYet(facts, 'instalment_plan'),
  },
  {
    id: 'youth_welfare',
    text: {
      de: 'Kinder im Haushalt und Räumungsklage oder später: an die MA 11 (Kinder- und Jugendhilfe) vermitteln.',
      en: 'Children in the household and a lawsuit or later: refer to child and youth welfare (MA 11).',
    },
    applies: (facts) =>
      (facts.tenancy?.children ?? 0) > 0 &&
      atLeast(facts, 'lawsuit') &&
      notYet(facts, 'referral_youth_welfare'),
  },
  {
    id: 'court_letter',
    text: {
      de: 'Schreiben vom Gericht liegt vor (im Akt oder am Telefon angegeben), aber noch nicht erklärt: Inhalt und Fristen erklären.',
      en: 'A court letter is on file or reported by the caller, but not yet explained: explain its content and deadlines.',
    },
    applies: (facts) =>
      (courtLetterOnFile(facts) && notYet(facts, 'court_letter_explained')) ||
      facts.courtLetterReported === true,
  },
];

/** The facts the rules read, from what the context holds. */
export const supportFactsOf = (input: {
  readonly tenancy?: ListedTenancy | undefined;
  readonly openCase?: EvictionCase | undefined;
  readonly caseResolution?: CaseResolutionEntry | undefined;
  readonly calls: readonly Pick<CallSummary, 'outcome'>[];
  /** What the flow kept on this call's contact: the caller pressed 1 for a court letter. */
  readonly courtLetterReported?: boolean | undefined;
  /** This call's current outcome, if one is recorded. */
  readonly outcome?: Pick<OutcomeContent, 'codes'> | undefined;
}): SupportFacts => ({
  tenancy: input.tenancy,
  openCase: input.caseResolution === undefined ? input.openCase : undefined,
  claimed: new Set(input.calls.flatMap((call) => call.outcome?.codes ?? [])),
  courtLetterReported:
    input.courtLetterReported === true && !input.outcome?.codes.includes('court_letter_explained'),
});

export const supportHints = (
  facts: SupportFacts,
  rules: readonly SupportHintRule[] = SUPPORT_HINT_RULES,
): SupportHint[] => rules.filter((rule) => rule.applies(facts)).map(({ id, text }) => ({ id, text }));

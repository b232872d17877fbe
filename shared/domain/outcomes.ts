// zod/mini: the agent API Lambda parses outcome codes on every request; the mini build keeps it small.
import * as z from 'zod/mini';
import type { TenancyId } from './tenancy.ts';
import type { IsoDate } from './vienna-calendar.ts';

/** What came of a call (the outcomes an agent records); one call can have several. */
export const OUTCOME_CODES = [
  'housing_allowance',
  'instalment_plan',
  'fund_application',
  'court_letter_explained',
  'authority_escort',
  'referral_social_welfare',
  'referral_youth_welfare',
  'appointment_booked',
  'information_only',
  'callback_needed',
] as const;
export const OutcomeCode = z.enum(OUTCOME_CODES);
export type OutcomeCode = z.infer<typeof OutcomeCode>;

/** How an agent may close a case; `other` comes only from the landlord's own systems (import). */
export const AGENT_CASE_RESOLUTIONS = ['housing_secured', 'housing_lost'] as const;
export const AgentCaseResolution = z.enum(AGENT_CASE_RESOLUTIONS);
export type AgentCaseResolution = z.infer<typeof AgentCaseResolution>;

/** What happens next: a personal consultation booked at an instant, or a callback (time optional). */
export type FollowUp =
  | { readonly kind: 'consultation'; readonly at: string }
  | { readonly kind: 'callback'; readonly at?: string | undefined };
export type FollowUpKind = FollowUp['kind'];

/**
 * The code and the follow-up are one act: booking a consultation is `appointment_booked` with the
 * consultation's time, and a callback with an agreed time (or none) is `callback_needed`. The page
 * offers each act once and builds both parts from this table.
 */
export const FOLLOW_UP_CODES = {
  consultation: 'appointment_booked',
  callback: 'callback_needed',
} as const satisfies Record<FollowUpKind, OutcomeCode>;

/** The follow-up kind a code carries, the other way round. */
export const FOLLOW_UP_KIND_OF_CODE: Readonly<Partial<Record<OutcomeCode, FollowUpKind>>> = {
  appointment_booked: 'consultation',
  callback_needed: 'callback',
};

/**
 * How far ahead a consultation or an agreed callback may lie. Counselling is booked within days or
 * weeks (the next free slot, at most a few weeks around the holidays); a quarter of a year leaves
 * room for that and still catches a mistyped month or year, long before the call's retention ends.
 */
export const FOLLOW_UP_HORIZON_DAYS = 90;

/** What the agent states about one call: the part a correction replaces as a whole. */
export interface OutcomeContent {
  readonly codes: readonly OutcomeCode[];
  readonly note?: string | undefined;
  readonly followUp?: FollowUp | undefined;
  readonly caseResolution?: AgentCaseResolution | undefined;
}

/** One revision of a call's outcome, as stored. Revision 1 is the first; a correction adds one. */
export interface RecordedOutcome extends OutcomeContent {
  /** The call's initial contact id (the key of its call log). */
  readonly contactId: string;
  readonly revision: number;
  readonly recordedAt: string;
  /** The agent's user id (`sub`), never a name. */
  readonly recordedBy: string;
  /** The open case a `caseResolution` applies to. */
  readonly caseId?: string | undefined;
  /** Request ids already applied to this call's outcome: a replay of one of them writes nothing. */
  readonly requestIds: readonly string[];
  /**
   * The Vienna day the call counts on in the metrics, which the outcome's counts go to as well.
   * Kept with each revision, so a correction takes back exactly what the replaced one added.
   * Absent on outcomes stored before the counters existed: those were never counted.
   */
  readonly callDay?: IsoDate | undefined;
}

/** What a call's history shows of its outcome. */
export interface OutcomeSummary {
  readonly codes: readonly OutcomeCode[];
  readonly note?: string | undefined;
  readonly caseResolution?: AgentCaseResolution | undefined;
  readonly recordedAt: string;
  readonly revision: number;
}

/** A case closed from the hotline, kept apart from the read model (which only imports replace). */
export interface CaseResolutionEntry {
  readonly caseId: string;
  readonly tenancyId: TenancyId;
  readonly resolution: AgentCaseResolution;
  /** The call whose outcome closed the case: only that call's corrections may change it. */
  readonly contactId: string;
  readonly recordedAt: string;
}

const codeOrder = (code: OutcomeCode): number => OUTCOME_CODES.indexOf(code);

/**
 * One spelling per meaning, so that "the same outcome again" can be recognised: codes in catalogue
 * order, an empty note dropped, instants in UTC (`+01:00` and `Z` name the same moment).
 */
export const normaliseOutcome = (content: OutcomeContent): OutcomeContent => {
  const note = content.note?.trim();
  const followUp: FollowUp | undefined =
    content.followUp === undefined
      ? undefined
      : content.followUp.kind === 'consultation'
        ? { kind: 'consultation', at: new Date(content.followUp.at).toISOString() }
        : content.followUp.at === undefined
          ? { kind: 'callback' }
          : { kind: 'callback', at: new Date(content.followUp.at).toISOString() };
  return {
    codes: [...new Set(content.codes)].sort((a, b) => codeOrder(a) - codeOrder(b)),
    ...(note ? { note } : {}),
    ...(followUp ? { followUp } : {}),
    ...(content.caseResolution ? { caseResolution: content.caseResolution } : {}),
  };
};

const sameFollowUp = (a: FollowUp | undefined, b: FollowUp | undefined): boolean =>
  a?.kind === b?.kind && a?.at === b?.at;

/**
 * The field paths of what makes an outcome's codes and follow-up disagree, or its follow-up fall
 * outside the time it may lie in; empty when it holds. Pure, for the agent API and the page alike:
 * - a consultation needs `appointment_booked`, and `appointment_booked` needs a consultation with
 *   its time (`followUp.at`); with `callback_needed` too, the follow-up is the consultation;
 * - a callback needs `callback_needed`; `callback_needed` alone is a callback with no agreed time;
 * - a follow-up's time lies after `now` and within FOLLOW_UP_HORIZON_DAYS of it.
 * A follow-up the outcome already had (`unchanged`, a correction of the note days later) keeps its
 * time, even one that has passed meanwhile. The opening hours are checked apart (office hours).
 */
export const followUpProblems = (
  content: OutcomeContent,
  options: { readonly now: Date; readonly unchanged?: FollowUp | undefined },
): string[] => {
  const { codes, followUp } = content;
  const problems = new Set<string>();
  if (codes.includes(FOLLOW_UP_CODES.consultation) && followUp?.kind !== 'consultation') {
    problems.add('followUp.at');
  }
  if (followUp && !codes.includes(FOLLOW_UP_CODES[followUp.kind])) problems.add('codes');
  if (followUp?.at !== undefined && !sameFollowUp(followUp, options.unchanged)) {
    const at = Date.parse(followUp.at);
    const now = options.now.getTime();
    if (!(at > now && at <= now + FOLLOW_UP_HORIZON_DAYS * 86_400_000)) problems.add('followUp.at');
  }
  return [...problems];
};

/** Whether two outcomes say the same (both normalised). */
export const sameOutcome = (a: OutcomeContent, b: OutcomeContent): boolean =>
  a.codes.length === b.codes.length &&
  a.codes.every((code, i) => b.codes[i] === code) &&
  a.note === b.note &&
  sameFollowUp(a.followUp, b.followUp) &&
  a.caseResolution === b.caseResolution;

export const outcomeSummary = (outcome: RecordedOutcome): OutcomeSummary => ({
  codes: outcome.codes,
  ...(outcome.note ? { note: outcome.note } : {}),
  ...(outcome.caseResolution ? { caseResolution: outcome.caseResolution } : {}),
  recordedAt: outcome.recordedAt,
  revision: outcome.revision,
});

import type { CallTimeline } from './call-timeline.ts';
import type { CaseResolutionEntry, OutcomeSummary, RecordedOutcome } from './outcomes.ts';
import type { RiskAssessment } from './risk.ts';
import type { SupportHint } from './support-hints.ts';
import type { EvictionCase, ListedTenancy } from './tenancy.ts';

/**
 * How the caller of one call was recognised, re-derived from what identify-caller logged and what an
 * agent attached: `found` (one tenancy), `ambiguous` (a number several tenancies list, no tenancy
 * number keyed in: only the candidates' names and addresses are shown, for the agent to ask),
 * `not_found`, `no_number` (withheld or invalid, nothing keyed).
 */
export const IDENTIFICATION_STATUSES = ['found', 'ambiguous', 'not_found', 'no_number'] as const;
export type IdentificationStatus = (typeof IDENTIFICATION_STATUSES)[number];
/**
 * `keypad`: the tenancy number the caller keyed in; `phone`: the number they called from, listed by
 * one tenancy; `agent`: the tenancy an agent attached to a call neither found.
 */
export const IDENTIFICATION_METHODS = ['keypad', 'phone', 'agent', 'none'] as const;
export type IdentificationMethod = (typeof IDENTIFICATION_METHODS)[number];

export interface CallerIdentification {
  readonly status: IdentificationStatus;
  /** `keypad`, `phone` or `agent` when found, else `none`. */
  readonly method: IdentificationMethod;
  /** How many tenancies matched (2+ when ambiguous). */
  readonly matchCount: number;
}

/** One earlier (or the current) call of a tenancy, with its course and what the agent recorded. */
/** The agent confirmed they checked the caller's identity on this call: who (`sub`) and when. */
export interface IdentityConfirmation {
  readonly by: string;
  readonly at: string;
}

export interface CallSummary {
  readonly contactId: string;
  readonly receivedAt: string;
  /** What the contact events reported: queue, answer, hang-up, whether the hotline was closed. */
  readonly timeline: CallTimeline;
  readonly outcome?: OutcomeSummary | undefined;
}

/** What an agent sees the moment a call rings (who, tenancy, case, risk, history, support). */
export interface CallerContext {
  readonly contactId: string;
  /** When identify-caller logged the call; absent if only contact events have written it so far. */
  readonly receivedAt?: string | undefined;
  readonly identification: CallerIdentification;
  /** When `ambiguous`: the tenancies that list the caller's number, for the agent to pick one. */
  readonly candidates?: readonly ListedTenancy[] | undefined;
  readonly tenancy?: ListedTenancy | undefined;
  readonly openCase?: EvictionCase | undefined;
  /** Set when the open case was already closed from the hotline (the import has not caught up yet). */
  readonly caseResolution?: CaseResolutionEntry | undefined;
  readonly risk: RiskAssessment;
  /** The tenancy's most recent calls, recent first, this one included. */
  readonly calls: readonly CallSummary[];
  /** This call's current outcome, with its revision: what a correction replaces. */
  readonly outcome?: RecordedOutcome | undefined;
  readonly hints: readonly SupportHint[];
  /** Unset until an agent confirms the caller's identity on this call. */
  readonly identityConfirmed?: IdentityConfirmation | undefined;
}

import type { CallTimeline } from './call-timeline.ts';
import type { CaseResolutionEntry, OutcomeSummary, RecordedOutcome } from './outcomes.ts';
import type { RiskAssessment } from './risk.ts';
import type { SupportHint } from './support-hints.ts';
import type { EvictionCase, Tenancy } from './tenancy.ts';

/**
 * How the caller of one call was recognised, re-derived from what identify-caller logged:
 * `found` (one tenancy), `ambiguous` (a number several tenancies list, no tenancy number keyed in:
 * nothing about any of them is shown), `not_found`, `no_number` (withheld or invalid, nothing keyed).
 */
export const IDENTIFICATION_STATUSES = ['found', 'ambiguous', 'not_found', 'no_number'] as const;
export type IdentificationStatus = (typeof IDENTIFICATION_STATUSES)[number];
export type IdentificationMethod = 'keypad' | 'phone' | 'none';

export interface CallerIdentification {
  readonly status: IdentificationStatus;
  /** `keypad` or `phone` when found, else `none`. */
  readonly method: IdentificationMethod;
  /** How many tenancies matched (2+ when ambiguous). */
  readonly matchCount: number;
}

/** One earlier (or the current) call of a tenancy, with its course and what the agent recorded. */
export interface CallSummary {
  readonly contactId: string;
  readonly receivedAt: string;
  /** What the contact events reported: queue, answer, hang-up, whether the hotline was closed. */
  readonly timeline: CallTimeline;
  readonly outcome?: OutcomeSummary | undefined;
}

/** What an agent sees the moment a call rings (BRIEF.md: who, tenancy, case, risk, history, support). */
export interface CallerContext {
  readonly contactId: string;
  /** When identify-caller logged the call; absent if only contact events have written it so far. */
  readonly receivedAt?: string | undefined;
  readonly identification: CallerIdentification;
  readonly tenancy?: Tenancy | undefined;
  readonly openCase?: EvictionCase | undefined;
  /** Set when the open case was already closed from the hotline (the import has not caught up yet). */
  readonly caseResolution?: CaseResolutionEntry | undefined;
  readonly risk: RiskAssessment;
  /** The tenancy's most recent calls, recent first, this one included. */
  readonly calls: readonly CallSummary[];
  /** This call's current outcome, with its revision: what a correction replaces. */
  readonly outcome?: RecordedOutcome | undefined;
  readonly hints: readonly SupportHint[];
}

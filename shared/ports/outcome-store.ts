import type { CaseResolutionEntry, RecordedOutcome } from '../domain/outcomes.ts';
import type { TenancyId } from '../domain/tenancy.ts';

/** Everything one outcome write changes; the store applies it all or nothing. */
export interface OutcomeChange {
  /** The new current outcome, revision `previous.revision + 1` (or 1). */
  readonly next: RecordedOutcome;
  /** The outcome it replaces: kept as history, never overwritten. */
  readonly previous?: RecordedOutcome | undefined;
  /** TTL of the call log, which outcome and case items share. */
  readonly expiresAt: number;
  /** The caller's tenancy, when known: the call is filed under it. */
  readonly tenancyId?: TenancyId | undefined;
  /** A case closed by this outcome, and a resolution an earlier revision of it set that no longer holds. */
  readonly caseResolution?: {
    readonly put?: CaseResolutionEntry | undefined;
    readonly remove?: { readonly caseId: string } | undefined;
  };
  /** The agent's request id, for the store's own retry-safety (ClientRequestToken). */
  readonly requestId?: string | undefined;
}

export interface OutcomeStore {
  current(contactId: string): Promise<RecordedOutcome | undefined>;
  /**
   * Writes `change` atomically. Throws StaleOutcomeError when the current outcome is no longer
   * `previous`, ContactNotFoundError when the call log is gone, CaseAlreadyResolvedError when
   * another call closed the case.
   */
  save(change: OutcomeChange): Promise<void>;
  /** A resolution recorded from the hotline for this case, if any. */
  caseResolution(caseId: string): Promise<CaseResolutionEntry | undefined>;
}

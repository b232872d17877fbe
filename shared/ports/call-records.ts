import type { CallTimeline } from '../domain/call-timeline.ts';
import type { IdentityConfirmation } from '../domain/caller-context.ts';
import type { OutcomeSummary, RecordedOutcome } from '../domain/outcomes.ts';
import type { TenancyId } from '../domain/tenancy.ts';
import type { IsoDate } from '../domain/vienna-calendar.ts';

/**
 * Where a call log is filed for "calls of a tenancy": under the tenancy, or, while only the
 * caller's number is known (identify-caller writes before its lookup answers), under that number's
 * hash. A tenancy's history reads its own filing and those of the numbers it alone lists.
 */
export type CallFiling = { readonly tenancyId: TenancyId } | { readonly phoneHash: string };

/** What the agent side reads of one call log (written by identify-caller, keyed by initial contact id). */
export type { IdentityConfirmation };

export interface CallRecord {
  readonly contactId: string;
  /** When identify-caller first logged the call; absent while only contact events have written it. */
  readonly receivedAt?: string | undefined;
  /** The Vienna day the call counts on in the metrics (call-metrics.ts `callDayOf`); its outcome too. */
  readonly day?: IsoDate | undefined;
  /** Epoch seconds after which the call is past retention (TTL may not have removed it yet). */
  readonly expiresAt: number;
  /** The caller's number as identify-caller keyed it: a hash, never the number. */
  readonly callerPhoneHash?: string | undefined;
  readonly keyedTenancyId?: TenancyId | undefined;
  /** The tenancy an agent attached to the call, its caller not found by number or keypad. */
  readonly agentTenancyId?: TenancyId | undefined;
  /** Where the call is filed for its tenancy's history; absent for a withheld number with nothing keyed. */
  readonly filing?: CallFiling | undefined;
  /** The call's course from Amazon Connect's contact events: queue, answer, hang-up, the hours. */
  readonly timeline: CallTimeline;
  readonly outcome?: OutcomeSummary | undefined;
  /** The agent confirmed they checked the caller's identity (first confirmation only): who and when. */
  readonly identityConfirmed?: IdentityConfirmation | undefined;
}

/** A call as a filing lists it: enough to choose the newest before their logs are read. */
export interface FiledCall {
  readonly contactId: string;
  readonly receivedAt: string;
  readonly filing: CallFiling;
}

/** A call log and the outcome recorded for it, as of one consistent read. */
export interface CallWithOutcome {
  readonly call: CallRecord;
  readonly outcome?: RecordedOutcome | undefined;
}

export interface CallRecords {
  /**
   * The call and its current outcome (one read: both live in the call's partition), or undefined
   * when no call is logged under this id.
   */
  findWithOutcome(contactId: string): Promise<CallWithOutcome | undefined>;
  /**
   * Records that the agent checked the caller's identity on this call. The first confirmation
   * stays; a repeat changes nothing. Throws ContactNotFoundError when the call is gone.
   */
  confirmIdentity(contactId: string, confirmation: IdentityConfirmation): Promise<void>;
  /** Files the call under its tenancy, so that "calls of a tenancy" finds it. Idempotent. */
  attachTenancy(contactId: string, tenancyId: TenancyId): Promise<void>;
  /**
   * Records the tenancy an agent identified as the caller's, and files the call under it, in one
   * write, if the call's agent tenancy is still `replaces` (none: none yet) or already this one.
   * A tenancy replaced must not have its case closed by this call's outcome. Throws
   * TenancyConflictError when either no longer holds, ContactNotFoundError when the call is gone.
   */
  attachAgentTenancy(
    contactId: string,
    tenancyId: TenancyId,
    options: { readonly replaces?: TenancyId | undefined },
  ): Promise<void>;
  /**
   * The newest `limit` calls filed under the tenancy and under each of its numbers, recent first per
   * filing, as the index lists them: keys only, eventually consistent (a call refiled a moment ago
   * may show under its old filing too). Which numbers' filings are the tenancy's own is the caller's
   * to decide (CallerDirectory.ownPhoneHashes), so that both can be asked at once.
   */
  listFiledUnder(
    tenancy: { readonly tenancyId: TenancyId; readonly phoneHashes: readonly string[] },
    options: { readonly limit: number },
  ): Promise<readonly FiledCall[]>;
  /** The logs of these calls not past retention at `now` (eventually consistent), in no set order. */
  findMany(contactIds: readonly string[], options: { readonly now: Date }): Promise<readonly CallRecord[]>;
}

import type { CaseResolutionEntry, RecordedOutcome } from '../domain/outcomes.ts';
import type { ListedTenancyFile, TenancyId } from '../domain/tenancy.ts';
import type { CallRecord } from './call-records.ts';

/**
 * Everything the hotline's own tables hold about one tenancy, for an access request (GDPR Art. 15)
 * and an erasure (Art. 17). The audit trail is not part of it: it holds ids only, outlives an
 * erasure on purpose, and is read through AuditTrail.
 */
export interface HeldTenancyData {
  readonly tenancyId: TenancyId;
  /**
   * The tenancy's file in each stored import generation: the active one, and the one or two that
   * stay for a few minutes after an import for readers that cached them.
   */
  readonly readModel: readonly { readonly generation: string; readonly file: ListedTenancyFile }[];
  /** The calls filed under the tenancy or under a number only it lists, oldest first. */
  readonly calls: readonly HeldCall[];
  /** Cases of the tenancy closed from the hotline. */
  readonly caseResolutions: readonly CaseResolutionEntry[];
}

export interface HeldCall {
  readonly call: CallRecord;
  /** The current outcome first, then every earlier revision, newest first; empty without an outcome. */
  readonly outcomes: readonly RecordedOutcome[];
}

/** What an erasure removed: items, by kind. All zero when nothing was held. */
export interface ErasedCounts {
  /** Tenancy files (one per stored generation); the phone and name entries listing it are rewritten. */
  readonly readModelEntries: number;
  readonly calls: number;
  /** Current outcomes and earlier revisions. */
  readonly outcomes: number;
  readonly caseResolutions: number;
}

export const nothingErased = (counts: ErasedCounts): boolean =>
  counts.readModelEntries + counts.calls + counts.outcomes + counts.caseResolutions === 0;

export interface HeldDataStore {
  /** Reads what is held, consistently where the store allows it. */
  collect(tenancyId: TenancyId): Promise<HeldTenancyData>;
  /**
   * Removes what `collect` finds: calls with their outcomes, case resolutions, then the read-model
   * entries (last, because they name the numbers the calls are found by), leaving the day counters
   * (aggregates without a tenancy) as they are. Safe to run again after a failure part-way: a
   * second run removes what the first left, and a run that finds nothing changes nothing.
   */
  erase(tenancyId: TenancyId): Promise<ErasedCounts>;
}

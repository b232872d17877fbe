import * as z from 'zod/mini';
import { CorruptRecordError } from '../../../domain/errors.ts';
import {
  AgentCaseResolution,
  type FollowUp,
  OutcomeCode,
  type RecordedOutcome,
} from '../../../domain/outcomes.ts';
import type { IsoDate } from '../../../domain/vienna-calendar.ts';
import { callKeys } from './call.ts';
import { versionedRecord } from './versioned-record.ts';

/**
 * A call's outcome, in its call's partition (Calls table, `CALL#<initialContactId>`): the current
 * one (`OUTCOME#CURRENT`), and each revision a correction replaced (`OUTCOME#V<nnnn>`, zero-padded
 * so that they sort). Expires with the call (`expiresAt`).
 */
const OUTCOME_SK = 'OUTCOME#';

export const outcomeKeys = {
  current: (initialContactId: string) => ({
    pk: callKeys.partition(initialContactId),
    sk: `${OUTCOME_SK}CURRENT`,
  }),
  revision: (initialContactId: string, revision: number) => ({
    pk: callKeys.partition(initialContactId),
    sk: `${OUTCOME_SK}V${String(revision).padStart(4, '0')}`,
  }),
  /** Whether an item of a call's partition is one of its outcomes (current or revision). */
  isOutcomeSk: (sk: string): boolean => sk.startsWith(OUTCOME_SK),
  /**
   * A call's log and current outcome and nothing else of its partition, as one `sk BETWEEN` range:
   * `LOG` < `OUTCOME#CURRENT` < `OUTCOME#V…` (the revisions sort after the current outcome).
   */
  withCallLog: (initialContactId: string) => ({
    pk: callKeys.partition(initialContactId),
    from: callKeys.log(initialContactId).sk,
    to: outcomeKeys.current(initialContactId).sk,
  }),
} as const;

const OUTCOME = versionedRecord('call-outcome', 1);

const FollowUpRecord = z.object({
  kind: z.enum(['consultation', 'callback']),
  at: z.optional(z.string()),
});

const OutcomeRecord = z.object({
  ...OUTCOME.shape,
  contactId: z.string().check(z.minLength(1)),
  revision: z.int().check(z.minimum(1)),
  codes: z.array(OutcomeCode).check(z.minLength(1)),
  note: z.optional(z.string()),
  followUp: z.optional(FollowUpRecord),
  caseResolution: z.optional(AgentCaseResolution),
  caseId: z.optional(z.string()),
  recordedAt: z.string(),
  recordedBy: z.string(),
  requestIds: z.array(z.string()),
  expiresAt: z.number(),
  callDay: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
});

const followUpValue = (followUp: FollowUp) =>
  followUp.at === undefined ? { kind: followUp.kind } : { kind: followUp.kind, at: followUp.at };

const outcomeValues = (outcome: RecordedOutcome, expiresAt: number) => ({
  ...OUTCOME.stamp,
  contactId: outcome.contactId,
  revision: outcome.revision,
  codes: [...outcome.codes],
  ...(outcome.note ? { note: outcome.note } : {}),
  ...(outcome.followUp ? { followUp: followUpValue(outcome.followUp) } : {}),
  ...(outcome.caseResolution ? { caseResolution: outcome.caseResolution } : {}),
  ...(outcome.caseId ? { caseId: outcome.caseId } : {}),
  recordedAt: outcome.recordedAt,
  recordedBy: outcome.recordedBy,
  requestIds: [...outcome.requestIds],
  expiresAt,
  ...(outcome.callDay ? { callDay: outcome.callDay } : {}),
});

/** The current outcome of a call (sk `OUTCOME#CURRENT`). */
export const toOutcomeItem = (outcome: RecordedOutcome, expiresAt: number) => ({
  ...outcomeKeys.current(outcome.contactId),
  ...outcomeValues(outcome, expiresAt),
});

/** An outcome a correction replaced, kept under its revision. */
export const toOutcomeRevisionItem = (outcome: RecordedOutcome, expiresAt: number) => ({
  ...outcomeKeys.revision(outcome.contactId, outcome.revision),
  ...outcomeValues(outcome, expiresAt),
});

export const fromOutcomeItem = (item: unknown): RecordedOutcome => {
  const record = OUTCOME.parse(OutcomeRecord, item);
  const { followUp } = record;
  if (followUp?.kind === 'consultation' && followUp.at === undefined) {
    throw new CorruptRecordError(OUTCOME.entity);
  }
  return {
    contactId: record.contactId,
    revision: record.revision,
    codes: record.codes,
    ...(record.note ? { note: record.note } : {}),
    ...(followUp
      ? {
          followUp:
            followUp.kind === 'consultation'
              ? { kind: 'consultation' as const, at: followUp.at ?? '' }
              : { kind: 'callback' as const, ...(followUp.at ? { at: followUp.at } : {}) },
        }
      : {}),
    ...(record.caseResolution ? { caseResolution: record.caseResolution } : {}),
    ...(record.caseId ? { caseId: record.caseId } : {}),
    recordedAt: record.recordedAt,
    recordedBy: record.recordedBy,
    requestIds: record.requestIds,
    ...(record.callDay ? { callDay: record.callDay as IsoDate } : {}),
  };
};

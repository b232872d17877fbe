import { InvalidOutcomeError, StaleOutcomeError } from '../domain/errors.ts';
import { isOpen, type OfficeHours } from '../domain/office-hours.ts';
import {
  type CaseResolutionEntry,
  followUpProblems,
  normaliseOutcome,
  type OutcomeContent,
  type RecordedOutcome,
  sameOutcome,
} from '../domain/outcomes.ts';
import { openCaseOf, type TenancyId } from '../domain/tenancy.ts';
import { logger } from '../observability/logger.ts';
import type { CallRecords, CallWithOutcome } from '../ports/call-records.ts';
import type { CallerDirectory } from '../ports/caller-directory.ts';
import type { Clock } from '../ports/clock.ts';
import type { ContactAttributes } from '../ports/contact-attributes.ts';
import type { OutcomeStore } from '../ports/outcome-store.ts';
import { liveCallOf, resolveCaller } from './resolve-caller.ts';

export interface RecordOutcomeCommand {
  /** The call's initial contact id. */
  readonly contactId: string;
  /** The signed-in agent's user id (`sub`). */
  readonly agentId: string;
  readonly outcome: OutcomeContent;
  /** Makes a retried request harmless: a request id already applied writes nothing again. */
  readonly requestId?: string | undefined;
  /** The revision the agent corrects (0: none yet). A different current revision is a 409. */
  readonly expectedRevision?: number | undefined;
  /**
   * The call and its current outcome as the caller of the use case read them already (the agent
   * desk, to decide who may write): not read again. The revision checks hold on this read as on
   * one made here: the save is conditional on the revision it replaces, so an outcome changed since
   * is a StaleOutcomeError either way.
   */
  readonly found?: CallWithOutcome | undefined;
  /** Settles once the request may write, rejects when it may not: nothing is written before. */
  readonly writable?: Promise<void> | undefined;
  /**
   * Started once the outcome is stored (or found stored), beside the copy to the Connect contact;
   * the result is answered only after it succeeded. The desk writes its audit entry here.
   */
  readonly alongside?: ((stored: StoredOutcome) => Promise<void>) | undefined;
}

/** What is stored for the call once the request is applied, and whose data it is. */
export type StoredOutcome = Pick<RecordOutcomeResult, 'outcome' | 'written' | 'tenancyId'>;

export interface RecordOutcomeResult {
  readonly outcome: RecordedOutcome;
  /** False when the request repeated what is stored already: nothing was written. */
  readonly written: boolean;
  /** Whether the codes reached the Connect contact; a failure leaves the stored outcome as it is. */
  readonly contactAttributes: 'updated' | 'failed';
  /** The caller's tenancy, when known: whose data the outcome is (the audit trail files it there). */
  readonly tenancyId?: TenancyId | undefined;
}

export interface RecordOutcomeDeps {
  readonly calls: CallRecords;
  readonly directory: CallerDirectory;
  readonly outcomes: OutcomeStore;
  readonly contactAttributes: ContactAttributes;
  readonly clock: Clock;
  /** The hours consultations are booked in (its closed days come with the configuration). */
  readonly officeHours: OfficeHours;
}

/** Request ids remembered per call: far more than the corrections one call ever gets. */
const REMEMBERED_REQUEST_IDS = 20;

/** A request that is already applied: its request id is known, or it says what is stored. */
const isRepeat = (stored: RecordedOutcome, content: OutcomeContent, requestId: string | undefined) =>
  (requestId !== undefined && stored.requestIds.includes(requestId)) || sameOutcome(stored, content);

/**
 * Records what came of a call, or corrects it: the earlier revision is kept as history. A repeated
 * request writes nothing and answers with what is stored. The codes and the follow-up must agree and
 * a new follow-up lie ahead (followUpProblems); a consultation lies inside the opening hours. A case
 * can be closed only when the caller is known and has an open case. The codes then go to the Connect
 * contact; that copy is best effort.
 */
export const makeRecordOutcome = (deps: RecordOutcomeDeps) => {
  const refusedFields = (
    content: OutcomeContent,
    facts: {
      readonly now: Date;
      readonly current?: RecordedOutcome | undefined;
      readonly hasOpenCase: boolean;
    },
  ): string[] => {
    const fields = new Set(followUpProblems(content, { now: facts.now, unchanged: facts.current?.followUp }));
    const { followUp } = content;
    if (followUp?.kind === 'consultation' && !isOpen(deps.officeHours, new Date(followUp.at))) {
      fields.add('followUp.at');
    }
    if (content.caseResolution !== undefined && !facts.hasOpenCase) fields.add('caseResolution');
    return [...fields];
  };

  const copyToContact = async (
    contactId: string,
    outcome: RecordedOutcome,
  ): Promise<RecordOutcomeResult['contactAttributes']> => {
    try {
      await deps.contactAttributes.recordOutcomeCodes(contactId, outcome.codes);
      return 'updated';
    } catch (error) {
      // DynamoDB holds the outcome (the system of record, and the source of counters); Connect's copy
      // only enriches the contact record. Undoing the agent's work for it would lose more than it saves.
      logger.error('contact attributes update failed', { contactId, error });
      return 'failed';
    }
  };

  return async (command: RecordOutcomeCommand): Promise<RecordOutcomeResult> => {
    const now = deps.clock.now();
    const content = normaliseOutcome(command.outcome);
    const { call, outcome: current } = liveCallOf(
      command.found ?? (await deps.calls.findWithOutcome(command.contactId)),
      now,
    );
    const { file } = await resolveCaller(deps.directory, call);
    const openCase = file ? openCaseOf(file) : undefined;
    const refused = refusedFields(content, { now, current, hasOpenCase: openCase !== undefined });
    if (refused.length > 0) throw new InvalidOutcomeError(refused);
    // Everything above reads; from here on the request writes.
    await command.writable;

    let stored: { readonly outcome: RecordedOutcome; readonly written: boolean };
    if (current && isRepeat(current, content, command.requestId)) {
      stored = { outcome: current, written: false };
    } else {
      if (command.expectedRevision !== undefined && command.expectedRevision !== (current?.revision ?? 0)) {
        throw new StaleOutcomeError();
      }
      const recordedAt = now.toISOString();
      const closes: CaseResolutionEntry | undefined =
        content.caseResolution && openCase && file
          ? {
              caseId: openCase.caseId,
              tenancyId: file.tenancy.tenancyId,
              resolution: content.caseResolution,
              contactId: call.contactId,
              recordedAt,
            }
          : undefined;
      const next: RecordedOutcome = {
        ...content,
        contactId: call.contactId,
        revision: (current?.revision ?? 0) + 1,
        recordedAt,
        recordedBy: command.agentId,
        ...(closes ? { caseId: closes.caseId } : {}),
        // The metrics count the outcome on the call's day, as they count the call.
        ...(call.day ? { callDay: call.day } : {}),
        requestIds: [...(current?.requestIds ?? []), ...(command.requestId ? [command.requestId] : [])].slice(
          -REMEMBERED_REQUEST_IDS,
        ),
      };
      // An earlier revision closed a case this one does not: that resolution goes with it.
      const reopens =
        current?.caseId !== undefined && current.caseId !== closes?.caseId
          ? { caseId: current.caseId }
          : undefined;
      try {
        await deps.outcomes.save({
          next,
          previous: current,
          expiresAt: call.expiresAt,
          tenancyId: file?.tenancy.tenancyId,
          ...(closes || reopens ? { caseResolution: { put: closes, remove: reopens } } : {}),
          requestId: command.requestId,
        });
        stored = { outcome: next, written: true };
      } catch (error) {
        // Two requests raced; if the winner was this very request (a retry), that is success.
        if (!(error instanceof StaleOutcomeError)) throw error;
        const winner = await deps.outcomes.current(call.contactId);
        if (!winner || !isRepeat(winner, content, command.requestId)) throw error;
        stored = { outcome: winner, written: false };
      }
    }

    const tenancyId = file?.tenancy.tenancyId;
    // Sent on repeats too: UpdateContactAttributes is idempotent, so a retried request also retries it.
    const [contactAttributes] = await Promise.all([
      copyToContact(call.contactId, stored.outcome),
      command.alongside?.({ ...stored, tenancyId }),
    ]);
    logger.info('outcome recorded', {
      contactId: call.contactId,
      revision: stored.outcome.revision,
      written: stored.written,
      codes: stored.outcome.codes.length,
      contactAttributes,
    });
    return { ...stored, contactAttributes, tenancyId };
  };
};

import type { CallerContext } from '../domain/caller-context.ts';
import {
  type AccessDecision,
  type AccessWindows,
  type Actor,
  contactAccess,
  correctionAccess,
  isSupervisor,
} from '../domain/contact-access.ts';
import { AccessRefusedError, ContactNotFoundError } from '../domain/errors.ts';
import type { TenancyId } from '../domain/tenancy.ts';
import { logger } from '../observability/logger.ts';
import type { AuditAction, AuditTrail } from '../ports/audit-trail.ts';
import type { CallRecords } from '../ports/call-records.ts';
import type { Clock } from '../ports/clock.ts';
import type { ContactAssignments } from '../ports/contact-assignments.ts';
import type { AttachTenancyCommand } from './attach-tenancy.ts';
import type { ContextReadOptions } from './caller-context.ts';
import type { FindCandidatesCommand, FindCandidatesResult } from './find-candidates.ts';
import type { RecordOutcomeCommand, RecordOutcomeResult, StoredOutcome } from './record-outcome.ts';

/** Who asks, through which route, and which contact they hold (a transfer's own contact id). */
export interface DeskRequest {
  readonly actor: Actor;
  /** The API route key (`GET /api/contacts/{contactId}/context`): where the audit trail says it happened. */
  readonly route: string;
  readonly contactId: string;
  readonly heldContactId?: string | undefined;
}

/**
 * The caller context as this actor may see it now: `withheld` while nobody confirmed the caller's
 * identity on this call, so that the page shows the name, how the caller was identified and the
 * risk with its reasons at once, and the address, the case's facts, earlier calls and notes only
 * after the agent checked who is calling. A supervisor reviewing a call is not on it: never withheld.
 */
export interface DeskContext {
  readonly context: CallerContext;
  readonly withheld: boolean;
}

export interface AgentDeskDeps {
  readonly calls: Pick<CallRecords, 'findWithOutcome' | 'confirmIdentity'>;
  readonly assignments: ContactAssignments;
  readonly audit: Pick<AuditTrail, 'record'>;
  readonly clock: Clock;
  readonly windows: AccessWindows;
  readonly getCallerContext: (contactId: string, options?: ContextReadOptions) => Promise<CallerContext>;
  readonly attachTenancy: (command: AttachTenancyCommand) => Promise<CallerContext>;
  readonly findCandidates: (command: FindCandidatesCommand) => Promise<FindCandidatesResult>;
  readonly recordOutcome: (command: RecordOutcomeCommand) => Promise<RecordOutcomeResult>;
}

export type RecordOutcomeRequest = Omit<
  RecordOutcomeCommand,
  'contactId' | 'agentId' | 'found' | 'writable' | 'alongside'
>;

/** An audit entry's action and the tenancy it is filed under. */
type AuditedAs = readonly [AuditAction, TenancyId | undefined];

/**
 * The answer of `work` once the actor is admitted: a refusal wins over whatever the work found or
 * failed with (a 404 for a contact that is not the agent's would tell them it does not exist).
 * The work may start before the decision because it reads only until `admission` settled.
 */
const afterAdmission = async <T>(admission: Promise<void>, work: Promise<T>): Promise<T> => {
  const [admitted, done] = await Promise.allSettled([admission, work]);
  if (admitted.status === 'rejected') throw admitted.reason;
  if (done.status === 'rejected') throw done.reason;
  return done.value;
};

/**
 * An audit write made once per request: beside the reads when the use case offers the moment
 * (`alongside`), else after them (`ensure`). Either way the answer waits for it.
 */
const oneWrite = <T>(write: (value: T) => Promise<void>) => {
  let started: Promise<void> | undefined;
  return {
    alongside: (value: T): Promise<void> => {
      started ??= write(value);
      return started;
    },
    ensure: (value: T): Promise<void> => started ?? write(value),
  };
};

/**
 * The agent API's use cases as one user may use them: each admits the actor for the contact
 * (contact-access.ts; a refusal is AccessRefusedError) and records in the audit trail what they saw
 * or changed before it answers, so that no answer leaves unrecorded: a trail that cannot be written
 * fails the request. The reads start beside the access check and the audit entry is written beside
 * the last reads, each as soon as what it needs is known; a refused request writes nothing and
 * answers nothing of the contact, as when the check came first.
 */
export const makeAgentDesk = (deps: AgentDeskDeps) => {
  const refuseUnless = (decision: AccessDecision, request: DeskRequest): void => {
    if (decision.ok) return;
    logger.warn('contact access refused', {
      contactId: request.contactId,
      reason: decision.reason,
      route: request.route,
    });
    throw new AccessRefusedError(decision.reason);
  };

  const admit = async (request: DeskRequest): Promise<void> => {
    // A supervisor needs no assignment: Connect is not asked.
    if (isSupervisor(request.actor)) return;
    const assignment = await deps.assignments.assignmentOf(request.contactId, request.heldContactId);
    refuseUnless(contactAccess(request.actor, assignment, deps.clock.now(), deps.windows), request);
  };

  const audited = (
    request: DeskRequest,
    action: AuditAction,
    tenancyId: TenancyId | undefined,
  ): Promise<void> =>
    deps.audit.record({
      action,
      subject: request.actor.subject,
      groups: request.actor.groups,
      contactId: request.contactId,
      tenancyId,
      route: request.route,
      at: deps.clock.now(),
    });

  const shown = (request: DeskRequest, context: CallerContext): DeskContext => ({
    context,
    withheld:
      context.tenancy !== undefined &&
      context.identityConfirmed === undefined &&
      !isSupervisor(request.actor),
  });

  /**
   * Reads the context with its audit entries (`entries` of the tenancy the read finds), written
   * beside the read's last round. Entries of one request are appended each on its own, as they were
   * one after the other: a failure of either fails the answer, and the retry writes both again.
   */
  const readAudited = async (
    request: DeskRequest,
    entries: (found: TenancyId | undefined) => readonly AuditedAs[],
    read: (options: ContextReadOptions) => Promise<CallerContext>,
  ): Promise<DeskContext> => {
    const audit = oneWrite(async (found: TenancyId | undefined) => {
      await Promise.all(entries(found).map(([action, tenancyId]) => audited(request, action, tenancyId)));
    });
    const caller = await read({ alongside: audit.alongside });
    await audit.ensure(caller.tenancy?.tenancyId);
    return shown(request, caller);
  };

  const context = (request: DeskRequest): Promise<DeskContext> => {
    const admission = admit(request);
    return readAudited(
      request,
      (found) => [['context_read', found]],
      (options) =>
        afterAdmission(
          admission,
          deps.getCallerContext(request.contactId, { ...options, writable: admission }),
        ),
    );
  };

  return {
    context,

    /** The agent checked who is calling: recorded on the call (first time only) and audited, then the whole file. */
    confirmIdentity: async (request: DeskRequest): Promise<DeskContext> => {
      // Admitted first: the confirmation is a write, and the context read after it shows it.
      await admit(request);
      const at = deps.clock.now().toISOString();
      await deps.calls.confirmIdentity(request.contactId, { by: request.actor.subject, at });
      return readAudited(
        request,
        (found) => [
          ['identity_confirmed', found],
          ['context_read', found],
        ],
        (options) => deps.getCallerContext(request.contactId, options),
      );
    },

    attachTenancy: (request: DeskRequest, tenancyId: TenancyId): Promise<DeskContext> => {
      const admission = admit(request);
      return readAudited(
        request,
        // The attach is filed under the tenancy chosen, the read under the one the context shows.
        (found) => [
          ['tenancy_attached', tenancyId],
          ['context_read', found],
        ],
        (options) =>
          afterAdmission(
            admission,
            deps.attachTenancy({
              contactId: request.contactId,
              tenancyId,
              read: { ...options, writable: admission },
            }),
          ),
      );
    },

    /** Audited once the search answered: a search refused (the flow found the caller) records none. */
    findCandidates: async (
      request: DeskRequest,
      search: Omit<FindCandidatesCommand, 'contactId'>,
    ): Promise<FindCandidatesResult> => {
      // The search only reads: it runs beside the access check.
      const found = await afterAdmission(
        admit(request),
        deps.findCandidates({ contactId: request.contactId, ...search }),
      );
      await audited(request, 'candidates_searched', undefined);
      return found;
    },

    /**
     * A first outcome by the contact's agent (or a supervisor); a correction by the agent who
     * recorded it, within the correction window, or by a supervisor. The call log read here for
     * that decision is the one the outcome is recorded on (not read again). A repeat is audited
     * again, so that a retry after a failed audit write leaves the entry it lacked.
     */
    recordOutcome: async (
      request: DeskRequest,
      outcome: RecordOutcomeRequest,
    ): Promise<RecordOutcomeResult> => {
      const found = await deps.calls.findWithOutcome(request.contactId);
      if (found === undefined) throw new ContactNotFoundError();
      let admission: Promise<void>;
      if (found.outcome === undefined || isSupervisor(request.actor)) admission = admit(request);
      else {
        refuseUnless(correctionAccess(request.actor, found.outcome, deps.clock.now(), deps.windows), request);
        admission = Promise.resolve();
      }
      const audit = oneWrite((stored: StoredOutcome) =>
        audited(
          request,
          stored.outcome.revision > 1 ? 'outcome_corrected' : 'outcome_recorded',
          stored.tenancyId,
        ),
      );
      const result = await afterAdmission(
        admission,
        deps.recordOutcome({
          ...outcome,
          contactId: request.contactId,
          agentId: request.actor.subject,
          found,
          writable: admission,
          alongside: audit.alongside,
        }),
      );
      await audit.ensure(result);
      return result;
    },
  };
};
export type AgentDesk = ReturnType<typeof makeAgentDesk>;

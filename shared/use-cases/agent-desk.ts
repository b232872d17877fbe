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
import type { FindCandidatesCommand, FindCandidatesResult } from './find-candidates.ts';
import type { RecordOutcomeCommand, RecordOutcomeResult } from './record-outcome.ts';

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
  readonly getCallerContext: (contactId: string) => Promise<CallerContext>;
  readonly attachTenancy: (command: AttachTenancyCommand) => Promise<CallerContext>;
  readonly findCandidates: (command: FindCandidatesCommand) => Promise<FindCandidatesResult>;
  readonly recordOutcome: (command: RecordOutcomeCommand) => Promise<RecordOutcomeResult>;
}

export type RecordOutcomeRequest = Omit<RecordOutcomeCommand, 'contactId' | 'agentId'>;

/**
 * The agent API's use cases as one user may use them: each admits the actor for the contact first
 * (contact-access.ts; a refusal is AccessRefusedError and reads nothing more) and records in the
 * audit trail what they saw or changed before it answers, so that no answer leaves unrecorded: a
 * trail that cannot be written fails the request.
 */
export const makeAgentDesk = (deps: AgentDeskDeps) => {
  const refuseUnless = (decision: AccessDecision, request: DeskRequest): void => {
    if (decision.ok) return;
    logger.warn('contact access refused', { reason: decision.reason, route: request.route });
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

  const shown = async (request: DeskRequest, context: CallerContext): Promise<DeskContext> => {
    await audited(request, 'context_read', context.tenancy?.tenancyId);
    return {
      context,
      withheld:
        context.tenancy !== undefined &&
        context.identityConfirmed === undefined &&
        !isSupervisor(request.actor),
    };
  };

  const context = async (request: DeskRequest): Promise<DeskContext> => {
    await admit(request);
    return shown(request, await deps.getCallerContext(request.contactId));
  };

  return {
    context,

    /** The agent checked who is calling: recorded on the call (first time only) and audited, then the whole file. */
    confirmIdentity: async (request: DeskRequest): Promise<DeskContext> => {
      await admit(request);
      const at = deps.clock.now().toISOString();
      await deps.calls.confirmIdentity(request.contactId, { by: request.actor.subject, at });
      const caller = await deps.getCallerContext(request.contactId);
      await audited(request, 'identity_confirmed', caller.tenancy?.tenancyId);
      return shown(request, caller);
    },

    attachTenancy: async (request: DeskRequest, tenancyId: TenancyId): Promise<DeskContext> => {
      await admit(request);
      const caller = await deps.attachTenancy({ contactId: request.contactId, tenancyId });
      await audited(request, 'tenancy_attached', tenancyId);
      return shown(request, caller);
    },

    findCandidates: async (
      request: DeskRequest,
      search: Omit<FindCandidatesCommand, 'contactId'>,
    ): Promise<FindCandidatesResult> => {
      await admit(request);
      const found = await deps.findCandidates({ contactId: request.contactId, ...search });
      await audited(request, 'candidates_searched', undefined);
      return found;
    },

    /**
     * A first outcome by the contact's agent (or a supervisor); a correction by the agent who
     * recorded it, within the correction window, or by a supervisor. A repeat is audited again, so
     * that a retry after a failed audit write leaves the entry it lacked.
     */
    recordOutcome: async (
      request: DeskRequest,
      outcome: RecordOutcomeRequest,
    ): Promise<RecordOutcomeResult> => {
      const found = await deps.calls.findWithOutcome(request.contactId);
      if (found === undefined) throw new ContactNotFoundError();
      if (found.outcome === undefined || isSupervisor(request.actor)) await admit(request);
      else
        refuseUnless(correctionAccess(request.actor, found.outcome, deps.clock.now(), deps.windows), request);
      const result = await deps.recordOutcome({
        ...outcome,
        contactId: request.contactId,
        agentId: request.actor.subject,
      });
      await audited(
        request,
        result.outcome.revision > 1 ? 'outcome_corrected' : 'outcome_recorded',
        result.tenancyId,
      );
      return result;
    },
  };
};
export type AgentDesk = ReturnType<typeof makeAgentDesk>;

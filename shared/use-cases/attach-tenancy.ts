import type { CallerContext } from '../domain/caller-context.ts';
import { TenancyConflictError, TenancyNotFoundError } from '../domain/errors.ts';
import type { TenancyId } from '../domain/tenancy.ts';
import { logger } from '../observability/logger.ts';
import type { CallRecords } from '../ports/call-records.ts';
import type { CallerDirectory } from '../ports/caller-directory.ts';
import type { Clock } from '../ports/clock.ts';
import type { ContextReadOptions } from './caller-context.ts';
import { findLiveCall, resolveCaller } from './resolve-caller.ts';

export interface AttachTenancyCommand {
  /** The call's initial contact id. */
  readonly contactId: string;
  /** The tenancy number the caller told the agent. */
  readonly tenancyId: TenancyId;
  /**
   * The agent desk's access check and audit entry: the tenancy is written only once `writable`
   * settled, and both go on to the context answered afterwards (ContextReadOptions).
   */
  readonly read?: ContextReadOptions | undefined;
}

export interface AttachTenancyDeps {
  readonly calls: CallRecords;
  readonly directory: Pick<CallerDirectory, 'findByTenancyId' | 'findByPhoneHash'>;
  readonly clock: Clock;
  /** The context answered afterwards: the call as the agent now sees it. */
  readonly getCallerContext: (contactId: string, options?: ContextReadOptions) => Promise<CallerContext>;
}

/**
 * Attaches the tenancy an agent identified (the caller told them the tenancy number) to a call whose
 * caller the flow did not find: a shared number, an unknown or a withheld one. The call is then
 * `found` by `agent`, rated by that tenancy's open case, and filed in its history. A caller their own
 * number or tenancy number found keeps that tenancy (another one is a conflict; the same one changes
 * nothing). An agent may correct their choice, unless this call's outcome closed the case of the
 * tenancy chosen before. A repeat writes nothing; a refusal writes nothing.
 */
export const makeAttachTenancy =
  (deps: AttachTenancyDeps) =>
  async (command: AttachTenancyCommand): Promise<CallerContext> => {
    const { call, outcome } = await findLiveCall(deps.calls, command.contactId, deps.clock.now());
    const [chosen, resolved] = await Promise.all([
      deps.directory.findByTenancyId(command.tenancyId),
      resolveCaller(deps.directory, call),
    ]);
    if (!chosen) throw new TenancyNotFoundError();
    const { identification, file } = resolved;
    const current = identification.status === 'found' ? file?.tenancy.tenancyId : undefined;
    if (current !== command.tenancyId) {
      if (identification.method === 'keypad' || identification.method === 'phone') {
        throw new TenancyConflictError();
      }
      // Replacing an agent's choice: the case this call's outcome closed stays with its tenancy.
      if (current !== undefined && outcome?.caseId !== undefined) throw new TenancyConflictError();
      await command.read?.writable;
      await deps.calls.attachAgentTenancy(call.contactId, command.tenancyId, {
        replaces: call.agentTenancyId,
      });
    }
    logger.info('caller tenancy attached', {
      contactId: call.contactId,
      before: identification.status,
      method: identification.method,
      written: current !== command.tenancyId,
    });
    return deps.getCallerContext(call.contactId, command.read);
  };

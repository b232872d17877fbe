import type { CallerIdentification } from '../domain/caller-context.ts';
import { ContactNotFoundError } from '../domain/errors.ts';
import type { ListedTenancyFile } from '../domain/tenancy.ts';
import type { CallRecord, CallRecords, CallWithOutcome } from '../ports/call-records.ts';
import type { CallerDirectory } from '../ports/caller-directory.ts';

export interface ResolvedCaller {
  readonly identification: CallerIdentification;
  /** Present only when exactly one tenancy is the caller's. */
  readonly file?: ListedTenancyFile | undefined;
  /** When `ambiguous`: every tenancy that lists the caller's number. */
  readonly candidates?: readonly ListedTenancyFile[] | undefined;
}

const found = (method: 'keypad' | 'phone' | 'agent', file: ListedTenancyFile): ResolvedCaller => ({
  identification: { status: 'found', method, matchCount: 1 },
  file,
});

/**
 * Who the caller of a logged call is, in the active read model: the tenancy number keyed in first
 * (the caller chose it), else the number they called from, else the tenancy an agent attached (by
 * the tenancy number the caller told them). A number several tenancies list is `ambiguous` until
 * then: it is never resolved by chance.
 */
export const resolveCaller = async (
  directory: Pick<CallerDirectory, 'findByTenancyId' | 'findByPhoneHash'>,
  call: CallRecord,
): Promise<ResolvedCaller> => {
  if (call.keyedTenancyId !== undefined) {
    const file = await directory.findByTenancyId(call.keyedTenancyId);
    if (file) return found('keypad', file);
  }
  const byPhone =
    call.callerPhoneHash === undefined ? [] : await directory.findByPhoneHash(call.callerPhoneHash);
  const [only] = byPhone;
  if (byPhone.length === 1 && only) return found('phone', only);
  if (call.agentTenancyId !== undefined) {
    const file = await directory.findByTenancyId(call.agentTenancyId);
    if (file) return found('agent', file);
  }
  if (byPhone.length > 1) {
    return {
      identification: { status: 'ambiguous', method: 'none', matchCount: byPhone.length },
      candidates: byPhone,
    };
  }
  const looked = call.keyedTenancyId !== undefined || call.callerPhoneHash !== undefined;
  return { identification: { status: looked ? 'not_found' : 'no_number', method: 'none', matchCount: 0 } };
};

/**
 * The call logged under `contactId` with its current outcome, unless there is none or it is past
 * retention (TTL runs late).
 */
export const findLiveCall = async (
  calls: Pick<CallRecords, 'findWithOutcome'>,
  contactId: string,
  now: Date,
): Promise<CallWithOutcome> => liveCallOf(await calls.findWithOutcome(contactId), now);

/** What findWithOutcome answered, if it is a call still within retention (for a caller that read it already). */
export const liveCallOf = (found: CallWithOutcome | undefined, now: Date): CallWithOutcome => {
  if (found === undefined || found.call.expiresAt <= Math.floor(now.getTime() / 1000)) {
    throw new ContactNotFoundError();
  }
  return found;
};

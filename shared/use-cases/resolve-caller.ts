import type { CallerIdentification } from '../domain/caller-context.ts';
import { ContactNotFoundError } from '../domain/errors.ts';
import type { TenancyFile } from '../domain/tenancy.ts';
import type { CallRecord, CallRecords, CallWithOutcome } from '../ports/call-records.ts';
import type { CallerDirectory } from '../ports/caller-directory.ts';

export interface ResolvedCaller {
  readonly identification: CallerIdentification;
  /** Present only when exactly one tenancy is the caller's. */
  readonly file?: TenancyFile | undefined;
}

/**
 * Who the caller of a logged call is, by what identify-caller logged: the tenancy number keyed in
 * first (the caller chose it), else the number they called from, in the active read model. A number
 * several tenancies list stays `ambiguous`: it is never resolved by chance.
 */
export const resolveCaller = async (
  directory: CallerDirectory,
  call: CallRecord,
): Promise<ResolvedCaller> => {
  if (call.keyedTenancyId !== undefined) {
    const file = await directory.findByTenancyId(call.keyedTenancyId);
    if (file) return { identification: { status: 'found', method: 'keypad', matchCount: 1 }, file };
  }
  if (call.callerPhoneHash !== undefined) {
    const files = await directory.findByPhoneHash(call.callerPhoneHash);
    const [only] = files;
    if (files.length === 1 && only) {
      return { identification: { status: 'found', method: 'phone', matchCount: 1 }, file: only };
    }
    if (files.length > 1) {
      return { identification: { status: 'ambiguous', method: 'none', matchCount: files.length } };
    }
  }
  const looked = call.keyedTenancyId !== undefined || call.callerPhoneHash !== undefined;
  return { identification: { status: looked ? 'not_found' : 'no_number', method: 'none', matchCount: 0 } };
};

/**
 * The call logged under `contactId` with its current outcome, unless there is none or it is past
 * retention (TTL runs late).
 */
export const findLiveCall = async (
  calls: CallRecords,
  contactId: string,
  now: Date,
): Promise<CallWithOutcome> => {
  const found = await calls.findWithOutcome(contactId);
  if (found === undefined || found.call.expiresAt <= Math.floor(now.getTime() / 1000)) {
    throw new ContactNotFoundError();
  }
  return found;
};

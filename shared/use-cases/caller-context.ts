import type { CallerContext, CallerIdentification, CallSummary } from '../domain/caller-context.ts';
import { assessRisk, type RiskThresholds } from '../domain/risk.ts';
import { supportFactsOf, supportHints } from '../domain/support-hints.ts';
import { type ListedTenancyFile, openCaseOf, type TenancyId } from '../domain/tenancy.ts';
import { viennaDate } from '../domain/vienna-calendar.ts';
import { logger } from '../observability/logger.ts';
import type { CallFiling, CallRecord, CallRecords, FiledCall } from '../ports/call-records.ts';
import type { CallerDirectory } from '../ports/caller-directory.ts';
import type { Clock } from '../ports/clock.ts';
import { COURT_LETTER_REPORTED_ATTRIBUTE, type ContactAttributes } from '../ports/contact-attributes.ts';
import type { OutcomeStore } from '../ports/outcome-store.ts';
import { findLiveCall, resolveCaller } from './resolve-caller.ts';

/** How many of the tenancy's calls the agent sees (earlier calls and what came of them). */
export const CALL_HISTORY_LENGTH = 10;

export interface CallerContextDeps {
  readonly calls: CallRecords;
  readonly directory: CallerDirectory;
  readonly outcomes: Pick<OutcomeStore, 'caseResolution'>;
  readonly clock: Clock;
  readonly thresholds: RiskThresholds;
  /** What the flow set on the contact: the caller's keypad report of a court letter. */
  readonly contactAttributes: Pick<ContactAttributes, 'read'>;
  readonly historyLength?: number;
}

/**
 * What a caller of the read weaves into it (the agent desk: its access check and audit entry), so
 * that they run beside the reads instead of before or after them. Both optional: a plain read is
 * `getCallerContext(contactId)`.
 */
export interface ContextReadOptions {
  /**
   * Settles once the request may write, rejects when it may not (access refused): every write of
   * the read waits for it (the filing below and `alongside`), the reads do not. A refused request
   * writes nothing.
   */
  readonly writable?: Promise<void> | undefined;
  /**
   * Started once it is known whose data the context is (the caller resolved) and the request may
   * write, beside the rest of the reads; the context is answered only after it succeeded, and its
   * failure fails the read. The desk writes its audit entry here.
   */
  readonly alongside?: ((tenancyId: TenancyId | undefined) => Promise<void>) | undefined;
}

/** A write of the read, once the request may write. */
const whenWritable = (writable: Promise<void> | undefined, write: () => Promise<void>): Promise<void> =>
  writable === undefined ? write() : writable.then(write);

type DatedCall = CallRecord & { readonly receivedAt: string };
const isDated = (call: CallRecord): call is DatedCall => call.receivedAt !== undefined;

/**
 * The tenancy's recent calls with this one in it: the index is eventually consistent and may not
 * list a call attached a moment ago, and this call's own log (read consistently) is the freshest.
 */
const withThisCall = (history: readonly CallRecord[], call: CallRecord, limit: number): CallSummary[] =>
  [...history.filter((other) => other.contactId !== call.contactId), call]
    .filter(isDated)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, limit)
    .map((dated) => ({
      contactId: dated.contactId,
      receivedAt: dated.receivedAt,
      timeline: dated.timeline,
      ...(dated.outcome ? { outcome: dated.outcome } : {}),
    }));

/** Whether a filing is the tenancy's: its own, or a number no other tenancy lists. */
const isOwnFiling = (filing: CallFiling, tenancyId: TenancyId, ownPhoneHashes: readonly string[]): boolean =>
  'tenancyId' in filing ? filing.tenancyId === tenancyId : ownPhoneHashes.includes(filing.phoneHash);

/**
 * The listed calls that are the tenancy's, other than this one, newest first and each once (a call
 * refiled a moment ago may still be listed under its old filing too): the logs to read, in order.
 */
const othersNewestFirst = (
  listed: readonly FiledCall[],
  options: { readonly tenancyId: TenancyId; readonly own: readonly string[]; readonly except: string },
): string[] => {
  const ids = listed
    .filter(
      (filed) =>
        filed.contactId !== options.except && isOwnFiling(filed.filing, options.tenancyId, options.own),
    )
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map((filed) => filed.contactId);
  return [...new Set(ids)];
};

/**
 * Whether this call is filed where the tenancy's history finds it, by what is known without
 * reading the tenancy's numbers' entries: under the tenancy itself, or under the number that
 * identified the caller (a number that finds one tenancy is that tenancy's alone).
 */
const isSurelyFiledFor = (
  call: CallRecord,
  tenancyId: TenancyId,
  identification: CallerIdentification,
): boolean => {
  const { filing } = call;
  if (filing === undefined) return false;
  if ('tenancyId' in filing) return filing.tenancyId === tenancyId;
  return identification.method === 'phone' && filing.phoneHash === call.callerPhoneHash;
};

/**
 * The contact's attributes, or none when Connect cannot be asked: the context is still worth
 * showing without the caller's keypad report, which only adds a risk reason.
 */
const contactAttributesOf = async (
  contactAttributes: Pick<ContactAttributes, 'read'>,
  contactId: string,
): Promise<Readonly<Record<string, string>>> => {
  try {
    return await contactAttributes.read(contactId);
  } catch (error) {
    logger.warn('contact attributes unavailable', { contactId, error });
    return {};
  }
};

/**
 * The caller context of one call, for the agent's page: who the caller is (re-derived from what
 * identify-caller logged), the tenancy and open case, the risk as of today in Vienna, the tenancy's
 * recent calls with their course and outcomes, and support not yet claimed. identify-caller files
 * every call under the tenancy number keyed in or the caller's number; a call not surely filed
 * where the tenancy's history finds it (a keyed number that is nobody's, then found by the number)
 * is filed under the tenancy here (idempotent).
 */
export const makeGetCallerContext = (deps: CallerContextDeps) => {
  const limit = deps.historyLength ?? CALL_HISTORY_LENGTH;

  const historyOf = async (
    file: ListedTenancyFile,
    call: CallRecord,
    identification: CallerIdentification,
    now: Date,
    writable: Promise<void> | undefined,
  ): Promise<CallSummary[]> => {
    const { tenancyId } = file.tenancy;
    // Which numbers are the tenancy's own, and what is filed under each of them, asked at once: the
    // filings of a shared number are dropped afterwards. One round less for the agent to wait for.
    // The file lists the hashes of its numbers, the keys its calls are filed under.
    const { phoneHashes } = file;
    const [own, listed] = await Promise.all([
      deps.directory.ownPhoneHashes(file, {
        knownOwn: identification.method === 'phone' ? call.callerPhoneHash : undefined,
      }),
      deps.calls.listFiledUnder({ tenancyId, phoneHashes }, { limit }),
      isSurelyFiledFor(call, tenancyId, identification)
        ? undefined
        : whenWritable(writable, () => deps.calls.attachTenancy(call.contactId, tenancyId)),
    ]);
    // This call is always shown, so `limit - 1` others fill the list. A log past retention is
    // dropped by findMany; the next ones listed stand in (one read, unless retention was shortened).
    const candidates = othersNewestFirst(listed, { tenancyId, own, except: call.contactId });
    const others: CallRecord[] = [];
    for (let next = 0; others.length < limit - 1 && next < candidates.length; ) {
      const batch = candidates.slice(next, next + limit - 1 - others.length);
      next += batch.length;
      others.push(...(await deps.calls.findMany(batch, { now })));
    }
    return withThisCall(others, call, limit);
  };

  return async (contactId: string, options: ContextReadOptions = {}): Promise<CallerContext> => {
    const { writable, alongside } = options;
    const now = deps.clock.now();
    const { call, outcome } = await findLiveCall(deps.calls, contactId, now);
    const { identification, file, candidates } = await resolveCaller(deps.directory, call);
    const openCase = file ? openCaseOf(file) : undefined;
    const [calls, caseResolution, attributes] = await Promise.all([
      file ? historyOf(file, call, identification, now, writable) : [],
      openCase ? deps.outcomes.caseResolution(openCase.caseId) : undefined,
      contactAttributesOf(deps.contactAttributes, call.contactId),
      alongside ? whenWritable(writable, () => alongside(file?.tenancy.tenancyId)) : undefined,
    ]);
    const courtLetterReported = attributes[COURT_LETTER_REPORTED_ATTRIBUTE] === 'true';
    const risk = assessRisk({
      openCase,
      today: viennaDate(now),
      thresholds: deps.thresholds,
      courtLetterReported,
    });
    const hints = supportHints(
      supportFactsOf({
        tenancy: file?.tenancy,
        openCase,
        caseResolution,
        calls,
        courtLetterReported,
        outcome,
      }),
    );
    logger.info('caller context served', {
      contactId: call.contactId,
      status: identification.status,
      method: identification.method,
      riskLevel: risk.level,
      calls: calls.length,
      hints: hints.length,
    });
    return {
      contactId: call.contactId,
      receivedAt: call.receivedAt,
      identification,
      candidates: candidates?.map((candidate) => candidate.tenancy),
      tenancy: file?.tenancy,
      openCase,
      caseResolution,
      risk,
      calls,
      outcome,
      hints,
      ...(call.identityConfirmed ? { identityConfirmed: call.identityConfirmed } : {}),
    };
  };
};

import { parseCallerId } from '../domain/caller-id.ts';
import { StoreUnavailableError } from '../domain/errors.ts';
import { assessRisk, type RiskAssessment, type RiskThresholds } from '../domain/risk.ts';
import { type EvictionCase, isTenancyId, type ListedTenancyFile, openCaseOf } from '../domain/tenancy.ts';
import { viennaDate } from '../domain/vienna-calendar.ts';
import { logger } from '../observability/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Enquiry, EnquiryLog, LookupMode } from '../ports/enquiry-log.ts';
import type { TenancyDirectory } from '../ports/tenancy-directory.ts';

export const LOOKUP_STATUSES = [
  'found',
  'ambiguous',
  'not_found',
  'anonymous',
  'invalid_input',
  'unavailable',
] as const;
export type LookupStatus = (typeof LOOKUP_STATUSES)[number];

export interface IdentifyCallerQuery {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly channel: string;
  readonly mode: LookupMode;
  /** As Connect presents it: E.164, `anonymous`, empty, or whatever the carrier sent. */
  readonly callerNumber?: string | undefined;
  /** As keyed in: digits, or Connect's `Timeout` when nothing was pressed. */
  readonly keyedTenancyNumber?: string | undefined;
  readonly courtLetterReported?: boolean | undefined;
}

export interface Identification {
  /** The instant the call was rated at: the risk rules counted days from it. */
  readonly at: Date;
  readonly status: LookupStatus;
  readonly mode: LookupMode;
  /** Present when `status` is `found`. */
  readonly file?: ListedTenancyFile | undefined;
  readonly openCase?: EvictionCase | undefined;
  /** How many tenancies matched (2+ when ambiguous). */
  readonly matchCount: number;
  readonly risk: RiskAssessment;
}

export interface IdentifyCallerDeps {
  readonly directory: TenancyDirectory;
  readonly enquiries: EnquiryLog;
  readonly clock: Clock;
  readonly thresholds: RiskThresholds;
  /** The lookup answers `unavailable` when the store has not answered within this many ms. */
  readonly budgetMs: number;
}

type Match = { readonly status: LookupStatus; readonly files: readonly ListedTenancyFile[] };

/**
 * Identifies a caller by the number they call from or by the tenancy number they key in, rates the
 * eviction risk, and logs the enquiry once per call. Never throws for a data problem: a store that
 * fails or is slower than the budget yields `unavailable`, so the flow goes on to a queue.
 */
export const makeIdentifyCaller =
  (deps: IdentifyCallerDeps) =>
  async (query: IdentifyCallerQuery): Promise<Identification> => {
    const now = deps.clock.now();
    const phone = query.mode === 'phone' ? parseCallerId(query.callerNumber) : undefined;
    const keyed = query.mode === 'tenancy' ? (query.keyedTenancyNumber ?? '').trim() : undefined;
    const keyedTenancyId = keyed !== undefined && isTenancyId(keyed) ? keyed : undefined;

    const enquiry: Enquiry = {
      initialContactId: query.initialContactId,
      contactId: query.contactId,
      channel: query.channel,
      receivedAt: now,
      mode: query.mode,
      callerNumber: phone?.kind === 'number' ? phone.e164 : undefined,
      keyedTenancyId,
    };
    const signal = AbortSignal.timeout(deps.budgetMs);

    const lookup = async (): Promise<Match> => {
      if (phone?.kind === 'anonymous') return { status: 'anonymous', files: [] };
      if (phone?.kind === 'invalid') return { status: 'invalid_input', files: [] };
      if (phone?.kind === 'number') {
        const files = await deps.directory.findByPhone(phone.e164, { signal });
        return {
          status: files.length === 0 ? 'not_found' : files.length === 1 ? 'found' : 'ambiguous',
          files,
        };
      }
      if (keyedTenancyId === undefined) return { status: 'invalid_input', files: [] };
      const file = await deps.directory.findByTenancyId(keyedTenancyId, { signal });
      return file ? { status: 'found', files: [file] } : { status: 'not_found', files: [] };
    };

    // One round trip: the enquiry write and the read go out together (docs/performance-targets.md: the lookup within 1.5 × one raw round).
    const [logged, matched] = await Promise.allSettled([
      withDeadline(deps.enquiries.logEnquiry(enquiry, { signal }), signal),
      withDeadline(lookup(), signal),
    ]);
    if (logged.status === 'rejected') {
      // The caller is served either way; the missing log line shows in the error metric.
      logger.error('enquiry log write failed', {
        contactId: query.contactId,
        error: logged.reason,
        mode: query.mode,
      });
    }
    const match: Match =
      matched.status === 'fulfilled' ? matched.value : { status: 'unavailable', files: [] };
    if (matched.status === 'rejected') {
      logger.error('caller lookup failed', {
        contactId: query.contactId,
        error: matched.reason,
        mode: query.mode,
      });
    }

    const file = match.status === 'found' ? match.files[0] : undefined;
    const openCase = file ? openCaseOf(file) : undefined;
    const risk = assessRisk({
      openCase,
      today: viennaDate(now),
      thresholds: deps.thresholds,
      courtLetterReported: query.courtLetterReported,
    });
    logger.info('caller identified', {
      contactId: query.contactId,
      mode: query.mode,
      status: match.status,
      riskLevel: risk.level,
      firstForContact: logged.status === 'fulfilled' ? logged.value.firstForContact : undefined,
    });
    return {
      at: now,
      status: match.status,
      mode: query.mode,
      file,
      openCase,
      matchCount: match.files.length,
      risk,
    };
  };

/** Rejects with StoreUnavailableError when `signal` fires first, even if the work ignores the signal. */
const withDeadline = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StoreUnavailableError({ cause: signal.reason }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });

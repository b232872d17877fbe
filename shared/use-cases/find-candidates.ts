import type { CallerIdentification } from '../domain/caller-context.ts';
import { InvalidSearchError, TenancyConflictError } from '../domain/errors.ts';
import type { ListedTenancy } from '../domain/tenancy.ts';
import {
  addressMatches,
  SEARCH_MATCH_LIMIT,
  SEARCH_READ_LIMIT,
  searchWordsOf,
} from '../domain/tenancy-search.ts';
import { logger } from '../observability/logger.ts';
import type { CallRecords } from '../ports/call-records.ts';
import type { CallerDirectory } from '../ports/caller-directory.ts';
import type { Clock } from '../ports/clock.ts';
import { findLiveCall, resolveCaller } from './resolve-caller.ts';

export interface FindCandidatesCommand {
  /** The call's initial contact id: a search is always for the caller of one live call. */
  readonly contactId: string;
  /** What the caller says their name is: any of its words, in any order. */
  readonly name: string;
  readonly postalCode: string;
  /** The street (and number) the caller says, to narrow the list: every word begins a word of the address. */
  readonly street?: string | undefined;
}

export type FindCandidatesResult =
  | {
      readonly kind: 'found';
      /** At most SEARCH_MATCH_LIMIT, by name; `more` when others match too. */
      readonly candidates: readonly ListedTenancy[];
      readonly more: boolean;
    }
  /** More tenancies hold the name than one search reads: the agent asks for more of it. */
  | { readonly kind: 'too_many' };

export interface FindCandidatesDeps {
  readonly calls: Pick<CallRecords, 'findWithOutcome'>;
  readonly directory: Pick<CallerDirectory, 'findByName' | 'findByTenancyId' | 'findByPhoneHash'>;
  readonly clock: Clock;
}

/** Found by the number they call from or the tenancy number they keyed in: nobody else to look for. */
const identifiedByTheFlow = (identification: CallerIdentification): boolean =>
  identification.method === 'phone' || identification.method === 'keypad';

/**
 * The tenancies a caller whom the flow did not find may be, by the name and postal code they give
 * (and the street): for the agent to ask a question or two and attach the right one. Only for a live
 * call whose caller the flow did not identify, so that the search is never a way to browse the
 * tenants. Writes nothing; the log says how many matched, never what was searched.
 */
export const makeFindCandidates =
  (deps: FindCandidatesDeps) =>
  async (command: FindCandidatesCommand): Promise<FindCandidatesResult> => {
    const words = searchWordsOf(command.name);
    if (words.length === 0) throw new InvalidSearchError(['name']);
    const { call } = await findLiveCall(deps.calls, command.contactId, deps.clock.now());
    const [{ identification }, found] = await Promise.all([
      resolveCaller(deps.directory, call),
      deps.directory.findByName(command.postalCode, words, { readLimit: SEARCH_READ_LIMIT }),
    ]);
    if (identifiedByTheFlow(identification)) throw new TenancyConflictError();
    if (found.kind === 'too_many') {
      logger.info('tenancy search answered', { result: 'too_many' });
      return found;
    }
    const { street } = command;
    const matching = found.files
      .map((file) => file.tenancy)
      .filter((tenancy) => street === undefined || addressMatches(tenancy, street))
      .sort(
        (a, b) =>
          a.tenantName.localeCompare(b.tenantName, 'de-AT') || a.address.localeCompare(b.address, 'de-AT'),
      );
    logger.info('tenancy search answered', {
      result: 'found',
      matches: matching.length,
      narrowed: street !== undefined,
    });
    return {
      kind: 'found',
      candidates: matching.slice(0, SEARCH_MATCH_LIMIT),
      more: matching.length > SEARCH_MATCH_LIMIT,
    };
  };

import type { ListedTenancyFile } from '../domain/tenancy.ts';
import type { LookupOptions, TenancyDirectory } from './tenancy-directory.ts';

/**
 * The read model as the agent side needs it: the call log keeps only a hash of the caller's
 * number, so the phone entry is read by that hash.
 */
export interface CallerDirectory extends Pick<TenancyDirectory, 'findByTenancyId'> {
  /** Every tenancy that lists the number with this hash; more than one means the number is shared. */
  findByPhoneHash(phoneHash: string, options?: LookupOptions): Promise<readonly ListedTenancyFile[]>;
  /**
   * The hashes of the file's numbers that no other tenancy lists: calls filed under one of them are
   * this tenancy's. `knownOwn` is such a hash already known (the number that found the caller): it
   * is answered without reading its entry again.
   */
  ownPhoneHashes(
    file: ListedTenancyFile,
    options?: { readonly knownOwn?: string | undefined },
  ): Promise<readonly string[]>;
  /**
   * The tenancies in `postalCode` whose tenant's name holds every one of `words` (folded as
   * domain/tenancy-search.ts folds them), or `too_many` when more than `readLimit` do (or every word
   * is too common to narrow it): then the agent asks for more of the name.
   */
  findByName(
    postalCode: string,
    words: readonly string[],
    options: { readonly readLimit: number },
  ): Promise<NameSearchResult>;
}

export type NameSearchResult =
  | { readonly kind: 'found'; readonly files: readonly ListedTenancyFile[] }
  | { readonly kind: 'too_many' };

import { HashKeyUnavailableError } from '../../domain/errors.ts';
import type { HashKeys } from '../../ports/hash-keys.ts';
import { type PersonalHasher, personalHasher } from './entities/personal-hasher.ts';

/**
 * The hasher of each key version, from the hash keys (which read each key once and cache it). An
 * import hashes with the current key; a reader with the key of the generation it reads, so that a
 * new key takes effect only with a whole import.
 */
export class KeyHashing {
  readonly #hashers = new Map<string, PersonalHasher>();

  constructor(private readonly hashKeys: HashKeys) {}

  async current(): Promise<PersonalHasher> {
    return this.#hasherOf(await this.hashKeys.current());
  }

  /** The key a generation was hashed with; undefined (no generation yet): the current key. */
  async forVersion(version: string | undefined): Promise<PersonalHasher> {
    if (version === undefined) return this.current();
    const cached = this.#hashers.get(version);
    if (cached) return cached;
    const key = await this.hashKeys.byVersion(version);
    // A generation hashed with a key that is gone cannot be read: an import with the current key
    // is the way out, and until then lookups fail as the store being down would.
    if (key === undefined) throw new HashKeyUnavailableError();
    return this.#hasherOf(key);
  }

  #hasherOf(key: Parameters<typeof personalHasher>[0]): PersonalHasher {
    let hasher = this.#hashers.get(key.version);
    if (hasher === undefined) {
      hasher = personalHasher(key);
      this.#hashers.set(key.version, hasher);
    }
    return hasher;
  }
}

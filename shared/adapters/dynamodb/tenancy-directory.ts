import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/phone.ts';
import type { ListedTenancyFile, TenancyId } from '../../domain/tenancy.ts';
import type { CallerDirectory, NameSearchResult } from '../../ports/caller-directory.ts';
import type { Clock } from '../../ports/clock.ts';
import type { LookupOptions, TenancyDirectory } from '../../ports/tenancy-directory.ts';
import { batchGetAll } from './batches.ts';
import { fromNameEntryItem, nameEntryKey } from './entities/name-entry.ts';
import type { PersonalHasher } from './entities/personal-hasher.ts';
import { fromPhoneEntryItem, phoneEntryKey } from './entities/phone-entry.ts';
import {
  fromPointerItem,
  type ReadModelPointer,
  readModelPointerKey,
} from './entities/read-model-pointer.ts';
import { fromTenancyFileItem, tenancyFileKey } from './entities/tenancy-file.ts';
import { toStoreError } from './errors.ts';
import type { KeyHashing } from './key-hashing.ts';

export interface DirectoryOptions {
  readonly table: string;
  /** How long a warm process trusts the pointer it read (0: read it on every lookup). */
  readonly pointerCacheSeconds: number;
  readonly clock: Clock;
  /** The hash keys numbers and names are looked up by, per generation. */
  readonly hashing: KeyHashing;
}

/**
 * Reads the tenancy read model: at most two GetItems per lookup (the pointer, then the entry), and
 * one while the pointer is cached. An import keeps the previous generation, so a pointer cached for
 * a few seconds still reads a whole, consistent generation.
 */
export class DynamoTenancyDirectory implements TenancyDirectory, CallerDirectory {
  #pointer: { readonly value: ReadModelPointer | undefined; readonly readAt: number } | undefined;
  #reading: Promise<ReadModelPointer | undefined> | undefined;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: DirectoryOptions,
  ) {}

  async findByPhone(phone: E164, options?: LookupOptions): Promise<readonly ListedTenancyFile[]> {
    const pointer = await this.pointer(options);
    if (pointer === undefined) return [];
    const hasher = await this.hasherOf(pointer);
    const item = await this.get(phoneEntryKey(pointer.generation, hasher.phone(phone)), options);
    return item ? fromPhoneEntryItem(item) : [];
  }

  /**
   * The hasher of the active generation's key, the one every hash of this process's reads and
   * writes is made with (before the first import: the current key).
   */
  async activeHasher(options?: LookupOptions): Promise<PersonalHasher> {
    return this.hasherOf(await this.pointer(options));
  }

  /** The phone entry by the hash a call log keeps: for the agent side, which never sees the number. */
  async findByPhoneHash(hash: string, options?: LookupOptions): Promise<readonly ListedTenancyFile[]> {
    const generation = await this.activeGeneration(options);
    return generation === undefined ? [] : this.phoneEntryByHash(generation, hash, options);
  }

  async ownPhoneHashes(
    file: ListedTenancyFile,
    options: { readonly knownOwn?: string | undefined } = {},
  ): Promise<readonly string[]> {
    const { tenancyId } = file.tenancy;
    const hashes = file.phoneHashes;
    const unknown = hashes.filter((hash) => hash !== options.knownOwn);
    const generation = unknown.length > 0 ? await this.activeGeneration() : undefined;
    // One GetItem per number not known yet, in parallel: a tenancy lists one or two numbers.
    const own = await Promise.all(
      hashes.map(async (hash) => {
        if (hash === options.knownOwn) return true;
        if (generation === undefined) return false;
        const files = await this.phoneEntryByHash(generation, hash);
        return files.length === 1 && files[0]?.tenancy.tenancyId === tenancyId;
      }),
    );
    return hashes.filter((_, i) => own[i]);
  }

  async findByTenancyId(id: TenancyId, options?: LookupOptions): Promise<ListedTenancyFile | undefined> {
    const generation = await this.activeGeneration(options);
    if (generation === undefined) return undefined;
    const item = await this.get(tenancyFileKey(generation, id), options);
    return item ? fromTenancyFileItem(item) : undefined;
  }

  async findByName(
    postalCode: string,
    words: readonly string[],
    options: { readonly readLimit: number },
  ): Promise<NameSearchResult> {
    const pointer = await this.pointer();
    if (pointer === undefined || words.length === 0) return { kind: 'found', files: [] };
    const { generation } = pointer;
    const hasher = await this.hasherOf(pointer);
    // One GetItem per word, in parallel; a tenancy matches when its name holds every word.
    const entries = await Promise.all(
      words.map(async (word) => {
        const item = await this.get(nameEntryKey(generation, hasher.name(postalCode, word)));
        return item ? fromNameEntryItem(item) : undefined;
      }),
    );
    if (entries.some((entry) => entry === undefined)) return { kind: 'found', files: [] };
    const narrowing = entries.filter((entry) => entry !== undefined && !entry.tooCommon);
    const [first, ...rest] = narrowing.map((entry) => entry?.tenancyIds ?? []);
    if (first === undefined) return { kind: 'too_many' };
    const ids = first.filter((id) => rest.every((other) => other.includes(id)));
    if (ids.length > options.readLimit) return { kind: 'too_many' };
    const items = await batchGetAll(
      this.doc,
      this.options.table,
      ids.map((id) => tenancyFileKey(generation, id)),
    );
    return { kind: 'found', files: items.map(fromTenancyFileItem) };
  }

  /** The active import, or undefined before the first import. */
  async pointer(
    options?: LookupOptions & { readonly fresh?: boolean },
  ): Promise<ReadModelPointer | undefined> {
    const now = this.options.clock.now().getTime();
    const cached = this.#pointer;
    if (!options?.fresh && cached && now - cached.readAt < this.options.pointerCacheSeconds * 1000) {
      return cached.value;
    }
    // A lookup and the enquiry log of the same call both ask at once: one read serves both.
    if (!options?.fresh && this.#reading) return this.#reading;
    const reading = this.get(readModelPointerKey(), options).then((item) => {
      const value = item ? fromPointerItem(item) : undefined;
      this.#pointer = { value, readAt: now };
      return value;
    });
    this.#reading = reading;
    try {
      return await reading;
    } finally {
      if (this.#reading === reading) this.#reading = undefined;
    }
  }

  private async phoneEntryByHash(
    generation: string,
    hash: string,
    options?: LookupOptions,
  ): Promise<readonly ListedTenancyFile[]> {
    const item = await this.get(phoneEntryKey(generation, hash), options);
    return item ? fromPhoneEntryItem(item) : [];
  }

  private hasherOf(pointer: ReadModelPointer | undefined): Promise<PersonalHasher> {
    return this.options.hashing.forVersion(pointer?.hashKeyVersion);
  }

  private async activeGeneration(options?: LookupOptions): Promise<string | undefined> {
    return (await this.pointer(options))?.generation;
  }

  private async get(key: Record<string, string>, options?: LookupOptions): Promise<unknown> {
    try {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.options.table, Key: key }), {
        abortSignal: options?.signal,
      });
      return Item;
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentImportError } from '../../domain/errors.ts';
import {
  type ListedTenancyFile,
  listedFileOf,
  openCaseOf,
  type TenancyFile,
  type TenancyId,
} from '../../domain/tenancy.ts';
import { nameWordsOf } from '../../domain/tenancy-search.ts';
import type { Clock } from '../../ports/clock.ts';
import type {
  ActiveGeneration,
  ActiveGenerationReader,
  ReadModelStore,
  ReadModelSummary,
  ReplaceOptions,
} from '../../ports/read-model.ts';
import { untilProcessed } from './batches.ts';
import { newGenerationId } from './entities/generation.ts';
import { fromManifestItem, manifestKeys, toManifestItem } from './entities/generation-manifest.ts';
import { toNameEntryItem } from './entities/name-entry.ts';
import type { PersonalHasher } from './entities/personal-hasher.ts';
import { toPhoneEntryItem } from './entities/phone-entry.ts';
import { type ReadModelPointer, toPointerItem } from './entities/read-model-pointer.ts';
import { toTenancyFileItem } from './entities/tenancy-file.ts';
import { toStoreError } from './errors.ts';
import type { KeyHashing } from './key-hashing.ts';
import type { DynamoTenancyDirectory } from './tenancy-directory.ts';

/** BatchWriteItem takes at most 25 requests (DynamoDB API reference, BatchWriteItem). */
export const BATCH_SIZE = 25;
/** Batches in flight at once, for the items of a generation and for clean-up. */
export const CONCURRENT_BATCHES = 8;
/** Keys per manifest item: about 70 bytes each, well under DynamoDB's 400 KB item limit. */
const KEYS_PER_MANIFEST = 4000;
/** Far longer than any reader's pointer cache (READ_MODEL_CACHE_SECONDS, 10 s by default). */
const KEEP_SUPERSEDED_MS = 5 * 60_000;

type Key = { readonly pk: string; readonly sk: string };
type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

/**
 * Import as a new generation, then one conditional write of the pointer makes it visible: the
 * atomic switch of docs/data-model.md, whatever the size of the file. The previous generation stays
 * for readers that cached the old pointer; older ones are deleted after the switch.
 */
export class DynamoReadModelStore implements ReadModelStore, ActiveGenerationReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly directory: DynamoTenancyDirectory,
    private readonly clock: Clock,
    /** An import hashes numbers and names with the current key, and records its version. */
    private readonly hashing: KeyHashing,
  ) {}

  async summary(): Promise<ReadModelSummary | undefined> {
    return this.directory.pointer({ fresh: true });
  }

  /**
   * The pointer, and whether its generation is still stored: every import with any item writes the
   * generation's first manifest chunk before its items, and clean-up deletes it last. One GetItem
   * more than `summary()`, and no scan, whatever the size of the read model.
   */
  async activeGeneration(): Promise<ActiveGeneration | undefined> {
    const pointer = await this.directory.pointer({ fresh: true });
    if (pointer === undefined) return undefined;
    try {
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: manifestKeys.item(pointer.generation, 0),
          ProjectionExpression: 'pk',
        }),
      );
      return { ...pointer, itemsStored: Item !== undefined };
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async replace(files: readonly TenancyFile[], options?: ReplaceOptions): Promise<ReadModelSummary> {
    const signal = options?.signal;
    signal?.throwIfAborted();
    const previous = await this.directory.pointer({ fresh: true });
    const generation = newGenerationId(this.clock.now());
    const hasher = await this.hashing.current();
    const { items, phoneNumbers } = readModelItems(generation, files, hasher);
    await this.writeManifest(generation, items, hasher.version, signal);
    let written = 0;
    options?.onProgress?.({ written, total: items.length });
    await this.writeAll(
      items.map((Item) => ({ PutRequest: { Item } })),
      (count) => {
        written += count;
        options?.onProgress?.({ written, total: items.length });
      },
      signal,
    );

    const pointer: ReadModelPointer = {
      generation,
      previousGeneration: previous?.generation,
      activatedAt: this.clock.now().toISOString(),
      counts: {
        tenancies: files.length,
        cases: files.reduce((sum, file) => sum + file.cases.length, 0),
        openCases: files.filter((file) => openCaseOf(file) !== undefined).length,
        phoneNumbers,
      },
      hashKeyVersion: hasher.version,
    };
    signal?.throwIfAborted();
    await this.switchTo(pointer, previous?.generation);
    // A warm function may still read the generation it cached before the previous switch, for up
    // to its cache time: while that switch is recent, the one before it stays too.
    const previousIsRecent =
      previous !== undefined &&
      this.clock.now().getTime() - Date.parse(previous.activatedAt) < KEEP_SUPERSEDED_MS;
    await this.deleteGenerationsExcept(generation, [
      previous?.generation,
      previousIsRecent ? previous.previousGeneration : undefined,
    ]);
    return pointer;
  }

  private async switchTo(pointer: ReadModelPointer, expected: string | undefined): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: toPointerItem(pointer),
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#generation = :expected',
                ExpressionAttributeNames: { '#generation': 'generation' },
                ExpressionAttributeValues: { ':expected': expected },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConcurrentImportError({ cause: error });
      throw toStoreError(error);
    }
  }

  /** Records the keys of a generation before writing it, so that clean-up never has to scan. */
  private async writeManifest(
    generation: string,
    items: readonly { pk: string; sk: string }[],
    hashKeyVersion: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const manifests: WriteRequest[] = [];
    for (let i = 0; i < items.length; i += KEYS_PER_MANIFEST) {
      const chunk = items.slice(i, i + KEYS_PER_MANIFEST).map(({ pk, sk }) => ({ pk, sk }));
      manifests.push({
        PutRequest: { Item: toManifestItem(generation, i / KEYS_PER_MANIFEST, chunk, hashKeyVersion) },
      });
    }
    // 25 manifest items of at most ~280 KB stay under BatchWriteItem's 16 MB request limit.
    await this.writeAll(manifests, () => {}, signal);
  }

  /**
   * Deletes every generation but the ones to keep, including what a failed import left behind, by
   * the keys their manifests list: the cost follows what is stale, not the size of the table.
   * Generations newer than the one just activated are left alone: they belong to an import that
   * started after this switch and is still writing (its switch is checked against this generation),
   * and deleting under it would let it activate a half-deleted model. The next import removes them
   * if that import dies.
   */
  private async deleteGenerationsExcept(
    activated: string,
    keep: readonly (string | undefined)[],
  ): Promise<void> {
    const kept = new Set([activated, ...keep.filter((g): g is string => g !== undefined)]);
    for (const generation of await storedGenerations(this.doc, this.table)) {
      if (kept.has(generation) || generation > activated) continue;
      const manifests = await this.queryManifests(generation);
      const itemKeys = manifests.flatMap((item) => fromManifestItem(item).keys);
      await this.writeAll(
        itemKeys.map((Key) => ({ DeleteRequest: { Key } })),
        () => {},
      );
      await this.writeAll(
        manifests.map((item) => ({ DeleteRequest: { Key: { pk: String(item.pk), sk: String(item.sk) } } })),
        () => {},
      );
    }
  }

  private queryManifests(generation?: string, projection?: string): Promise<Record<string, unknown>[]> {
    return queryManifests(this.doc, this.table, generation, projection);
  }

  private async writeAll(
    requests: readonly WriteRequest[],
    onWritten: (count: number) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        signal?.throwIfAborted();
        const batch = batches[next++];
        if (batch) await this.writeBatch(batch, onWritten);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, worker));
  }

  private async writeBatch(batch: WriteRequest[], onWritten: (count: number) => void): Promise<void> {
    let pending = batch;
    await untilProcessed(async () => {
      try {
        const { UnprocessedItems } = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
        );
        const unprocessed = (UnprocessedItems?.[this.table] ?? []) as WriteRequest[];
        onWritten(pending.length - unprocessed.length);
        pending = unprocessed;
        return pending.length === 0;
      } catch (error) {
        throw toStoreError(error);
      }
    });
  }
}

/**
 * The manifest items of one generation, or of all (a `projection` keeps them small): how clean-up
 * and an erasure find a generation's keys without scanning.
 */
export const queryManifests = async (
  doc: DynamoDBDocumentClient,
  table: string,
  generation?: string,
  projection?: string,
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  try {
    const pages = paginateQuery(
      { client: doc },
      {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': manifestKeys.partition,
          ':prefix': manifestKeys.prefix(generation),
        },
        ...(projection ? { ProjectionExpression: projection } : {}),
      },
    );
    for await (const page of pages) found.push(...(page.Items ?? []));
  } catch (error) {
    throw toStoreError(error);
  }
  return found;
};

/** The generations that have manifests: the active one, the kept ones, and any left-overs. */
export const storedGenerations = async (doc: DynamoDBDocumentClient, table: string): Promise<Set<string>> => {
  const generations = new Set<string>();
  for (const item of await queryManifests(doc, table, undefined, 'sk')) {
    const generation = manifestKeys.ofSk(String(item.sk))?.generation;
    if (generation !== undefined) generations.add(generation);
  }
  return generations;
};

/** Per postal code and name word, the tenancies whose tenant's name holds it: the agent's search. */
const groupByNameWord = (files: readonly TenancyFile[]) => {
  const byWord = new Map<string, { postalCode: string; word: string; tenancyIds: TenancyId[] }>();
  for (const { tenancy } of files) {
    for (const word of nameWordsOf(tenancy)) {
      const key = `${tenancy.postalCode} ${word}`;
      const entry = byWord.get(key);
      if (entry) entry.tenancyIds.push(tenancy.tenancyId);
      else byWord.set(key, { postalCode: tenancy.postalCode, word, tenancyIds: [tenancy.tenancyId] });
    }
  }
  return byWord;
};

/**
 * The items of one generation: a tenancy-file item per tenancy, a phone entry per number, a name
 * entry per postal code and name word (the agent's search by name). The bench
 * writes exactly these as its floor (raw BatchWriteItem), so the two write the same bytes.
 */
export const readModelItems = (
  generation: string,
  files: readonly TenancyFile[],
  hasher: PersonalHasher,
): { readonly items: (Key & Record<string, unknown>)[]; readonly phoneNumbers: number } => {
  // The numbers are hashed here, once, and stored only as hashes: in the entries' keys, and in each
  // listed file in place of the numbers (the agent side files and finds calls by them).
  const listed = files.map((file) => listedFileOf(file, (phone) => hasher.phone(phone)));
  const byPhone = groupByPhoneHash(listed);
  return {
    items: [
      ...listed.map((file) => toTenancyFileItem(generation, file)),
      ...[...byPhone].map(([phoneHash, sharing]) => toPhoneEntryItem(generation, phoneHash, sharing)),
      ...[...groupByNameWord(files).values()].map(({ postalCode, word, tenancyIds }) =>
        toNameEntryItem(generation, hasher.name(postalCode, word), tenancyIds),
      ),
    ],
    phoneNumbers: byPhone.size,
  };
};

const groupByPhoneHash = (files: readonly ListedTenancyFile[]): Map<string, ListedTenancyFile[]> => {
  const byPhone = new Map<string, ListedTenancyFile[]>();
  for (const file of files) {
    for (const phoneHash of file.phoneHashes) {
      const sharing = byPhone.get(phoneHash);
      if (sharing) sharing.push(file);
      else byPhone.set(phoneHash, [file]);
    }
  }
  return byPhone;
};

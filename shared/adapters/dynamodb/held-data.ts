import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { CaseResolutionEntry, RecordedOutcome } from '../../domain/outcomes.ts';
import type { ListedTenancyFile, TenancyId } from '../../domain/tenancy.ts';
import { nameWordsOf } from '../../domain/tenancy-search.ts';
import type { ErasedCounts, HeldCall, HeldDataStore, HeldTenancyData } from '../../ports/held-data.ts';
import { callKeys, fromCallItem, fromFiledCallItem } from './entities/call.ts';
import { fromOutcomeItem, outcomeKeys } from './entities/call-outcome.ts';
import { caseResolutionKey, fromCaseResolutionItem } from './entities/case-resolution.ts';
import { fromManifestItem, manifestKeys, toManifestItem } from './entities/generation-manifest.ts';
import { fromNameEntryItem, nameEntryKey, toNameEntryItem } from './entities/name-entry.ts';
import type { PersonalHasher } from './entities/personal-hasher.ts';
import { fromPhoneEntryItem, phoneEntryKey, toPhoneEntryItem } from './entities/phone-entry.ts';
import { fromPointerItem, readModelPointerKey } from './entities/read-model-pointer.ts';
import { fromTenancyFileItem, tenancyFileKey } from './entities/tenancy-file.ts';
import { toStoreError } from './errors.ts';
import type { KeyHashing } from './key-hashing.ts';
import { queryManifests } from './read-model-store.ts';
import { TABLES } from './tables.ts';

type Key = { readonly pk: string; readonly sk: string };
type Item = Record<string, unknown>;

const CALLS_BY_TENANCY = TABLES.calls.indexes.callsByTenancy.indexName;

export interface HeldDataTables {
  readonly readModel: string;
  readonly calls: string;
}

/** A call partition as stored: its log, its outcomes, and the keys of every item (for erasure). */
interface StoredCall {
  readonly held: HeldCall;
  readonly itemKeys: readonly Key[];
}

/** A tenancy's file in one generation, with the entries that list it and their keys. */
interface StoredFile {
  readonly generation: string;
  readonly file: ListedTenancyFile;
  /** The generation's hash key: its phone and name entries are keyed with it. */
  readonly hasher: PersonalHasher;
  /** Each number's entry in this generation, by the number's hash: every tenancy that lists it. */
  readonly phoneEntries: readonly { readonly hash: string; readonly files: readonly ListedTenancyFile[] }[];
}

const keyOf = (item: Item): Key => ({ pk: String(item.pk), sk: String(item.sk) });
const sameKey = (a: Key, b: Key) => a.pk === b.pk && a.sk === b.sk;

/**
 * A tenancy's data in the read-model and calls tables, found by key and index, never by Scan: the
 * tenancy file in each stored generation (generations are listed by their manifests), the calls
 * filed under the tenancy or under a number only it lists (index `callsByTenancy`), each call's
 * partition (log, current outcome, revisions), and the resolutions of its cases.
 *
 * Erasure deletes call partitions and case resolutions, then, per generation, rewrites the phone
 * and name entries that list the tenancy without it (or deletes them when it was the only one),
 * deletes the tenancy file, and takes the deleted keys out of the generation's manifest, so that no
 * key of the tenancy is left. Rewrites are conditional on the item still existing: an import's
 * clean-up that deleted a superseded generation meanwhile is not undone.
 */
export class DynamoHeldData implements HeldDataStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: HeldDataTables,
    private readonly hashing: KeyHashing,
  ) {}

  async collect(tenancyId: TenancyId): Promise<HeldTenancyData> {
    const { files, calls, caseResolutions } = await this.stored(tenancyId);
    return {
      tenancyId,
      readModel: files.map(({ generation, file }) => ({ generation, file })),
      calls: calls.map((call) => call.held),
      caseResolutions,
    };
  }

  async erase(tenancyId: TenancyId): Promise<ErasedCounts> {
    const { files, calls, caseResolutions } = await this.stored(tenancyId);
    await Promise.all(
      calls.flatMap((call) => call.itemKeys.map((key) => this.delete(this.tables.calls, key))),
    );
    await Promise.all(
      caseResolutions.map((entry) => this.delete(this.tables.calls, caseResolutionKey(entry.caseId))),
    );
    // The read model last: its file names the numbers the calls above were found by.
    for (const stored of files) await this.eraseFromGeneration(stored);
    return {
      readModelEntries: files.length,
      calls: calls.length,
      outcomes: calls.reduce((sum, call) => sum + call.held.outcomes.length, 0),
      caseResolutions: caseResolutions.length,
    };
  }

  private async stored(tenancyId: TenancyId): Promise<{
    files: StoredFile[];
    calls: StoredCall[];
    caseResolutions: CaseResolutionEntry[];
  }> {
    const files = await this.storedFiles(tenancyId);
    const active = await this.activeGeneration();
    const activeFile = files.find((stored) => stored.generation === active) ?? files.at(-1);
    // A number is the tenancy's own when its entry lists this tenancy alone: calls from a shared
    // number that no agent attached to a tenancy are not this tenancy's to export or erase.
    // Calls are filed under the number's hash with the key of the generation active when they came
    // in: the active one's, as the agent side reads them (docs/security.md, "Phone numbers in keys"),
    // which its entries carry.
    const ownHashes = (activeFile?.phoneEntries ?? [])
      .filter(({ files: sharing }) => sharing.length === 1 && sharing[0]?.tenancy.tenancyId === tenancyId)
      .map(({ hash }) => hash);
    const contactIds = await this.filedContactIds([
      callKeys.filedUnderTenancy(tenancyId).tenancyKey,
      ...ownHashes.map((hash) => callKeys.filedUnderNumber(hash).tenancyKey),
    ]);
    const calls = (await Promise.all(contactIds.map((contactId) => this.storedCall(contactId))))
      .filter((call): call is StoredCall => call !== undefined)
      .sort((a, b) => (a.held.call.receivedAt ?? '').localeCompare(b.held.call.receivedAt ?? ''));
    const caseIds = new Set([
      ...files.flatMap(({ file }) => file.cases.map((c) => c.caseId)),
      ...calls.flatMap((call) => call.held.outcomes.flatMap((outcome) => outcome.caseId ?? [])),
    ]);
    const resolutions = await Promise.all(
      [...caseIds].map(async (caseId) => {
        const item = await this.get(this.tables.calls, caseResolutionKey(caseId));
        return item === undefined ? undefined : fromCaseResolutionItem(item);
      }),
    );
    return {
      files,
      calls,
      caseResolutions: resolutions.filter(
        (entry): entry is CaseResolutionEntry => entry !== undefined && entry.tenancyId === tenancyId,
      ),
    };
  }

  private async activeGeneration(): Promise<string | undefined> {
    const item = await this.get(this.tables.readModel, readModelPointerKey());
    return item === undefined ? undefined : fromPointerItem(item).generation;
  }

  /** The tenancy's file in every generation that has a manifest, oldest generation first. */
  private async storedFiles(tenancyId: TenancyId): Promise<StoredFile[]> {
    // Each generation with the version of its hash key, from its manifests.
    const generations = new Map<string, string | undefined>();
    for (const item of await queryManifests(
      this.doc,
      this.tables.readModel,
      undefined,
      'sk, hashKeyVersion',
    )) {
      const generation = manifestKeys.ofSk(String(item.sk))?.generation;
      if (generation !== undefined) {
        generations.set(
          generation,
          typeof item.hashKeyVersion === 'string' ? item.hashKeyVersion : undefined,
        );
      }
    }
    const found = await Promise.all(
      [...generations]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(async ([generation, version]): Promise<StoredFile | undefined> => {
          const item = await this.get(this.tables.readModel, tenancyFileKey(generation, tenancyId));
          if (item === undefined) return undefined;
          const file = fromTenancyFileItem(item);
          const hasher = await this.hashing.forVersion(version);
          const phoneEntries = await Promise.all(
            file.phoneHashes.map(async (hash) => {
              const entry = await this.get(this.tables.readModel, phoneEntryKey(generation, hash));
              return { hash, files: entry === undefined ? [] : fromPhoneEntryItem(entry) };
            }),
          );
          return { generation, file, hasher, phoneEntries };
        }),
    );
    return found.filter((stored): stored is StoredFile => stored !== undefined);
  }

  /** The contact ids the index files under these keys, each once. */
  private async filedContactIds(tenancyKeys: readonly string[]): Promise<string[]> {
    const lists = await Promise.all(
      tenancyKeys.map(async (tenancyKey) => {
        const found: string[] = [];
        try {
          const pages = paginateQuery(
            { client: this.doc },
            {
              TableName: this.tables.calls,
              IndexName: CALLS_BY_TENANCY,
              KeyConditionExpression: '#tenancyKey = :tenancyKey',
              ExpressionAttributeNames: { '#tenancyKey': 'tenancyKey' },
              ExpressionAttributeValues: { ':tenancyKey': tenancyKey },
            },
          );
          for await (const page of pages) {
            for (const item of page.Items ?? []) found.push(fromFiledCallItem(item).contactId);
          }
        } catch (error) {
          throw toStoreError(error);
        }
        return found;
      }),
    );
    return [...new Set(lists.flat())];
  }

  /** A call's whole partition, consistently; undefined when its log is gone. */
  private async storedCall(contactId: string): Promise<StoredCall | undefined> {
    const items: Item[] = [];
    try {
      const pages = paginateQuery(
        { client: this.doc },
        {
          TableName: this.tables.calls,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': callKeys.partition(contactId) },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) items.push(...(page.Items ?? []));
    } catch (error) {
      throw toStoreError(error);
    }
    const log = items.find((item) => item.sk === callKeys.log(contactId).sk);
    if (log === undefined) return undefined;
    const outcomes: RecordedOutcome[] = items
      .filter((item) => outcomeKeys.isOutcomeSk(String(item.sk)))
      .map(fromOutcomeItem)
      .sort((a, b) => b.revision - a.revision);
    return { held: { call: fromCallItem(log), outcomes }, itemKeys: items.map(keyOf) };
  }

  private async eraseFromGeneration({ generation, file, hasher, phoneEntries }: StoredFile): Promise<void> {
    const { tenancyId, postalCode } = file.tenancy;
    const deleted: Key[] = [];
    const others = (files: readonly ListedTenancyFile[]) =>
      files.filter((f) => f.tenancy.tenancyId !== tenancyId);
    for (const { hash, files } of phoneEntries) {
      const key = phoneEntryKey(generation, hash);
      const remaining = others(files);
      if (remaining.length === 0) {
        await this.delete(this.tables.readModel, key);
        deleted.push(key);
      } else if (remaining.length < files.length) {
        await this.rewrite(toPhoneEntryItem(generation, hash, remaining));
      }
    }
    for (const word of new Set(nameWordsOf(file.tenancy))) {
      const hash = hasher.name(postalCode, word);
      const key = nameEntryKey(generation, hash);
      const item = await this.get(this.tables.readModel, key);
      if (item === undefined) continue;
      // A word too common to keep a list names no tenancy: nothing to take out.
      const entry = fromNameEntryItem(item);
      if (entry.tooCommon) continue;
      const remaining = entry.tenancyIds.filter((id) => id !== tenancyId);
      if (remaining.length === 0) {
        await this.delete(this.tables.readModel, key);
        deleted.push(key);
      } else if (remaining.length < entry.tenancyIds.length) {
        await this.rewrite(toNameEntryItem(generation, hash, remaining));
      }
    }
    const fileKey = tenancyFileKey(generation, tenancyId);
    await this.delete(this.tables.readModel, fileKey);
    deleted.push(fileKey);
    // The manifest lists the generation's keys for its clean-up; the erased ones go from it too.
    for (const item of await queryManifests(this.doc, this.tables.readModel, generation)) {
      const manifest = fromManifestItem(item);
      const kept = manifest.keys.filter((key) => !deleted.some((gone) => sameKey(gone, key)));
      if (kept.length === manifest.keys.length) continue;
      const chunk = manifestKeys.ofSk(String(item.sk))?.chunk;
      if (chunk !== undefined)
        await this.rewrite(toManifestItem(generation, chunk, kept, manifest.hashKeyVersion));
    }
  }

  private async get(table: string, key: Key): Promise<Item | undefined> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
      );
      return Item;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private async delete(table: string, key: Key): Promise<void> {
    try {
      await this.doc.send(new DeleteCommand({ TableName: table, Key: key }));
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** Replaces a read-model item only while it exists: a generation deleted meanwhile stays deleted. */
  private async rewrite(item: Item): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tables.readModel,
          Item: item,
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw toStoreError(error);
    }
  }
}

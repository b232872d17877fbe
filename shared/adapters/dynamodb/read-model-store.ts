import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentImportError } from '../../domain/errors.ts';
import type { E164 } from '../../domain/phone.ts';
import { openCaseOf, type TenancyFile } from '../../domain/tenancy.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ReadModelStore, ReadModelSummary, ReplaceProgress } from '../../ports/read-model.ts';
import { toStoreError } from './errors.ts';
import { keys, newGenerationId } from './keys.ts';
import { type ReadModelPointer, toPhoneEntryItem, toPointerItem, toTenancyFileItem } from './records.ts';
import type { DynamoTenancyDirectory } from './tenancy-directory.ts';

/** BatchWriteItem takes at most 25 requests (DynamoDB API reference, BatchWriteItem). */
const BATCH_SIZE = 25;
const CONCURRENT_BATCHES = 8;
const MAX_UNPROCESSED_ROUNDS = 8;

type Key = { readonly pk: string; readonly sk: string };
type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

/**
 * Import as a new generation, then one conditional write of the pointer makes it visible: the
 * atomic switch DESIGN.md asks for, whatever the size of the file. The previous generation stays
 * for readers that cached the old pointer; older ones are deleted after the switch.
 */
export class DynamoReadModelStore implements ReadModelStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly directory: DynamoTenancyDirectory,
    private readonly clock: Clock,
  ) {}

  async summary(): Promise<ReadModelSummary | undefined> {
    return this.directory.pointer({ fresh: true });
  }

  async replace(
    files: readonly TenancyFile[],
    options?: { readonly onProgress?: (progress: ReplaceProgress) => void },
  ): Promise<ReadModelSummary> {
    const previous = await this.directory.pointer({ fresh: true });
    const generation = newGenerationId(this.clock.now());
    const byPhone = groupByPhone(files);
    const items = [
      ...files.map((file) => toTenancyFileItem(generation, file)),
      ...[...byPhone].map(([phone, sharing]) => toPhoneEntryItem(generation, phone, sharing)),
    ];
    let written = 0;
    options?.onProgress?.({ written, total: items.length });
    await this.writeAll(
      items.map((Item) => ({ PutRequest: { Item } })),
      (count) => {
        written += count;
        options?.onProgress?.({ written, total: items.length });
      },
    );

    const pointer: ReadModelPointer = {
      generation,
      previousGeneration: previous?.generation,
      activatedAt: this.clock.now().toISOString(),
      counts: {
        tenancies: files.length,
        cases: files.reduce((sum, file) => sum + file.cases.length, 0),
        openCases: files.filter((file) => openCaseOf(file) !== undefined).length,
        phoneNumbers: byPhone.size,
      },
    };
    await this.switchTo(pointer, previous?.generation);
    await this.deleteGenerationsExcept([generation, previous?.generation]);
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

  /**
   * Removes every generation but the ones to keep, including what a failed import left behind.
   * A parallel Scan is right here: this is maintenance after an import, not a read path.
   */
  private async deleteGenerationsExcept(keep: readonly (string | undefined)[]): Promise<void> {
    const kept = keep.filter((g): g is string => g !== undefined).map((g) => keys.generationPrefix(g));
    const stale: WriteRequest[] = [];
    const segments = 4;
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const pages = paginateScan(
          { client: this.doc },
          {
            TableName: this.table,
            Segment: segment,
            TotalSegments: segments,
            ProjectionExpression: 'pk, sk',
            FilterExpression: [
              'begins_with(pk, :g)',
              ...kept.map((_, i) => `NOT begins_with(pk, :k${i})`),
            ].join(' AND '),
            ExpressionAttributeValues: {
              ':g': 'G#',
              ...Object.fromEntries(kept.map((prefix, i) => [`:k${i}`, prefix])),
            },
          },
        );
        for await (const page of pages) {
          for (const item of page.Items ?? []) {
            stale.push({ DeleteRequest: { Key: { pk: String(item.pk), sk: String(item.sk) } } });
          }
        }
      }),
    );
    await this.writeAll(stale, () => {});
  }

  private async writeAll(
    requests: readonly WriteRequest[],
    onWritten: (count: number) => void,
  ): Promise<void> {
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (batch) await this.writeBatch(batch, onWritten);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, worker));
  }

  private async writeBatch(batch: WriteRequest[], onWritten: (count: number) => void): Promise<void> {
    let pending = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_UNPROCESSED_ROUNDS) {
        throw toStoreError(new Error('DynamoDB left items unprocessed after repeated retries'));
      }
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
      try {
        const { UnprocessedItems } = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
        );
        const unprocessed = (UnprocessedItems?.[this.table] ?? []) as WriteRequest[];
        onWritten(pending.length - unprocessed.length);
        pending = unprocessed;
      } catch (error) {
        throw toStoreError(error);
      }
    }
  }
}

const groupByPhone = (files: readonly TenancyFile[]): Map<E164, TenancyFile[]> => {
  const byPhone = new Map<E164, TenancyFile[]>();
  for (const file of files) {
    for (const phone of new Set(file.tenancy.phoneNumbers)) {
      const sharing = byPhone.get(phone);
      if (sharing) sharing.push(file);
      else byPhone.set(phone, [file]);
    }
  }
  return byPhone;
};

import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from './errors.ts';

/** BatchGetItem takes at most 100 keys a request. */
const BATCH_GET_SIZE = 100;

const MAX_UNPROCESSED_ROUNDS = 8;

/**
 * Runs `round` until it reports that nothing is left unprocessed, backing off exponentially
 * between rounds, as AWS advises for a batch's unprocessed keys or items (throttling): see
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html and
 * API_BatchWriteItem.html.
 * Gives up with a store error after a few rounds rather than retrying for ever.
 */
export const untilProcessed = async (round: () => Promise<boolean>): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    if (attempt === MAX_UNPROCESSED_ROUNDS) {
      throw toStoreError(new Error('DynamoDB left requests unprocessed after repeated retries'));
    }
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    if (await round()) return;
  }
};

/**
 * The items under these keys of one table (eventually consistent), in BatchGetItems of up to 100
 * keys, with what DynamoDB left unprocessed asked again. Keys without an item are left out.
 */
export const batchGetAll = async (
  doc: DynamoDBDocumentClient,
  table: string,
  itemKeys: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += BATCH_GET_SIZE) {
    let pending = itemKeys.slice(i, i + BATCH_GET_SIZE);
    await untilProcessed(async () => {
      try {
        const { Responses, UnprocessedKeys } = await doc.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: [...pending] } } }),
        );
        found.push(...(Responses?.[table] ?? []));
        pending = UnprocessedKeys?.[table]?.Keys ?? [];
        return pending.length === 0;
      } catch (error) {
        throw toStoreError(error);
      }
    });
  }
  return found;
};

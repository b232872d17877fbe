import { toStoreError } from './errors.ts';

/** BatchGetItem takes at most 100 keys a request. */
export const BATCH_GET_SIZE = 100;

/** BatchWriteItem takes at most 25 requests a request. */
export const BATCH_WRITE_SIZE = 25;

const MAX_UNPROCESSED_ROUNDS = 8;

/**
 * Runs `round` until it reports that nothing is left unprocessed, backing off exponentially
 * between rounds, as AWS advises for a batch's unprocessed keys or items (throttling): see
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html.
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

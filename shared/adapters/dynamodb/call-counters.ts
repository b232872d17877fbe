import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Contribution, callContribution, contributionDelta } from '../../domain/call-metrics.ts';
import { deriveTimeline } from '../../domain/call-timeline.ts';
import { CounterConflictError } from '../../domain/errors.ts';
import type { CallCounters, CallCountState, CounterSync } from '../../ports/call-counters.ts';
import { callKeys, fromCallCountingItem } from './entities/call.ts';
import { toContributionValue } from './entities/contribution.ts';
import { dayCounterUpdate, type TransactItem } from './entities/metrics-day.ts';
import { toStoreError } from './errors.ts';

/** Tries before giving up; each one follows a change another writer made to the same call. */
export const MAX_SYNC_ATTEMPTS = 5;

/**
 * Keeps the day counters in step with the call logs, exactly once, with duplicated and reordered
 * events. The call log stores what the counters hold for it (`counted`); bringing them in step is
 * one TransactWriteItems: the call log's `counted` is replaced on condition that it is still what
 * was read, and each day item gets the difference with `ADD`. Either all of it happens or none, so
 * a count is never lost or doubled; a writer that read an outdated `counted` fails its condition,
 * reads the call again and starts over. When nothing changed, nothing is written.
 *
 * No ClientRequestToken: the condition already makes a repeat harmless (an SDK retry of a
 * transaction that went through finds `counted` changed, reads it back and has nothing left to do).
 */
export class DynamoCallCounters implements CallCounters {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly maxAttempts = MAX_SYNC_ATTEMPTS,
  ) {}

  async sync(initialContactId: string, seen: CallCountState): Promise<CounterSync> {
    let state = seen;
    let lastConflict: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const next = callContribution(state.facts);
      const delta = contributionDelta(state.counted, next);
      if (delta.length === 0) return { outcome: 'unchanged' };
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              this.countedUpdate(initialContactId, state.counted, next),
              ...delta.map((day) => dayCounterUpdate(this.table, day)),
            ],
          }),
        );
        return {
          outcome: 'counted',
          first: state.counted === undefined,
          days: delta.length,
          attempts: attempt,
        };
      } catch (error) {
        if (!isContention(error)) throw toStoreError(error);
        lastConflict = error;
      }
      if (attempt < this.maxAttempts) state = await this.read(initialContactId);
    }
    throw new CounterConflictError(this.maxAttempts, { cause: lastConflict });
  }

  /** The call log's record of what is counted, replaced only if it is still what was read. */
  private countedUpdate(
    initialContactId: string,
    previous: Contribution | undefined,
    next: Contribution | undefined,
  ): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: callKeys.log(initialContactId),
        UpdateExpression: next ? 'SET #counted = :next' : 'REMOVE #counted',
        ConditionExpression: previous ? '#counted = :previous' : 'attribute_not_exists(#counted)',
        ExpressionAttributeNames: { '#counted': 'counted' },
        ExpressionAttributeValues: {
          ...(next ? { ':next': toContributionValue(next) } : {}),
          ...(previous ? { ':previous': toContributionValue(previous) } : {}),
        },
      },
    };
  }

  private async read(initialContactId: string): Promise<CallCountState> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: callKeys.log(initialContactId), ConsistentRead: true }),
      );
      // Gone (it never is while its events come; TTL is months away): nothing to count.
      return Item ? fromCallCountingItem(Item) : { facts: { timeline: deriveTimeline({}) } };
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

/**
 * The call log changed since it was read (its condition failed: the first item of the transaction),
 * or another transaction was writing one of the same items (today's counters are shared by every
 * call of the day): both pass when tried again on a fresh read.
 */
const isContention = (error: unknown): boolean => {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  return (
    reasons[0]?.Code === 'ConditionalCheckFailed' ||
    reasons.some((reason) => reason.Code === 'TransactionConflict')
  );
};

import { createHash } from 'node:crypto';
import { IdempotentParameterMismatchException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { contributionDelta, outcomeContribution } from '../../domain/call-metrics.ts';
import { CaseAlreadyResolvedError, ContactNotFoundError, StaleOutcomeError } from '../../domain/errors.ts';
import { type CaseResolutionEntry, outcomeSummary, type RecordedOutcome } from '../../domain/outcomes.ts';
import type { OutcomeChange, OutcomeStore } from '../../ports/outcome-store.ts';
import { callKeys, tenancyFilingUpdate, toCallOutcomeValue } from './entities/call.ts';
import {
  fromOutcomeItem,
  outcomeKeys,
  toOutcomeItem,
  toOutcomeRevisionItem,
} from './entities/call-outcome.ts';
import {
  caseResolutionKey,
  fromCaseResolutionItem,
  toCaseResolutionItem,
} from './entities/case-resolution.ts';
import { dayCounterUpdate, type TransactItem } from './entities/metrics-day.ts';
import { toStoreError } from './errors.ts';

export type { TransactItem };

/** Writes that must change together with an outcome (the metric counters) go into its transaction. */
export type CounterWrites = (change: OutcomeChange) => readonly TransactItem[];

/**
 * The outcome's day counters: the replaced revision's contribution taken back, the new one added,
 * on the call's day (each revision keeps its `callDay`, so the take-back is exact). A repeated
 * request writes nothing at all, so it counts nothing twice.
 */
export const outcomeCounterWrites =
  (table: string): CounterWrites =>
  (change) =>
    contributionDelta(outcomeContribution(change.previous), outcomeContribution(change.next)).map((delta) =>
      dayCounterUpdate(table, delta),
    );

/** Tries of one save when only the shared day counters were busy with another transaction. */
const COUNTER_CONFLICT_ATTEMPTS = 3;

/**
 * DynamoDB allows 36 characters. Derived from the contact and the agent's request id, so the SDK's
 * own retries of a request are applied once; without a request id, from the revision being written,
 * so that two different writers of the same revision cannot both succeed.
 */
export const outcomeRequestToken = (contactId: string, requestId: string | undefined, revision: number) =>
  createHash('sha256')
    .update(`${contactId}\n${requestId === undefined ? `revision:${revision}` : `request:${requestId}`}`)
    .digest('hex')
    .slice(0, 36);

interface Write {
  readonly item: TransactItem;
  /** The domain error when this write's condition fails. */
  readonly refused: (cause: unknown) => Error;
}

const stale = (cause: unknown) => new StaleOutcomeError({ cause });

/**
 * Outcomes in the calls table, next to their call log: `OUTCOME#CURRENT` (optimistic by revision),
 * earlier revisions under `OUTCOME#V<n>` (written once, never overwritten), the outcome's summary on
 * the call log (so the tenancy's history is one query), and cases closed from the hotline under
 * `CASE#<caseId>`: one TransactWriteItems, all or nothing.
 */
export class DynamoOutcomeStore implements OutcomeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly counterWrites: CounterWrites = () => [],
  ) {}

  async current(contactId: string): Promise<RecordedOutcome | undefined> {
    const item = await this.get(outcomeKeys.current(contactId));
    return item ? fromOutcomeItem(item) : undefined;
  }

  async caseResolution(caseId: string): Promise<CaseResolutionEntry | undefined> {
    const item = await this.get(caseResolutionKey(caseId));
    return item ? fromCaseResolutionItem(item) : undefined;
  }

  async save(change: OutcomeChange): Promise<void> {
    const writes = this.writesFor(change);
    const input = {
      TransactItems: [...writes.map((write) => write.item), ...this.counterWrites(change)],
      ClientRequestToken: outcomeRequestToken(change.next.contactId, change.requestId, change.next.revision),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand(input));
        return;
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const reasons = error.CancellationReasons ?? [];
          const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
          const write = writes[failed];
          if (write) throw write.refused(error);
          const conflicts = reasons.flatMap((reason, i) =>
            reason.Code === 'TransactionConflict' ? [i] : [],
          );
          // Only today's counters were busy (every call of the day writes them): the same
          // transaction again, under the same token, so that it applies once at most.
          if (
            conflicts.length > 0 &&
            conflicts.every((i) => i >= writes.length) &&
            attempt < COUNTER_CONFLICT_ATTEMPTS
          ) {
            continue;
          }
          // Another transaction on the outcome's own items was in flight: it is changing under us.
          if (conflicts.length > 0) throw stale(error);
        }
        // The same token with other values: a concurrent request wrote this revision first.
        if (error instanceof IdempotentParameterMismatchException) throw stale(error);
        throw toStoreError(error);
      }
    }
  }

  private writesFor(change: OutcomeChange): Write[] {
    const { next, previous, expiresAt, tenancyId } = change;
    const TableName = this.table;
    const writes: Write[] = [
      {
        item: {
          Put: {
            TableName,
            Item: toOutcomeItem(next, expiresAt),
            ...(previous
              ? {
                  ConditionExpression: '#revision = :revision',
                  ExpressionAttributeNames: { '#revision': 'revision' },
                  ExpressionAttributeValues: { ':revision': previous.revision },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        refused: stale,
      },
    ];
    if (previous) {
      writes.push({
        item: {
          Put: {
            TableName,
            Item: toOutcomeRevisionItem(previous, expiresAt),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        refused: stale,
      });
    }
    const filing = tenancyId ? tenancyFilingUpdate(tenancyId) : undefined;
    writes.push({
      item: {
        Update: {
          TableName,
          Key: callKeys.log(next.contactId),
          UpdateExpression: filing ? `SET #outcome = :outcome, ${filing.set}` : 'SET #outcome = :outcome',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#outcome': 'outcome', ...filing?.names },
          ExpressionAttributeValues: {
            ':outcome': toCallOutcomeValue(outcomeSummary(next)),
            ...filing?.values,
          },
        },
      },
      refused: (cause) => new ContactNotFoundError({ cause }),
    });
    const ownedByThisCall = {
      ConditionExpression: 'attribute_not_exists(pk) OR #contactId = :contactId',
      ExpressionAttributeNames: { '#contactId': 'contactId' },
      ExpressionAttributeValues: { ':contactId': next.contactId },
    };
    const { put, remove } = change.caseResolution ?? {};
    if (put) {
      writes.push({
        item: { Put: { TableName, Item: toCaseResolutionItem(put, expiresAt), ...ownedByThisCall } },
        refused: (cause) => new CaseAlreadyResolvedError({ cause }),
      });
    }
    if (remove) {
      writes.push({
        item: { Delete: { TableName, Key: caseResolutionKey(remove.caseId), ...ownedByThisCall } },
        refused: (cause) => new CaseAlreadyResolvedError({ cause }),
      });
    }
    return writes;
  }

  private async get(key: Record<string, string>): Promise<unknown> {
    try {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
      );
      return Item;
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ContactNotFoundError, TenancyConflictError } from '../../domain/errors.ts';
import type { TenancyId } from '../../domain/tenancy.ts';
import type { CallRecord, CallRecords, CallWithOutcome } from '../../ports/call-records.ts';
import { toStoreError } from './errors.ts';
import { keys } from './keys.ts';
import { fromCallItem, fromOutcomeItem, tenancyFilingUpdate } from './records.ts';
import { TABLES } from './tables.ts';

const CALLS_BY_TENANCY = TABLES.calls.indexes[0].indexName;

/**
 * Call logs as the agent side reads them: by contact id, and the calls of a tenancy (the index
 * `callsByTenancy`, under the tenancy's key and those of the numbers it alone lists).
 */
export class DynamoCallRecords implements CallRecords {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async findWithOutcome(contactId: string): Promise<CallWithOutcome | undefined> {
    const range = keys.callWithCurrentOutcome(contactId);
    try {
      // Consistent: the agent asks seconds after identify-caller wrote the log. One Query instead of
      // two GetItems: both items together are one read unit when under 4 KB, and one round trip.
      const { Items = [] } = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': range.pk, ':from': range.from, ':to': range.to },
          ConsistentRead: true,
        }),
      );
      const log = Items.find((item) => item.sk === range.from);
      if (!log) return undefined;
      const outcome = Items.find((item) => item.sk === range.to);
      return { call: fromCallItem(log), outcome: outcome ? fromOutcomeItem(outcome) : undefined };
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async attachTenancy(contactId: string, tenancyId: TenancyId): Promise<void> {
    const filing = tenancyFilingUpdate(tenancyId);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.call(contactId),
          UpdateExpression: `SET ${filing.set}`,
          // Never creates a call log: only identify-caller and contact events do.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: filing.names,
          ExpressionAttributeValues: filing.values,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ContactNotFoundError({ cause: error });
      throw toStoreError(error);
    }
  }

  async attachAgentTenancy(
    contactId: string,
    tenancyId: TenancyId,
    options: { readonly replaces?: TenancyId | undefined },
  ): Promise<void> {
    const still =
      options.replaces === undefined
        ? 'attribute_not_exists(#agentTenancyId)'
        : // The replaced tenancy's case must not be closed by this call's outcome: that stays its own.
          '(#agentTenancyId = :replaces AND attribute_not_exists(#outcome.#caseResolution))';
    const filing = tenancyFilingUpdate(tenancyId);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.call(contactId),
          UpdateExpression: `SET #agentTenancyId = :tenancyId, ${filing.set}`,
          // A repeat, or two agents choosing the same tenancy at once, passes: it changes nothing.
          ConditionExpression: `attribute_exists(pk) AND (${still} OR #agentTenancyId = :tenancyId)`,
          ExpressionAttributeNames: {
            '#agentTenancyId': 'agentTenancyId',
            ...filing.names,
            ...(options.replaces === undefined
              ? {}
              : { '#outcome': 'outcome', '#caseResolution': 'caseResolution' }),
          },
          ExpressionAttributeValues: {
            ...filing.values,
            ...(options.replaces === undefined ? {} : { ':replaces': options.replaces }),
          },
          // Tells a call that is gone (no item) from one that changed meanwhile, without a read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw error.Item === undefined
          ? new ContactNotFoundError({ cause: error })
          : new TenancyConflictError({ cause: error });
      }
      throw toStoreError(error);
    }
  }

  async recentForTenancy(
    tenancyId: TenancyId,
    options: { readonly limit: number; readonly now: Date; readonly phoneHashes?: readonly string[] },
  ): Promise<readonly CallRecord[]> {
    const filings = [
      keys.callsOfTenancy(tenancyId).tenancyKey,
      ...(options.phoneHashes ?? []).map((hash) => keys.callsOfNumber(hash).tenancyKey),
    ];
    // One Query per filing, in parallel; each brings up to `limit`, so the merge has the newest.
    const lists = await Promise.all(filings.map((tenancyKey) => this.recentUnder(tenancyKey, options)));
    // A call refiled a moment ago may still show under its old key too: the index is eventually consistent.
    const byContact = new Map(lists.flat().map((call) => [call.contactId, call]));
    return [...byContact.values()]
      .sort((a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? ''))
      .slice(0, options.limit);
  }

  private async recentUnder(
    tenancyKey: string,
    options: { readonly limit: number; readonly now: Date },
  ): Promise<CallRecord[]> {
    const found: CallRecord[] = [];
    try {
      const pages = paginateQuery(
        { client: this.doc, pageSize: options.limit },
        {
          TableName: this.table,
          IndexName: CALLS_BY_TENANCY,
          KeyConditionExpression: '#tenancyKey = :tenancyKey',
          // TTL deletes expired items days late (or never, locally): they must not show.
          FilterExpression: '#expiresAt > :now',
          ExpressionAttributeNames: { '#tenancyKey': 'tenancyKey', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':tenancyKey': tenancyKey,
            ':now': Math.floor(options.now.getTime() / 1000),
          },
          ScanIndexForward: false,
        },
      );
      // A page can come back short or empty after the filter: read on until enough or the end.
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          found.push(fromCallItem(item));
          if (found.length === options.limit) return found;
        }
      }
    } catch (error) {
      throw toStoreError(error);
    }
    return found;
  }
}

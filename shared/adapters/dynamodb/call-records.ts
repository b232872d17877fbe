import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ContactNotFoundError } from '../../domain/errors.ts';
import type { TenancyId } from '../../domain/tenancy.ts';
import type { CallRecord, CallRecords, CallWithOutcome } from '../../ports/call-records.ts';
import { toStoreError } from './errors.ts';
import { keys } from './keys.ts';
import { fromCallItem, fromOutcomeItem } from './records.ts';
import { TABLES } from './tables.ts';

const CALLS_BY_TENANCY = TABLES.calls.indexes[0].indexName;

/** Call logs as the agent side reads them: by contact id, and the calls of a tenancy (an index). */
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
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.call(contactId),
          UpdateExpression: 'SET #tenancyId = :tenancyId, #tenancyKey = :tenancyKey',
          // Never creates a call log: only identify-caller and contact events do.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#tenancyId': 'tenancyId', '#tenancyKey': 'tenancyKey' },
          ExpressionAttributeValues: {
            ':tenancyId': tenancyId,
            ':tenancyKey': keys.callsOfTenancy(tenancyId).tenancyKey,
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ContactNotFoundError({ cause: error });
      throw toStoreError(error);
    }
  }

  async recentForTenancy(
    tenancyId: TenancyId,
    options: { readonly limit: number; readonly now: Date },
  ): Promise<readonly CallRecord[]> {
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
            ':tenancyKey': keys.callsOfTenancy(tenancyId).tenancyKey,
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

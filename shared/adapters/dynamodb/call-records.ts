import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ContactNotFoundError, TenancyConflictError } from '../../domain/errors.ts';
import type { TenancyId } from '../../domain/tenancy.ts';
import type {
  CallRecord,
  CallRecords,
  CallWithOutcome,
  FiledCall,
  IdentityConfirmation,
} from '../../ports/call-records.ts';
import { batchGetAll } from './batches.ts';
import {
  callKeys,
  fromCallItem,
  fromFiledCallItem,
  identityConfirmationUpdate,
  tenancyFilingUpdate,
} from './entities/call.ts';
import { fromOutcomeItem, outcomeKeys } from './entities/call-outcome.ts';
import { toStoreError } from './errors.ts';
import { TABLES } from './tables.ts';

const CALLS_BY_TENANCY = TABLES.calls.indexes.callsByTenancy.indexName;

/**
 * Call logs as the agent side reads them: by contact id, and the calls of a tenancy: their keys from
 * the index `callsByTenancy` (keys only, so that the many later writes to a call log cost the index
 * nothing), then the logs themselves in one BatchGetItem.
 */
export class DynamoCallRecords implements CallRecords {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async findWithOutcome(contactId: string): Promise<CallWithOutcome | undefined> {
    const range = outcomeKeys.withCallLog(contactId);
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

  async confirmIdentity(contactId: string, confirmation: IdentityConfirmation): Promise<void> {
    const { set, names, values } = identityConfirmationUpdate(confirmation);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: callKeys.log(contactId),
          UpdateExpression: `SET ${set}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ContactNotFoundError({ cause: error });
      throw toStoreError(error);
    }
  }

  async attachTenancy(contactId: string, tenancyId: TenancyId): Promise<void> {
    const filing = tenancyFilingUpdate(tenancyId);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: callKeys.log(contactId),
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
          Key: callKeys.log(contactId),
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

  async listFiledUnder(
    tenancy: { readonly tenancyId: TenancyId; readonly phoneHashes: readonly string[] },
    options: { readonly limit: number },
  ): Promise<readonly FiledCall[]> {
    const filings = [
      callKeys.filedUnderTenancy(tenancy.tenancyId).tenancyKey,
      ...[...new Set(tenancy.phoneHashes)].map((hash) => callKeys.filedUnderNumber(hash).tenancyKey),
    ];
    // One Query per filing, in parallel; each brings its newest `limit`, so a merge has the newest.
    const lists = await Promise.all(
      filings.map(async (tenancyKey) => {
        try {
          const { Items = [] } = await this.doc.send(
            new QueryCommand({
              TableName: this.table,
              IndexName: CALLS_BY_TENANCY,
              KeyConditionExpression: '#tenancyKey = :tenancyKey',
              ExpressionAttributeNames: { '#tenancyKey': 'tenancyKey' },
              ExpressionAttributeValues: { ':tenancyKey': tenancyKey },
              ScanIndexForward: false,
              Limit: options.limit,
            }),
          );
          return Items.map(fromFiledCallItem);
        } catch (error) {
          throw toStoreError(error);
        }
      }),
    );
    return lists.flat();
  }

  async findMany(
    contactIds: readonly string[],
    options: { readonly now: Date },
  ): Promise<readonly CallRecord[]> {
    const items = await batchGetAll(
      this.doc,
      this.table,
      [...new Set(contactIds)].map((contactId) => callKeys.log(contactId)),
    );
    const found = items.map(fromCallItem);
    // TTL deletes expired items days late (or never, locally): they must not show.
    const nowSeconds = Math.floor(options.now.getTime() / 1000);
    return found.filter((call) => call.expiresAt > nowSeconds);
  }
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { TenancyId } from '../../domain/tenancy.ts';
import {
  type AuditEntry,
  type AuditTrail,
  DEFAULT_AUDIT_RETENTION_DAYS,
  type RecordedAuditEntry,
} from '../../ports/audit-trail.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import { auditKeys, fromAuditEntryItem, toAuditEntryItem } from './entities/audit-entry.ts';
import { toStoreError } from './errors.ts';

export interface AuditTrailOptions {
  /** How long an entry is kept before TTL removes it. @default DEFAULT_AUDIT_RETENTION_DAYS (730) */
  readonly retentionDays?: number;
  /** Decides which entries are past retention when listed (TTL removes them late). */
  readonly clock?: Clock;
}

/** Tries of one entry whose new id met an existing one (two entries in one millisecond). */
const ID_COLLISION_ATTEMPTS = 3;

/**
 * The audit trail in its own table, append-only: every entry is one PutItem that may only create
 * (`attribute_not_exists(pk)`), so that no entry is ever overwritten, and the functions that write
 * it are granted PutItem alone (infra). Entries are read by Query on their partition.
 */
export class DynamoAuditTrail implements AuditTrail {
  private readonly retentionDays: number;
  private readonly clock: Clock;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    options: AuditTrailOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    if (!Number.isInteger(this.retentionDays) || this.retentionDays < 1) {
      throw new RangeError(`audit retention must be a whole number of days ≥ 1, got ${this.retentionDays}`);
    }
    this.clock = options.clock ?? systemClock;
  }

  async record(entry: AuditEntry): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: toAuditEntryItem(entry, auditKeys.newEntryId(entry.at), this.retentionDays),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return;
      } catch (error) {
        // Another entry took this id: a new id, never the other entry overwritten.
        if (error instanceof ConditionalCheckFailedException && attempt < ID_COLLISION_ATTEMPTS) continue;
        throw toStoreError(error);
      }
    }
  }

  listForTenancy(
    tenancyId: TenancyId,
    options: { readonly from?: Date | undefined } = {},
  ): Promise<readonly RecordedAuditEntry[]> {
    return this.list(auditKeys.tenancy(tenancyId).pk, options.from);
  }

  listForContact(
    contactId: string,
    options: { readonly from?: Date | undefined } = {},
  ): Promise<readonly RecordedAuditEntry[]> {
    return this.list(auditKeys.contact(contactId).pk, options.from);
  }

  private async list(pk: string, from: Date | undefined): Promise<readonly RecordedAuditEntry[]> {
    const entries: RecordedAuditEntry[] = [];
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const pages = paginateQuery(
        { client: this.doc },
        {
          TableName: this.table,
          KeyConditionExpression: from === undefined ? '#pk = :pk' : '#pk = :pk AND #sk >= :from',
          ExpressionAttributeNames: { '#pk': 'pk', ...(from === undefined ? {} : { '#sk': 'sk' }) },
          ExpressionAttributeValues: {
            ':pk': pk,
            ...(from === undefined ? {} : { ':from': auditKeys.entriesFrom(from) }),
          },
          // Oldest first: the ids sort by time.
          ScanIndexForward: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const { expiresAt, ...entry } = fromAuditEntryItem(item);
          if (expiresAt > nowSeconds) entries.push(entry);
        }
      }
    } catch (error) {
      throw toStoreError(error);
    }
    return entries;
  }
}

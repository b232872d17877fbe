import * as z from 'zod/mini';
import { CorruptRecordError } from '../../../domain/errors.ts';
import { sortableId } from '../../../domain/sortable-id.ts';
import { type TenancyId, TenancyIdSchema } from '../../../domain/tenancy.ts';
import { AUDIT_ACTIONS, type AuditEntry, type RecordedAuditEntry } from '../../../ports/audit-trail.ts';
import { versionedRecord } from './versioned-record.ts';

/**
 * One read or change of a tenant's data (Audit table, a table of its own): one partition per
 * tenancy (an access request reads one), or per contact while no tenancy is known, or per signed-in
 * user when neither is (a search that found nobody). Ids only (tenancy, contact, the user's Cognito
 * `sub`), never a name or number: the trail outlives the call logs it describes. The sort key is the
 * entry's id, which sorts by time (`20261125T091500123Z-k3f9`), so a period is one `sk >=` range.
 */
export const auditKeys = {
  partitionOf: (about: {
    readonly tenancyId?: TenancyId | undefined;
    readonly contactId?: string | undefined;
    readonly subject: string;
  }): string =>
    about.tenancyId !== undefined
      ? auditKeys.tenancy(about.tenancyId).pk
      : about.contactId !== undefined
        ? auditKeys.contact(about.contactId).pk
        : `SUBJECT#${about.subject}`,
  tenancy: (tenancyId: TenancyId) => ({ pk: `TENANCY#${tenancyId}` }),
  contact: (contactId: string) => ({ pk: `CONTACT#${contactId}` }),
  entry: (pk: string, entryId: string) => ({ pk, sk: `ENTRY#${entryId}` }),
  /** The entry id inside an entry's `sk`. */
  entryIdOfSk: (sk: string): string | undefined => /^ENTRY#(.+)$/.exec(sk)?.[1],
  /** The first `sk` at or after an instant: ids begin with the instant they were made at. */
  entriesFrom: (at: Date) => `ENTRY#${sortableId(at).split('-')[0]}`,
  newEntryId: (at: Date): string => sortableId(at),
} as const;

const AUDIT_ENTRY = versionedRecord('audit-entry', 1);

const AuditEntryRecord = z.object({
  pk: z.string(),
  sk: z.string(),
  ...AUDIT_ENTRY.shape,
  action: z.enum(AUDIT_ACTIONS),
  subject: z.string().check(z.minLength(1)),
  groups: z.array(z.string()),
  contactId: z.optional(z.string()),
  tenancyId: z.optional(TenancyIdSchema),
  route: z.string().check(z.minLength(1)),
  at: z.string(),
  expiresAt: z.number(),
});

export const toAuditEntryItem = (entry: AuditEntry, entryId: string, retentionDays: number) => ({
  ...auditKeys.entry(auditKeys.partitionOf(entry), entryId),
  ...AUDIT_ENTRY.stamp,
  action: entry.action,
  subject: entry.subject,
  groups: [...entry.groups],
  ...(entry.contactId !== undefined ? { contactId: entry.contactId } : {}),
  ...(entry.tenancyId !== undefined ? { tenancyId: entry.tenancyId } : {}),
  route: entry.route,
  at: entry.at.toISOString(),
  // TTL reads epoch seconds and deletes an expired item within days, not at once:
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
  expiresAt: Math.floor(entry.at.getTime() / 1000) + retentionDays * 86_400,
});

/** An entry as the trail lists it, with its expiry (TTL removes items days late, or never locally). */
export const fromAuditEntryItem = (item: unknown): RecordedAuditEntry & { readonly expiresAt: number } => {
  const record = AUDIT_ENTRY.parse(AuditEntryRecord, item);
  const entryId = auditKeys.entryIdOfSk(record.sk);
  if (entryId === undefined) throw new CorruptRecordError(AUDIT_ENTRY.entity);
  return {
    entryId,
    action: record.action,
    subject: record.subject,
    groups: record.groups,
    ...(record.contactId !== undefined ? { contactId: record.contactId } : {}),
    ...(record.tenancyId !== undefined ? { tenancyId: record.tenancyId } : {}),
    route: record.route,
    at: record.at,
    expiresAt: record.expiresAt,
  };
};

import * as z from 'zod/mini';
import { CorruptRecordError } from '../../domain/errors.ts';
import { TenancyIdSchema } from '../../domain/tenancy.ts';
import { AUDIT_ACTIONS, type AuditEntry, type RecordedAuditEntry } from '../../ports/audit-trail.ts';
import { auditKeys } from './keys.ts';

/**
 * The audit trail's stored shape, beside records.ts as the trail has a table of its own: an entry
 * says what it is (`entity`) and which shape it has (`version`), and is parsed with zod on the way
 * out. It holds ids only (tenancy, contact, the user's Cognito `sub`), never a name or number.
 */
const AuditEntryRecord = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('audit-entry'),
  version: z.literal(1),
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
  entity: 'audit-entry',
  version: 1,
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
  const parsed = AuditEntryRecord.safeParse(item);
  if (!parsed.success) throw new CorruptRecordError('audit-entry', { cause: parsed.error });
  const record = parsed.data;
  const entryId = auditKeys.entryIdOfSk(record.sk);
  if (entryId === undefined) throw new CorruptRecordError('audit-entry');
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

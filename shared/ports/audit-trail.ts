import type { TenancyId } from '../domain/tenancy.ts';

/**
 * What the audit trail records: who did what to which tenant's data, when, and through which route.
 * Ids only, never a name, number, address or case fact, so that the trail can outlive the call logs
 * it describes (and an erasure) without holding personal data beyond the ids.
 */
export const AUDIT_ACTIONS = [
  /** The caller context of a contact was read (agent API `context`, `tenancy`). */
  'context_read',
  /** The agent confirmed they checked the caller's identity before the file was shown. */
  'identity_confirmed',
  'outcome_recorded',
  'outcome_corrected',
  'candidates_searched',
  'tenancy_attached',
  'privacy_export',
  'privacy_erase',
  'audit_read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  readonly action: AuditAction;
  /** The signed-in user (Cognito `sub`, locally the demo user's) and the groups they acted in. */
  readonly subject: string;
  readonly groups: readonly string[];
  /** The contact concerned (initial contact id), when there is one. */
  readonly contactId?: string | undefined;
  /** The tenancy concerned, when known. */
  readonly tenancyId?: TenancyId | undefined;
  /** Where it happened: the API route key (`GET /api/contacts/{contactId}/context`) or the CLI command. */
  readonly route: string;
  readonly at: Date;
}

export interface RecordedAuditEntry extends Omit<AuditEntry, 'at'> {
  /** Unique and sortable by time. */
  readonly entryId: string;
  readonly at: string;
}

/**
 * How long the trail keeps an entry by default: two years, longer than the call logs it describes
 * (CALL_RETENTION_DAYS, 400 days by default), so that who saw a call can be answered for as long as
 * the call is kept and a while after it is gone.
 */
export const DEFAULT_AUDIT_RETENTION_DAYS = 730;

export interface AuditTrail {
  /** Appends one entry; never updates or removes one. */
  record(entry: AuditEntry): Promise<void>;
  /** A tenancy's entries from `from` on, oldest first. */
  listForTenancy(
    tenancyId: TenancyId,
    options?: { readonly from?: Date | undefined },
  ): Promise<readonly RecordedAuditEntry[]>;
  /**
   * A contact's entries recorded while no tenancy was known for it (a call whose caller was not
   * recognised), from `from` on, oldest first.
   */
  listForContact(
    contactId: string,
    options?: { readonly from?: Date | undefined },
  ): Promise<readonly RecordedAuditEntry[]>;
}

import type { Actor } from '../domain/contact-access.ts';
import type { TenancyId } from '../domain/tenancy.ts';
import type { AuditAction, AuditTrail, RecordedAuditEntry } from '../ports/audit-trail.ts';
import type { Clock } from '../ports/clock.ts';
import {
  type ErasedCounts,
  type HeldDataStore,
  type HeldTenancyData,
  nothingErased,
} from '../ports/held-data.ts';

/** One request of the privacy office: who asks, about which tenancy, through which route or command. */
export interface PrivacyRequest {
  readonly actor: Pick<Actor, 'subject' | 'groups'>;
  /** The API route key, or the CLI command (`hotline privacy export`). */
  readonly route: string;
  readonly tenancyId: TenancyId;
}

/** An access request's answer (GDPR Art. 15): what the tables hold, and who saw or changed it. */
export interface TenancyExport extends HeldTenancyData {
  readonly exportedAt: string;
  /** The tenancy's audit entries and those of its calls made before its tenancy was known, oldest first. */
  readonly audit: readonly RecordedAuditEntry[];
}

export interface ErasureReport {
  readonly tenancyId: TenancyId;
  readonly erasedAt: string;
  readonly erased: ErasedCounts;
  /** True when nothing was held (a second run, or a tenancy the hotline never saw). */
  readonly nothingHeld: boolean;
}

export interface AuditReport {
  readonly tenancyId: TenancyId;
  readonly from?: string | undefined;
  readonly entries: readonly RecordedAuditEntry[];
}

export interface PrivacyDeskDeps {
  readonly held: HeldDataStore;
  readonly audit: AuditTrail;
  readonly clock: Clock;
}

const byEntryId = (a: RecordedAuditEntry, b: RecordedAuditEntry) => a.entryId.localeCompare(b.entryId);

/**
 * The privacy office's three operations: export, erase, read the trail. Each is recorded in the
 * audit trail before it runs, so that even a failed erasure leaves a trace of who asked for it.
 * Who may ask is the edge's to decide (the `privacy` group on the API; the operator of the store for
 * the CLI).
 */
export const makePrivacyDesk = (deps: PrivacyDeskDeps) => {
  const record = (request: PrivacyRequest, action: AuditAction) =>
    deps.audit.record({
      action,
      subject: request.actor.subject,
      groups: request.actor.groups,
      tenancyId: request.tenancyId,
      route: request.route,
      at: deps.clock.now(),
    });

  return {
    async exportData(request: PrivacyRequest): Promise<TenancyExport> {
      await record(request, 'privacy_export');
      const held = await deps.held.collect(request.tenancyId);
      const trails = await Promise.all([
        deps.audit.listForTenancy(request.tenancyId),
        ...held.calls.map(({ call }) => deps.audit.listForContact(call.contactId)),
      ]);
      return { ...held, exportedAt: deps.clock.now().toISOString(), audit: trails.flat().sort(byEntryId) };
    },

    async erase(request: PrivacyRequest): Promise<ErasureReport> {
      await record(request, 'privacy_erase');
      const erased = await deps.held.erase(request.tenancyId);
      return {
        tenancyId: request.tenancyId,
        erasedAt: deps.clock.now().toISOString(),
        erased,
        nothingHeld: nothingErased(erased),
      };
    },

    async readAudit(request: PrivacyRequest & { readonly from?: Date | undefined }): Promise<AuditReport> {
      await record(request, 'audit_read');
      const entries = await deps.audit.listForTenancy(request.tenancyId, { from: request.from });
      return {
        tenancyId: request.tenancyId,
        ...(request.from === undefined ? {} : { from: request.from.toISOString() }),
        entries,
      };
    },
  };
};
export type PrivacyDesk = ReturnType<typeof makePrivacyDesk>;

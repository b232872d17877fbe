// zod/mini: the privacy API Lambda parses every request with these schemas.
import * as z from 'zod/mini';
import { TenancyIdSchema } from '../domain/tenancy.ts';
import { instantOfViennaWallClock, isIsoDate } from '../domain/vienna-calendar.ts';

/**
 * The privacy API's contract: the data-protection office answers a tenant's access request
 * (GDPR Art. 15) and erasure request (Art. 17), and reads who saw a tenant's data. The CLI
 * (`hotline privacy`, `hotline audit`), the local server and the CDK routes are built against it.
 *
 * - `GET /api/privacy/tenancies/{tenancyId}` → 200 TenancyExport (use-cases/privacy-desk.ts): the
 *   read-model entry, calls with every outcome revision, case resolutions, audit entries.
 * - `POST /api/privacy/tenancies/{tenancyId}/erasure` with `{}` → 200 ErasureReport: the tenancy's
 *   calls, outcomes, resolutions and read-model entry removed (until an import brings the entry
 *   back); day counters kept; `nothingHeld: true` when there was nothing to remove.
 * - `GET /api/privacy/tenancies/{tenancyId}/audit[?from=YYYY-MM-DD]` → 200 AuditReport.
 *
 * Every request is itself audited. Errors: 400 `{message, fields}`, 401, 403 (anyone not in
 * `privacy`: agents, supervisors and managers included), 404, 405, 500.
 */
export const PRIVACY_GROUP = 'privacy';

export const PRIVACY_ROUTE_KEYS = {
  export: 'GET /api/privacy/tenancies/{tenancyId}',
  erasure: 'POST /api/privacy/tenancies/{tenancyId}/erasure',
  audit: 'GET /api/privacy/tenancies/{tenancyId}/audit',
} as const;
export type PrivacyRouteName = keyof typeof PRIVACY_ROUTE_KEYS;

export const TenancyParameter = z.strictObject({ tenancyId: TenancyIdSchema });

/** The erasure carries nothing but the decision: an empty JSON object. */
export const ErasureBody = z.strictObject({});

export const AuditQuery = z.strictObject({
  from: z.optional(z.string().check(z.refine(isIsoDate, 'a calendar day, YYYY-MM-DD'))),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** The first instant of a Vienna day: where `from` starts the trail. */
export const startOfViennaDay = (day: string): Date => instantOfViennaWallClock(new Date(`${day}T00:00:00Z`));

import { z } from 'zod';
import type { E164 } from './phone.ts';
import { type IsoDate, isIsoDate } from './vienna-calendar.ts';

/** Case stages in the order a case escalates (BRIEF.md). */
export const CASE_STAGES = [
  'arrears',
  'reminder',
  'termination',
  'lawsuit',
  'judgment',
  'eviction_scheduled',
] as const;
export const CaseStage = z.enum(CASE_STAGES);
export type CaseStage = z.infer<typeof CaseStage>;

export const CASE_RESOLUTIONS = ['housing_secured', 'housing_lost', 'other'] as const;
export const CaseResolution = z.enum(CASE_RESOLUTIONS);
export type CaseResolution = z.infer<typeof CaseResolution>;

/** What a caller keys in: 6 to 12 digits. */
export const TENANCY_ID_PATTERN = /^\d{6,12}$/;
export type TenancyId = string & { readonly __brand: 'TenancyId' };
export const isTenancyId = (value: string): value is TenancyId => TENANCY_ID_PATTERN.test(value);
export const TenancyIdSchema = z.string().refine(isTenancyId, 'must be 6 to 12 digits');

export const IsoDateSchema = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');

export const E164Schema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number')
  .transform((n) => n as E164);

export type PreferredLanguage = string & { readonly __brand: 'PreferredLanguage' };
export const PreferredLanguageSchema = z
  .string()
  .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as de or en')
  .transform((code) => code as PreferredLanguage);

export const TenancySchema = z.object({
  tenancyId: TenancyIdSchema,
  tenantName: z.string().min(1),
  phoneNumbers: z.array(E164Schema),
  address: z.string().min(1),
  postalCode: z.string().regex(/^\d{4}$/, 'must be a four-digit Austrian postal code'),
  preferredLanguage: PreferredLanguageSchema,
  householdSize: z.number().int().min(1),
  children: z.number().int().min(0),
});
export type Tenancy = z.infer<typeof TenancySchema>;

export const EvictionCaseSchema = z.object({
  caseId: z.string().min(1),
  tenancyId: TenancyIdSchema,
  status: z.enum(['open', 'closed']),
  stage: CaseStage,
  arrearsEur: z.number().nonnegative(),
  monthsInArrears: z.number().int().nonnegative(),
  courtHearingDate: IsoDateSchema.optional(),
  evictionDate: IsoDateSchema.optional(),
  caseWorker: z.string().min(1),
  openedOn: IsoDateSchema,
  resolution: CaseResolution.optional(),
});
export type EvictionCase = z.infer<typeof EvictionCaseSchema>;

/** Everything the hotline knows about one tenancy: the unit the read model stores and serves. */
export const TenancyFileSchema = z.object({
  tenancy: TenancySchema,
  cases: z.array(EvictionCaseSchema),
});
export type TenancyFile = z.infer<typeof TenancyFileSchema>;

/** A tenancy has at most one open case; the import enforces it. */
export const openCaseOf = (file: TenancyFile): EvictionCase | undefined =>
  file.cases.find((c) => c.status === 'open');

export type { IsoDate };

// zod/mini: these schemas run in the Lambda on every lookup, and the mini build keeps the bundle
// small (docs/performance-targets.md: bundle ≤ 1.3 × the SDK alone). Classic zod schemas can embed them.
import * as z from 'zod/mini';
import type { E164 } from './phone-types.ts';
import { type IsoDate, isIsoDate } from './vienna-calendar.ts';

/** Case stages in the order a case escalates (docs/tenancy-data.md). */
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

const branded = <T extends string>(test: (value: string) => boolean, message: string) =>
  z.custom<T>((value) => typeof value === 'string' && test(value), message);

export const TenancyIdSchema = branded<TenancyId>(isTenancyId, 'must be 6 to 12 digits');
export const IsoDateSchema = branded<IsoDate>(isIsoDate, 'must be a date YYYY-MM-DD');
export const E164Schema = branded<E164>((n) => /^\+[1-9]\d{6,14}$/.test(n), 'must be an E.164 number');

export type PreferredLanguage = string & { readonly __brand: 'PreferredLanguage' };
export const PreferredLanguageSchema = branded<PreferredLanguage>(
  (code) => /^[a-z]{2}$/.test(code),
  'must be an ISO 639-1 code such as de or en',
);

const count = (minimum: number) => z.int().check(z.minimum(minimum));
const text = () => z.string().check(z.minLength(1));

export const TenancySchema = z.object({
  tenancyId: TenancyIdSchema,
  tenantName: text(),
  phoneNumbers: z.array(E164Schema),
  address: text(),
  postalCode: z.string().check(z.regex(/^\d{4}$/, 'must be a four-digit Austrian postal code')),
  preferredLanguage: PreferredLanguageSchema,
  householdSize: count(1),
  children: count(0),
});
export type Tenancy = z.infer<typeof TenancySchema>;

export const EvictionCaseSchema = z.object({
  caseId: text(),
  tenancyId: TenancyIdSchema,
  status: z.enum(['open', 'closed']),
  stage: CaseStage,
  arrearsEur: z.number().check(z.minimum(0)),
  monthsInArrears: count(0),
  courtHearingDate: z.optional(IsoDateSchema),
  evictionDate: z.optional(IsoDateSchema),
  caseWorker: text(),
  openedOn: IsoDateSchema,
  resolution: z.optional(CaseResolution),
});
export type EvictionCase = z.infer<typeof EvictionCaseSchema>;

/** Everything the hotline knows about one tenancy: the unit the read model stores and serves. */
export const TenancyFileSchema = z.object({
  tenancy: TenancySchema,
  cases: z.array(EvictionCaseSchema),
});
export type TenancyFile = z.infer<typeof TenancyFileSchema>;

/**
 * A tenancy's file as the read model holds and serves it: the tenancy without its phone numbers,
 * which nothing reads once they are keys, and in their place the keyed hashes of those numbers
 * (the read model's keys, and the keys calls are filed under). The import's `TenancyFile` turns
 * into this when it is stored; a number is never stored where a hash would do.
 */
export const ListedTenancyFileSchema = z.object({
  tenancy: z.omit(TenancySchema, { phoneNumbers: true }),
  cases: z.array(EvictionCaseSchema),
  /** The keyed hashes of the tenancy's distinct numbers, made with its generation's hash key. */
  phoneHashes: z.array(z.string().check(z.minLength(1))),
});
export type ListedTenancyFile = z.infer<typeof ListedTenancyFileSchema>;
/** A tenancy as the agent side sees it: everything but its numbers. */
export type ListedTenancy = ListedTenancyFile['tenancy'];

/** A file as the read model lists it, given the hashes of its numbers under the generation's key. */
export const listedFileOf = (
  { tenancy: { phoneNumbers, ...tenancy }, cases }: TenancyFile,
  phoneHash: (phone: E164) => string,
): ListedTenancyFile => ({ tenancy, cases, phoneHashes: [...new Set(phoneNumbers)].map(phoneHash) });

/** A tenancy has at most one open case; the import enforces it. */
export const openCaseOf = (file: { readonly cases: readonly EvictionCase[] }): EvictionCase | undefined =>
  file.cases.find((c) => c.status === 'open');

export type { IsoDate };

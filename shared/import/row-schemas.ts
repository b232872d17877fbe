import * as z from 'zod';
import { type E164, parsePhone } from '../domain/phone.ts';
import {
  CASE_RESOLUTIONS,
  CASE_STAGES,
  type EvictionCase,
  IsoDateSchema,
  PreferredLanguageSchema,
  type Tenancy,
  TenancyIdSchema,
  TenancySchema,
} from '../domain/tenancy.ts';
import type { CsvLayout } from './csv-reader.ts';

/**
 * The CSV formats of docs/tenancy-data.md, one zod schema per row. Each
 * schema takes the trimmed field strings of a row, keyed by column name, and yields the domain
 * value; every issue's path is the column it concerns, so a problem points at one field. Messages
 * say what is wrong and never repeat the value: fields hold personal data.
 *
 * Decisions where the formats are silent:
 * - `arrears_eur` is written with a point before the cents and no thousands separator (`1234.50`).
 *   `1.234,50` and `1234,50` are refused with a message saying so: `1.234` could mean either
 *   1234 or 1.234 euros, and an arrears amount is not something to guess.
 * - `resolution` is required for a closed case (`other` exists for everything that is neither
 *   secured nor lost, and the success rate counts resolutions) and must be empty for an open one.
 * - `status`, `stage`, `resolution` and `preferred_language` are matched case-insensitively.
 * - Free text is bounded: a name, address or case worker of at most 200 characters, a case id of at
 *   most 64. Longer values are garbage, and would break what reads them: a tenancy's file is one
 *   DynamoDB item (400 KB at most), and the case id goes into the flow's attributes (32 KB at most).
 */

/** Column order as written by exporters that follow docs/tenancy-data.md (and by the demo data generator). */
export const TENANCY_CSV_COLUMNS = [
  'tenancy_id',
  'tenant_name',
  'phone_numbers',
  'address',
  'postal_code',
  'preferred_language',
  'household_size',
  'children',
] as const;
export type TenancyColumn = (typeof TENANCY_CSV_COLUMNS)[number];

export const CASE_CSV_COLUMNS = [
  'case_id',
  'tenancy_id',
  'status',
  'stage',
  'arrears_eur',
  'months_in_arrears',
  'court_hearing_date',
  'eviction_date',
  'case_worker',
  'opened_on',
  'resolution',
] as const;
export type CaseColumn = (typeof CASE_CSV_COLUMNS)[number];

const TENANCY_OPTIONAL = ['preferred_language'] as const satisfies readonly TenancyColumn[];
/** `resolution` may be left out by a file without closed cases. */
const CASE_OPTIONAL = [
  'court_hearing_date',
  'eviction_date',
  'resolution',
] as const satisfies readonly CaseColumn[];

const without = <C extends string>(all: readonly C[], optional: readonly C[]): C[] =>
  all.filter((column) => !optional.includes(column));

export const TENANCY_LAYOUT: CsvLayout<TenancyColumn> = {
  required: without(TENANCY_CSV_COLUMNS, TENANCY_OPTIONAL),
  optional: TENANCY_OPTIONAL,
};
export const CASE_LAYOUT: CsvLayout<CaseColumn> = {
  required: without(CASE_CSV_COLUMNS, CASE_OPTIONAL),
  optional: CASE_OPTIONAL,
};

export const DEFAULT_PREFERRED_LANGUAGE = 'de';

/** The separator between several numbers in one `phone_numbers` field. */
export const PHONE_SEPARATOR = ';';

const filled = z.string().min(1, 'is required');
export const MAX_TEXT_LENGTH = 200;
export const MAX_CASE_ID_LENGTH = 64;
const text = (max: number) => filled.max(max, `must be at most ${max} characters`);
const lowerCase = (value: string): string => value.toLowerCase();

const wholeNumber = (min: 0 | 1) => {
  const message = min === 0 ? 'must be a whole number, 0 or more' : 'must be a whole number, 1 or more';
  return filled
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message));
};

const optionalDate = z
  .string()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.optional(IsoDateSchema));

/** Every number of the field to E.164; an empty field is a tenant without a number. */
const PhoneNumbers = z.string().transform((raw, ctx): E164[] => {
  const numbers: E164[] = [];
  const parts = raw
    .split(PHONE_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  parts.forEach((part, i) => {
    const parsed = parsePhone(part);
    if (parsed.kind === 'number') {
      if (!numbers.includes(parsed.e164)) numbers.push(parsed.e164);
      return;
    }
    const reason = parsed.kind === 'invalid' ? parsed.reason : 'is not a valid phone number';
    ctx.addIssue({ code: 'custom', message: `phone number ${i + 1} ${reason}`, input: raw });
  });
  return numbers;
});

export const TenancyRowSchema = z
  .object({
    tenancy_id: filled.pipe(TenancyIdSchema),
    tenant_name: text(MAX_TEXT_LENGTH),
    phone_numbers: PhoneNumbers,
    address: text(MAX_TEXT_LENGTH),
    postal_code: filled.pipe(TenancySchema.shape.postalCode),
    preferred_language: z
      .string()
      .transform((code) => lowerCase(code) || DEFAULT_PREFERRED_LANGUAGE)
      .pipe(PreferredLanguageSchema),
    household_size: wholeNumber(1),
    children: wholeNumber(0),
  })
  .transform(
    (row): Tenancy => ({
      tenancyId: row.tenancy_id,
      tenantName: row.tenant_name,
      phoneNumbers: row.phone_numbers,
      address: row.address,
      postalCode: row.postal_code,
      preferredLanguage: row.preferred_language,
      householdSize: row.household_size,
      children: row.children,
    }),
  );

const oneOf = (values: readonly string[]) => `must be one of ${values.join(', ')}`;

export const CASE_STATUSES = ['open', 'closed'] as const;

/**
 * One case row on its own. Whether a resolution fits the status, and the rules that need other
 * rows (unique ids, a known tenancy, one open case per tenancy), are checked by the reader.
 */
export const CaseRowSchema = z
  .object({
    case_id: text(MAX_CASE_ID_LENGTH),
    tenancy_id: filled.pipe(TenancyIdSchema),
    status: z
      .string()
      .transform(lowerCase)
      .pipe(z.enum(CASE_STATUSES, { error: 'must be open or closed' })),
    stage: z
      .string()
      .transform(lowerCase)
      .pipe(z.enum(CASE_STAGES, { error: oneOf(CASE_STAGES) })),
    arrears_eur: filled
      .regex(
        /^\d{1,9}(\.\d{1,2})?$/,
        'must be an amount in euros like 1234.50: a point before the cents, no thousands separator',
      )
      .transform(Number),
    months_in_arrears: wholeNumber(0),
    court_hearing_date: optionalDate,
    eviction_date: optionalDate,
    case_worker: text(MAX_TEXT_LENGTH),
    opened_on: filled.pipe(IsoDateSchema),
    resolution: z
      .string()
      .transform(lowerCase)
      .pipe(z.enum(['', ...CASE_RESOLUTIONS], { error: oneOf(CASE_RESOLUTIONS) }))
      .transform((value) => (value === '' ? undefined : value)),
  })
  .transform(
    (row): EvictionCase => ({
      caseId: row.case_id,
      tenancyId: row.tenancy_id,
      status: row.status,
      stage: row.stage,
      arrearsEur: row.arrears_eur,
      monthsInArrears: row.months_in_arrears,
      ...(row.court_hearing_date === undefined ? {} : { courtHearingDate: row.court_hearing_date }),
      ...(row.eviction_date === undefined ? {} : { evictionDate: row.eviction_date }),
      caseWorker: row.case_worker,
      openedOn: row.opened_on,
      ...(row.resolution === undefined ? {} : { resolution: row.resolution }),
    }),
  );

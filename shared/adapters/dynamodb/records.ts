import * as z from 'zod/mini';
import { CorruptRecordError } from '../../domain/errors.ts';
import type { E164 } from '../../domain/phone.ts';
import { type TenancyFile, TenancyFileSchema } from '../../domain/tenancy.ts';
import type { Enquiry } from '../../ports/enquiry-log.ts';
import type { ReadModelCounts } from '../../ports/read-model.ts';
import { keys } from './keys.ts';

/**
 * Stored shapes, apart from the domain types: each record says what it is (`entity`) and which
 * shape it has (`version`), and is parsed with zod on the way out.
 */
const parseRecord = <T>(schema: z.ZodMiniType<T>, entity: string, item: unknown): T => {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw new CorruptRecordError(entity, { cause: parsed.error });
  return parsed.data;
};

const tally = () => z.int().check(z.minimum(0));
const ReadModelCountsRecord = z.object({
  tenancies: tally(),
  cases: tally(),
  openCases: tally(),
  phoneNumbers: tally(),
}) satisfies z.ZodMiniType<ReadModelCounts>;

const PointerRecord = z.object({
  entity: z.literal('read-model-pointer'),
  version: z.literal(1),
  generation: z.string().check(z.minLength(1)),
  previousGeneration: z.optional(z.string()),
  activatedAt: z.string(),
  counts: ReadModelCountsRecord,
});
export type ReadModelPointer = Omit<z.infer<typeof PointerRecord>, 'entity' | 'version'>;

export const toPointerItem = (pointer: ReadModelPointer) => ({
  ...keys.readModelPointer(),
  entity: 'read-model-pointer',
  version: 1,
  ...pointer,
});
export const fromPointerItem = (item: unknown): ReadModelPointer => {
  const { entity: _e, version: _v, ...pointer } = parseRecord(PointerRecord, 'read-model-pointer', item);
  return pointer;
};

const TenancyFileRecord = z.object({
  entity: z.literal('tenancy-file'),
  version: z.literal(1),
  file: TenancyFileSchema,
});

export const toTenancyFileItem = (generation: string, file: TenancyFile) => ({
  ...keys.tenancyFile(generation, file.tenancy.tenancyId),
  entity: 'tenancy-file',
  version: 1,
  file,
});
export const fromTenancyFileItem = (item: unknown): TenancyFile =>
  parseRecord(TenancyFileRecord, 'tenancy-file', item).file;

/** One item per number, holding every tenancy that lists it: a shared number is one read, seen as shared. */
const PhoneEntryRecord = z.object({
  entity: z.literal('phone-entry'),
  version: z.literal(1),
  files: z.array(TenancyFileSchema).check(z.minLength(1)),
});

export const toPhoneEntryItem = (generation: string, phone: E164, files: readonly TenancyFile[]) => ({
  ...keys.phoneEntry(generation, phone),
  entity: 'phone-entry',
  version: 1,
  files,
});
export const fromPhoneEntryItem = (item: unknown): readonly TenancyFile[] =>
  parseRecord(PhoneEntryRecord, 'phone-entry', item).files;

/** The call-log fields an enquiry sets, as attribute values for an idempotent update. */
export const enquiryValues = (enquiry: Enquiry, retentionDays: number) => ({
  entity: 'call',
  version: 1,
  receivedAt: enquiry.receivedAt.toISOString(),
  channel: enquiry.channel,
  expiresAt: Math.floor(enquiry.receivedAt.getTime() / 1000) + retentionDays * 86_400,
  callerKey: enquiry.callerNumber ? keys.callerKey(enquiry.callerNumber) : undefined,
  keyedTenancyId: enquiry.keyedTenancyId,
});

/**
 * The keys one import generation wrote, as `pk sk` strings (neither part holds a space). Written
 * before the items themselves, so even an import that dies half-way can be cleaned up by key.
 */
const ManifestRecord = z.object({
  entity: z.literal('generation-manifest'),
  version: z.literal(1),
  generation: z.string().check(z.minLength(1)),
  keys: z.array(z.string()),
});

export const toManifestItem = (
  generation: string,
  chunk: number,
  itemKeys: readonly { pk: string; sk: string }[],
) => ({
  ...keys.generationManifest(generation, chunk),
  entity: 'generation-manifest',
  version: 1,
  generation,
  keys: itemKeys.map(({ pk, sk }) => `${pk} ${sk}`),
});

export const fromManifestItem = (
  item: unknown,
): { generation: string; keys: { pk: string; sk: string }[] } => {
  const record = parseRecord(ManifestRecord, 'generation-manifest', item);
  return {
    generation: record.generation,
    keys: record.keys.map((key) => {
      const [pk = '', sk = ''] = key.split(' ');
      return { pk, sk };
    }),
  };
};

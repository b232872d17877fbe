import * as z from 'zod/mini';
import { CorruptRecordError } from '../../../domain/errors.ts';

/**
 * Stored shapes are apart from the domain types: each item says what it is (`entity`) and which
 * shape it has (`version`), and is parsed with zod on the way out; an item that does not parse is a
 * CorruptRecordError, never a guess.
 */
export const parseRecord = <T>(schema: z.ZodMiniType<T>, entity: string, item: unknown): T => {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw new CorruptRecordError(entity, { cause: parsed.error });
  return parsed.data;
};

/**
 * One entity's name and record version, said once: the fields every item of it is written with
 * (`stamp`), their schema (`shape`, spread into the record's schema) and its parser.
 */
export const versionedRecord = <const E extends string, const V extends number>(entity: E, version: V) => ({
  entity,
  stamp: { entity, version },
  shape: { entity: z.literal(entity), version: z.literal(version) },
  parse: <T>(schema: z.ZodMiniType<T>, item: unknown): T => parseRecord(schema, entity, item),
});

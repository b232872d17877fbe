import * as z from 'zod/mini';
import type { ReadModelCounts } from '../../../ports/read-model.ts';
import { READ_MODEL_PARTITION } from './generation.ts';
import { versionedRecord } from './versioned-record.ts';

/**
 * The pointer to the active generation (ReadModel table, `READMODEL` / `ACTIVE`): an import writes
 * a whole generation, then switches this one item with a conditional write.
 */
export const readModelPointerKey = () => ({ pk: READ_MODEL_PARTITION, sk: 'ACTIVE' });

const POINTER = versionedRecord('read-model-pointer', 1);

const tally = () => z.int().check(z.minimum(0));
const ReadModelCountsRecord = z.object({
  tenancies: tally(),
  cases: tally(),
  openCases: tally(),
  phoneNumbers: tally(),
}) satisfies z.ZodMiniType<ReadModelCounts>;

const PointerRecord = z.object({
  ...POINTER.shape,
  generation: z.string().check(z.minLength(1)),
  previousGeneration: z.optional(z.string()),
  activatedAt: z.string(),
  counts: ReadModelCountsRecord,
  /**
   * The version of the hash key the generation's keys were made with (personal-hasher.ts).
   * Absent only on pointers of imports before keyed hashes: readers then cannot find numbers or
   * names until the next import.
   */
  hashKeyVersion: z.optional(z.string()),
});
export type ReadModelPointer = Omit<z.infer<typeof PointerRecord>, 'entity' | 'version'>;

export const toPointerItem = (pointer: ReadModelPointer) => ({
  ...readModelPointerKey(),
  ...POINTER.stamp,
  ...pointer,
});

export const fromPointerItem = (item: unknown): ReadModelPointer => {
  const { entity: _e, version: _v, ...pointer } = POINTER.parse(PointerRecord, item);
  return pointer;
};

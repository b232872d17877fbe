import * as z from 'zod/mini';
import { type TenancyId, TenancyIdSchema } from '../../../domain/tenancy.ts';
import { generationPrefix } from './generation.ts';
import { versionedRecord } from './versioned-record.ts';

/**
 * The tenancies whose tenant's name holds a (folded) word, in one postal code, in one generation
 * (ReadModel table, `G#<generation>#NAME#<hash>` / `TENANCIES`): the agent's search by name, keyed
 * by the hash of postal code and word (PersonalHasher.name), so that no name shows in a key.
 */
export const nameEntryKey = (generation: string, nameHash: string) => ({
  pk: `${generationPrefix(generation)}NAME#${nameHash}`,
  sk: 'TENANCIES',
});

/**
 * One item per postal code and name word, holding the tenancy numbers whose tenant's name holds the
 * word (domain/tenancy-search.ts). A word more common than NAME_ENTRY_MAX_TENANCIES in one postal
 * code keeps no list, only that it is too common to narrow a search (DynamoDB items stop at 400 KB).
 */
export const NAME_ENTRY_MAX_TENANCIES = 20_000;

const NAME_ENTRY = versionedRecord('name-entry', 1);

const NameEntryRecord = z.object({
  ...NAME_ENTRY.shape,
  tenancyIds: z.array(TenancyIdSchema),
  tooCommon: z.boolean(),
});
export type NameEntry = Omit<z.infer<typeof NameEntryRecord>, 'entity' | 'version'>;

export const toNameEntryItem = (generation: string, nameHash: string, tenancyIds: readonly TenancyId[]) => {
  const tooCommon = tenancyIds.length > NAME_ENTRY_MAX_TENANCIES;
  return {
    ...nameEntryKey(generation, nameHash),
    ...NAME_ENTRY.stamp,
    tenancyIds: tooCommon ? [] : [...tenancyIds],
    tooCommon,
  };
};

export const fromNameEntryItem = (item: unknown): NameEntry => {
  const { entity: _e, version: _v, ...entry } = NAME_ENTRY.parse(NameEntryRecord, item);
  return entry;
};

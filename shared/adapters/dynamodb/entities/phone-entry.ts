import * as z from 'zod/mini';
import { type ListedTenancyFile, ListedTenancyFileSchema } from '../../../domain/tenancy.ts';
import { generationPrefix } from './generation.ts';
import { versionedRecord } from './versioned-record.ts';

/**
 * Every tenancy that lists a number, by the number's hash (PersonalHasher.phone), in one generation
 * (ReadModel table, `G#<generation>#PHONE#<hash>` / `FILES`): the inbound lookup's one read.
 */
export const phoneEntryKey = (generation: string, phoneHash: string) => ({
  pk: `${generationPrefix(generation)}PHONE#${phoneHash}`,
  sk: 'FILES',
});

/** One item per number, holding every tenancy that lists it: a shared number is one read, seen as shared. */
const PHONE_ENTRY = versionedRecord('phone-entry', 2);

const PhoneEntryRecord = z.object({
  ...PHONE_ENTRY.shape,
  files: z.array(ListedTenancyFileSchema).check(z.minLength(1)),
});

export const toPhoneEntryItem = (
  generation: string,
  phoneHash: string,
  files: readonly ListedTenancyFile[],
) => ({
  ...phoneEntryKey(generation, phoneHash),
  ...PHONE_ENTRY.stamp,
  files,
});

export const fromPhoneEntryItem = (item: unknown): readonly ListedTenancyFile[] =>
  PHONE_ENTRY.parse(PhoneEntryRecord, item).files;

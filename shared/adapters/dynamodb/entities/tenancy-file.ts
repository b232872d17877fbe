import * as z from 'zod/mini';
import { type ListedTenancyFile, ListedTenancyFileSchema, type TenancyId } from '../../../domain/tenancy.ts';
import { generationPrefix } from './generation.ts';
import { versionedRecord } from './versioned-record.ts';

/** A tenancy with its cases, in one generation (ReadModel table, `G#<generation>#TENANCY#<id>` / `FILE`). */
export const tenancyFileKey = (generation: string, tenancyId: TenancyId) => ({
  pk: `${generationPrefix(generation)}TENANCY#${tenancyId}`,
  sk: 'FILE',
});

/**
 * Version 2: the file without phone numbers, their keyed hashes instead (domain ListedTenancyFile).
 * Version 1 held the numbers; it is not read, since the next import rewrites every item.
 */
const TENANCY_FILE = versionedRecord('tenancy-file', 2);

const TenancyFileRecord = z.object({ ...TENANCY_FILE.shape, file: ListedTenancyFileSchema });

export const toTenancyFileItem = (generation: string, file: ListedTenancyFile) => ({
  ...tenancyFileKey(generation, file.tenancy.tenancyId),
  ...TENANCY_FILE.stamp,
  file,
});

export const fromTenancyFileItem = (item: unknown): ListedTenancyFile =>
  TENANCY_FILE.parse(TenancyFileRecord, item).file;

import { createHash } from 'node:crypto';
import type { E164 } from '../../domain/phone.ts';
import type { TenancyId } from '../../domain/tenancy.ts';

/**
 * Every key of every table is built here and nowhere else.
 *
 * Read model: each import writes a new generation under its own key prefix `G#<generation>#`, then
 * flips the pointer item; readers follow the pointer, so they see one whole import or the other.
 * Phone numbers appear in keys only as a hash: keys show up in tooling (consoles, contributor
 * insights, error messages) that is not meant to carry personal data.
 */
export const phoneHash = (phone: E164): string =>
  createHash('sha256').update(phone).digest('hex').slice(0, 32);

export const keys = {
  readModelPointer: () => ({ pk: 'READMODEL', sk: 'ACTIVE' }),
  /** Which keys an import generation wrote, in chunks: clean-up deletes by key instead of scanning. */
  generationManifest: (generation: string, chunk: number) => ({
    pk: 'READMODEL',
    sk: `MANIFEST#${generation}#${String(chunk).padStart(5, '0')}`,
  }),
  manifestPrefix: (generation?: string) =>
    generation === undefined ? 'MANIFEST#' : `MANIFEST#${generation}#`,
  generationPrefix: (generation: string) => `G#${generation}#`,
  tenancyFile: (generation: string, tenancyId: TenancyId) => ({
    pk: `G#${generation}#TENANCY#${tenancyId}`,
    sk: 'FILE',
  }),
  phoneEntry: (generation: string, phone: E164) => ({
    pk: `G#${generation}#PHONE#${phoneHash(phone)}`,
    sk: 'FILES',
  }),
  call: (initialContactId: string) => ({ pk: `CALL#${initialContactId}`, sk: 'LOG' }),
  /** What a call log remembers of the caller: the same hash as the phone entry, never the number. */
  callerKey: (phone: E164) => `PHONE#${phoneHash(phone)}`,
} as const;

/** Sortable, unique generation ids: `20261125T091500123Z-k3f9`. */
export const newGenerationId = (at: Date): string =>
  `${at.toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(36).slice(2, 6)}`;

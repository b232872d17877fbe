import { sortableId } from '../../../domain/sortable-id.ts';

/**
 * The read model's generations. Each import writes a new generation under its own key prefix
 * `G#<generation>#` (its tenancy files, phone entries and name entries), then flips the pointer;
 * readers follow the pointer, so they see one whole import or the other. The pointer and the
 * manifests, which are about generations, share one partition of their own.
 */
export const READ_MODEL_PARTITION = 'READMODEL';

/** What every key of a generation's items starts with. */
export const generationPrefix = (generation: string) => `G#${generation}#`;

/** Sortable, unique generation ids: `20261125T091500123Z-k3f9`. */
export const newGenerationId = (at: Date): string => sortableId(at);

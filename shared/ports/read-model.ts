import type { TenancyFile } from '../domain/tenancy.ts';

export interface ReadModelCounts {
  readonly tenancies: number;
  readonly cases: number;
  readonly openCases: number;
  readonly phoneNumbers: number;
}

/** Which import readers currently see. */
export interface ReadModelSummary {
  readonly generation: string;
  readonly activatedAt: string;
  readonly counts: ReadModelCounts;
}

/**
 * The active import as an operator checks it (`hotline doctor`): what readers follow, and whether
 * that generation's items are still stored, not only the pointer to them.
 */
export interface ActiveGeneration extends ReadModelSummary {
  readonly itemsStored: boolean;
}

/** Reads which generation is active, fresh: no reader's cache in between. */
export interface ActiveGenerationReader {
  /** The active generation, or undefined before the first import. */
  activeGeneration(): Promise<ActiveGeneration | undefined>;
}

export interface ReplaceProgress {
  readonly written: number;
  readonly total: number;
}

export interface ReplaceOptions {
  /** Called as the items of the new model are written (before it becomes visible). */
  readonly onProgress?: ((progress: ReplaceProgress) => void) | undefined;
  /**
   * Stops the import before the switch: once aborted, no further batch is sent and the new model
   * never becomes visible (replace rejects with the signal's reason). A Lambda near its timeout
   * aborts, so that the report it writes cannot be contradicted by a switch in its last seconds.
   */
  readonly signal?: AbortSignal | undefined;
}

/** Write side of the tenancy read model. */
export interface ReadModelStore {
  /**
   * Makes `files` the whole read model. Readers see the previous model until the new one is
   * complete, then the new one: never a mixture.
   */
  replace(files: readonly TenancyFile[], options?: ReplaceOptions): Promise<ReadModelSummary>;
  /**
   * The active import (generation, when it became active, its counts), or undefined before the
   * first one: always read afresh, never from a reader's cache.
   */
  summary(): Promise<ReadModelSummary | undefined>;
}

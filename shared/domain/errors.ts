/** Domain errors. Each edge (Connect fallback, HTTP, CLI) maps them once, with `instanceof`. */

/** One problem in one input row, located precisely enough for a person to fix the file. */
export interface RowProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
  readonly message: string;
}

export const formatRowProblem = (p: RowProblem): string =>
  `${p.file}:${p.line}:${p.column} ${p.field}: ${p.message}`;

/** An input file had bad rows; nothing was written. */
export class InvalidImportError extends Error {
  readonly problems: readonly RowProblem[];
  constructor(problems: readonly RowProblem[], options?: ErrorOptions) {
    super(`import refused: ${problems.length} problem(s) in the input; nothing was changed`, options);
    this.name = 'InvalidImportError';
    this.problems = problems;
  }
}

/** The read model changed under a running import (another import won); nothing became visible. */
export class ConcurrentImportError extends Error {
  constructor(options?: ErrorOptions) {
    super('another import finished first; this import was discarded', options);
    this.name = 'ConcurrentImportError';
  }
}

/** The data store did not answer in time or failed; callers degrade instead of failing the flow. */
export class StoreUnavailableError extends Error {
  constructor(options?: ErrorOptions) {
    super('the data store is unavailable', options);
    this.name = 'StoreUnavailableError';
  }
}

/** A stored item no longer matches its schema. */
export class CorruptRecordError extends Error {
  constructor(entity: string, options?: ErrorOptions) {
    super(`stored ${entity} record does not match its schema`, options);
    this.name = 'CorruptRecordError';
  }
}

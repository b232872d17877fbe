import type { AccessRefusal } from './contact-access.ts';

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

/** No call log exists for this contact id (never seen by identify-caller, or past retention). */
export class ContactNotFoundError extends Error {
  constructor(options?: ErrorOptions) {
    super('no call is logged under this contact id', options);
    this.name = 'ContactNotFoundError';
  }
}

/** No tenancy with this tenancy number is in the read model. */
export class TenancyNotFoundError extends Error {
  constructor(options?: ErrorOptions) {
    super('no tenancy with this tenancy number', options);
    this.name = 'TenancyNotFoundError';
  }
}

/**
 * The call cannot be attached to the tenancy an agent chose: the caller's own number or tenancy
 * number found another one, or the call changed meanwhile (another agent attached one, or this
 * call's outcome closed the case of the tenancy attached before).
 */
export class TenancyConflictError extends Error {
  constructor(options?: ErrorOptions) {
    super('the call is attached to another tenancy', options);
    this.name = 'TenancyConflictError';
  }
}

/** An outcome that is well-formed but not acceptable for this call; `fields` name what is wrong. */
export class InvalidOutcomeError extends Error {
  readonly fields: readonly string[];
  constructor(fields: readonly string[], options?: ErrorOptions) {
    super(`outcome refused: ${fields.join(', ')}`, options);
    this.name = 'InvalidOutcomeError';
    this.fields = fields;
  }
}

/** A search for a caller's tenancy that cannot be run as given; `fields` name what is wrong. */
export class InvalidSearchError extends Error {
  readonly fields: readonly string[];
  constructor(fields: readonly string[], options?: ErrorOptions) {
    super(`search refused: ${fields.join(', ')}`, options);
    this.name = 'InvalidSearchError';
    this.fields = fields;
  }
}

/** The outcome changed since the agent read it (another tab or agent corrected it first). */
export class StaleOutcomeError extends Error {
  constructor(options?: ErrorOptions) {
    super('the outcome was changed meanwhile', options);
    this.name = 'StaleOutcomeError';
  }
}

/** The case was already closed from another call; only that call's corrections may change it. */
export class CaseAlreadyResolvedError extends Error {
  constructor(options?: ErrorOptions) {
    super('the case was already resolved from another call', options);
    this.name = 'CaseAlreadyResolvedError';
  }
}

/** The user may not see or change this contact (contact-access.ts): a 403 with `reason`, never data. */
export class AccessRefusedError extends Error {
  readonly reason: AccessRefusal;
  constructor(reason: AccessRefusal, options?: ErrorOptions) {
    super(`access refused: ${reason}`, options);
    this.name = 'AccessRefusedError';
    this.reason = reason;
  }
}

/** A setting a function needs is missing; raised at cold start, before any request is served. */
export class MissingConfigurationError extends Error {
  constructor(variable: string, options?: ErrorOptions) {
    super(`configuration ${variable} is required here but not set`, options);
    this.name = 'MissingConfigurationError';
  }
}

/**
 * A call's log kept changing while its metric counters were brought in step with it: nothing was
 * counted twice, and the event that asked is delivered again to finish the job.
 */
export class CounterConflictError extends Error {
  constructor(attempts: number, options?: ErrorOptions) {
    super(`the call changed under its counters ${attempts} times in a row; try again later`, options);
    this.name = 'CounterConflictError';
  }
}

/** An import's manifest is missing or not a manifest; `reason` says what to fix, without values. */
export class InvalidManifestError extends Error {
  readonly reason: string;
  constructor(reason: string, options?: ErrorOptions) {
    super(`the import manifest cannot be used: ${reason}`, options);
    this.name = 'InvalidManifestError';
    this.reason = reason;
  }
}

/** A file the manifest names is not in the upload. */
export class UploadedFileMissingError extends Error {
  readonly file: string;
  constructor(file: string, options?: ErrorOptions) {
    super(`${file} is named in the manifest but is not in the upload`, options);
    this.name = 'UploadedFileMissingError';
    this.file = file;
  }
}

/** An uploaded import could not finish; its report says why, and nothing of it is visible. */
export class UploadedImportFailedError extends Error {
  constructor(importId: string, options?: ErrorOptions) {
    super(`import ${importId} failed; see its report.json and the function log`, options);
    this.name = 'UploadedImportFailedError';
  }
}

/** The key that personal values are hashed with could not be read or is unusable. */
export class HashKeyUnavailableError extends Error {
  constructor(options?: ErrorOptions) {
    super('the hash key is unavailable', options);
    this.name = 'HashKeyUnavailableError';
  }
}

/** The secret CloudFront proves itself with to the API could not be read or is unusable. */
export class OriginSecretUnavailableError extends Error {
  constructor(options?: ErrorOptions) {
    super('the origin verify secret is unavailable', options);
    this.name = 'OriginSecretUnavailableError';
  }
}

import { CorruptRecordError, StoreUnavailableError } from '../../domain/errors.ts';

/** Anything the SDK throws becomes a domain error here, once, with the SDK error as its cause. */
export const toStoreError = (error: unknown): Error =>
  error instanceof CorruptRecordError || error instanceof StoreUnavailableError
    ? error
    : new StoreUnavailableError({ cause: error });

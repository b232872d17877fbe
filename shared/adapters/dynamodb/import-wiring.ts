import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDbLocationEnv, HashKeyEnv, IdentifyCallerEnv } from '../../config/env.ts';
import { MissingConfigurationError } from '../../domain/errors.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { ActiveGenerationReader } from '../../ports/read-model.ts';
import { hashKeysFromEnv } from '../hash-keys-from-env.ts';
import { makeDocumentClient } from './client.ts';
import { KeyHashing } from './key-hashing.ts';
import { DynamoReadModelStore } from './read-model-store.ts';
import { DynamoTenancyDirectory } from './tenancy-directory.ts';
import { makeLookupAdapters } from './wiring.ts';

/**
 * Bulk work (an import of 100,000 tenancies) needs patience the caller path must not have: long
 * request timeouts and more attempts, on a client of its own.
 */
const BULK_REQUEST_TIMEOUT_MS = 30_000;
const BULK_MAX_ATTEMPTS = 6;

/** Where the read model lives: all the import side (and a check of the active generation) needs. */
export type ReadModelLocation = { readonly READ_MODEL_TABLE: string } & DynamoDbLocationEnv & HashKeyEnv;

/**
 * The read model's write side on a bulk client of its own: for the import function in AWS, the
 * local import and any check of the active generation (`readModel.summary()`, read afresh).
 */
export const makeReadModelStore = (
  env: ReadModelLocation,
  clock: Clock = systemClock,
  hashing: KeyHashing = new KeyHashing(hashKeysFromEnv(env)),
) => {
  const bulk = makeDocumentClient({
    region: env.AWS_REGION,
    endpoint: env.DYNAMODB_ENDPOINT,
    requestTimeoutMs: BULK_REQUEST_TIMEOUT_MS,
    maxAttempts: BULK_MAX_ATTEMPTS,
  });
  const pointer = new DynamoTenancyDirectory(bulk, {
    table: env.READ_MODEL_TABLE,
    pointerCacheSeconds: 0,
    clock,
    hashing,
  });
  return { bulk, readModel: new DynamoReadModelStore(bulk, env.READ_MODEL_TABLE, pointer, clock, hashing) };
};

/** The lookup adapters plus the import side, for the CLI, the local server and tests. */
export const makeDynamoAdapters = (env: IdentifyCallerEnv, clock: Clock = systemClock) => {
  const lookup = makeLookupAdapters(env, clock);
  const { bulk, readModel } = makeReadModelStore(env, clock, lookup.hashing);
  return {
    ...lookup,
    readModel,
    /** Closes both clients' sockets, for processes that go on after the work is done. */
    destroy: (): void => {
      lookup.doc.destroy();
      bulk.destroy();
    },
  };
};

/**
 * Which generation a read-model table serves, read fresh, for a check of a deployed table
 * (`hotline doctor`): the same pointer and keys as every reader, on a client the caller owns.
 */
export const makeActiveGenerationReader = (
  doc: DynamoDBDocumentClient,
  table: string,
  clock: Clock = systemClock,
): ActiveGenerationReader => {
  // The check reads the pointer and a manifest, never a key made from a number: it needs no key.
  const noKeys = new KeyHashing({
    current: () => Promise.reject(new MissingConfigurationError('HASH_KEY_SECRET_ARN')),
    byVersion: () => Promise.reject(new MissingConfigurationError('HASH_KEY_SECRET_ARN')),
  });
  return new DynamoReadModelStore(
    doc,
    table,
    // No pointer cache: the check reports what readers see now.
    new DynamoTenancyDirectory(doc, { table, pointerCacheSeconds: 0, clock, hashing: noKeys }),
    clock,
    noKeys,
  );
};

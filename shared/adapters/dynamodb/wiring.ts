import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClientOptions, type IdentifyCallerEnv } from '../../config/env.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import { hashKeysFromEnv } from '../hash-keys-from-env.ts';
import { makeDocumentClient } from './client.ts';
import { DynamoEnquiryLog } from './enquiry-log.ts';
import { KeyHashing } from './key-hashing.ts';
import { DynamoTenancyDirectory } from './tenancy-directory.ts';

/** The client of the call path: short socket timeout, few attempts (see client.ts). */
export const makeLookupClient = (env: IdentifyCallerEnv): DynamoDBDocumentClient =>
  makeDocumentClient(dynamoDbClientOptions(env));

/**
 * What the inbound lookup needs, built from configuration. Kept apart from the import side so that
 * the identify-caller bundle carries no batch-write or scan code.
 */
export const makeLookupAdapters = (
  env: IdentifyCallerEnv,
  clock: Clock = systemClock,
  doc: DynamoDBDocumentClient = makeLookupClient(env),
  hashing: KeyHashing = new KeyHashing(hashKeysFromEnv(env)),
) => {
  const directory = new DynamoTenancyDirectory(doc, {
    table: env.READ_MODEL_TABLE,
    pointerCacheSeconds: env.READ_MODEL_CACHE_SECONDS,
    clock,
    hashing,
  });
  // The call log files the caller's number under the hash the lookup of the same generation uses;
  // when the read model cannot be read, under the current key: the call is logged all the same.
  const enquiries = new DynamoEnquiryLog(doc, env.CALLS_TABLE, env.CALL_RETENTION_DAYS, (options) =>
    directory.activeHasher(options).catch(() => hashing.current()),
  );
  return { doc, directory, hashing, enquiries };
};

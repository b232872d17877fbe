import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Env } from '../../config/env.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import { makeDocumentClient } from './client.ts';
import { DynamoEnquiryLog } from './enquiry-log.ts';
import { DynamoTenancyDirectory } from './tenancy-directory.ts';

/** The client of the call path: short socket timeout, few attempts (see client.ts). */
export const makeLookupClient = (env: Env): DynamoDBDocumentClient =>
  makeDocumentClient({
    region: env.AWS_REGION,
    endpoint: env.DYNAMODB_ENDPOINT,
    requestTimeoutMs: env.DYNAMODB_REQUEST_TIMEOUT_MS,
    maxAttempts: env.DYNAMODB_MAX_ATTEMPTS,
  });

/**
 * What the inbound lookup needs, built from configuration. Kept apart from the import side so that
 * the identify-caller bundle carries no batch-write or scan code.
 */
export const makeLookupAdapters = (
  env: Env,
  clock: Clock = systemClock,
  doc: DynamoDBDocumentClient = makeLookupClient(env),
) => {
  const directory = new DynamoTenancyDirectory(doc, {
    table: env.READ_MODEL_TABLE,
    pointerCacheSeconds: env.READ_MODEL_CACHE_SECONDS,
    clock,
  });
  return { doc, directory, enquiries: new DynamoEnquiryLog(doc, env.CALLS_TABLE, env.CALL_RETENTION_DAYS) };
};

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-trail.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoHeldData } from '../../shared/adapters/dynamodb/held-data.ts';
import { KeyHashing } from '../../shared/adapters/dynamodb/key-hashing.ts';
import { hashKeysFromEnv } from '../../shared/adapters/hash-keys-from-env.ts';
import { dynamoDbClientOptions, type PrivacyApiEnv } from '../../shared/config/env.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import { makePrivacyDesk } from '../../shared/use-cases/privacy-desk.ts';
import { createPrivacyApiHandler } from './create-handler.ts';

export interface PrivacyApiWiringOptions {
  readonly clock?: Clock;
  readonly doc?: DynamoDBDocumentClient;
}

/** The privacy office's use cases on the tables: the API and `hotline privacy` / `hotline audit` share them. */
export const wirePrivacyDesk = (env: PrivacyApiEnv, options: PrivacyApiWiringOptions = {}) => {
  const clock = options.clock ?? systemClock;
  const doc = options.doc ?? makeDocumentClient(dynamoDbClientOptions(env));
  return makePrivacyDesk({
    held: new DynamoHeldData(
      doc,
      { readModel: env.READ_MODEL_TABLE, calls: env.CALLS_TABLE },
      new KeyHashing(hashKeysFromEnv(env)),
    ),
    audit: new DynamoAuditTrail(doc, env.AUDIT_TABLE, { retentionDays: env.AUDIT_RETENTION_DAYS, clock }),
    clock,
  });
};

/** The privacy API, composed from configuration: handler.ts once per cold start, the local server and tests. */
export const wirePrivacyApi = (env: PrivacyApiEnv, options: PrivacyApiWiringOptions = {}) =>
  createPrivacyApiHandler(wirePrivacyDesk(env, options));

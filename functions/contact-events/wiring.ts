import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCallCounters } from '../../shared/adapters/dynamodb/call-counters.ts';
import { DynamoCallLogCompletion } from '../../shared/adapters/dynamodb/call-log-completion.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { type ContactEventsEnv, officeHoursFromEnv, queueArns } from '../../shared/config/env.ts';
import { queueNameOf } from '../../shared/connect/contact-event.ts';
import { makeCompleteCallLog } from '../../shared/use-cases/complete-call-log.ts';
import { createContactEventsHandler } from './create-handler.ts';

/** contact-events, composed from configuration; handler.ts calls it once per cold start. */
export const wireContactEvents = (env: ContactEventsEnv, doc?: DynamoDBDocumentClient) => {
  const client =
    doc ??
    makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: env.DYNAMODB_REQUEST_TIMEOUT_MS,
      maxAttempts: env.DYNAMODB_MAX_ATTEMPTS,
    });
  const arns = queueArns(env);
  return createContactEventsHandler(
    makeCompleteCallLog({
      calls: new DynamoCallLogCompletion(client, env.CALLS_TABLE, env.CALL_RETENTION_DAYS),
      counters: new DynamoCallCounters(client, env.CALLS_TABLE),
      queueName: (queueArn) => queueNameOf(queueArn, arns),
      officeHours: officeHoursFromEnv(env),
    }),
  );
};

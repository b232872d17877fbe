import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCallCounters } from '../../shared/adapters/dynamodb/call-counters.ts';
import { DynamoCallLogCompletion } from '../../shared/adapters/dynamodb/call-log-completion.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import {
  type ContactEventsEnv,
  dynamoDbClientOptions,
  officeHoursFromEnv,
  queueArns,
} from '../../shared/config/env.ts';
import { queueNameOf } from '../../shared/connect/contact-event.ts';
import { makeCompleteCallLog } from '../../shared/use-cases/complete-call-log.ts';
import { createContactEventsHandler } from './create-handler.ts';

export interface ContactEventsWiringOptions {
  readonly doc?: DynamoDBDocumentClient;
}

/** contact-events, composed from configuration: handler.ts once per cold start, the local feed and tests. */
export const wireContactEvents = (env: ContactEventsEnv, options: ContactEventsWiringOptions = {}) => {
  const doc = options.doc ?? makeDocumentClient(dynamoDbClientOptions(env));
  const arns = queueArns(env);
  return createContactEventsHandler(
    makeCompleteCallLog({
      calls: new DynamoCallLogCompletion(doc, env.CALLS_TABLE, env.CALL_RETENTION_DAYS),
      counters: new DynamoCallCounters(doc, env.CALLS_TABLE),
      queueName: (queueArn) => queueNameOf(queueArn, arns),
      officeHours: officeHoursFromEnv(env),
    }),
  );
};

import type { ConnectClient } from '@aws-sdk/client-connect';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConnectContactAssignments } from '../../shared/adapters/connect/contact-assignments.ts';
import {
  ConnectContactAttributes,
  makeConnectClient,
} from '../../shared/adapters/connect/contact-attributes.ts';
import { DynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-trail.ts';
import { DynamoCallRecords } from '../../shared/adapters/dynamodb/call-records.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { KeyHashing } from '../../shared/adapters/dynamodb/key-hashing.ts';
import { DynamoOutcomeStore, outcomeCounterWrites } from '../../shared/adapters/dynamodb/outcome-store.ts';
import { DynamoTenancyDirectory } from '../../shared/adapters/dynamodb/tenancy-directory.ts';
import { hashKeysFromEnv } from '../../shared/adapters/hash-keys-from-env.ts';
import {
  type AgentApiEnv,
  accessWindows,
  connectClientOptions,
  dynamoDbClientOptions,
  officeHoursFromEnv,
  riskThresholds,
} from '../../shared/config/env.ts';
import { MissingConfigurationError } from '../../shared/domain/errors.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import type { ContactAssignments } from '../../shared/ports/contact-assignments.ts';
import type { ContactAttributes } from '../../shared/ports/contact-attributes.ts';
import { makeAgentDesk } from '../../shared/use-cases/agent-desk.ts';
import { makeAttachTenancy } from '../../shared/use-cases/attach-tenancy.ts';
import { makeGetCallerContext } from '../../shared/use-cases/caller-context.ts';
import { makeFindCandidates } from '../../shared/use-cases/find-candidates.ts';
import { makeRecordOutcome } from '../../shared/use-cases/record-outcome.ts';
import { createAgentApiHandler } from './create-handler.ts';

export interface AgentApiWiringOptions {
  readonly clock?: Clock;
  readonly doc?: DynamoDBDocumentClient;
  /**
   * Where outcome codes go besides DynamoDB. Default: Amazon Connect (CONNECT_INSTANCE_ID);
   * the local runtime passes an adapter that records the calls instead.
   */
  readonly contactAttributes?: ContactAttributes;
  /**
   * Who served each contact. Default: Amazon Connect's DescribeContact (CONNECT_INSTANCE_ID); the
   * local runtime passes the simulator's answering agents.
   */
  readonly contactAssignments?: ContactAssignments;
}

/** One Connect client for both adapters, made only when one of them is not given. */
const connectFrom = (env: AgentApiEnv) => {
  let client: { connect: ConnectClient; instanceId: string } | undefined;
  return () => {
    if (env.CONNECT_INSTANCE_ID === undefined) throw new MissingConfigurationError('CONNECT_INSTANCE_ID');
    client ??= {
      connect: makeConnectClient(connectClientOptions(env)),
      instanceId: env.CONNECT_INSTANCE_ID,
    };
    return client;
  };
};

/** The agent API, composed from configuration: handler.ts once per cold start, the local server and tests. */
export const wireAgentApi = (env: AgentApiEnv, options: AgentApiWiringOptions = {}) => {
  const clock = options.clock ?? systemClock;
  const doc = options.doc ?? makeDocumentClient(dynamoDbClientOptions(env));
  const directory = new DynamoTenancyDirectory(doc, {
    table: env.READ_MODEL_TABLE,
    pointerCacheSeconds: env.READ_MODEL_CACHE_SECONDS,
    clock,
    hashing: new KeyHashing(hashKeysFromEnv(env)),
  });
  const calls = new DynamoCallRecords(doc, env.CALLS_TABLE);
  // The outcome's day counters change in the outcome's own transaction.
  const outcomes = new DynamoOutcomeStore(doc, env.CALLS_TABLE, outcomeCounterWrites(env.CALLS_TABLE));
  const connect = connectFrom(env);
  const contactAttributes =
    options.contactAttributes ?? new ConnectContactAttributes(connect().connect, connect().instanceId);
  const contactAssignments =
    options.contactAssignments ?? new ConnectContactAssignments(connect().connect, connect().instanceId);
  const getCallerContext = makeGetCallerContext({
    calls,
    directory,
    outcomes,
    clock,
    thresholds: riskThresholds(env),
    contactAttributes,
  });
  return createAgentApiHandler(
    makeAgentDesk({
      calls,
      assignments: contactAssignments,
      audit: new DynamoAuditTrail(doc, env.AUDIT_TABLE, { retentionDays: env.AUDIT_RETENTION_DAYS, clock }),
      clock,
      windows: accessWindows(env),
      getCallerContext,
      attachTenancy: makeAttachTenancy({ calls, directory, clock, getCallerContext }),
      findCandidates: makeFindCandidates({ calls, directory, clock }),
      recordOutcome: makeRecordOutcome({
        calls,
        directory,
        outcomes,
        contactAttributes,
        clock,
        officeHours: officeHoursFromEnv(env),
      }),
    }),
  );
};

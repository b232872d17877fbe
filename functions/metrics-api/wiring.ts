import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeConnectClient } from '../../shared/adapters/connect/contact-attributes.ts';
import { ConnectLiveQueue } from '../../shared/adapters/connect/live-queue.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoMetricsCounters } from '../../shared/adapters/dynamodb/metrics-counters.ts';
import {
  connectClientOptions,
  dynamoDbClientOptions,
  type MetricsApiEnv,
  queueArns,
} from '../../shared/config/env.ts';
import { MissingConfigurationError } from '../../shared/domain/errors.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import type { LiveQueueMetrics } from '../../shared/ports/live-queue.ts';
import { makeGetMetrics } from '../../shared/use-cases/get-metrics.ts';
import { createMetricsApiHandler } from './create-handler.ts';

export interface MetricsApiWiringOptions {
  readonly clock?: Clock;
  readonly doc?: DynamoDBDocumentClient;
  /**
   * Where the live view comes from. Default: Amazon Connect (CONNECT_INSTANCE_ID); the local runtime
   * passes the simulator's queue instead.
   */
  readonly liveQueue?: LiveQueueMetrics;
}

const connectFrom = (env: MetricsApiEnv, clock: Clock): LiveQueueMetrics => {
  if (env.CONNECT_INSTANCE_ID === undefined) throw new MissingConfigurationError('CONNECT_INSTANCE_ID');
  return new ConnectLiveQueue(
    makeConnectClient(connectClientOptions(env)),
    env.CONNECT_INSTANCE_ID,
    queueArns(env),
    clock,
  );
};

/** The report use case on the counters: the API and `hotline metrics` read the figures through it. */
export const wireGetMetrics = (
  env: MetricsApiEnv,
  options: Pick<MetricsApiWiringOptions, 'clock' | 'doc'> = {},
) => {
  const doc = options.doc ?? makeDocumentClient(dynamoDbClientOptions(env));
  return makeGetMetrics({
    counters: new DynamoMetricsCounters(doc, env.CALLS_TABLE),
    serviceLevelSeconds: env.SERVICE_LEVEL_SECONDS,
    clock: options.clock ?? systemClock,
  });
};

/** The metrics API, composed from configuration: handler.ts once per cold start, the local server and tests. */
export const wireMetricsApi = (env: MetricsApiEnv, options: MetricsApiWiringOptions = {}) => {
  const clock = options.clock ?? systemClock;
  const liveQueue = options.liveQueue ?? connectFrom(env, clock);
  return createMetricsApiHandler({
    getMetrics: wireGetMetrics(env, { clock, doc: options.doc }),
    liveQueue: () => liveQueue.current(),
  });
};

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  readonly endpoint?: string | undefined;
  /** Socket timeout per request: a hung connection must not eat the caller's time. */
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

const isLoopback = (endpoint: string): boolean =>
  /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/.test(endpoint);

/**
 * DynamoDB Local accepts any credentials, so a loopback endpoint gets fixed ones: a machine without
 * an AWS account works, and the SDK never waits on the instance-metadata service for credentials.
 */
export const credentialsFor = (endpoint: string | undefined) =>
  endpoint !== undefined && isLoopback(endpoint)
    ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {};

/**
 * Built once per process. Timeouts and attempts are set on purpose (CONNECT.md §4: the flow waits at
 * most its InvocationTimeLimitSeconds): the SDK default of 3 attempts without a socket timeout could
 * keep a caller in silence for many seconds.
 */
export const makeDocumentClient = (options: DynamoClientOptions): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: options.region,
      endpoint: options.endpoint,
      maxAttempts: options.maxAttempts,
      requestHandler: {
        connectionTimeout: Math.min(300, options.requestTimeoutMs),
        requestTimeout: options.requestTimeoutMs,
        // Without it the handler only warns after requestTimeout and keeps waiting.
        throwOnRequestTimeout: true,
      },
      ...credentialsFor(options.endpoint),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

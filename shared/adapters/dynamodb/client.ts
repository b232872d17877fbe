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
 * Built once per process. Timeouts and attempts are set on purpose (CONNECT.md §4: the flow waits at
 * most its InvocationTimeLimitSeconds): the SDK default of 3 attempts without a socket timeout could
 * keep a caller in silence for many seconds. DynamoDB Local accepts any credentials, so loopback
 * endpoints get fixed ones and a machine without an AWS account works.
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
      },
      ...(options.endpoint && isLoopback(options.endpoint)
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

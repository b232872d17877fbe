import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
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

const LOCAL_ACCESS_KEY = 'local';

/**
 * A DynamoDB Local endpoint that names its database: DynamoDB Local (without `-sharedDb`) keeps a
 * database per access key id, and ignores the request path, so the path carries the key the local
 * clients sign with (local/dynamodb-local.ts says why it is a secret). An endpoint without one
 * (someone's own DynamoDB Local) gets the fixed key `local`.
 */
export const localEndpoint = (base: string, databaseKey: string): string =>
  `${base.replace(/\/$/, '')}/${databaseKey}`;

const databaseKeyOf = (endpoint: string): string =>
  /^\/([A-Za-z0-9]{16,128})\/?$/.exec(new URL(endpoint).pathname)?.[1] ?? LOCAL_ACCESS_KEY;

/**
 * DynamoDB Local accepts any credentials, so a loopback endpoint gets fixed ones: a machine without
 * an AWS account works, and the SDK never waits on the instance-metadata service for credentials.
 * Nor does it check signatures: it reads the access key and region from the Authorization header
 * (to pick its database) and nothing else. So a loopback request carries a fixed header with that
 * scope instead of a SigV4 signature, whose hashing measured ~20 % of the client's CPU per request
 * (a replay sends tens of thousands). Never used for a real endpoint.
 */
export const localEndpointSettings = (
  endpoint: string | undefined,
  region: string,
): Pick<DynamoDBClientConfig, 'credentials' | 'signer'> => {
  if (endpoint === undefined || !isLoopback(endpoint)) return {};
  const accessKeyId = databaseKeyOf(endpoint);
  const authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
  return {
    credentials: { accessKeyId, secretAccessKey: 'local' },
    signer: {
      sign: async (request) => {
        request.headers.authorization = authorization;
        return request;
      },
    },
  };
};

/**
 * Built once per process. Timeouts and attempts are set on purpose (docs/amazon-connect.md, "The Lambda event and response": the flow waits at
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
      ...localEndpointSettings(options.endpoint, options.region),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

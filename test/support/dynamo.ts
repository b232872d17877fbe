import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTables } from '../../local/tables.ts';
import { type Env, loadEnv } from '../../shared/config/env.ts';

/**
 * Tables of their own for one test file (or test), on the shared DynamoDB Local, and the
 * configuration that points the real adapters and handlers at them.
 */
export const createTestTables = async (
  overrides: Record<string, string> = {},
): Promise<{ env: Env; envVars: Record<string, string>; prefix: string }> => {
  const endpoint = inject('dynamoEndpoint');
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const names = await ensureTables(client, prefix);
  client.destroy();
  const envVars = {
    READ_MODEL_TABLE: names.readModel,
    CALLS_TABLE: names.calls,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'eu-central-1',
    ...overrides,
  };
  return { env: loadEnv(envVars), envVars, prefix };
};

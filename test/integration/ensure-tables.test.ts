import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { ensureTables } from '../../local/tables.ts';
import { localEndpointSettings } from '../../shared/adapters/dynamodb/client.ts';
import { localTableName } from '../../shared/adapters/dynamodb/tables.ts';

// A DynamoDB Local of its own: on the instance the whole run shares, with hundreds of tables and
// other files writing, DynamoDB Local was seen never to finish building an added index.
let dynamo: RunningDynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-central-1',
    ...localEndpointSettings(dynamo.endpoint, 'eu-central-1'),
  });
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

const indexesOf = async (table: string) =>
  (await client.send(new DescribeTableCommand({ TableName: table }))).Table?.GlobalSecondaryIndexes?.map(
    (index) => ({
      name: index.IndexName,
      status: index.IndexStatus,
      keys: index.KeySchema,
      projection: index.Projection?.ProjectionType,
    }),
  );

describe('ensureTables on a store made by an older version', () => {
  it('adds the index a definition gained to an existing table, and leaves it on a second run', async () => {
    // Prepare: a calls table as the first version created it, without any index.
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const calls = localTableName(prefix, 'calls');
    await client.send(
      new CreateTableCommand({
        TableName: calls,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    // Act
    await ensureTables(client, prefix);
    await ensureTables(client, prefix);
    // Assess
    expect(await indexesOf(calls)).toEqual([
      {
        name: 'callsByTenancy',
        status: 'ACTIVE',
        keys: [
          { AttributeName: 'tenancyKey', KeyType: 'HASH' },
          { AttributeName: 'receivedAt', KeyType: 'RANGE' },
        ],
        projection: 'KEYS_ONLY',
      },
    ]);
  });
});

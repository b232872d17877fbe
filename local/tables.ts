import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { localTableName, TABLES, type TableKey } from '../shared/adapters/dynamodb/tables.ts';

/** Creates the tables of `shared/adapters/dynamodb/tables.ts` under `prefix`, if they do not exist yet. */
export const ensureTables = async (
  client: DynamoDBClient,
  prefix: string,
): Promise<Record<TableKey, string>> => {
  const names = {} as Record<TableKey, string>;
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const table = TABLES[key];
    const name = localTableName(prefix, key);
    names[key] = name;
    if (await exists(client, name)) continue;
    const indexes: readonly { indexName: string; partitionKey: string; sortKey?: string }[] = table.indexes;
    const attributes = new Set<string>([table.partitionKey, table.sortKey]);
    for (const index of indexes) {
      attributes.add(index.partitionKey);
      if (index.sortKey) attributes.add(index.sortKey);
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attributes].map((AttributeName) => ({
            AttributeName,
            AttributeType: 'S',
          })),
          KeySchema: [
            { AttributeName: table.partitionKey, KeyType: 'HASH' },
            { AttributeName: table.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes:
            indexes.length === 0
              ? undefined
              : indexes.map((index) => ({
                  IndexName: index.indexName,
                  KeySchema: [
                    { AttributeName: index.partitionKey, KeyType: 'HASH' },
                    ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
                  ],
                  Projection: { ProjectionType: 'ALL' },
                })),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error; // created by a concurrent start
    }
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
    if ('timeToLiveAttribute' in table) {
      // DynamoDB Local records the setting but never expires items; nothing may rely on deletion.
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  }
  return names;
};

const exists = async (client: DynamoDBClient, name: string): Promise<boolean> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
};

import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  type IndexDefinition,
  indexesOf,
  localTableName,
  TABLES,
  type TableKey,
} from '../shared/adapters/dynamodb/tables.ts';

/** One index of a table definition as CreateTable and UpdateTable take it. */
const toIndexSpec = (index: IndexDefinition) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
  ],
  Projection: { ProjectionType: index.projection },
});

/**
 * Creates the tables of `shared/adapters/dynamodb/tables.ts` under `prefix`, if they do not exist yet,
 * and adds the indexes a definition gained since an existing table was created (a store in `.hotline/`
 * outlives code changes).
 */
export const ensureTables = async (
  client: DynamoDBClient,
  prefix: string,
): Promise<Record<TableKey, string>> => {
  const names = {} as Record<TableKey, string>;
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const table = TABLES[key];
    const name = localTableName(prefix, key);
    names[key] = name;
    const indexes = indexesOf(table);
    if (await exists(client, name)) {
      await addMissingIndexes(client, name, indexes);
      continue;
    }
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
          GlobalSecondaryIndexes: indexes.length === 0 ? undefined : indexes.map(toIndexSpec),
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

const describe = async (client: DynamoDBClient, name: string): Promise<TableDescription | undefined> =>
  (await client.send(new DescribeTableCommand({ TableName: name }))).Table;

const indexNames = (table: TableDescription | undefined): Set<string> =>
  new Set(
    (table?.GlobalSecondaryIndexes ?? []).flatMap((index) => (index.IndexName ? [index.IndexName] : [])),
  );

/** DynamoDB builds a new index in the background; DynamoDB Local is quick, AWS can take minutes. */
const INDEX_WAIT_MS = 120_000;
const INDEX_POLL_MS = 100;

const waitForIndex = async (client: DynamoDBClient, name: string, indexName: string): Promise<void> => {
  const deadline = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    const table = await describe(client, name);
    const index = table?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === indexName);
    if (table?.TableStatus === 'ACTIVE' && index?.IndexStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`index ${indexName} of table ${name} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
  }
};

/** One UpdateTable per missing index (DynamoDB creates one index per update), each awaited. */
const addMissingIndexes = async (
  client: DynamoDBClient,
  name: string,
  indexes: readonly IndexDefinition[],
): Promise<void> => {
  for (const index of indexes) {
    if (indexNames(await describe(client, name)).has(index.indexName)) continue;
    try {
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])].map(
            (AttributeName) => ({ AttributeName, AttributeType: 'S' }),
          ),
          GlobalSecondaryIndexUpdates: [
            {
              Create: toIndexSpec(index),
            },
          ],
        }),
      );
    } catch (error) {
      // Another process (a server and a CLI on one store) may have added it first.
      if (!indexNames(await describe(client, name)).has(index.indexName)) throw error;
    }
    await waitForIndex(client, name, index.indexName);
  }
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

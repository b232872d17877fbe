import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * The yardstick for the identify-caller bundle (docs/performance-targets.md): the DynamoDB client alone,
 * one GetItem, nothing of ours. Built by bench/bundle.ts with the Lambda settings, never deployed.
 */
const client = new DynamoDBClient({});

export const handler = async () =>
  client.send(new GetItemCommand({ TableName: 'table', Key: { pk: { S: 'key' } } }));

import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { recordingDocumentClientRequests, replayTrace } from '../../bench/request-trace.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createTestTables } from '../support/dynamo.ts';

/** The bench's replay floor: what the replay sent, recorded, then sent again by a bare client. */
describe('the replay floor: recording requests and sending them again', () => {
  it('records what every document client sends while the work runs, and only then', async () => {
    // Prepare
    const { env } = await createTestTables();
    const docOf = () =>
      makeDocumentClient({
        region: env.AWS_REGION,
        endpoint: env.DYNAMODB_ENDPOINT,
        requestTimeoutMs: 5_000,
        maxAttempts: 1,
      });
    const [first, second] = [docOf(), docOf()];
    const table = env.CALLS_TABLE;
    // Act: two clients, as the replay has several; a write that holds once, and a plain read
    const { result, trace } = await recordingDocumentClientRequests(async () => {
      await first.send(
        new PutCommand({
          TableName: table,
          Item: { pk: 'TRACE#1', sk: 'LOG', n: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return (await second.send(new GetCommand({ TableName: table, Key: { pk: 'TRACE#1', sk: 'LOG' } })))
        .Item;
    });
    await first.send(new GetCommand({ TableName: table, Key: { pk: 'TRACE#1', sk: 'LOG' } }));
    const floor = await replayTrace(second, trace, 2);
    // Assess
    expect(result).toEqual({ pk: 'TRACE#1', sk: 'LOG', n: 1 });
    expect(trace.map((request) => request.command)).toEqual([PutCommand, GetCommand]);
    expect(floor).toMatchObject({ requests: 2, refused: 1 });
    expect(floor.elapsedMs).toBeGreaterThan(0);
    expect(Object.hasOwn(DynamoDBDocumentClient.prototype, 'send')).toBe(false);
    first.destroy();
    second.destroy();
  });

  it('passes on an error that is not the store refusing a request', async () => {
    // Prepare: a table that does not exist
    const { env } = await createTestTables();
    const doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5_000,
      maxAttempts: 1,
    });
    const trace = [{ command: GetCommand, input: { TableName: 'no-such-table', Key: { pk: 'x', sk: 'y' } } }];
    // Act and assess
    await expect(replayTrace(doc, trace, 1)).rejects.toThrow(/non-existent table|not found/i);
    doc.destroy();
  });
});

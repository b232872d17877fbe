import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callKeys } from '../../shared/adapters/dynamodb/entities/call.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import { aContactFlowEvent, aTenancyFile } from '../fixtures/tenancy-files.ts';
import { createTestTables } from '../support/dynamo.ts';

describe('identify-caller against DynamoDB Local', () => {
  let handler: (event: unknown) => Promise<Record<string, string>>;
  let adapters: ReturnType<typeof makeDynamoAdapters>;
  let callsTable: string;

  beforeAll(async () => {
    // Prepare: tables of this file's own, a read model, and the real handler module wired from env.
    const { env, envVars } = await createTestTables();
    callsTable = env.CALLS_TABLE;
    adapters = makeDynamoAdapters(env);
    await adapters.readModel.replace([
      aTenancyFile({
        tenancyId: '100200300',
        phoneNumbers: ['+436641234567'],
        cases: [{ stage: 'lawsuit', evictionDate: undefined, monthsInArrears: 4 }],
      }),
      aTenancyFile({ tenancyId: '100200301', phoneNumbers: ['+43140008000'] }),
      aTenancyFile({ tenancyId: '100200302', phoneNumbers: ['+43140008000'] }),
    ]);
    for (const [name, value] of Object.entries(envVars)) vi.stubEnv(name, value);
    vi.resetModules();
    ({ handler } = await import('../../functions/identify-caller/handler.ts'));
  });

  it('finds a caller by number with the open case id and its risk level', async () => {
    const result = await handler(aContactFlowEvent({ callerNumber: '+436641234567', contactId: 'a-1' }));
    expect(result).toEqual({
      lookupStatus: 'found',
      identifiedBy: 'phone',
      matchCount: '1',
      tenancyId: '100200300',
      caseId: 'C-100200300-0',
      riskLevel: 'high',
      preferredLanguage: 'de',
    });
  });

  it('reports a shared number as ambiguous', async () => {
    const result = await handler(aContactFlowEvent({ callerNumber: '+43140008000', contactId: 'a-2' }));
    expect(result).toMatchObject({ lookupStatus: 'ambiguous', matchCount: '2', tenancyId: '' });
  });

  it('finds a caller by the tenancy number keyed in', async () => {
    const result = await handler(
      aContactFlowEvent({ contactId: 'a-3', parameters: { lookup: 'tenancy', tenancyNumber: '100200302' } }),
    );
    expect(result).toMatchObject({ lookupStatus: 'found', identifiedBy: 'keypad', tenancyId: '100200302' });
  });

  it('files the call for its tenancy in its one write: by the number, then by the tenancy number keyed in', async () => {
    // Prepare
    const callItem = async () =>
      (
        await adapters.doc.send(
          new GetCommand({ TableName: callsTable, Key: callKeys.log('file-1'), ConsistentRead: true }),
        )
      ).Item;
    // The store's key: a keyed hash with its version, never the number.
    const hash = (await adapters.hashing.current()).phone('+43140008000' as E164);
    expect(hash).toMatch(/^[A-Za-z0-9-]+#[0-9a-f]{32}$/);
    // Act
    await handler(aContactFlowEvent({ callerNumber: '+43140008000', contactId: 'file-1' }));
    const byNumber = await callItem();
    await handler(
      aContactFlowEvent({
        callerNumber: '+43140008000',
        contactId: 'file-1',
        parameters: { lookup: 'tenancy', tenancyNumber: '100200302' },
      }),
    );
    await handler(aContactFlowEvent({ callerNumber: '+43140008000', contactId: 'file-1' }));
    const byTenancy = await callItem();
    // Assess
    expect(byNumber?.tenancyKey).toBe(`PHONE#${hash}`);
    expect(byTenancy?.tenancyKey).toBe('TENANCY#100200302');
  });

  it('logs four identical invocations as one enquiry', async () => {
    const event = aContactFlowEvent({ callerNumber: '+436641234567', contactId: 'dup-1' });
    for (let i = 0; i < 4; i++) await handler(event);
    const { Items } = await adapters.doc.send(
      new ScanCommand({
        TableName: callsTable,
        FilterExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CALL#dup-1' },
      }),
    );
    expect(Items).toHaveLength(1);
    const { Item } = await adapters.doc.send(
      new GetCommand({ TableName: callsTable, Key: callKeys.log('dup-1') }),
    );
    expect(Item).toMatchObject({ entity: 'call', channel: 'VOICE' });
    expect(typeof Item?.expiresAt).toBe('number');
  });
});

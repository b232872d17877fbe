import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-trail.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import type { IdentifyCallerEnv } from '../../shared/config/env.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import type { AuditEntry } from '../../shared/ports/audit-trail.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { createTestTables } from '../support/dynamo.ts';

const TENANCY = '104711001' as TenancyId;
const OTHER = '104711002' as TenancyId;

const anEntry = (at: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  action: 'context_read',
  subject: 'sub-agent-1',
  groups: ['agents'],
  contactId: 'contact-1',
  tenancyId: TENANCY,
  route: 'GET /api/contacts/{contactId}/context',
  at: new Date(at),
  ...overrides,
});

describe('the audit trail on DynamoDB Local', () => {
  let env: IdentifyCallerEnv;
  let auditTable: string;
  let doc: ReturnType<typeof makeDocumentClient>;
  let trail: DynamoAuditTrail;

  beforeAll(async () => {
    const tables = await createTestTables();
    env = tables.env;
    auditTable = tables.envVars.AUDIT_TABLE ?? '';
    doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5000,
      maxAttempts: 3,
    });
    trail = new DynamoAuditTrail(doc, auditTable, { clock: fixedClock('2026-12-01T00:00:00Z') });
  });
  afterAll(() => doc.destroy());

  it("lists a tenancy's entries oldest first, from an instant on, none of another tenancy", async () => {
    // Recorded out of order and many in one millisecond: every one is kept, in time order.
    await trail.record(anEntry('2026-11-25T10:00:00.000Z', { action: 'outcome_recorded' }));
    await trail.record(anEntry('2026-11-24T09:00:00.000Z'));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        trail.record(anEntry('2026-11-25T11:00:00.000Z', { action: 'audit_read' })),
      ),
    );
    await trail.record(anEntry('2026-11-25T10:30:00.000Z', { tenancyId: OTHER }));

    const all = await trail.listForTenancy(TENANCY);
    expect(all).toHaveLength(22);
    expect(all.map((entry) => entry.at)).toEqual([...all.map((entry) => entry.at)].sort());
    expect(new Set(all.map((entry) => entry.entryId)).size).toBe(22);
    expect(all.every((entry) => entry.tenancyId === TENANCY)).toBe(true);

    const fromThe25th = await trail.listForTenancy(TENANCY, { from: new Date('2026-11-25T00:00:00Z') });
    expect(fromThe25th.map((entry) => entry.action).slice(0, 2)).toEqual(['outcome_recorded', 'audit_read']);
    expect(fromThe25th).toHaveLength(21);
  });

  it('lists the entries of a contact without a tenancy apart', async () => {
    await trail.record(anEntry('2026-11-25T12:00:00.000Z', { tenancyId: undefined, contactId: 'contact-x' }));
    const entries = await trail.listForContact('contact-x');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ contactId: 'contact-x', action: 'context_read' });
    expect(entries[0]).not.toHaveProperty('tenancyId');
  });

  it('never overwrites an entry: a put under an existing key is refused', async () => {
    await trail.record(anEntry('2026-11-26T08:00:00.000Z', { tenancyId: '104711003' as TenancyId }));
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: auditTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANCY#104711003' },
      }),
    );
    const [stored] = Items;
    expect(stored?.expiresAt).toBe(Date.parse('2026-11-26T08:00:00Z') / 1000 + 730 * 86_400);
    // What the adapter sends, by hand, over the stored entry: DynamoDB itself refuses it.
    await expect(
      doc.send(
        new PutCommand({
          TableName: auditTable,
          Item: { ...stored, action: 'privacy_erase' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const [unchanged] = await trail.listForTenancy('104711003' as TenancyId);
    expect(unchanged?.action).toBe('context_read');
  });

  it('leaves out entries past retention, as TTL deletes late and DynamoDB Local never', async () => {
    const short = new DynamoAuditTrail(doc, auditTable, {
      retentionDays: 1,
      clock: fixedClock('2026-12-01T00:00:00Z'),
    });
    await short.record(anEntry('2026-11-20T08:00:00.000Z', { tenancyId: '104711004' as TenancyId }));
    await short.record(anEntry('2026-11-30T08:00:00.000Z', { tenancyId: '104711004' as TenancyId }));
    const kept = await short.listForTenancy('104711004' as TenancyId);
    expect(kept.map((entry) => entry.at)).toEqual(['2026-11-30T08:00:00.000Z']);
  });
});

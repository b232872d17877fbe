import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-trail.ts';
import { CorruptRecordError, StoreUnavailableError } from '../../shared/domain/errors.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import type { AuditEntry } from '../../shared/ports/audit-trail.ts';
import { fixedClock } from '../../shared/ports/clock.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const TABLE = 'test-Audit';
const AT = new Date('2026-11-25T09:15:00.123Z');
const TENANCY = '104711001' as TenancyId;

const anEntry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  action: 'context_read',
  subject: 'sub-agent-1',
  groups: ['agents'],
  contactId: 'contact-1',
  tenancyId: TENANCY,
  route: 'GET /api/contacts/{contactId}/context',
  at: AT,
  ...overrides,
});

/** A stored entry as the table holds it (written out here: the stored shape is a contract). */
const aStoredEntry = (sk: string, overrides: Record<string, unknown> = {}) => ({
  pk: `TENANCY#${TENANCY}`,
  sk,
  entity: 'audit-entry',
  version: 1,
  action: 'context_read',
  subject: 'sub-agent-1',
  groups: ['agents'],
  contactId: 'contact-1',
  tenancyId: TENANCY,
  route: 'GET /api/contacts/{contactId}/context',
  at: AT.toISOString(),
  expiresAt: Math.floor(AT.getTime() / 1000) + 730 * 86_400,
  ...overrides,
});

const putInputs = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input);

beforeEach(() => ddb.reset());

describe('DynamoAuditTrail.record', () => {
  it('puts one entry under its tenancy, sortable by time, that may only create', async () => {
    ddb.on(PutCommand).resolves({});
    await new DynamoAuditTrail(doc, TABLE).record(anEntry());
    const [input] = putInputs();
    expect(input?.TableName).toBe(TABLE);
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.Item).toMatchObject({
      pk: `TENANCY#${TENANCY}`,
      entity: 'audit-entry',
      version: 1,
      action: 'context_read',
      subject: 'sub-agent-1',
      groups: ['agents'],
      contactId: 'contact-1',
      tenancyId: TENANCY,
      route: 'GET /api/contacts/{contactId}/context',
      at: '2026-11-25T09:15:00.123Z',
    });
    expect(String(input?.Item?.sk)).toMatch(/^ENTRY#20261125T091500123Z-[0-9a-z]+$/);
  });

  it('keeps an entry for two years by default, or the retention configured', async () => {
    ddb.on(PutCommand).resolves({});
    await new DynamoAuditTrail(doc, TABLE).record(anEntry());
    await new DynamoAuditTrail(doc, TABLE, { retentionDays: 3000 }).record(anEntry());
    const [byDefault, configured] = putInputs();
    const atSeconds = Math.floor(AT.getTime() / 1000);
    expect(byDefault?.Item?.expiresAt).toBe(atSeconds + 730 * 86_400);
    expect(configured?.Item?.expiresAt).toBe(atSeconds + 3000 * 86_400);
  });

  it('files an entry by contact when no tenancy is known, by user when neither is', async () => {
    ddb.on(PutCommand).resolves({});
    const trail = new DynamoAuditTrail(doc, TABLE);
    await trail.record(anEntry({ tenancyId: undefined }));
    await trail.record(
      anEntry({ tenancyId: undefined, contactId: undefined, action: 'candidates_searched' }),
    );
    const [byContact, bySubject] = putInputs();
    expect(byContact?.Item?.pk).toBe('CONTACT#contact-1');
    expect(byContact?.Item).not.toHaveProperty('tenancyId');
    expect(bySubject?.Item?.pk).toBe('SUBJECT#sub-agent-1');
    expect(bySubject?.Item).not.toHaveProperty('contactId');
  });

  it('takes a new id when its id was taken, never overwriting the entry there', async () => {
    ddb
      .on(PutCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }))
      .resolves({});
    await new DynamoAuditTrail(doc, TABLE).record(anEntry());
    const inputs = putInputs();
    expect(inputs).toHaveLength(2);
    expect(inputs.every((input) => input.ConditionExpression === 'attribute_not_exists(pk)')).toBe(true);
  });

  it('reports a store that fails as unavailable, with the SDK error as its cause', async () => {
    const failure = new Error('socket hang up');
    ddb.on(PutCommand).rejects(failure);
    const error = await new DynamoAuditTrail(doc, TABLE).record(anEntry()).catch((caught) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.cause).toBe(failure);
  });

  it('refuses a retention that is not a whole number of days', () => {
    expect(() => new DynamoAuditTrail(doc, TABLE, { retentionDays: 0 })).toThrow(RangeError);
    expect(() => new DynamoAuditTrail(doc, TABLE, { retentionDays: 1.5 })).toThrow(RangeError);
  });
});

describe('DynamoAuditTrail.listForTenancy', () => {
  it('queries the tenancy from an instant on, oldest first, over every page', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [aStoredEntry('ENTRY#20261125T091500123Z-aaaa')],
        LastEvaluatedKey: { pk: `TENANCY#${TENANCY}`, sk: 'ENTRY#20261125T091500123Z-aaaa' },
      })
      .resolvesOnce({
        Items: [aStoredEntry('ENTRY#20261125T091600000Z-bbbb', { action: 'outcome_recorded' })],
      });
    const trail = new DynamoAuditTrail(doc, TABLE, { clock: fixedClock('2026-12-01T00:00:00Z') });
    const entries = await trail.listForTenancy(TENANCY, { from: new Date('2026-11-25T00:00:00Z') });
    const [first] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(first).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk AND #sk >= :from',
      ExpressionAttributeValues: { ':pk': `TENANCY#${TENANCY}`, ':from': 'ENTRY#20261125T000000000Z' },
      ScanIndexForward: true,
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    expect(entries.map((entry) => [entry.entryId, entry.action])).toEqual([
      ['20261125T091500123Z-aaaa', 'context_read'],
      ['20261125T091600000Z-bbbb', 'outcome_recorded'],
    ]);
    expect(entries[0]).toEqual({
      entryId: '20261125T091500123Z-aaaa',
      action: 'context_read',
      subject: 'sub-agent-1',
      groups: ['agents'],
      contactId: 'contact-1',
      tenancyId: TENANCY,
      route: 'GET /api/contacts/{contactId}/context',
      at: AT.toISOString(),
    });
  });

  it('leaves out entries past retention that TTL has not removed yet', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        aStoredEntry('ENTRY#20240101T000000000Z-old1', {
          expiresAt: Date.parse('2026-01-01T00:00:00Z') / 1000,
        }),
        aStoredEntry('ENTRY#20261125T091500123Z-new1'),
      ],
    });
    const trail = new DynamoAuditTrail(doc, TABLE, { clock: fixedClock('2026-12-01T00:00:00Z') });
    const entries = await trail.listForTenancy(TENANCY);
    expect(entries.map((entry) => entry.entryId)).toEqual(['20261125T091500123Z-new1']);
    const [input] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(input?.KeyConditionExpression).toBe('#pk = :pk');
  });

  it('refuses an entry that does not match its stored shape', async () => {
    ddb.on(QueryCommand).resolves({ Items: [aStoredEntry('ENTRY#x', { action: 'deleted_everything' })] });
    await expect(new DynamoAuditTrail(doc, TABLE).listForTenancy(TENANCY)).rejects.toBeInstanceOf(
      CorruptRecordError,
    );
  });

  it("lists a contact's entries from its own partition", async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await new DynamoAuditTrail(doc, TABLE).listForContact('contact-9');
    const [input] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(input?.ExpressionAttributeValues).toEqual({ ':pk': 'CONTACT#contact-9' });
  });
});

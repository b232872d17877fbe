import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallReport, makeCallSimulator, type SimulatedCallRequest } from '../../local/call-simulator.ts';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { callKeys, fromCallTimelineItem } from '../../shared/adapters/dynamodb/entities/call.ts';
import type { IdentifyCallerEnv } from '../../shared/config/env.ts';
import { logger } from '../../shared/observability/logger.ts';
import { createTablesWithDemoData } from '../support/dynamo.ts';

/**
 * Simulated calls end with the contact events the real instance would emit, fed to the real
 * contact-events handler: the call logs in DynamoDB Local say how long the caller waited, whether
 * the call was answered or abandoned, and whether it came after hours.
 */
const DAY = '2026-11-25'; // a Wednesday
const vienna = (time: string) => `${DAY}T${time}:00+01:00`;
const NO = '';

const CALLS: Record<string, SimulatedCallRequest> = {
  answered: {
    from: DEMO_CALLERS.critical.phone,
    keys: [NO],
    at: vienna('10:00'),
    answer: { afterSeconds: 75 },
  },
  abandoned: {
    from: DEMO_CALLERS.normal.phone,
    keys: [NO, '2'],
    at: vienna('11:00'),
    answer: { abandonAfterSeconds: 200 },
  },
  closed: { from: DEMO_CALLERS.normal.phone, keys: [NO, '2'], at: vienna('20:00') },
  callback: { from: DEMO_CALLERS.critical.phone, keys: [NO, NO], at: vienna('18:30') },
};

describe('contact events of simulated calls', () => {
  let env: IdentifyCallerEnv;
  let doc: DynamoDBDocumentClient;

  beforeAll(async () => {
    ({ env } = await createTablesWithDemoData(DAY));
    doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5000,
      maxAttempts: 3,
    });
    logger.setLogLevel('WARN');
  });

  afterAll(() => {
    logger.setLogLevel('INFO');
    doc.destroy();
  });

  const callItem = async (contactId: string) =>
    (await doc.send(new GetCommand({ TableName: env.CALLS_TABLE, Key: callKeys.log(contactId) }))).Item;

  /** The stored item without what names the contact: the rest must not depend on delivery. */
  const withoutIdentity = (item: Record<string, unknown> | undefined) => {
    const { pk: _pk, contactIds: _contactIds, ...rest } = item ?? {};
    return rest;
  };

  const placeAll = async (simulate: (request: SimulatedCallRequest) => Promise<CallReport>) => {
    const reports: Record<string, CallReport> = {};
    for (const [name, request] of Object.entries(CALLS)) reports[name] = await simulate(request);
    return reports;
  };

  it('stores the wait, the answer or abandonment, and the hours of each kind of call', async () => {
    // Prepare
    const simulate = makeCallSimulator({ env, doc });
    // Act
    const reports = await placeAll(simulate);
    // Assess
    const stored = async (name: string) =>
      fromCallTimelineItem(await callItem(reports[name]?.contactId ?? ''));
    expect(reports.answered).toMatchObject({ result: 'queued', queue: 'urgent' });
    expect(await stored('answered')).toMatchObject({
      queue: 'urgent',
      afterHours: false,
      waitSeconds: 75,
      handleSeconds: 360,
      abandoned: false,
      disconnectReason: 'AGENT_DISCONNECT',
    });
    expect(reports.abandoned).toMatchObject({ result: 'queued', queue: 'general' });
    expect(await stored('abandoned')).toMatchObject({
      queue: 'general',
      afterHours: false,
      waitSeconds: 200,
      answeredAt: undefined,
      abandoned: true,
      disconnectReason: 'CUSTOMER_DISCONNECT',
    });
    expect(reports.closed?.result).toBe('closed');
    expect(await stored('closed')).toMatchObject({
      afterHours: true,
      queuedAt: undefined,
      waitSeconds: undefined,
      abandoned: false,
      disconnectReason: 'CONTACT_FLOW_DISCONNECT',
    });
    expect(reports.callback?.result).toBe('callback');
    expect(await stored('callback')).toMatchObject({
      afterHours: true,
      queuedAt: undefined,
      abandoned: false,
      disconnectReason: 'CUSTOMER_DISCONNECT',
    });
  });

  it('reports the call log as stored, with the time advancing from the call’s instant', async () => {
    // Prepare
    const simulate = makeCallSimulator({ env, doc });
    // Act
    const report = await simulate(CALLS.answered as SimulatedCallRequest);
    // Assess
    expect(report.callLog).toMatchObject({
      queue: 'urgent',
      answered: true,
      abandoned: false,
      afterHours: false,
      waitSeconds: 75,
      handleSeconds: 360,
      initiatedAt: new Date(vienna('10:00')).toISOString(),
    });
    const log = fromCallTimelineItem(await callItem(report.contactId));
    expect(report.callLog?.disconnectedAt).toBe(log.disconnectedAt?.toISOString());
    expect(log.queuedAt?.getTime()).toBeGreaterThan(new Date(vienna('10:00')).getTime());
  });

  it('waits a short plausible time by default, and the plain abandon gives up after a while', async () => {
    // Prepare
    const simulate = makeCallSimulator({ env, doc });
    // Act
    const answered = await simulate({ ...CALLS.answered, answer: undefined } as SimulatedCallRequest);
    const abandoned = await simulate({ ...CALLS.abandoned, answer: 'abandon' } as SimulatedCallRequest);
    // Assess
    expect(answered.callLog).toMatchObject({ answered: true, waitSeconds: 40 });
    expect(abandoned.callLog).toMatchObject({ answered: false, abandoned: true, waitSeconds: 90 });
  });

  it('stores identical call logs when the events arrive twice and out of order', async () => {
    // Prepare
    const ordered = makeCallSimulator({ env, doc });
    const shuffled = makeCallSimulator({ env, doc, shuffleEvents: { seed: 42 } });
    // Act
    const inOrder = await placeAll(ordered);
    const outOfOrder = await placeAll(shuffled);
    // Assess
    for (const name of Object.keys(CALLS)) {
      const expected = withoutIdentity(await callItem(inOrder[name]?.contactId ?? ''));
      const actual = withoutIdentity(await callItem(outOfOrder[name]?.contactId ?? ''));
      expect(actual, name).toEqual(expected);
      expect(outOfOrder[name]?.callLog, name).toEqual(inOrder[name]?.callLog);
    }
  });

  it('refuses an answer that is no wait', async () => {
    // Prepare
    const simulate = makeCallSimulator({ env, doc });
    // Act
    const attempt = simulate({ ...CALLS.answered, answer: { afterSeconds: -3 } } as SimulatedCallRequest);
    // Assess
    await expect(attempt).rejects.toThrow(/answer/);
  });
});

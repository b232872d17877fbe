import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireContactEvents } from '../../functions/contact-events/wiring.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoEnquiryLog } from '../../shared/adapters/dynamodb/enquiry-log.ts';
import { callKeys, fromCallTimelineItem } from '../../shared/adapters/dynamodb/entities/call.ts';
import { metricsKeys } from '../../shared/adapters/dynamodb/entities/metrics-day.ts';
import { loadContactEventsEnv } from '../../shared/config/env.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import { logger } from '../../shared/observability/logger.ts';
import {
  aContactEvent,
  anAbandonedCall,
  anAnsweredCall,
  anUnreachableCallback,
  aReachedCallback,
  CALLBACK_QUEUE_ARN,
  type CallScript,
  type ContactEventType,
  GENERAL_QUEUE_ARN,
  URGENT_QUEUE_ARN,
} from '../fixtures/contact-events.ts';
import { createTestTables } from '../support/dynamo.ts';
import { testHasher } from '../support/hash-keys.ts';

const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, index) =>
        permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
      );

const CALL_EVENTS: readonly ContactEventType[] = [
  'INITIATED',
  'QUEUED',
  'CONNECTED_TO_AGENT',
  'DISCONNECTED',
];
const RETENTION_DAYS = 30;

describe('contact-events against DynamoDB Local', () => {
  let handler: (event: unknown) => Promise<void>;
  let doc: DynamoDBDocumentClient;
  let callsTable: string;
  let enquiries: DynamoEnquiryLog;

  beforeAll(async () => {
    // Prepare: tables of this file's own, and the real function composed from its configuration.
    const { envVars } = await createTestTables({
      URGENT_QUEUE_ARN,
      GENERAL_QUEUE_ARN,
      CALLBACK_QUEUE_ARN,
      CALL_RETENTION_DAYS: String(RETENTION_DAYS),
    });
    const env = loadContactEventsEnv(envVars);
    callsTable = env.CALLS_TABLE;
    doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5000,
      maxAttempts: 3,
    });
    handler = wireContactEvents(env, { doc });
    enquiries = new DynamoEnquiryLog(doc, callsTable, RETENTION_DAYS, async () => testHasher);
    // One info line per event would bury the run's output; warnings and errors still show.
    logger.setLogLevel('WARN');
  });

  afterAll(() => {
    logger.setLogLevel('INFO');
    doc.destroy();
  });

  const callItem = async (initialContactId: string) =>
    (await doc.send(new GetCommand({ TableName: callsTable, Key: callKeys.log(initialContactId) }))).Item;

  /** The stored item without what names the contact: the rest must not depend on the order. */
  const withoutIdentity = (item: Record<string, unknown> | undefined) => {
    const { pk: _pk, contactIds: _contactIds, ...rest } = item ?? {};
    return rest;
  };

  const deliver = async (events: readonly unknown[]) => {
    for (const event of events) await handler(event);
  };

  it('stores the identical item for every order of the four events, each delivered again later', async () => {
    // Prepare
    const orders = permutations(CALL_EVENTS);
    const stored: Record<string, unknown>[] = [];
    // Act
    for (const [index, order] of orders.entries()) {
      const script = anAnsweredCall(`perm-${index}`);
      const events = new Map(order.map((type) => [type, aContactEvent(script, type)]));
      const byOrder = order.map((type) => events.get(type));
      // At-least-once delivery: the same events (same ids) again, interleaved and repeated.
      await deliver([byOrder[0], ...byOrder, byOrder[2], byOrder[1], byOrder[3]]);
      stored.push(withoutIdentity(await callItem(script.contactId)));
    }
    // Assess
    expect(orders).toHaveLength(24);
    for (const item of stored) expect(item).toEqual(stored[0]);
    expect(fromCallTimelineItem({ ...stored[0] })).toEqual({
      initiatedAt: new Date('2026-11-24T09:00:00.000Z'),
      afterHours: false,
      queuedAt: new Date('2026-11-24T09:00:40.000Z'),
      queue: 'urgent',
      answeredAt: new Date('2026-11-24T09:02:10.500Z'),
      disconnectedAt: new Date('2026-11-24T09:09:30.000Z'),
      disconnectReason: 'CUSTOMER_DISCONNECT',
      waitSeconds: 91,
      handleSeconds: 440,
      abandoned: false,
    });
  });

  it('keeps one item per call, with the TTL from the initiation', async () => {
    // Prepare
    const script = anAnsweredCall('ttl-1');
    // Act
    await deliver(CALL_EVENTS.map((type) => aContactEvent(script, type)));
    // Assess
    const item = await callItem('ttl-1');
    expect(item).toMatchObject({
      entity: 'call',
      version: 1,
      channel: 'VOICE',
      contactIds: new Set(['ttl-1']),
      expiresAt: Date.parse(script.initiatedAt) / 1000 + RETENTION_DAYS * 86_400,
    });
  });

  it('loses nothing when the events of a call are processed at the same time', async () => {
    // Prepare
    const script = anAnsweredCall('concurrent-1');
    const events = [...CALL_EVENTS, 'COMPLETED' as const].map((type) => aContactEvent(script, type));
    // Act
    await Promise.all(events.map((event) => handler(event)));
    // Assess
    expect(fromCallTimelineItem(await callItem('concurrent-1'))).toMatchObject({
      queue: 'urgent',
      waitSeconds: 91,
      handleSeconds: 440,
      abandoned: false,
    });
  });

  it('records a call that queued and hung up before an agent answered as abandoned, with its wait', async () => {
    // Prepare
    const script = anAbandonedCall('abandoned-1');
    // Act
    await deliver([aContactEvent(script, 'DISCONNECTED'), aContactEvent(script, 'QUEUED')]);
    // Assess
    expect(fromCallTimelineItem(await callItem('abandoned-1'))).toMatchObject({
      queuedAt: new Date('2026-11-24T09:30:35.000Z'),
      queue: 'general',
      answeredAt: undefined,
      disconnectedAt: new Date('2026-11-24T09:33:05.000Z'),
      waitSeconds: 150,
      handleSeconds: undefined,
      abandoned: true,
    });
  });

  it('turns a call that looked abandoned into an answered one when the late agent event arrives', async () => {
    // Prepare: the agent event was only late; the call had been answered all along.
    const script: CallScript = { ...anAnsweredCall('late-agent-1') };
    await deliver([
      aContactEvent(script, 'QUEUED'),
      aContactEvent(script, 'DISCONNECTED', { detail: { agentInfo: null } }),
    ]);
    const before = fromCallTimelineItem(await callItem('late-agent-1'));
    // Act
    await handler(aContactEvent(script, 'CONNECTED_TO_AGENT'));
    // Assess
    expect(before.abandoned).toBe(true);
    expect(fromCallTimelineItem(await callItem('late-agent-1'))).toMatchObject({
      abandoned: false,
      waitSeconds: 91,
      handleSeconds: 440,
    });
  });

  it('folds a transferred leg into the first contact’s call: first queue and answer, last disconnect', async () => {
    // Prepare
    const first = anAnsweredCall('transfer-1');
    const second: CallScript = {
      contactId: 'transfer-1b',
      initialContactId: 'transfer-1',
      initiatedAt: '2026-11-24T09:09:30.000Z',
      queuedAt: '2026-11-24T09:09:31.000Z',
      queueArn: GENERAL_QUEUE_ARN,
      answeredAt: '2026-11-24T09:12:00.000Z',
      disconnectedAt: '2026-11-24T09:20:00.000Z',
      disconnectReason: 'AGENT_DISCONNECT',
    };
    // Act: the second leg first, to show that the order does not matter.
    await deliver([
      ...CALL_EVENTS.map((type) => aContactEvent(second, type)),
      ...CALL_EVENTS.map((type) => aContactEvent(first, type)),
    ]);
    // Assess
    const item = await callItem('transfer-1');
    expect(item?.contactIds).toEqual(new Set(['transfer-1', 'transfer-1b']));
    expect(fromCallTimelineItem(item)).toMatchObject({
      initiatedAt: new Date('2026-11-24T09:00:00.000Z'),
      queue: 'urgent',
      queuedAt: new Date('2026-11-24T09:00:40.000Z'),
      answeredAt: new Date('2026-11-24T09:02:10.500Z'),
      disconnectedAt: new Date('2026-11-24T09:20:00.000Z'),
      disconnectReason: 'AGENT_DISCONNECT',
      waitSeconds: 91,
      handleSeconds: 1070,
    });
    expect(await callItem('transfer-1b')).toBeUndefined();
  });

  describe('queued callbacks', () => {
    /** Monday 23 November 2026, 18:30 Vienna: closed; the critical caller keeps a callback. */
    const closedCall: CallScript = {
      contactId: 'evening-1',
      initiatedAt: '2026-11-23T17:30:00.000Z',
      disconnectedAt: '2026-11-23T17:31:00.000Z',
      disconnectReason: 'CUSTOMER_DISCONNECT',
    };
    const dayItem = async (day: string) =>
      (await doc.send(new GetCommand({ TableName: callsTable, Key: metricsKeys.day(day as never) }))).Item;

    it("gives a callback a log of its own, linked to its call, though it carries the call's initial contact id", async () => {
      // Act: the callback's events first, then the inbound call's, each twice
      const callback = aReachedCallback('evening-1-cb', 'evening-1');
      const events = [
        ...CALL_EVENTS.map((type) => aContactEvent(callback, type)),
        ...(['INITIATED', 'DISCONNECTED'] as const).map((type) => aContactEvent(closedCall, type)),
      ];
      await deliver([...events, ...events]);
      // Assess
      const call = fromCallTimelineItem(await callItem('evening-1'));
      expect(call).toMatchObject({ afterHours: true, abandoned: false });
      expect(call.callback).toBeUndefined();
      expect(call.queuedAt).toBeUndefined();
      expect(call.waitSeconds).toBeUndefined();
      const item = await callItem('evening-1-cb');
      expect(item).toMatchObject({ initiationMethod: 'CALLBACK', previousContactId: 'evening-1' });
      expect(fromCallTimelineItem(item)).toMatchObject({
        callback: { previousContactId: 'evening-1' },
        queue: 'callback',
        answeredAt: new Date('2026-11-24T08:04:00.000Z'),
      });
      // One call after hours and one callback made and answered, on the Monday: no wait, no answer.
      const { pk: _pk, sk: _sk, entity: _e, version: _v, ...counts } = (await dayItem('2026-11-23')) ?? {};
      expect(counts).toEqual({
        calls: 1,
        h18c: 1,
        afterHours: 1,
        callbacksQueued: 1,
        callbacksAnswered: 1,
        callbackDelaySum: 52_380,
        callbackDelayN: 1,
      });
    });

    it('counts a callback that reached nobody as unreachable on the day it was asked for', async () => {
      // Act
      const callback = anUnreachableCallback('evening-2-cb', 'evening-2');
      await deliver(
        (['INITIATED', 'QUEUED', 'DISCONNECTED'] as const).map((type) => aContactEvent(callback, type)),
      );
      // Assess
      expect(await dayItem('2026-11-23')).toMatchObject({ callbacksQueued: 2, callbacksUnreachable: 1 });
      expect(fromCallTimelineItem(await callItem('evening-2-cb'))).toMatchObject({
        callback: { previousContactId: 'evening-2' },
        disconnectReason: 'TELECOM_UNANSWERED',
      });
      expect(await callItem('evening-2')).toBeUndefined();
    });
  });

  describe("with identify-caller's enquiry", () => {
    const anEnquiry = (contactId: string) => ({
      initialContactId: contactId,
      contactId,
      channel: 'VOICE',
      receivedAt: new Date('2026-11-24T09:00:01.000Z'),
      mode: 'phone' as const,
      callerNumber: '+436641234567' as E164,
    });

    it('keeps the enquiry when the events come after it', async () => {
      // Prepare
      const script = anAnsweredCall('enquiry-first-1');
      await enquiries.logEnquiry(anEnquiry('enquiry-first-1'));
      const enquiryOnly = await callItem('enquiry-first-1');
      // Act
      await deliver(CALL_EVENTS.map((type) => aContactEvent(script, type)));
      // Assess
      const item = await callItem('enquiry-first-1');
      expect(item).toMatchObject({
        receivedAt: enquiryOnly?.receivedAt,
        callerKey: enquiryOnly?.callerKey,
        lookupModes: new Set(['phone']),
        channel: 'VOICE',
        expiresAt: enquiryOnly?.expiresAt,
        entity: 'call',
        version: 1,
      });
      expect(fromCallTimelineItem(item)).toMatchObject({
        queue: 'urgent',
        waitSeconds: 91,
        handleSeconds: 440,
      });
    });

    it('keeps the events when the enquiry comes after them, and the enquiry still counts as the first', async () => {
      // Prepare
      const script = anAnsweredCall('events-first-1');
      await deliver(CALL_EVENTS.map((type) => aContactEvent(script, type)));
      const eventsOnly = await callItem('events-first-1');
      // Act
      const logged = await enquiries.logEnquiry(anEnquiry('events-first-1'));
      // Assess
      expect(logged.firstForContact).toBe(true);
      const item = await callItem('events-first-1');
      expect(item).toMatchObject({
        initiations: eventsOnly?.initiations,
        enqueues: eventsOnly?.enqueues,
        answers: eventsOnly?.answers,
        disconnects: eventsOnly?.disconnects,
        expiresAt: eventsOnly?.expiresAt,
        receivedAt: '2026-11-24T09:00:01.000Z',
        callerKey: expect.stringMatching(/^PHONE#test1#[0-9a-f]{32}$/),
        lookupModes: new Set(['phone']),
        contactIds: new Set(['events-first-1']),
      });
    });

    it("keeps the first lookup's time, TTL and filing when Connect retries it and when a transferred leg looks up by number", async () => {
      // Prepare: the caller keyed in a tenancy number on the first leg.
      const first = {
        ...anEnquiry('retried-1'),
        mode: 'tenancy' as const,
        keyedTenancyId: '100200300' as TenancyId,
      };
      expect((await enquiries.logEnquiry(first)).firstForContact).toBe(true);
      const logged = await callItem('retried-1');
      // Act: Connect retries the same invocation, then the transferred leg looks up by number.
      const retried = await enquiries.logEnquiry(first);
      const leg = await enquiries.logEnquiry({
        ...anEnquiry('retried-1'),
        contactId: 'retried-1-leg',
        receivedAt: new Date('2026-11-24T09:07:00.000Z'),
      });
      // Assess
      expect(retried.firstForContact).toBe(false);
      expect(leg.firstForContact).toBe(false);
      const item = await callItem('retried-1');
      expect(item).toMatchObject({
        receivedAt: logged?.receivedAt,
        expiresAt: logged?.expiresAt,
        callerKey: logged?.callerKey,
        keyedTenancyId: '100200300',
        tenancyKey: 'TENANCY#100200300',
        lookupModes: new Set(['tenancy', 'phone']),
        contactIds: new Set(['retried-1', 'retried-1-leg']),
      });
    });

    it('stores the same item whichever side writes first', async () => {
      // Prepare
      const a = anAnsweredCall('side-a');
      const b = anAnsweredCall('side-b');
      // Act
      await enquiries.logEnquiry(anEnquiry('side-a'));
      await deliver(CALL_EVENTS.map((type) => aContactEvent(a, type)));
      await deliver(CALL_EVENTS.map((type) => aContactEvent(b, type)));
      await enquiries.logEnquiry(anEnquiry('side-b'));
      // Assess: the TTL is each side's own first write, so it is left out of the comparison.
      const { expiresAt: _a, ...itemA } = withoutIdentity(await callItem('side-a'));
      const { expiresAt: _b, ...itemB } = withoutIdentity(await callItem('side-b'));
      expect(itemA).toEqual(itemB);
    });
  });

  it('ignores a chat without creating a call log', async () => {
    // Prepare
    const script: CallScript = { ...anAnsweredCall('chat-1'), channel: 'CHAT' };
    // Act
    await deliver(CALL_EVENTS.map((type) => aContactEvent(script, type)));
    // Assess
    expect(await callItem('chat-1')).toBeUndefined();
  });
});

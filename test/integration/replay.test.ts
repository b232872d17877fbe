import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoDataOptions, generateDemoData } from '../../local/demo/demo-data.ts';
import { ensureDemoReadModel, ReplayReadModelError } from '../../local/replay/demo-read-model.ts';
import { type ReplayResult, replayYear } from '../../local/replay/replay.ts';
import { yearEndingYesterday } from '../../local/replay/schedule.ts';
import { DEMO_SEED, DEMO_TENANCIES, seedDemoDataIfEmpty } from '../../local/seed.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { callKeys, fromCallTimelineItem } from '../../shared/adapters/dynamodb/entities/call.ts';
import { outcomeKeys } from '../../shared/adapters/dynamodb/entities/call-outcome.ts';
import { caseResolutionKey } from '../../shared/adapters/dynamodb/entities/case-resolution.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import type { IdentifyCallerEnv } from '../../shared/config/env.ts';
import { OUTCOME_CODES, type OutcomeCode } from '../../shared/domain/outcomes.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { logger } from '../../shared/observability/logger.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { countersAndRecount } from '../support/counter-recount.ts';
import { createTestTables } from '../support/dynamo.ts';

/**
 * A replayed year against DynamoDB Local: every call goes through the flow, identify-caller and
 * contact-events (each event delivered twice, out of order), and the answered ones get their outcome
 * through the agent API. What the replay reports must be what the store holds.
 */
const TODAY = '2026-11-25' as IsoDate;
const READ_MODEL: DemoDataOptions = { seed: 11, today: TODAY, tenancies: 400 };
const CALLS = 300;

type Item = Record<string, unknown>;

describe('hotline replay against DynamoDB Local', () => {
  let env: IdentifyCallerEnv;
  let envVars: Record<string, string>;
  let doc: DynamoDBDocumentClient;
  let result: ReplayResult;
  let items: Item[];

  beforeAll(async () => {
    // Prepare: tables of this file's own, holding the demo read model the callers come from.
    logger.setLogLevel('WARN');
    ({ env, envVars } = await createTestTables());
    const adapters = makeDynamoAdapters(env);
    const demo = generateDemoData(READ_MODEL);
    await makeImportReadModel(adapters)({
      tenancies: { name: 'tenancies.csv', content: demo.tenanciesCsv },
      cases: { name: 'cases.csv', content: demo.casesCsv },
    });
    adapters.destroy();
    doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5_000,
      maxAttempts: 3,
    });
    // Act
    result = await replayYear({
      env,
      auditTable: envVars.AUDIT_TABLE ?? '',
      doc,
      readModel: READ_MODEL,
      calls: CALLS,
      seed: 3,
      period: yearEndingYesterday(TODAY),
      concurrency: 12,
      shuffleEvents: true,
    });
    items = [];
    for await (const page of paginateScan(
      { client: doc },
      { TableName: env.CALLS_TABLE, ConsistentRead: true },
    )) {
      items.push(...(page.Items ?? []));
    }
  }, 240_000);

  afterAll(() => {
    logger.setLogLevel('INFO');
    doc.destroy();
  });

  const allLogs = () => items.filter((item) => item.sk === callKeys.log('x').sk);
  /** The calls' logs; a queued callback's log of its own is not a call. */
  const callLogs = () => allLogs().filter((item) => item.initiationMethod !== 'CALLBACK');
  const callbackLogs = () => allLogs().filter((item) => item.initiationMethod === 'CALLBACK');
  const logOf = (contactId: string | null) =>
    items.find(
      (item) =>
        contactId !== null &&
        item.pk === callKeys.log(contactId).pk &&
        item.sk === callKeys.log(contactId).sk,
    );

  it('places every call, drops none, and routes each as its caller was planned', () => {
    expect(result.summary).toMatchObject({
      placed: CALLS,
      failed: 0,
      disconnected: 0,
      unexpectedRoutes: 0,
    });
    expect(result.calls).toHaveLength(CALLS);
    for (const call of result.calls) expect(['queued', 'callback', 'closed']).toContain(call.result);
    expect(result.summary.queued + result.summary.callbacks + result.summary.closed).toBe(CALLS);
  });

  it('keeps every day counter equal to a recount from the call logs and outcomes, events duplicated and shuffled', () => {
    // Act
    const { stored, recount, calls } = countersAndRecount(items);
    // Assess
    expect(Object.keys(stored).length, 'counted over the whole year').toBeGreaterThan(100);
    expect(stored).toEqual(recount);
    expect(Object.values(stored).reduce((sum, day) => sum + (day.calls ?? 0), 0)).toBe(CALLS);
    expect(calls.filter((call) => call.facts.timeline.callback === undefined)).toHaveLength(CALLS);
    expect(calls.filter((call) => call.facts.timeline.callback !== undefined)).toHaveLength(
      result.summary.callbacks,
    );
  });

  it('leaves one completed call log per placed call', () => {
    const logs = callLogs();
    expect(logs).toHaveLength(CALLS);
    expect(new Set(logs.map((item) => item.pk))).toEqual(
      new Set(result.calls.map((call) => callKeys.log(call.contactId ?? '').pk)),
    );
    for (const item of logs) expect(fromCallTimelineItem(item).disconnectedAt).toBeInstanceOf(Date);
  });

  it('stores as many answered, abandoned and called-back calls as the replay reports', () => {
    const timelines = callLogs().map((item) => fromCallTimelineItem(item));
    expect(timelines.filter((log) => log.answeredAt !== undefined)).toHaveLength(result.summary.answered);
    expect(timelines.filter((log) => log.abandoned)).toHaveLength(result.summary.abandoned);
    // A callback ends in the flow after hours with the caller hanging up after the confirmation.
    const calledBack = timelines.filter(
      (log) => log.afterHours && log.queue === undefined && log.disconnectReason === 'CUSTOMER_DISCONNECT',
    );
    expect(calledBack).toHaveLength(result.summary.callbacks);
    expect(result.summary.answered).toBeGreaterThan(0);
    expect(result.summary.abandoned).toBeGreaterThan(0);
    expect(result.summary.callbacks).toBeGreaterThan(0);
  });

  it('gives every callback a log of its own, linked to its call, and counts callbacks as callbacks', () => {
    // Prepare
    const called = result.calls.filter((call) => call.callback !== null);
    const { stored } = countersAndRecount(items);
    const total = (name: string) => Object.values(stored).reduce((sum, day) => sum + (day[name] ?? 0), 0);
    // Assess: one log per callback, linked to the call it was promised on
    expect(called).toHaveLength(result.summary.callbacks);
    expect(callbackLogs()).toHaveLength(result.summary.callbacks);
    for (const call of called) {
      expect(logOf(call.callback?.contactId ?? null)).toMatchObject({ previousContactId: call.contactId });
    }
    // The managers' figures count them, made, answered and unreachable, and as no call.
    expect(total('callbacksQueued')).toBe(result.summary.callbacks);
    expect(total('callbacksAnswered')).toBe(result.summary.callbacksAnswered);
    expect(total('callbacksUnreachable')).toBe(result.summary.callbacksUnreachable);
    expect(result.summary.callbacksAnswered + result.summary.callbacksUnreachable).toBe(
      result.summary.callbacks,
    );
    expect(total('calls')).toBe(CALLS);
    expect(total('waitN')).toBe(result.summary.answered);
  });

  it('stores each answered call with the handle time the schedule drew, which varies from call to call', () => {
    const answered = result.calls.filter((replayed) => replayed.answered);
    for (const call of answered) {
      expect(fromCallTimelineItem(logOf(call.contactId)).handleSeconds).toBe(call.handleSeconds);
    }
    expect(new Set(answered.map((call) => call.handleSeconds)).size).toBeGreaterThan(answered.length / 2);
  });

  it('stores each answered call with its waiting time and the planned outcome', () => {
    const outcomes = items.filter((item) => item.sk === outcomeKeys.current('x').sk);
    expect(outcomes).toHaveLength(result.summary.outcomesRecorded);
    expect(result.summary.outcomesRecorded).toBe(result.summary.answered);
    for (const call of result.calls.filter((replayed) => replayed.answered)) {
      const log = fromCallTimelineItem(logOf(call.contactId));
      expect(log.waitSeconds).toBeGreaterThanOrEqual(0);
      const outcome = outcomes.find((item) => item.pk === outcomeKeys.current(call.contactId ?? '').pk);
      expect(outcome).toMatchObject({ codes: [...(call.outcome?.codes ?? [])].sort(byCatalogue) });
    }
  });

  it('closes each case at most once, as many as the replay reports', () => {
    const resolutions = items.filter((item) => item.sk === caseResolutionKey('x').sk);
    expect(resolutions).toHaveLength(result.summary.housingSecured + result.summary.housingLost);
    expect(new Set(resolutions.map((item) => item.pk)).size).toBe(resolutions.length);
  });
});

describe('the read model a replay draws its callers from', () => {
  it('is the demo data, recognised with the day it was seeded on', async () => {
    // Prepare: an empty store that the demo data is seeded into, as `npm start` did on 2 March.
    const { env } = await createTestTables();
    const adapters = makeDynamoAdapters(env);
    await seedDemoDataIfEmpty(adapters.readModel, { now: new Date('2026-03-02T10:00:00+01:00') });
    adapters.destroy();
    // Act
    const found = await ensureDemoReadModel(env);
    // Assess
    expect(found).toEqual({ seed: DEMO_SEED, today: '2026-03-02', tenancies: DEMO_TENANCIES });
  }, 60_000);

  it('refuses a read model that is not the demo data', async () => {
    // Prepare: a store with an import of its own (the demo generator with another seed and size).
    const { env } = await createTestTables();
    const adapters = makeDynamoAdapters(env);
    const other = generateDemoData({ seed: 5, today: TODAY, tenancies: 50 });
    await makeImportReadModel(adapters)({
      tenancies: { name: 'tenancies.csv', content: other.tenanciesCsv },
      cases: { name: 'cases.csv', content: other.casesCsv },
    });
    adapters.destroy();
    // Act
    const attempt = ensureDemoReadModel(env);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ReplayReadModelError);
  });
});

/** The agent API stores codes in catalogue order; the plan lists them in the order it chose them. */
const byCatalogue = (a: OutcomeCode, b: OutcomeCode) => OUTCOME_CODES.indexOf(a) - OUTCOME_CODES.indexOf(b);

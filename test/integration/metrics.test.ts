import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireAgentApi } from '../../functions/agent-api/wiring.ts';
import { wireContactEvents } from '../../functions/contact-events/wiring.ts';
import { wireMetricsApi } from '../../functions/metrics-api/wiring.ts';
import { DEMO_USERS } from '../../local/auth.ts';
import { type CallReport, makeCallSimulator, type SimulatedCallRequest } from '../../local/call-simulator.ts';
import { metricsOutput } from '../../local/commands/metrics.ts';
import { LocalContactAssignments } from '../../local/contact-assignments.ts';
import { contactEventsOf, localContactEventsEnvVars } from '../../local/contact-events-feed.ts';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { LocalLiveQueue } from '../../local/live-queue.ts';
import { RecordingContactAttributes } from '../../local/recording-contact-attributes.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { callKeys, fromCallTimelineItem } from '../../shared/adapters/dynamodb/entities/call.ts';
import {
  type IdentifyCallerEnv,
  loadAgentApiEnv,
  loadContactEventsEnv,
  loadMetricsApiEnv,
} from '../../shared/config/env.ts';
import { callContribution, sameContribution } from '../../shared/domain/call-metrics.ts';
import { OUTCOME_CODES } from '../../shared/domain/outcomes.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';
import type { MetricsReport } from '../../shared/http/metrics-api-contract.ts';
import { logger } from '../../shared/observability/logger.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { aContactEvent, anAbandonedCall, type CallScript } from '../fixtures/contact-events.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { countersAndRecount } from '../support/counter-recount.ts';
import { createTablesWithDemoData, createTestTables } from '../support/dynamo.ts';

/**
 * The day counters against DynamoDB Local, fed as in production: simulated calls through the flow
 * and the real identify-caller, their contact events delivered twice and out of order to the real
 * contact-events, outcomes and corrections through the real agent API. Whatever the order, every
 * counter must equal a recount from the call logs, and the totals must match what is known of the
 * calls placed.
 */
const NO = '';
const vienna = (day: string, time: string) => `${day}T${time}:00+01:00`;
const TUESDAY = '2026-11-24';
const WEDNESDAY = '2026-11-25';

const CALLERS: Record<string, Omit<SimulatedCallRequest, 'at' | 'answer'>> = {
  critical: { from: DEMO_CALLERS.critical.phone, keys: [NO] },
  high: { from: DEMO_CALLERS.high.phone, keys: [NO, '2'] },
  normal: { from: DEMO_CALLERS.normal.phone, keys: [NO, '2'] },
  keyed: { from: DEMO_CALLERS.unknown.phone, keys: [NO, DEMO_CALLERS.noNumber.tenancyId, '2'] },
  anonymous: { from: 'anonymous', keys: [NO, NO, NO, NO] },
};

/** Twenty calls over two days and a year's end: answered after various waits, abandoned, after hours. */
const PLAN: SimulatedCallRequest[] = [
  ...[TUESDAY, WEDNESDAY].flatMap((day, d) =>
    Object.values(CALLERS).flatMap((caller, c) => [
      {
        ...caller,
        at: vienna(day, `${String(9 + c).padStart(2, '0')}:1${d}`),
        answer: { afterSeconds: 8 + 37 * c },
      },
      {
        ...caller,
        at: vienna(day, `${String(10 + c).padStart(2, '0')}:4${d}`),
        answer: c % 2 === 0 ? { abandonAfterSeconds: 25 + 50 * c } : { afterSeconds: 700 },
      },
    ]),
  ),
  { ...CALLERS.normal, at: vienna(TUESDAY, '19:30') } as SimulatedCallRequest,
  { ...CALLERS.critical, keys: [NO, NO], at: vienna(WEDNESDAY, '18:30') } as SimulatedCallRequest,
  { ...CALLERS.normal, at: vienna('2026-12-31', '23:59') } as SimulatedCallRequest,
  { ...CALLERS.normal, at: vienna('2027-01-01', '00:30') } as SimulatedCallRequest,
];

/** Counts the commands a document client sends, by name (`TransactWriteItemsCommand`, …). */
const countingClient = (env: IdentifyCallerEnv) => {
  const doc = makeDocumentClient({
    region: env.AWS_REGION,
    endpoint: env.DYNAMODB_ENDPOINT,
    requestTimeoutMs: 5000,
    maxAttempts: 3,
  });
  const sent: string[] = [];
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return { doc, sent, count: (name: string) => sent.filter((command) => command === name).length };
};

describe('metric counters against DynamoDB Local', () => {
  let env: IdentifyCallerEnv;
  let doc: DynamoDBDocumentClient;
  let reports: CallReport[];
  let withCase: CallReport | undefined;
  const clock = fixedClock(vienna(WEDNESDAY, '16:00'));

  const scanAll = async (table: string) => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };

  /** The day counters as stored, and as recounted from the call logs and current outcomes. */
  const countersAndRecountNow = async () => countersAndRecount(await scanAll(env.CALLS_TABLE));

  const expectCountersToMatchRecount = async () => {
    const { stored, recount, calls } = await countersAndRecountNow();
    expect(stored).toEqual(recount);
    // Each call log records exactly what the counters hold for it.
    for (const call of calls) expect(sameContribution(call.counted, callContribution(call.facts))).toBe(true);
    return stored;
  };

  /** The demo agent answers every call whose outcome the tests post (the fixture's claims are theirs). */
  const contactAssignments = new LocalContactAssignments();
  const agentApi = () =>
    wireAgentApi(loadAgentApiEnv({ ...envVars, OFFICE_CLOSED_DAYS: '' }), {
      clock,
      doc,
      contactAttributes: new RecordingContactAttributes(),
      contactAssignments,
    });
  let envVars: Record<string, string>;

  const postOutcome = async (
    api: ReturnType<typeof wireAgentApi>,
    contactId: string,
    body: Record<string, unknown>,
  ) => {
    contactAssignments.assign(contactId, DEMO_USERS.agent.connectUserId, clock.now());
    const result = await api(
      anHttpApiEvent({ method: 'POST', path: `/api/contacts/${contactId}/outcomes`, body }),
    );
    expect(result.statusCode, result.body).toBe(200);
  };

  const metricsApi = (client: DynamoDBDocumentClient = doc) =>
    wireMetricsApi(loadMetricsApiEnv(envVars), {
      clock,
      doc: client,
      liveQueue: new LocalLiveQueue({ clock }),
    });

  const reportOf = async (query: string, client?: DynamoDBDocumentClient): Promise<MetricsReport> => {
    const result = await metricsApi(client)({
      ...anHttpApiEvent({ path: '/api/metrics', claims: { sub: 'm-1', 'cognito:groups': '[managers]' } }),
      rawQueryString: query,
    });
    expect(result.statusCode, result.body).toBe(200);
    return JSON.parse(result.body) as MetricsReport;
  };

  beforeAll(async () => {
    ({ env, envVars } = await createTablesWithDemoData(WEDNESDAY));
    doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5000,
      maxAttempts: 3,
    });
    logger.setLogLevel('WARN');

    // Prepare: the calls, each call's events twice and shuffled
    const simulate = makeCallSimulator({ env, doc, shuffleEvents: { seed: 20_261_124 } });
    reports = [];
    for (const request of PLAN) reports.push(await simulate(request));

    // Prepare: outcomes for the answered calls, a third of them corrected, one case closed and reopened as lost
    const api = agentApi();
    const answered = reports.filter((report) => report.callLog?.answered);
    for (const [i, report] of answered.entries()) {
      await postOutcome(api, report.contactId, {
        ...(i % 4 === 0
          ? {
              codes: ['housing_allowance', 'appointment_booked'],
              followUp: { kind: 'consultation', at: vienna('2026-11-26', '10:00') },
            }
          : { codes: i % 2 === 0 ? ['housing_allowance'] : ['information_only', 'callback_needed'] }),
        requestId: `first-${i}`,
      });
      if (i % 3 === 0) {
        await postOutcome(api, report.contactId, {
          codes: ['instalment_plan'],
          expectedRevision: 1,
          requestId: `correction-${i}`,
        });
      }
    }
    withCase = answered.find((report) => report.caseId !== null);
    if (!withCase) throw new Error('the plan needs an answered call of a caller with an open case');
    await postOutcome(api, withCase.contactId, {
      codes: ['court_letter_explained'],
      caseResolution: 'housing_secured',
      requestId: 'closes-case',
    });
    await postOutcome(api, withCase.contactId, {
      codes: ['court_letter_explained'],
      caseResolution: 'housing_lost',
      requestId: 'closes-case-lost',
    });
  });

  afterAll(() => {
    logger.setLogLevel('INFO');
    doc.destroy();
  });

  it('holds in every day counter exactly the recount from the call logs and their outcomes', async () => {
    // Act
    const stored = await expectCountersToMatchRecount();
    // Assess: the calls landed on their Vienna days, the year's end included
    expect(Object.keys(stored).sort()).toEqual(['2026-11-24', '2026-11-25', '2026-12-31', '2027-01-01']);
  });

  it('totals what is known of the calls placed: how many, answered, abandoned, after hours, outcomes', async () => {
    // Act
    const report = await reportOf('from=2026-11-01&to=2027-01-31&granularity=month');
    // Assess
    const { totals } = report;
    const answered = reports.filter((r) => r.callLog?.answered);
    expect(totals.calls).toBe(PLAN.length);
    expect(totals.answered).toBe(answered.length);
    expect(totals.abandoned).toBe(reports.filter((r) => r.callLog?.abandoned).length);
    expect(totals.afterHours).toBe(reports.filter((r) => r.callLog?.afterHours).length);
    expect(totals.urgent).toBe(reports.filter((r) => r.callLog?.queue === 'urgent').length);
    expect(totals.withOutcome).toBe(answered.length);
    expect(totals.secured).toBe(0);
    expect(totals.lost).toBe(1);
    expect(totals.outcomes.instalment_plan).toBe(
      answered.filter((r, i) => i % 3 === 0 && r.contactId !== withCase?.contactId).length,
    );
    expect(totals.outcomes.court_letter_explained).toBe(1);
    expect(totals.averageHandleSeconds).toBe(360); // the simulator talks six minutes with every caller
    // The clock says 25 November: December and January have not happened yet for the series.
    expect(report.series.map((point) => [point.start, point.calls])).toEqual([
      ['2026-11-01', PLAN.length - 2],
    ]);
    expect(report.yearToDate).toEqual({ year: 2027, secured: 0, lost: 0, successRate: null });
  });

  it('answers `hotline metrics --json` with exactly the API’s JSON for the same data', async () => {
    // Act
    const query = { from: '2026-11-24', to: '2026-11-25', granularity: 'hour' } as const;
    const api = await metricsApi()({
      ...anHttpApiEvent({ path: '/api/metrics', claims: { sub: 'm-1', 'cognito:groups': '[managers]' } }),
      rawQueryString: new URLSearchParams(query).toString(),
    });
    const cli = await metricsOutput(loadMetricsApiEnv(envVars), { ...query, format: 'json' }, { clock, doc });
    // Assess
    expect(cli).toBe(`${api.body}\n`);
    expect(JSON.parse(cli)).toMatchObject({ totals: { calls: PLAN.length - 2 } });
  });

  it('changes nothing and writes no transaction when the events of counted calls come again', async () => {
    // Prepare
    const before = await countersAndRecountNow();
    const counting = countingClient(env);
    const handler = wireContactEvents(
      loadContactEventsEnv({ ...envVars, ...localContactEventsEnvVars(TUESDAY as IsoDate) }),
      { doc: counting.doc },
    );
    const queueArns: Record<string, string> = {
      urgent: PLACEHOLDER_REFERENCES.urgentQueueArn,
      general: PLACEHOLDER_REFERENCES.generalQueueArn,
      callback: PLACEHOLDER_REFERENCES.callbackQueueArn,
    };
    // Act: every event of every call again, with exactly the milestones the call log holds
    for (const report of reports) {
      const item = await doc.send(
        new GetCommand({
          TableName: env.CALLS_TABLE,
          Key: callKeys.log(report.contactId),
          ConsistentRead: true,
        }),
      );
      const log = fromCallTimelineItem(item.Item);
      if (!log.initiatedAt || !log.disconnectedAt) throw new Error('every simulated call is complete');
      const queueArn = log.queue === undefined ? undefined : queueArns[log.queue];
      const events = contactEventsOf({
        contactId: report.contactId,
        initiatedAt: log.initiatedAt,
        ...(log.queuedAt && queueArn ? { queued: { at: log.queuedAt, queueArn } } : {}),
        answeredAt: log.answeredAt,
        disconnectedAt: log.disconnectedAt,
        disconnectReason: log.disconnectReason ?? 'OTHER',
      });
      for (const event of events) await handler(event);
    }
    // Assess
    expect(counting.count('UpdateItemCommand')).toBeGreaterThan(0);
    expect(counting.count('TransactWriteItemsCommand')).toBe(0);
    expect((await countersAndRecountNow()).stored).toEqual(before.stored);
    counting.doc.destroy();
  });

  it('counts each call once when its events, twice each, are handled all at the same time', async () => {
    // Prepare: five calls of Tuesday morning, every event twice, all in flight together
    const handler = wireContactEvents(
      loadContactEventsEnv({ ...envVars, ...localContactEventsEnvVars(TUESDAY as IsoDate) }),
      { doc },
    );
    const scripts = Array.from({ length: 5 }, (_, i): CallScript => {
      const start = Date.parse('2026-11-24T08:00:00.000Z') + i * 60_000;
      const iso = (seconds: number) => new Date(start + seconds * 1000).toISOString();
      return {
        contactId: `concurrent-${i}`,
        initiatedAt: iso(0),
        queuedAt: iso(20),
        queueArn: PLACEHOLDER_REFERENCES.urgentQueueArn,
        ...(i % 2 === 0 ? { answeredAt: iso(20 + 15 * i) } : {}),
        disconnectedAt: iso(400),
        disconnectReason: 'CUSTOMER_DISCONNECT',
      };
    });
    const events = scripts.flatMap((script) =>
      (['INITIATED', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED'] as const)
        // Connect sends no CONNECTED_TO_AGENT for a call nobody answered.
        .filter((type) => type !== 'CONNECTED_TO_AGENT' || script.answeredAt !== undefined)
        .flatMap((type) => [aContactEvent(script, type), aContactEvent(script, type)]),
    );
    const before = (await countersAndRecountNow()).stored[TUESDAY] ?? {};
    // Act: what failed (the call kept changing under it) is delivered again, as Lambda would
    const results = await Promise.allSettled(events.map((event) => handler(event)));
    for (const [i, result] of results.entries()) if (result.status === 'rejected') await handler(events[i]);
    // Assess
    const after = (await expectCountersToMatchRecount())[TUESDAY] ?? {};
    expect((after.calls ?? 0) - (before.calls ?? 0)).toBe(5);
    expect((after.h09c ?? 0) - (before.h09c ?? 0)).toBe(5);
    expect((after.urgentAnswered ?? 0) - (before.urgentAnswered ?? 0)).toBe(3);
    expect((after.abandoned ?? 0) - (before.abandoned ?? 0)).toBe(2);
  });

  it('corrects the counters when a QUEUED event comes after the call was counted as complete', async () => {
    // Prepare: an abandoned call whose QUEUED event is late, first counted as a call that never queued
    const script: CallScript = {
      ...anAbandonedCall('late-queued-1'),
      queueArn: PLACEHOLDER_REFERENCES.generalQueueArn,
    };
    const handler = wireContactEvents(
      loadContactEventsEnv({ ...envVars, ...localContactEventsEnvVars(TUESDAY as IsoDate) }),
      { doc },
    );
    const withoutQueue = { ...script, queuedAt: undefined, queueArn: undefined };
    await handler(aContactEvent(withoutQueue, 'INITIATED'));
    await handler(aContactEvent(withoutQueue, 'DISCONNECTED'));
    const before = (await countersAndRecountNow()).stored[TUESDAY] ?? {};
    // Act
    await handler(aContactEvent(script, 'QUEUED'));
    // Assess: 10:30 Vienna, abandoned after 150 s in the general queue
    const after = (await expectCountersToMatchRecount())[TUESDAY] ?? {};
    expect(after.calls).toBe(before.calls);
    expect((after.abandoned ?? 0) - (before.abandoned ?? 0)).toBe(1);
    expect((after.h10x ?? 0) - (before.h10x ?? 0)).toBe(1);
  });
});

describe('reading a year of metrics', () => {
  let env: IdentifyCallerEnv;
  let envVars: Record<string, string>;

  /** A day's counters as busy as 1,000,000 calls a year would make them (about 4,000 a weekday). */
  const busyDay = (day: string) => ({
    pk: `METRICS#${day.slice(0, 4)}`,
    sk: `DAY#${day}`,
    entity: 'metrics-day',
    version: 1,
    calls: 4_000,
    urgent: 800,
    answered: 3_500,
    abandoned: 400,
    afterHours: 100,
    callbacksQueued: 60,
    waitSum: 180_000,
    waitN: 3_500,
    handleSum: 1_260_000,
    handleN: 3_500,
    urgentAnswered: 780,
    urgentWaitSum: 15_000,
    urgentWaitN: 780,
    withOutcome: 3_400,
    consultations: 300,
    secured: 20,
    lost: 5,
    ...Object.fromEntries(
      ['10', '20', '30', '45', '60', '90', '120', '180', '300', '600', 'Inf'].flatMap((bound) => [
        [`w${bound}`, 300],
        [`uw${bound}`, 70],
      ]),
    ),
    ...Object.fromEntries(
      Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).flatMap((hh) => [
        [`h${hh}c`, 170],
        [`h${hh}u`, 35],
        [`h${hh}a`, 150],
        [`h${hh}x`, 17],
      ]),
    ),
    ...Object.fromEntries(OUTCOME_CODES.map((code) => [`oc_${code}`, 400])),
  });

  beforeAll(async () => {
    ({ env, envVars } = await createTestTables());
    const seed = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5000,
      maxAttempts: 5,
    });
    const days = Array.from({ length: 731 }, (_, i) =>
      new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10),
    );
    for (let i = 0; i < days.length; i += 25) {
      await seed.send(
        new BatchWriteCommand({
          RequestItems: {
            [env.CALLS_TABLE]: days.slice(i, i + 25).map((day) => ({ PutRequest: { Item: busyDay(day) } })),
          },
        }),
      );
    }
    seed.destroy();
  });

  const read = async (query: string) => {
    const counting = countingClient(env);
    const handler = wireMetricsApi(loadMetricsApiEnv(envVars), {
      clock: fixedClock('2026-03-01T12:00:00Z'),
      doc: counting.doc,
      liveQueue: new LocalLiveQueue(),
    });
    const result = await handler({
      ...anHttpApiEvent({ path: '/api/metrics', claims: { sub: 'm-1', 'cognito:groups': '[managers]' } }),
      rawQueryString: query,
    });
    counting.doc.destroy();
    expect(result.statusCode, result.body).toBe(200);
    return { report: JSON.parse(result.body) as MetricsReport, queries: counting.count('QueryCommand') };
  };

  it('reads a calendar year of busy days with one request, the year to date included', async () => {
    // Act
    const { report, queries } = await read('from=2024-01-01&to=2024-12-31&granularity=month');
    // Assess
    expect(queries).toBe(1);
    expect(report.reads.requests).toBe(1);
    expect(report.totals.calls).toBe(366 * 4_000);
    expect(report.series).toHaveLength(12);
  });

  it('reads a year across New Year with one request per calendar year, within three', async () => {
    // Act
    const { report, queries } = await read('from=2024-07-01&to=2025-06-30&granularity=week');
    // Assess
    expect(queries).toBe(2);
    expect(report.reads.requests).toBe(2);
    expect(report.yearToDate).toMatchObject({ year: 2025, secured: 181 * 20, lost: 181 * 5 });
  });

  it('compares a period with the one before it in the same request: no more Query within a year, one more across', async () => {
    // Act: April–June 2024 against January–March (91 days each); 2025 against the 365 days before it
    const within = await read('from=2024-04-01&to=2024-06-30&granularity=month&compare=previous');
    const across = await read('from=2025-01-01&to=2025-12-31&granularity=month&compare=previous');
    // Assess
    expect(within.queries).toBe(1);
    expect(within.report.previous).toMatchObject({ from: '2024-01-01', to: '2024-03-31' });
    expect(within.report.previous?.totals.calls).toBe(91 * 4_000);
    expect(across.queries).toBe(2);
    expect(across.report.previous).toMatchObject({ from: '2024-01-02', to: '2024-12-31' });
    expect(across.report.previous?.totals.calls).toBe(365 * 4_000);
    expect(across.report.totals.calls).toBe(365 * 4_000);
  });

  it('reads the longest period, 732 days over three calendar years, with three requests', async () => {
    // Act
    const { report, queries } = await read('from=2024-01-01&to=2026-01-01');
    // Assess: the data ends on 31 December 2025
    expect(queries).toBe(3);
    expect(report.totals.calls).toBe(731 * 4_000);
  });
});

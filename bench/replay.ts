import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { wireGetMetrics } from '../functions/metrics-api/wiring.ts';
import { ensureDemoReadModel } from '../local/replay/demo-read-model.ts';
import { type ReplaySummary, replayYear } from '../local/replay/replay.ts';
import { ensureTables } from '../local/tables.ts';
import { localEndpointSettings, makeDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { DynamoMetricsCounters } from '../shared/adapters/dynamodb/metrics-counters.ts';
import { TABLES } from '../shared/adapters/dynamodb/tables.ts';
import { loadIdentifyCallerEnv, loadMetricsApiEnv } from '../shared/config/env.ts';
import type { IsoDate } from '../shared/domain/vienna-calendar.ts';
import { MetricsQuery } from '../shared/http/metrics-api-contract.ts';
import { type CapacityUnits, type CountingProxy, countBetween, type RequestCount } from './counting-proxy.ts';
import { dayItemBytes, syntheticDayCounts, writeDayCounts } from './metrics-year.ts';
import { recordingDocumentClientRequests, replayTrace, type TraceReplay } from './request-trace.ts';

/**
 * `hotline replay` as a benchmark: a year of calls through the flow, identify-caller,
 * contact-events and the agent API against DynamoDB Local, timed; the year's metrics read through
 * the report use case; a smaller replay behind the counting proxy (requests and the capacity units
 * DynamoDB Local reports); and a short replay one call at a time for the time a call keeps its
 * Lambdas busy.
 */

/**
 * Requests only one function sends, to count its invocations at the proxy: identify-caller logs each
 * lookup with one UpdateItem that adds to `lookupModes` (enquiry-log.ts); contact-events writes each
 * event with one UpdateItem that adds to `#contactIds` (call-log-completion.ts; identify-caller names
 * the set without a placeholder); the agent API's caller context queries the calls-by-tenancy index (more than
 * once if it pages: an upper bound).
 */
export const REPLAY_MARKS = {
  identifyCaller: 'ADD lookupModes',
  contactEvents: 'ADD #contactIds',
  agentContext: `"IndexName":"${TABLES.calls.indexes.callsByTenancy.indexName}"`,
} as const;

export interface MetricsRead {
  readonly calls: number;
  /** Requests the use case counted (`reads.requests`). */
  readonly reportedRequests: number;
  /** Requests the proxy saw. */
  readonly requests: RequestCount;
  readonly days: number;
  readonly largestDayItemBytes: number;
  /** The calls the report counted over the period. */
  readonly reportCalls: number;
}

export interface ReplayBench {
  /** The timed replay, straight against DynamoDB Local as `hotline replay` runs. */
  readonly summary: ReplaySummary;
  /** The timed replay's own requests sent again by a bare client, at its concurrency: its floor. */
  readonly floor: TraceReplay;
  /** A second, smaller replay through the counting proxy: what a call sends and costs. */
  readonly counted: {
    readonly summary: ReplaySummary;
    readonly requests: RequestCount;
    readonly capacity: CapacityUnits;
    /**
     * Invocations counted by REPLAY_MARKS: identify-caller (its log writes), contact-events (one per
     * event the rule forwards: EventBridge invokes once per event) and agent API context requests.
     */
    readonly identifyCallerInvocations: number;
    readonly contactEventInvocations: number;
    readonly agentContextRequests: number;
  };
  readonly metrics: MetricsRead;
  /** The same replay one call at a time: the wall time a call spends in the flow and its handlers. */
  readonly sequential: { readonly calls: number; readonly elapsedMs: number; readonly msPerCall: number };
}

const withDoc = async <T>(
  endpoint: string,
  region: string,
  work: (doc: DynamoDBDocumentClient) => Promise<T>,
) => {
  const doc = makeDocumentClient({ region, endpoint, requestTimeoutMs: 5_000, maxAttempts: 3 });
  try {
    return await work(doc);
  } finally {
    doc.destroy();
  }
};

/** Reads `period` through the metrics use case, counting the requests at the proxy. */
const readYear = async (
  proxy: CountingProxy,
  region: string,
  callsTable: string,
  period: { readonly from: IsoDate; readonly to: IsoDate },
) =>
  withDoc(proxy.endpoint, region, async (doc) => {
    const env = loadMetricsApiEnv({
      CALLS_TABLE: callsTable,
      DYNAMODB_ENDPOINT: proxy.endpoint,
      AWS_REGION: region,
    });
    const before = proxy.counts();
    const report = await wireGetMetrics(env, { doc })(
      MetricsQuery.parse({ from: period.from, to: period.to }),
    );
    return { report, requests: countBetween(before, proxy.counts()) };
  });

/** Reads the year's day items back (outside the count) for the size of the largest. */
const largestDay = async (
  endpoint: string,
  region: string,
  callsTable: string,
  period: { from: IsoDate; to: IsoDate },
) =>
  withDoc(endpoint, region, async (doc) => {
    const env = loadMetricsApiEnv({
      CALLS_TABLE: callsTable,
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: region,
    });
    const read = await new DynamoMetricsCounters(doc, env.CALLS_TABLE).readDays(period.from, period.to);
    return { days: read.days.length, bytes: Math.max(0, ...read.days.map(dayItemBytes)) };
  });

const capacityBetween = (before: CapacityUnits, after: CapacityUnits): CapacityUnits => ({
  read: after.read - before.read,
  write: after.write - before.write,
  unreported: after.unreported - before.unreported,
});

export const measureReplay = async (options: {
  readonly endpoint: string;
  readonly region: string;
  readonly tables: { readonly readModel: string; readonly calls: string; readonly audit: string };
  readonly proxy: CountingProxy;
  readonly calls: number;
  readonly countedCalls: number;
  readonly sequentialCalls: number;
  readonly seed: number;
  readonly now: Date;
}): Promise<ReplayBench> => {
  const { endpoint, region, tables, proxy } = options;
  // A hash key of the bench's own, as a local store has.
  const hashKeyDir = mkdtempSync(join(tmpdir(), 'hotline-bench-replay-key-'));
  const envOf = (dynamoEndpoint: string) =>
    loadIdentifyCallerEnv({
      READ_MODEL_TABLE: tables.readModel,
      CALLS_TABLE: tables.calls,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      AWS_REGION: region,
      HASH_KEY_DIR: hashKeyDir,
    });
  const direct = envOf(endpoint);
  // Seeding the demo read model is not part of the replay's time, nor of its requests.
  const readModel = await ensureDemoReadModel(direct, { now: options.now });
  // Timed as `hotline replay` runs: no proxy in between, whose HTTP hop would cost the one Node
  // thread as much again per request. Its requests are recorded for the floor.
  const {
    result: { summary },
    trace,
  } = await recordingDocumentClientRequests(() =>
    replayYear({
      calls: options.calls,
      seed: options.seed,
      env: direct,
      auditTable: tables.audit,
      readModel,
      now: options.now,
    }),
  );

  const { report, requests: metricsRequests } = await readYear(proxy, region, tables.calls, summary.period);
  const largest = await largestDay(endpoint, region, tables.calls, summary.period);
  const metrics: MetricsRead = {
    calls: summary.placed,
    reportedRequests: report.reads.requests,
    requests: metricsRequests,
    days: largest.days,
    largestDayItemBytes: largest.bytes,
    reportCalls: report.totals.calls,
  };
  // After the year was read: the floor's writes add to the day counters a second time.
  const floor = await withDoc(endpoint, region, (doc) => replayTrace(doc, trace, summary.concurrency));

  // Counted after the year was read, so that the metrics figure counts the timed replay's calls.
  const before = proxy.counts();
  const capacityBefore = proxy.capacity();
  const markedBefore = proxy.marked();
  const counted = await replayYear({
    calls: options.countedCalls,
    seed: options.seed + 2,
    env: envOf(proxy.endpoint),
    auditTable: tables.audit,
    readModel,
    now: options.now,
  });
  const marked = proxy.marked();
  const markedSince = (name: keyof typeof REPLAY_MARKS) => (marked[name] ?? 0) - (markedBefore[name] ?? 0);

  const sequential = await replayYear({
    calls: options.sequentialCalls,
    seed: options.seed + 1,
    concurrency: 1,
    env: direct,
    auditTable: tables.audit,
    readModel,
    now: options.now,
  });
  return {
    summary,
    floor,
    counted: {
      summary: counted.summary,
      requests: countBetween(before, proxy.counts()),
      capacity: capacityBetween(capacityBefore, proxy.capacity()),
      identifyCallerInvocations: markedSince('identifyCaller'),
      contactEventInvocations: markedSince('contactEvents'),
      agentContextRequests: markedSince('agentContext'),
    },
    metrics,
    sequential: {
      calls: sequential.summary.placed,
      elapsedMs: sequential.summary.elapsedMs,
      msPerCall: sequential.summary.elapsedMs / Math.max(1, sequential.summary.placed),
    },
  };
};

/**
 * A year of 1,000,000 calls as day counters (made in memory, written with the adapter's own
 * update), read through the metrics use case.
 */
export const measureSyntheticYear = async (options: {
  readonly endpoint: string;
  readonly region: string;
  readonly proxy: CountingProxy;
  readonly calls: number;
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  readonly seed: number;
}): Promise<MetricsRead & { readonly generateMs: number; readonly writeRequests: number }> => {
  const { endpoint, region, proxy } = options;
  const admin = new DynamoDBClient({
    endpoint,
    region,
    ...localEndpointSettings(endpoint, region),
  });
  const tables = await ensureTables(admin, 'benchmetrics');
  admin.destroy();
  const started = performance.now();
  const days = syntheticDayCounts(options.calls, options.period, options.seed);
  const generateMs = performance.now() - started;
  const writeRequests = await withDoc(endpoint, region, (doc) => writeDayCounts(doc, tables.calls, days));
  const { report, requests } = await readYear(proxy, region, tables.calls, options.period);
  const largest = await largestDay(endpoint, region, tables.calls, options.period);
  return {
    calls: days.reduce((sum, day) => sum + (day.counts.calls ?? 0), 0),
    reportedRequests: report.reads.requests,
    requests,
    days: largest.days,
    largestDayItemBytes: largest.bytes,
    reportCalls: report.totals.calls,
    generateMs,
    writeRequests,
  };
};

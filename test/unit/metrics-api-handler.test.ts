import { describe, expect, it, vi } from 'vitest';
import {
  createMetricsApiHandler,
  type MetricsApiUseCases,
} from '../../functions/metrics-api/create-handler.ts';
import { loadMetricsApiEnv } from '../../shared/config/env.ts';
import { metricsReport } from '../../shared/domain/call-metrics.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import type { LiveQueueReport, MetricsQuery } from '../../shared/http/metrics-api-contract.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { describeOriginCheckedEntry } from '../support/lambda-entry.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const MANAGER = { sub: 'm-1', 'cognito:groups': '[managers]' };
const AGENT = { sub: 'a-1', 'cognito:groups': '[agents]' };

/** The metrics API's event: the HTTP API payload 2.0 with the path and query string of the request. */
const aMetricsEvent = (
  options: {
    path?: string;
    query?: string;
    method?: string;
    claims?: Record<string, string> | null;
    /** As anHttpApiEvent: `null` for no `x-origin-verify` header. */
    originSecret?: string | null;
  } = {},
) => {
  const path = options.path ?? '/api/metrics';
  const base = anHttpApiEvent({
    method: options.method,
    path,
    claims: options.claims === undefined ? MANAGER : options.claims,
    originSecret: options.originSecret,
  });
  return { ...base, routeKey: `GET ${path}`, rawQueryString: options.query ?? '' };
};

const LIVE: LiveQueueReport = {
  at: '2026-11-24T09:00:00.000Z',
  queues: [{ queue: 'urgent', contactsInQueue: 1, oldestContactAgeSeconds: 12 }],
  agents: { available: 2, online: 3 },
};

const fakeUseCases = () => {
  const useCases = {
    getMetrics: vi.fn<MetricsApiUseCases['getMetrics']>(async (query: MetricsQuery) => ({
      ...metricsReport(
        [{ day: '2026-11-24' as IsoDate, counts: { calls: 2, answered: 1, abandoned: 1, w30: 1 } }],
        query,
        60,
      ),
      reads: { requests: 1 },
    })),
    liveQueue: vi.fn<MetricsApiUseCases['liveQueue']>(async () => LIVE),
  };
  return { useCases, handler: createMetricsApiHandler(useCases) };
};

describe('metrics API handler', () => {
  const logs = captureLogsOfEachTest();

  it('answers 401 without a signed-in user and reads nothing', async () => {
    // Prepare
    const { useCases, handler } = fakeUseCases();
    // Act
    const result = await handler(aMetricsEvent({ claims: null, query: 'from=2026-11-01&to=2026-11-30' }));
    // Assess
    expect(result.statusCode).toBe(401);
    expect(useCases.getMetrics).not.toHaveBeenCalled();
  });

  it.each([
    ['an agent', AGENT],
    ['a user in no group', { sub: 'u-1' }],
  ])('answers 403 to %s: only managers see the figures', async (_who, claims) => {
    // Prepare
    const { useCases, handler } = fakeUseCases();
    // Act
    const report = await handler(aMetricsEvent({ claims, query: 'from=2026-11-01&to=2026-11-30' }));
    const live = await handler(aMetricsEvent({ claims, path: '/api/metrics/live' }));
    // Assess
    expect([report.statusCode, live.statusCode]).toEqual([403, 403]);
    expect(JSON.parse(report.body)).toEqual({ message: 'for managers only' });
    expect(useCases.getMetrics).not.toHaveBeenCalled();
    expect(useCases.liveQueue).not.toHaveBeenCalled();
  });

  it('answers the report as JSON, with the query’s defaults filled in', async () => {
    // Prepare
    const { useCases, handler } = fakeUseCases();
    // Act
    const result = await handler(aMetricsEvent({ query: 'from=2026-11-24&to=2026-11-24' }));
    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(useCases.getMetrics).toHaveBeenCalledWith({
      from: '2026-11-24',
      to: '2026-11-24',
      granularity: 'day',
      format: 'json',
    });
    expect(JSON.parse(result.body)).toMatchObject({
      totals: { calls: 2, serviceLevel: 0.5 },
      reads: { requests: 1 },
    });
  });

  it('answers the series as a CSV download named after the period', async () => {
    // Prepare
    const { handler } = fakeUseCases();
    // Act
    const result = await handler(aMetricsEvent({ query: 'from=2026-11-23&to=2026-11-24&format=csv' }));
    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="hotline-metrics-2026-11-23-2026-11-24.csv"',
    });
    expect(result.body).toBe(
      'start,calls,urgent,answered,abandoned,averageWaitSeconds,serviceLevel,secured,lost\r\n' +
        '2026-11-23,0,0,0,0,,,0,0\r\n' +
        '2026-11-24,2,0,1,1,,0.5,0,0\r\n',
    );
  });

  it.each([
    ['no dates', '', ['from', 'to']],
    ['a day that does not exist', 'from=2026-02-30&to=2026-03-01', ['from']],
    ['an end before the start', 'from=2026-11-24&to=2026-11-01', ['to']],
    ['a period longer than 732 days', 'from=2024-01-01&to=2026-01-02', ['to']],
    ['an unknown granularity', 'from=2026-11-01&to=2026-11-02&granularity=year', ['granularity']],
    ['an unknown parameter', 'from=2026-11-01&to=2026-11-02&tenancyId=1', ['tenancyId']],
    ['a parameter given twice', 'from=2026-11-01&from=2026-11-02&to=2026-11-03', ['from']],
  ])('answers 400 with the field paths for %s', async (_case, query, fields) => {
    // Prepare
    const { useCases, handler } = fakeUseCases();
    // Act
    const result = await handler(aMetricsEvent({ query }));
    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ message: 'invalid request', fields });
    expect(useCases.getMetrics).not.toHaveBeenCalled();
  });

  it('accepts a period of exactly 732 days', async () => {
    // Prepare
    const { handler } = fakeUseCases();
    // Act
    const result = await handler(aMetricsEvent({ query: 'from=2024-01-01&to=2026-01-01' }));
    // Assess
    expect(result.statusCode).toBe(200);
  });

  it('answers the live queues', async () => {
    // Prepare
    const { handler } = fakeUseCases();
    // Act
    const result = await handler(aMetricsEvent({ path: '/api/metrics/live' }));
    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual(LIVE);
  });

  it('answers 404 for another path and 405 for another method', async () => {
    // Prepare
    const { handler } = fakeUseCases();
    // Act
    const other = await handler(aMetricsEvent({ path: '/api/metrics/export' }));
    const post = await handler(aMetricsEvent({ method: 'POST', query: 'from=2026-11-01&to=2026-11-02' }));
    // Assess
    expect([other.statusCode, post.statusCode]).toEqual([404, 405]);
  });

  it('answers 500 with a generic message and logs the failure', async () => {
    // Prepare
    const { useCases, handler } = fakeUseCases();
    useCases.getMetrics.mockRejectedValueOnce(new Error('socket hang up'));
    // Act
    const result = await handler(aMetricsEvent({ query: 'from=2026-11-01&to=2026-11-02' }));
    // Assess
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ message: 'internal error' });
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'metrics api request failed' }),
    );
  });

  it('answers 400 to an event that is no HTTP API event', async () => {
    // Prepare
    const { handler } = fakeUseCases();
    // Act
    const result = await handler({ hello: 'world' });
    // Assess
    expect(result.statusCode).toBe(400);
  });
});

describe('loadMetricsApiEnv', () => {
  it('takes a service level threshold of 60 s unless configured', () => {
    expect(loadMetricsApiEnv({ CALLS_TABLE: 't' }).SERVICE_LEVEL_SECONDS).toBe(60);
    expect(loadMetricsApiEnv({ CALLS_TABLE: 't', SERVICE_LEVEL_SECONDS: '20' }).SERVICE_LEVEL_SECONDS).toBe(
      20,
    );
  });

  it('refuses a threshold that is no wait bucket bound, saying which ones are', () => {
    expect(() => loadMetricsApiEnv({ CALLS_TABLE: 't', SERVICE_LEVEL_SECONDS: '50' })).toThrow(
      /SERVICE_LEVEL_SECONDS must be one of the wait buckets' bounds: 10, 20, 30, 45, 60, 90/,
    );
  });
});

describeOriginCheckedEntry({
  api: 'metrics API',
  load: () => import('../../functions/metrics-api/handler.ts'),
  // What CDK sets (infra/constructs/metrics-api.ts), without credentials: nothing here reaches AWS.
  env: {
    AWS_REGION: 'eu-central-1',
    CALLS_TABLE: 'calls',
    CONNECT_INSTANCE_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  },
  requestWith: (originSecret) => aMetricsEvent({ originSecret }),
  // An agent, so the metrics API answers 403 for managers only, reading no figures.
  passedOn: { request: aMetricsEvent({ claims: AGENT }), answer: [403, { message: 'for managers only' }] },
});

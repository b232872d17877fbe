import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type AgentApiUseCases, createAgentApiHandler } from '../../functions/agent-api/create-handler.ts';
import { createContactEventsHandler } from '../../functions/contact-events/create-handler.ts';
import type { CallTimeline } from '../../shared/domain/call-timeline.ts';
import { StoreUnavailableError } from '../../shared/domain/errors.ts';
import type { RecordedOutcome } from '../../shared/domain/outcomes.ts';
import {
  loggedErrorsMetricName,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  METRICS_SERVICES,
} from '../../shared/observability/metrics.ts';
import type { CounterSync } from '../../shared/ports/call-counters.ts';
import type { CallLogCompletionResult } from '../../shared/use-cases/complete-call-log.ts';
import { aContactEvent, anAbandonedCall, anAnsweredCall } from '../fixtures/contact-events.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

type Emf = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
};

captureLogsOfEachTest();

/**
 * Powertools Metrics writes one EMF line per publish to stdout, through a Console of its own built on
 * `process.stdout`: the spy reads those lines (and keeps them out of the test output).
 */
let stdout: MockInstance<typeof process.stdout.write>;
beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  // The test run turns Powertools Metrics off (vitest.config.ts); these tests read what it writes.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
});
afterEach(() => {
  stdout.mockRestore();
  vi.unstubAllEnvs();
});

const COLD_START = 'ColdStart';

const emfLines = (): Emf[] =>
  stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);

const namesIn = (line: Emf): string[] =>
  line._aws.CloudWatchMetrics.flatMap(({ Metrics: metrics }) => metrics.map(({ Name }) => Name));

/** The EMF lines of the handler's own metrics: Powertools' ColdStart line is read by `coldStarts`. */
const emitted = (): Emf[] => emfLines().filter((line) => !namesIn(line).includes(COLD_START));
/** Powertools' ColdStart lines (a single-metric line each, written at once). */
const coldStarts = (): Emf[] => emfLines().filter((line) => namesIn(line).includes(COLD_START));

/** The counts of one EMF line by metric name, after checking its namespace and `service`. */
const countsIn = (line: Emf | undefined, service: string): Record<string, unknown> => {
  expect(line, 'one EMF line').toBeDefined();
  const [directive] = line?._aws.CloudWatchMetrics ?? [];
  expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
  expect(directive?.Dimensions).toEqual([['service']]);
  expect(line?.service).toBe(service);
  return Object.fromEntries((directive?.Metrics ?? []).map(({ Name }) => [Name, line?.[Name]]));
};

const aMetrics = (service: string) => new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });

describe('contact-events metrics (EMF)', () => {
  const recorded = (timeline: Partial<CallTimeline>, counters: CounterSync): CallLogCompletionResult => ({
    outcome: 'recorded',
    timeline: { abandoned: false, ...timeline },
    counters,
  });
  const counted: CounterSync = { outcome: 'counted', first: true, days: 1, attempts: 1 };
  const corrected: CounterSync = { outcome: 'counted', first: false, days: 1, attempts: 1 };

  it('counts the event, and the call once, on the event that first put it in the counters', async () => {
    // Prepare
    const handler = createContactEventsHandler(
      async () => recorded({ queue: 'urgent', abandoned: true }, counted),
      aMetrics(METRICS_SERVICES.contactEvents),
    );
    // Act
    await handler(aContactEvent(anAbandonedCall('c-1'), 'DISCONNECTED'));
    // Assess
    const lines = emitted();
    expect(lines).toHaveLength(1);
    expect(countsIn(lines[0], METRICS_SERVICES.contactEvents)).toEqual({
      [METRIC_NAMES.contactEventRecorded]: 1,
      [METRIC_NAMES.callCompleted]: 1,
      [METRIC_NAMES.urgentCall]: 1,
      [METRIC_NAMES.abandonedCall]: 1,
    });
  });

  it('counts a callback that reached nobody as a callback, never as a call', async () => {
    // Prepare
    const handler = createContactEventsHandler(
      async () =>
        recorded(
          {
            callback: { previousContactId: 'c-0' },
            queue: 'callback',
            queuedAt: new Date('2026-11-25T08:00:00Z'),
            disconnectedAt: new Date('2026-11-25T08:30:00Z'),
            abandoned: true,
          },
          counted,
        ),
      aMetrics(METRICS_SERVICES.contactEvents),
    );
    // Act
    await handler(aContactEvent(anAbandonedCall('cb-1'), 'DISCONNECTED'));
    // Assess
    expect(countsIn(emitted()[0], METRICS_SERVICES.contactEvents)).toEqual({
      [METRIC_NAMES.contactEventRecorded]: 1,
      [METRIC_NAMES.callbackCompleted]: 1,
      [METRIC_NAMES.callbackUnreachable]: 1,
    });
  });

  it('counts an answered general call as completed only', async () => {
    // Prepare
    const handler = createContactEventsHandler(
      async () => recorded({ queue: 'general', abandoned: false }, counted),
      aMetrics(METRICS_SERVICES.contactEvents),
    );
    // Act
    await handler(aContactEvent(anAnsweredCall('c-2'), 'COMPLETED'));
    // Assess
    expect(countsIn(emitted()[0], METRICS_SERVICES.contactEvents)).toEqual({
      [METRIC_NAMES.contactEventRecorded]: 1,
      [METRIC_NAMES.callCompleted]: 1,
    });
  });

  it.each([
    ['a repeated disconnect (counters unchanged)', 'DISCONNECTED', { outcome: 'unchanged' }],
    ['a late event that corrects a counted call', 'QUEUED', corrected],
    ['a second disconnect that corrects a counted call', 'COMPLETED', corrected],
    ['an event of a call still in progress', 'CONNECTED_TO_AGENT', { outcome: 'unchanged' }],
  ] as const)('does not count the call again for %s', async (_what, type, counters) => {
    // Prepare
    const handler = createContactEventsHandler(
      async () => recorded({ queue: 'urgent', abandoned: true }, counters),
      aMetrics(METRICS_SERVICES.contactEvents),
    );
    // Act
    await handler(aContactEvent(anAbandonedCall('c-3'), type));
    // Assess
    expect(countsIn(emitted()[0], METRICS_SERVICES.contactEvents)).toEqual({
      [METRIC_NAMES.contactEventRecorded]: 1,
    });
  });

  it('emits nothing for an ignored event or a failed one', async () => {
    // Prepare
    const metrics = aMetrics(METRICS_SERVICES.contactEvents);
    const ignoring = createContactEventsHandler(
      async () => ({ outcome: 'ignored', reason: 'not_voice' }),
      metrics,
    );
    const failing = createContactEventsHandler(async () => {
      throw new StoreUnavailableError();
    }, metrics);
    // Act
    await ignoring(aContactEvent(anAnsweredCall('c-4'), 'QUEUED'));
    await expect(failing(aContactEvent(anAnsweredCall('c-5'), 'DISCONNECTED'))).rejects.toThrow();
    // Assess
    expect(emitted()).toEqual([]);
  });
});

describe('contact-events malformed events (EMF)', () => {
  it('counts an event that fails the schema, and nothing else', async () => {
    // Prepare
    let calls = 0;
    const handler = createContactEventsHandler(async () => {
      calls += 1;
      return { outcome: 'ignored', reason: 'not_voice' };
    }, aMetrics(METRICS_SERVICES.contactEvents));
    // Act
    await handler({ 'detail-type': 'Amazon Connect Contact Event', detail: { eventType: 42 } });
    // Assess
    const [line, ...more] = emitted();
    expect(more).toEqual([]);
    expect(countsIn(line, METRICS_SERVICES.contactEvents)).toEqual({
      [METRIC_NAMES.malformedContactEvent]: 1,
    });
    expect(calls).toBe(0);
  });
});

describe('agent-api metrics (EMF)', () => {
  const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
  const STORED: RecordedOutcome = {
    contactId: CONTACT,
    revision: 1,
    codes: ['information_only'],
    recordedAt: '2026-11-25T10:05:00.000Z',
    recordedBy: '5e1f0000-0000-4000-8000-0000000a9e47',
    requestIds: [],
  };
  const handlerWriting = (written: boolean) =>
    createAgentApiHandler(
      {
        context: vi.fn<AgentApiUseCases['context']>(),
        confirmIdentity: vi.fn<AgentApiUseCases['confirmIdentity']>(),
        attachTenancy: vi.fn<AgentApiUseCases['attachTenancy']>(),
        findCandidates: vi.fn<AgentApiUseCases['findCandidates']>(),
        recordOutcome: vi.fn<AgentApiUseCases['recordOutcome']>(async () => ({
          outcome: STORED,
          written,
          contactAttributes: 'updated' as const,
        })),
      },
      aMetrics(METRICS_SERVICES.agentApi),
    );
  const post = () =>
    anHttpApiEvent({
      method: 'POST',
      path: `/api/contacts/${CONTACT}/outcomes`,
      body: { codes: ['information_only'] },
    });

  it('counts an outcome it wrote', async () => {
    // Act
    const result = await handlerWriting(true)(post());
    // Assess
    expect(result.statusCode).toBe(200);
    const lines = emitted();
    expect(lines).toHaveLength(1);
    expect(countsIn(lines[0], METRICS_SERVICES.agentApi)).toEqual({ [METRIC_NAMES.outcomeRecorded]: 1 });
  });

  it('does not count a repeated request that wrote nothing', async () => {
    // Act
    const result = await handlerWriting(false)(post());
    // Assess
    expect(result.statusCode).toBe(200);
    expect(emitted()).toEqual([]);
  });
});

describe('metricsFor', () => {
  const handlers = {
    'contact-events': () => {
      const handler = createContactEventsHandler(async () => ({
        outcome: 'recorded',
        timeline: { queue: 'urgent', abandoned: true },
        counters: { outcome: 'counted', first: true, days: 1, attempts: 1 },
      }));
      return () => handler(aContactEvent(anAbandonedCall('c-9'), 'DISCONNECTED'));
    },
    'agent-api': () => {
      const handler = createAgentApiHandler({
        context: vi.fn<AgentApiUseCases['context']>(),
        confirmIdentity: vi.fn<AgentApiUseCases['confirmIdentity']>(),
        attachTenancy: vi.fn<AgentApiUseCases['attachTenancy']>(),
        findCandidates: vi.fn<AgentApiUseCases['findCandidates']>(),
        recordOutcome: vi.fn<AgentApiUseCases['recordOutcome']>(async (desk) => ({
          outcome: {
            contactId: desk.contactId,
            revision: 1,
            codes: ['information_only'],
            recordedAt: '2026-11-25T10:05:00.000Z',
            recordedBy: '5e1f0000-0000-4000-8000-0000000a9e47',
            requestIds: [],
          },
          written: true,
          contactAttributes: 'updated' as const,
        })),
      });
      const contactId = 'c0ffee00-0000-4000-8000-000000000009';
      return () =>
        handler(
          anHttpApiEvent({
            method: 'POST',
            path: `/api/contacts/${contactId}/outcomes`,
            body: { codes: ['information_only'] },
          }),
        );
    },
  } as const;

  it.each(Object.keys(handlers) as (keyof typeof handlers)[])(
    "%s: emits Powertools' ColdStart metric on the first invocation only, with the function's service",
    async (service) => {
      // Prepare: an on-demand environment, as Lambda says (Powertools counts no cold start otherwise)
      vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
      const invoke = handlers[service]();
      // Act
      await invoke();
      await invoke();
      // Assess
      const lines = coldStarts();
      expect(lines).toHaveLength(1);
      expect(countsIn(lines[0], service)).toEqual({ [COLD_START]: 1 });
      expect(emitted()).toHaveLength(2);
    },
  );

  it.each(Object.keys(handlers) as (keyof typeof handlers)[])(
    '%s: writes nothing to stdout with POWERTOOLS_METRICS_DISABLED=true (local mode keeps stdout for results)',
    async (service) => {
      // Prepare: an environment's first invocation, which would otherwise write its ColdStart too
      vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
      vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
      const invoke = handlers[service]();
      // Act
      await invoke();
      await invoke();
      // Assess
      expect(stdout).not.toHaveBeenCalled();
    },
  );

  it('names the ERROR-line metric of each function after its service', () => {
    expect(Object.values(METRICS_SERVICES).map(loggedErrorsMetricName)).toEqual([
      'IdentifyCallerLoggedErrors',
      'ContactEventsLoggedErrors',
      'AgentApiLoggedErrors',
      'MetricsApiLoggedErrors',
      'PrivacyApiLoggedErrors',
    ]);
  });
});

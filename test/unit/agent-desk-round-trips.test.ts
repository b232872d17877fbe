import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAgentApiHandler } from '../../functions/agent-api/create-handler.ts';
import { type ContactAssignment, DEFAULT_ACCESS_WINDOWS } from '../../shared/domain/contact-access.ts';
import type { RecordedOutcome } from '../../shared/domain/outcomes.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../shared/domain/risk.ts';
import type { IsoDate, TenancyId } from '../../shared/domain/tenancy.ts';
import type { AuditEntry } from '../../shared/ports/audit-trail.ts';
import type { CallRecord } from '../../shared/ports/call-records.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { makeAgentDesk } from '../../shared/use-cases/agent-desk.ts';
import { makeAttachTenancy } from '../../shared/use-cases/attach-tenancy.ts';
import { makeGetCallerContext } from '../../shared/use-cases/caller-context.ts';
import { makeFindCandidates } from '../../shared/use-cases/find-candidates.ts';
import { makeRecordOutcome } from '../../shared/use-cases/record-outcome.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { aTenancyFile } from '../fixtures/tenancy-files.ts';
import {
  aCallRecord,
  fakeCalls,
  fakeContactAttributes,
  fakeDirectory,
  fakeOutcomeStore,
  filedUnder,
} from '../support/agent-api-fakes.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const logs = captureLogsOfEachTest();

/**
 * The agent API's requests to DynamoDB and Connect, per route, in dependent rounds: the real desk
 * and use cases over the in-memory ports, each port call taking one round of virtual time
 * (ROUND_MS), so that the time a request takes counts the rounds it waits for one after the other.
 * One port call stands for one request with the read-model pointer cached (warm), except where
 * ROUNDS_OF says otherwise; calls made together (Promise.all) share a round.
 */
const ROUND_MS = 10;
/** Port calls that are more than one dependent request in the DynamoDB adapter. */
const ROUNDS_OF: Record<string, number> = {
  // One GetItem per word of the name, then a BatchGetItem of the tenancies they list.
  'directory.findByName': 2,
};

const NOW = new Date('2026-11-25T10:05:00.000Z');
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const SHARED_CONTACT = 'c0ffee00-0000-4000-8000-000000000002';
const UNKNOWN_CONTACT = 'c0ffee00-0000-4000-8000-000000000003';
const AGENT_SUB = '5e1f0000-0000-4000-8000-0000000a9e47';
const AGENT_CLAIMS = {
  sub: AGENT_SUB,
  'cognito:groups': '[agents]',
  'custom:connect_user_id': 'connect-agent',
};
const COLLEAGUE_CLAIMS = {
  sub: 'sub-colleague',
  'cognito:groups': '[agents]',
  'custom:connect_user_id': 'connect-colleague',
};

const FILE = aTenancyFile({ tenancyId: '100200300', cases: [{ stage: 'lawsuit' }] });
const FILES = [FILE, aTenancyFile({ tenancyId: '100200301' }), aTenancyFile({ tenancyId: '100200302' })];
const PHONES: Record<string, readonly TenancyId[]> = {
  'hash-of-caller': ['100200300' as TenancyId],
  'hash-shared': ['100200301' as TenancyId, '100200302' as TenancyId],
};

type Trace = { readonly port: string; readonly start: number; readonly end: number }[];

/** The port with each of its methods one round (ROUNDS_OF) slower, traced. */
const slow = <T extends object>(name: string, port: T, trace: Trace): T =>
  new Proxy(port, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      const method = `${name}.${key}`;
      return async (...args: unknown[]) => {
        const start = Date.now();
        await new Promise((resolve) => setTimeout(resolve, ROUND_MS * (ROUNDS_OF[method] ?? 1)));
        try {
          return await value.apply(target, args);
        } finally {
          trace.push({ port: method, start, end: Date.now() });
        }
      };
    },
  });

const setUp = (
  options: {
    readonly records?: readonly CallRecord[];
    readonly assignment?: ContactAssignment | undefined;
    /** How many rounds Connect takes to say who served the contact. */
    readonly assignmentRounds?: number;
    readonly auditFails?: boolean;
  } = {},
) => {
  const trace: Trace = [];
  const entries: AuditEntry[] = [];
  const records = options.records ?? [
    aCallRecord({ contactId: CONTACT, filing: { phoneHash: 'hash-of-caller' } }),
    aCallRecord({
      contactId: 'earlier-1',
      receivedAt: '2026-11-10T09:00:00.000Z',
      filing: filedUnder('100200300'),
    }),
    aCallRecord({
      contactId: 'earlier-2',
      receivedAt: '2026-11-01T09:00:00.000Z',
      filing: { phoneHash: 'hash-of-caller' },
    }),
    aCallRecord({
      contactId: SHARED_CONTACT,
      callerPhoneHash: 'hash-shared',
      filing: { phoneHash: 'hash-shared' },
    }),
    aCallRecord({ contactId: UNKNOWN_CONTACT, callerPhoneHash: 'hash-unknown' }),
  ];
  const rawCalls = fakeCalls(records);
  const rawOutcomes = fakeOutcomeStore(rawCalls);
  const calls = slow('calls', rawCalls, trace);
  const directory = slow('directory', fakeDirectory(FILES, PHONES), trace);
  const outcomes = slow('outcomes', rawOutcomes, trace);
  const contactAttributes = slow('connect', fakeContactAttributes(), trace);
  const assignment =
    'assignment' in options ? options.assignment : { agentId: 'connect-agent', connectedAt: NOW };
  const assignmentOf = vi.fn(async () => {
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, ROUND_MS * (options.assignmentRounds ?? 1)));
    trace.push({ port: 'connect.describeContact', start, end: Date.now() });
    return assignment;
  });
  const record = vi.fn(async (entry: AuditEntry) => {
    if (options.auditFails) throw new Error('ProvisionedThroughputExceededException');
    entries.push(entry);
  });
  const clock = fixedClock(NOW);
  const getCallerContext = makeGetCallerContext({
    calls,
    directory,
    outcomes,
    clock,
    thresholds: DEFAULT_RISK_THRESHOLDS,
    contactAttributes,
  });
  const desk = makeAgentDesk({
    calls,
    assignments: { assignmentOf },
    audit: slow('audit', { record }, trace),
    clock,
    windows: DEFAULT_ACCESS_WINDOWS,
    getCallerContext,
    attachTenancy: makeAttachTenancy({ calls, directory, clock, getCallerContext }),
    findCandidates: makeFindCandidates({ calls, directory, clock }),
    recordOutcome: makeRecordOutcome({
      calls,
      directory,
      outcomes,
      contactAttributes,
      clock,
      officeHours: hotlineOfficeHours('2026-11-01' as IsoDate),
    }),
  });
  const handler = createAgentApiHandler(desk);
  return { handler, desk, trace, entries, rawCalls, rawOutcomes, assignmentOf, record };
};

/** Runs a request to its end in virtual time: its answer, and how many rounds it waited for. */
const timed = async <T>(act: () => Promise<T>) => {
  const t0 = Date.now();
  const answer = act();
  await vi.runAllTimersAsync();
  const result = await answer;
  return { result, rounds: (Date.now() - t0) / ROUND_MS };
};

type Route = 'context' | 'identity' | 'tenancy' | 'candidates' | 'outcomes';
const METHODS: Record<Route, 'GET' | 'POST' | 'PUT'> = {
  context: 'GET',
  identity: 'POST',
  tenancy: 'PUT',
  candidates: 'POST',
  outcomes: 'POST',
};
const request = (route: Route, contactId: string, body?: unknown, claims = AGENT_CLAIMS) =>
  anHttpApiEvent({ method: METHODS[route], path: `/api/contacts/${contactId}/${route}`, body, claims });

/** The requests of one route and the rounds it waited for. */
const profile = (trace: Trace, rounds: number) => ({
  rounds,
  requests: trace.filter(({ port }) => ROUNDS_OF[port] !== 0).length,
});

describe('agent API round trips per route (agent on their own contact)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('GET context: DescribeContact beside the call log, the audit entry beside the history', async () => {
    // Prepare
    const { handler, trace } = setUp();
    // Act
    const { result, rounds } = await timed(() => handler(request('context', CONTACT)));
    // Assess
    expect(result.statusCode).toBe(200);
    expect(profile(trace, rounds)).toEqual({ rounds: 4, requests: 9 });
    const at = (port: string) => trace.find((call) => call.port === port)?.start;
    expect(at('connect.describeContact')).toBe(at('calls.findWithOutcome'));
    expect(at('audit.record')).toBe(at('calls.listFiledUnder'));
  });

  it('POST identity: the confirmation after the access check, both audit entries beside the history', async () => {
    const { handler, trace } = setUp();
    const { result, rounds } = await timed(() => handler(request('identity', CONTACT, {})));
    expect(result.statusCode).toBe(200);
    expect(profile(trace, rounds)).toEqual({ rounds: 6, requests: 11 });
  });

  it('PUT tenancy: the reads before the attach beside the access check, both audit entries beside the history', async () => {
    const { handler, trace } = setUp();
    const { result, rounds } = await timed(() =>
      handler(request('tenancy', SHARED_CONTACT, { tenancyId: '100200301' })),
    );
    expect(result.statusCode).toBe(200);
    expect(profile(trace, rounds)).toEqual({ rounds: 7, requests: 13 });
  });

  it('POST candidates: the search beside the access check, audited once it answered', async () => {
    const { handler, trace } = setUp();
    const { result, rounds } = await timed(() =>
      handler(request('candidates', UNKNOWN_CONTACT, { name: 'Maria Testerin', postalCode: '1100' })),
    );
    expect(result.statusCode).toBe(200);
    expect(profile(trace, rounds)).toEqual({ rounds: 4, requests: 5 });
  });

  it('POST outcomes: the call log read once, the audit entry beside the copy to the contact', async () => {
    // Prepare
    const { handler, trace } = setUp();
    // Act
    const first = await timed(() => handler(request('outcomes', CONTACT, { codes: ['information_only'] })));
    const firstTrace = trace.splice(0);
    const correction = await timed(() =>
      handler(request('outcomes', CONTACT, { codes: ['instalment_plan'], expectedRevision: 1 })),
    );
    // Assess
    expect(first.result.statusCode).toBe(200);
    expect(correction.result.statusCode).toBe(200);
    expect(profile(firstTrace, first.rounds)).toEqual({ rounds: 4, requests: 6 });
    // A correction by its recorder: the stored outcome decides, Connect is not asked who served it.
    expect(profile(trace, correction.rounds)).toEqual({ rounds: 4, requests: 5 });
    for (const requests of [firstTrace, trace]) {
      expect(requests.filter((call) => call.port === 'calls.findWithOutcome')).toHaveLength(1);
    }
  });
});

describe('agent API sequencing: what a refusal and a failed audit write leave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 500 and nothing of the contact when the audit entry cannot be written', async () => {
    // Prepare
    const { handler, record } = setUp({ auditFails: true });
    // Act
    const { result } = await timed(() => handler(request('context', CONTACT)));
    // Assess
    expect(record).toHaveBeenCalledTimes(1);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ message: 'internal error' });
    expect(result.body).not.toContain(FILE.tenancy.tenantName);
    expect(logs.text()).toContain('agent api request failed');
  });

  it('lets a read that outruns a refusing access check write nothing and answer nothing', async () => {
    // Prepare: a call not yet filed under its tenancy (the read would file it), and Connect slow to
    // say that another agent served it: the reads are done long before the decision.
    const { handler, rawCalls, entries, trace } = setUp({
      records: [aCallRecord({ contactId: CONTACT, filing: undefined })],
      assignmentRounds: 5,
    });
    // Act
    const { result } = await timed(() => handler(request('context', CONTACT, undefined, COLLEAGUE_CLAIMS)));
    // Assess
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body)).toEqual({ message: 'not your contact', reason: 'not_your_contact' });
    expect(trace.some((call) => call.port === 'calls.findWithOutcome')).toBe(true);
    expect(rawCalls.attachTenancy).not.toHaveBeenCalled();
    expect(rawCalls.byId.get(CONTACT)?.filing).toBeUndefined();
    expect(entries).toEqual([]);
  });

  it('answers a refusal, not a 404, for a contact without a call log (no oracle)', async () => {
    const { handler, entries } = setUp({ records: [], assignment: undefined });
    const { result } = await timed(() => handler(request('context', CONTACT)));
    expect(result.statusCode).toBe(403);
    expect(entries).toEqual([]);
    // The refusal's line says which contact was refused, and why.
    expect(logs.entries().find((line) => line.message === 'contact access refused')).toMatchObject({
      contactId: CONTACT,
      reason: 'not_your_contact',
    });
  });

  it('writes no outcome, no contact attributes and no entry for a refused first outcome', async () => {
    // Prepare
    const { handler, rawOutcomes, entries, trace } = setUp({ assignmentRounds: 3 });
    // Act
    const { result } = await timed(() =>
      handler(request('outcomes', CONTACT, { codes: ['information_only'] }, COLLEAGUE_CLAIMS)),
    );
    // Assess
    expect(result.statusCode).toBe(403);
    expect(rawOutcomes.save).not.toHaveBeenCalled();
    expect(trace.map((call) => call.port)).not.toContain('connect.recordOutcomeCodes');
    expect(entries).toEqual([]);
  });

  it('refuses with a 409 an outcome stored between the access read and the save, and keeps it', async () => {
    // Prepare: while Connect is asked, another request stores a first outcome.
    const { handler, rawOutcomes, assignmentOf, entries } = setUp();
    const other: RecordedOutcome = {
      contactId: CONTACT,
      revision: 1,
      codes: ['instalment_plan'],
      recordedAt: NOW.toISOString(),
      recordedBy: 'sub-lead',
      requestIds: [],
    };
    assignmentOf.mockImplementationOnce(async () => {
      rawOutcomes.currentById.set(CONTACT, other);
      return { agentId: 'connect-agent', connectedAt: NOW };
    });
    // Act
    const { result } = await timed(() =>
      handler(request('outcomes', CONTACT, { codes: ['information_only'], expectedRevision: 0 })),
    );
    // Assess
    expect(result.statusCode).toBe(409);
    expect(rawOutcomes.currentById.get(CONTACT)).toEqual(other);
    expect(entries).toEqual([]);
  });
});

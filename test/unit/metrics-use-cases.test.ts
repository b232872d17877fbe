import { describe, expect, it, vi } from 'vitest';
import type { CallReport } from '../../local/call-simulator.ts';
import { LocalLiveQueue } from '../../local/live-queue.ts';
import type { DayCounts } from '../../shared/domain/call-metrics.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { type Clock, fixedClock } from '../../shared/ports/clock.ts';
import type { MetricsCounters } from '../../shared/ports/metrics-counters.ts';
import { defaultMetricsPeriod, makeGetMetrics } from '../../shared/use-cases/get-metrics.ts';
import { makeRecordOutcome } from '../../shared/use-cases/record-outcome.ts';
import {
  aCallRecord,
  fakeCalls,
  fakeContactAttributes,
  fakeDirectory,
  fakeOutcomeStore,
} from '../support/agent-api-fakes.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

captureLogsOfEachTest();

describe('record outcome: the day it counts on', () => {
  it('stores the call’s metrics day with the outcome, so that a correction takes back the same day', async () => {
    // Prepare
    const contactId = 'c0ffee00-0000-4000-8000-000000000001';
    const calls = fakeCalls([aCallRecord({ contactId, day: '2026-11-24' as IsoDate })]);
    const outcomes = fakeOutcomeStore(calls);
    const record = makeRecordOutcome({
      calls,
      directory: fakeDirectory([], {}),
      outcomes,
      contactAttributes: fakeContactAttributes(),
      clock: fixedClock('2026-11-25T10:00:00Z'),
      officeHours: hotlineOfficeHours('2026-11-01' as IsoDate),
    });
    // Act
    await record({ contactId, agentId: 'a-1', outcome: { codes: ['information_only'] } });
    // Assess
    expect(outcomes.saved[0]?.next.callDay).toBe('2026-11-24');
  });
});

describe('get metrics', () => {
  const readingNothing = () => ({
    readDays: vi.fn<MetricsCounters['readDays']>(async () => ({ days: [], requests: 1 })),
  });

  it('reads from 1 January of `to`’s year for the year to date, in one go with the period', async () => {
    // Prepare
    const counters = readingNothing();
    const getMetrics = makeGetMetrics({
      counters,
      serviceLevelSeconds: 60,
      clock: fixedClock('2026-12-01T10:00:00Z'),
    });
    // Act
    const report = await getMetrics({
      from: '2026-11-01',
      to: '2026-11-30',
      granularity: 'day',
      format: 'json',
    });
    // Assess
    expect(counters.readDays).toHaveBeenCalledWith('2026-01-01', '2026-11-30');
    expect(report.reads).toEqual({ requests: 1 });
    expect(report.series).toHaveLength(30);
  });

  it('reads from `from` when the period starts in an earlier year, and stops the series at today', async () => {
    // Prepare
    const counters = readingNothing();
    const getMetrics = makeGetMetrics({
      counters,
      serviceLevelSeconds: 60,
      clock: fixedClock('2027-01-02T10:00:00Z'),
    });
    // Act
    const report = await getMetrics({
      from: '2026-12-30',
      to: '2027-01-31',
      granularity: 'day',
      format: 'json',
    });
    // Assess
    expect(counters.readDays).toHaveBeenCalledWith('2026-12-30', '2027-01-31');
    expect(report.series.map((point) => point.start)).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('compared with the previous period, reads its days in the same go and reports its totals', async () => {
    // Prepare: 30 November 2026 counted 3 calls, 1 December 2 (one of them urgent), 1 November 9.
    const days: DayCounts[] = [
      { day: '2026-11-01' as IsoDate, counts: { calls: 9 } },
      { day: '2026-11-30' as IsoDate, counts: { calls: 3, secured: 2, lost: 1 } },
      { day: '2026-12-01' as IsoDate, counts: { calls: 2, urgent: 1, consultations: 1 } },
    ];
    const counters = { readDays: vi.fn<MetricsCounters['readDays']>(async () => ({ days, requests: 1 })) };
    const getMetrics = makeGetMetrics({
      counters,
      serviceLevelSeconds: 60,
      clock: fixedClock('2026-12-03T10:00:00Z'),
    });
    // Act: 1–3 December, against 28–30 November
    const report = await getMetrics({
      from: '2026-12-01',
      to: '2026-12-03',
      granularity: 'day',
      format: 'json',
      compare: 'previous',
    });
    // Assess: one read from 1 January; the previous three days hold 30 November's counts only
    expect(counters.readDays).toHaveBeenCalledExactlyOnceWith('2026-01-01', '2026-12-03');
    expect(report.totals).toMatchObject({ calls: 2, urgent: 1, consultations: 1, successRate: null });
    expect(report.previous?.from).toBe('2026-11-28');
    expect(report.previous?.to).toBe('2026-11-30');
    expect(report.previous?.totals).toMatchObject({
      calls: 3,
      consultations: 0,
      secured: 2,
      lost: 1,
      successRate: 0.6667,
    });
  });

  it('reads the previous period from the year before when it starts there, and leaves it out unasked', async () => {
    // Prepare
    const counters = readingNothing();
    const getMetrics = makeGetMetrics({
      counters,
      serviceLevelSeconds: 60,
      clock: fixedClock('2026-12-03T10:00:00Z'),
    });
    // Act: 1 January – 3 December 2026 is 337 days; the 337 before start on 29 January 2025
    const compared = await getMetrics({
      from: '2026-01-01',
      to: '2026-12-03',
      granularity: 'week',
      format: 'json',
      compare: 'previous',
    });
    const plain = await getMetrics({
      from: '2026-01-01',
      to: '2026-12-03',
      granularity: 'week',
      format: 'json',
    });
    // Assess
    expect(counters.readDays).toHaveBeenNthCalledWith(1, '2025-01-29', '2026-12-03');
    expect(compared.previous).toMatchObject({ from: '2025-01-29', to: '2025-12-31' });
    expect(compared.previous?.totals.calls).toBe(0);
    expect(counters.readDays).toHaveBeenNthCalledWith(2, '2026-01-01', '2026-12-03');
    expect(plain).not.toHaveProperty('previous');
  });

  it('takes this year up to today in Vienna as the default period', () => {
    // Act: 23:30 UTC on 31 December is already 1 January in Vienna
    const period = defaultMetricsPeriod(fixedClock('2026-12-31T23:30:00Z'));
    // Assess
    expect(period).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  });
});

describe('LocalLiveQueue', () => {
  const movableClock = (start: string) => {
    let now = new Date(start).getTime();
    const clock: Clock = { now: () => new Date(now) };
    return { clock, advance: (seconds: number) => (now += seconds * 1000) };
  };
  const aQueuedCall = (
    queue: 'urgent' | 'general',
    log: { answered: boolean; waitSeconds: number; handleSeconds: number | null },
  ) =>
    ({
      result: 'queued',
      queue,
      callLog: { ...log, abandoned: !log.answered },
    }) as unknown as CallReport;

  it('keeps a queued call in its queue for its wait, then one agent busy for its handle time', async () => {
    // Prepare
    const { clock, advance } = movableClock('2026-11-24T09:00:00Z');
    const live = new LocalLiveQueue({ agentsOnline: 3, clock, capSeconds: 120 });
    live.placed(aQueuedCall('urgent', { answered: true, waitSeconds: 30, handleSeconds: 60 }));
    // Act
    advance(10);
    const waiting = await live.current();
    advance(30);
    const talking = await live.current();
    advance(60);
    const done = await live.current();
    // Assess
    expect(waiting.queues[0]).toEqual({ queue: 'urgent', contactsInQueue: 1, oldestContactAgeSeconds: 10 });
    expect(waiting.agents).toEqual({ available: 3, online: 3 });
    expect(talking.queues[0]).toMatchObject({ contactsInQueue: 0, oldestContactAgeSeconds: null });
    expect(talking.agents).toEqual({ available: 2, online: 3 });
    expect(done.agents).toEqual({ available: 3, online: 3 });
    expect(done.queues.map((queue) => queue.contactsInQueue)).toEqual([0, 0, 0]);
  });

  it('counts the agents once for all queues: two calls in two queues keep two of the same three agents busy', async () => {
    // Prepare
    const { clock, advance } = movableClock('2026-11-24T09:00:00Z');
    const live = new LocalLiveQueue({ agentsOnline: 3, clock, capSeconds: 120 });
    live.placed(aQueuedCall('urgent', { answered: true, waitSeconds: 5, handleSeconds: 60 }));
    live.placed(aQueuedCall('general', { answered: true, waitSeconds: 10, handleSeconds: 60 }));
    // Act
    advance(20);
    const report = await live.current();
    // Assess
    expect(report.agents).toEqual({ available: 1, online: 3 });
    expect(report.queues.map((queue) => queue.contactsInQueue)).toEqual([0, 0, 0]);
  });

  it('caps long waits, frees no agent for an abandoned call, and ignores calls that reached no queue', async () => {
    // Prepare
    const { clock, advance } = movableClock('2026-11-24T09:00:00Z');
    const live = new LocalLiveQueue({ clock, capSeconds: 120 });
    live.placed(aQueuedCall('general', { answered: false, waitSeconds: 3600, handleSeconds: null }));
    live.placed({ result: 'closed', queue: null, callLog: null } as unknown as CallReport);
    // Act
    advance(119);
    const before = await live.current();
    advance(1);
    const after = await live.current();
    // Assess
    expect(before.queues[1]).toMatchObject({ queue: 'general', contactsInQueue: 1 });
    expect(before.agents.available).toBe(3);
    expect(after.queues[1]).toMatchObject({ contactsInQueue: 0 });
    expect(after.agents.available).toBe(3);
  });
});

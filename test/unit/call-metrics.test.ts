import { describe, expect, it } from 'vitest';
import {
  type CallFacts,
  type Contribution,
  callContribution,
  callDayOf,
  contributionDelta,
  firstDayToRead,
  metricsReport,
  outcomeContribution,
  previousPeriod,
  sameContribution,
  viennaHour,
  waitBucket,
  weekdayIndex,
} from '../../shared/domain/call-metrics.ts';
import { type CallMilestones, deriveTimeline } from '../../shared/domain/call-timeline.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';

const d = (day: string) => day as IsoDate;
const at = (iso: string) => new Date(iso);

/** A call's facts from its milestones, as the call-log item yields them. */
const aCall = (milestones: CallMilestones, extra: Omit<CallFacts, 'timeline'> = {}): CallFacts => ({
  timeline: deriveTimeline(milestones),
  ...extra,
});

/** Tuesday 24 November 2026, 10:00 Vienna (UTC+1), answered after 45 s, talked for 7 min. */
const ANSWERED_URGENT: CallMilestones = {
  initiatedAt: at('2026-11-24T09:00:00.000Z'),
  afterHours: false,
  queuedAt: at('2026-11-24T09:00:30.000Z'),
  queue: 'urgent',
  answeredAt: at('2026-11-24T09:01:15.000Z'),
  disconnectedAt: at('2026-11-24T09:08:15.000Z'),
};

describe('callContribution', () => {
  it('counts nothing while the call is in progress (no disconnect yet)', () => {
    // Act
    const contribution = callContribution(aCall({ ...ANSWERED_URGENT, disconnectedAt: undefined }));
    // Assess
    expect(contribution).toBeUndefined();
  });

  it('counts an answered urgent call on its Vienna day and hour, with its wait bucket and handle time', () => {
    // Act
    const contribution = callContribution(aCall(ANSWERED_URGENT));
    // Assess
    expect(contribution).toEqual({
      day: '2026-11-24',
      counts: {
        calls: 1,
        h10c: 1,
        urgent: 1,
        h10u: 1,
        answered: 1,
        h10a: 1,
        urgentAnswered: 1,
        waitSum: 45,
        waitN: 1,
        w45: 1,
        urgentWaitSum: 45,
        urgentWaitN: 1,
        uw45: 1,
        handleSum: 420,
        handleN: 1,
      },
    });
  });

  it('counts an abandoned general call in its hour, without a wait sum or bucket', () => {
    // Act
    const contribution = callContribution(
      aCall({
        initiatedAt: at('2026-11-24T13:59:00.000Z'),
        afterHours: false,
        queuedAt: at('2026-11-24T14:00:00.000Z'),
        queue: 'general',
        disconnectedAt: at('2026-11-24T14:03:00.000Z'),
      }),
    );
    // Assess
    expect(contribution).toEqual({ day: '2026-11-24', counts: { calls: 1, h14c: 1, abandoned: 1, h14x: 1 } });
  });

  it('counts a call after hours that reached no queue as a call after hours only', () => {
    // Act
    const contribution = callContribution(
      aCall({
        initiatedAt: at('2026-11-24T19:30:00.000Z'),
        afterHours: true,
        disconnectedAt: at('2026-11-24T19:31:00.000Z'),
      }),
    );
    // Assess
    expect(contribution).toEqual({ day: '2026-11-24', counts: { calls: 1, h20c: 1, afterHours: 1 } });
  });

  it('counts a reached callback as a callback on the day it was asked for, and never as a call, a wait or a service level', () => {
    // Act: asked for on Tuesday 18:30 Vienna, queued after its delay, reached on Wednesday at 09:02
    const contribution = callContribution(
      aCall({
        callback: { previousContactId: 'inbound-1' },
        initiatedAt: at('2026-11-24T17:30:00.000Z'),
        queuedAt: at('2026-11-24T17:31:00.000Z'),
        queue: 'callback',
        answeredAt: at('2026-11-25T08:02:00.000Z'),
        disconnectedAt: at('2026-11-25T08:20:00.000Z'),
      }),
    );
    // Assess
    expect(contribution).toEqual({
      day: '2026-11-24',
      counts: { callbacksQueued: 1, callbacksAnswered: 1, callbackDelaySum: 52_320, callbackDelayN: 1 },
    });
  });

  it('counts a callback that reached nobody after every attempt as unreachable, not abandoned', () => {
    // Act
    const contribution = callContribution(
      aCall({
        callback: {},
        initiatedAt: at('2026-11-24T10:00:00.000Z'),
        queuedAt: at('2026-11-24T10:01:00.000Z'),
        queue: 'callback',
        disconnectedAt: at('2026-11-24T10:40:00.000Z'),
        disconnectReason: 'TELECOM_UNANSWERED',
      }),
    );
    // Assess
    expect(contribution).toEqual({
      day: '2026-11-24',
      counts: { callbacksQueued: 1, callbacksUnreachable: 1 },
    });
  });

  it('counts a callback only once it has ended', () => {
    expect(
      callContribution(
        aCall({ callback: {}, initiatedAt: at('2026-11-24T10:00:00.000Z'), queue: 'callback' }),
      ),
    ).toBeUndefined();
  });

  it('counts a call at 00:30 Vienna on that Vienna day and hour 00, though UTC still shows the day before', () => {
    // Act
    const contribution = callContribution(
      aCall({ initiatedAt: at('2026-11-24T23:30:00.000Z'), disconnectedAt: at('2026-11-24T23:31:00.000Z') }),
    );
    // Assess
    expect(contribution).toEqual({ day: '2026-11-25', counts: { calls: 1, h00c: 1 } });
  });

  it('counts an answered call whose QUEUED event is still missing as answered, without a wait', () => {
    // Act
    const contribution = callContribution(
      aCall({ ...ANSWERED_URGENT, queuedAt: undefined, queue: undefined }),
    );
    // Assess
    expect(contribution?.counts).toEqual({
      calls: 1,
      h10c: 1,
      answered: 1,
      h10a: 1,
      handleSum: 420,
      handleN: 1,
    });
  });

  it('falls back to identify-caller’s first log of the call when no INITIATED event came', () => {
    // Act
    const contribution = callContribution(
      aCall(
        { disconnectedAt: at('2026-07-01T22:10:00.000Z') },
        { receivedAt: at('2026-07-01T21:59:00.000Z') },
      ),
    );
    // Assess: 23:59 summer time, still 1 July in Vienna
    expect(contribution).toEqual({ day: '2026-07-01', counts: { calls: 1, h23c: 1 } });
  });

  it('falls back to the earliest milestone when neither an initiation nor a lookup is known', () => {
    // Act
    const day = callDayOf(aCall({ queuedAt: at('2026-03-02T08:00:00.000Z') }));
    // Assess
    expect(day).toBe('2026-03-02');
  });
});

describe('waitBucket and the Vienna hour', () => {
  it.each([
    [0, '10'],
    [10, '10'],
    [11, '20'],
    [45, '45'],
    [46, '60'],
    [600, '600'],
    [601, 'Inf'],
  ])('puts a wait of %i s in bucket %s', (seconds, bucket) => {
    expect(waitBucket(seconds)).toBe(bucket);
  });

  it.each([
    ['2026-03-29T00:59:59Z', 1, 'just before clocks go forward'],
    ['2026-03-29T01:00:00Z', 3, 'just after clocks go forward'],
    ['2026-10-25T00:30:00Z', 2, 'the first 02:30 of the day clocks go back'],
    ['2026-10-25T01:30:00Z', 2, 'the second 02:30'],
  ])('gives %s the Vienna hour %i (%s)', (instant, hour) => {
    expect(viennaHour(new Date(instant))).toBe(hour);
  });

  it('numbers weekdays from Monday', () => {
    expect([weekdayIndex(d('2026-11-23')), weekdayIndex(d('2026-11-29'))]).toEqual([0, 6]);
  });
});

describe('outcomeContribution', () => {
  it('counts the outcome, each code, a consultation and a secured home on the call’s day', () => {
    // Act
    const contribution = outcomeContribution({
      codes: ['housing_allowance', 'appointment_booked'],
      followUp: { kind: 'consultation', at: '2026-11-26T09:00:00.000Z' },
      caseResolution: 'housing_secured',
      callDay: d('2026-11-24'),
    });
    // Assess
    expect(contribution).toEqual({
      day: '2026-11-24',
      counts: {
        withOutcome: 1,
        oc_housing_allowance: 1,
        oc_appointment_booked: 1,
        consultations: 1,
        secured: 1,
      },
    });
  });

  it('counts a lost home, and a callback as no consultation', () => {
    // Act
    const contribution = outcomeContribution({
      codes: ['information_only'],
      followUp: { kind: 'callback' },
      caseResolution: 'housing_lost',
      callDay: d('2026-11-24'),
    });
    // Assess
    expect(contribution?.counts).toEqual({ withOutcome: 1, oc_information_only: 1, lost: 1 });
  });

  it('counts nothing for an outcome stored before counters existed (no call day) or for none', () => {
    expect(outcomeContribution({ codes: ['information_only'] })).toBeUndefined();
    expect(outcomeContribution(undefined)).toBeUndefined();
  });
});

describe('contributionDelta', () => {
  const c = (day: string, counts: Record<string, number>): Contribution => ({ day: d(day), counts });

  it('adds everything the first time', () => {
    expect(contributionDelta(undefined, c('2026-11-24', { calls: 1, h10c: 1 }))).toEqual([
      c('2026-11-24', { calls: 1, h10c: 1 }),
    ]);
  });

  it('writes nothing when nothing changed (a repeated event)', () => {
    const counted = c('2026-11-24', { calls: 1, abandoned: 1 });
    expect(contributionDelta(counted, { ...counted, counts: { abandoned: 1, calls: 1 } })).toEqual([]);
    expect(sameContribution(counted, counted)).toBe(true);
    expect(contributionDelta(undefined, undefined)).toEqual([]);
  });

  it('takes back with negative numbers and leaves out what stayed the same', () => {
    // Prepare: counted as abandoned; a late CONNECTED_TO_AGENT says it was answered
    const counted = c('2026-11-24', { calls: 1, abandoned: 1, h10x: 1 });
    const next = c('2026-11-24', { calls: 1, answered: 1, h10a: 1, waitN: 1, waitSum: 30 });
    // Act
    const delta = contributionDelta(counted, next);
    // Assess
    expect(delta).toEqual([
      c('2026-11-24', { abandoned: -1, h10x: -1, answered: 1, h10a: 1, waitN: 1, waitSum: 30 }),
    ]);
  });

  it('moves a call between two days when its day changed', () => {
    // Act
    const delta = contributionDelta(
      c('2026-11-25', { calls: 1, h00c: 1 }),
      c('2026-11-24', { calls: 1, h23c: 1 }),
    );
    // Assess
    expect(delta).toEqual([c('2026-11-25', { calls: -1, h00c: -1 }), c('2026-11-24', { calls: 1, h23c: 1 })]);
  });

  it('takes everything back when there is nothing to count any more', () => {
    expect(contributionDelta(c('2026-11-24', { withOutcome: 1, lost: 1 }), undefined)).toEqual([
      c('2026-11-24', { withOutcome: -1, lost: -1 }),
    ]);
  });
});

describe('metricsReport', () => {
  const day = (date: string, counts: Record<string, number>) => ({ day: d(date), counts });
  const query = (from: string, to: string, granularity: 'hour' | 'day' | 'week' | 'month' = 'day') => ({
    from,
    to,
    granularity,
  });

  it('answers an empty period with zeroes, empty tallies, null ratios and a point per day', () => {
    // Act
    const report = metricsReport([], query('2026-11-23', '2026-11-24'), 60);
    // Assess
    expect(report.totals).toEqual({
      calls: 0,
      urgent: 0,
      answered: 0,
      abandoned: 0,
      urgentShare: null,
      abandonRate: null,
      afterHours: 0,
      callbacksQueued: 0,
      callbacksAnswered: 0,
      callbacksUnreachable: 0,
      averageCallbackDelaySeconds: null,
      averageWaitSeconds: null,
      serviceLevel: null,
      urgentAnswered: 0,
      urgentAverageWaitSeconds: null,
      urgentServiceLevel: null,
      averageHandleSeconds: null,
      withOutcome: 0,
      outcomes: {},
      consultations: 0,
      secured: 0,
      lost: 0,
      successRate: null,
    });
    expect(report.series).toEqual([
      {
        start: '2026-11-23',
        calls: 0,
        urgent: 0,
        answered: 0,
        abandoned: 0,
        averageWaitSeconds: null,
        serviceLevel: null,
        secured: 0,
        lost: 0,
      },
      expect.objectContaining({ start: '2026-11-24', calls: 0 }),
    ]);
    expect(report.callsByHourOfDay).toEqual(Array(24).fill(0));
    expect(report.callsByWeekday).toEqual(Array(7).fill(0));
    expect(report.yearToDate).toEqual({ year: 2026, secured: 0, lost: 0, successRate: null });
    expect(report.period).toEqual({
      from: '2026-11-23',
      to: '2026-11-24',
      granularity: 'day',
      serviceLevelSeconds: 60,
    });
  });

  it('computes every total from the day counters of the period, and nothing from days outside it', () => {
    // Prepare
    const days: Contribution[] = [
      day('2026-11-22', { calls: 100, secured: 7 }), // before the period: year to date only
      day('2026-11-23', {
        calls: 8,
        h09c: 5,
        h10c: 3,
        urgent: 2,
        answered: 5,
        abandoned: 1,
        afterHours: 2,
        callbacksQueued: 3,
        callbacksAnswered: 2,
        callbacksUnreachable: 1,
        callbackDelaySum: 1200,
        callbackDelayN: 2,
        waitSum: 150,
        waitN: 5,
        w10: 1,
        w45: 2,
        w60: 1,
        w90: 1,
        urgentAnswered: 2,
        urgentWaitSum: 20,
        urgentWaitN: 2,
        uw10: 1,
        uw20: 1,
        handleSum: 1500,
        handleN: 5,
        withOutcome: 4,
        oc_housing_allowance: 3,
        oc_information_only: 1,
        consultations: 1,
        secured: 2,
        lost: 1,
      }),
    ];
    // Act
    const report = metricsReport(days, query('2026-11-23', '2026-11-23'), 60);
    // Assess
    expect(report.totals).toEqual({
      calls: 8,
      urgent: 2,
      answered: 5,
      abandoned: 1,
      urgentShare: 0.25,
      abandonRate: 0.1667,
      afterHours: 2,
      callbacksQueued: 3,
      callbacksAnswered: 2,
      callbacksUnreachable: 1,
      averageCallbackDelaySeconds: 600,
      averageWaitSeconds: 30,
      serviceLevel: 0.6667, // 4 of 6 within 60 s (w10 + w45 + w60)
      urgentAnswered: 2,
      urgentAverageWaitSeconds: 10,
      urgentServiceLevel: 1,
      averageHandleSeconds: 300,
      withOutcome: 4,
      outcomes: { housing_allowance: 3, information_only: 1 },
      consultations: 1,
      secured: 2,
      lost: 1,
      successRate: 0.6667,
    });
    expect(report.callsByHourOfDay.slice(8, 12)).toEqual([0, 5, 3, 0]);
    expect(report.callsByWeekday).toEqual([8, 0, 0, 0, 0, 0, 0]);
    expect(report.yearToDate).toEqual({ year: 2026, secured: 9, lost: 1, successRate: 0.9 });
  });

  it('sums the wait buckets up to the configured threshold', () => {
    // Prepare
    const days = [day('2026-11-23', { answered: 4, w10: 1, w60: 1, w90: 1, wInf: 1 })];
    // Act
    const within = (seconds: number) =>
      metricsReport(days, query('2026-11-23', '2026-11-23'), seconds).totals;
    // Assess
    expect([within(10).serviceLevel, within(60).serviceLevel, within(600).serviceLevel]).toEqual([
      0.25, 0.5, 0.75,
    ]);
  });

  it('gives 24 points per day for the hour granularity, with only the volume counts', () => {
    // Prepare
    const days = [day('2026-11-24', { calls: 3, h09c: 2, h09u: 1, h09a: 1, h09x: 1, h23c: 1, answered: 1 })];
    // Act
    const report = metricsReport(days, query('2026-11-24', '2026-11-25', 'hour'), 60);
    // Assess
    expect(report.series).toHaveLength(48);
    expect(report.series[9]).toEqual({
      start: '2026-11-24T09',
      calls: 2,
      urgent: 1,
      answered: 1,
      abandoned: 1,
      averageWaitSeconds: null,
      serviceLevel: null,
      secured: null,
      lost: null,
    });
    expect(report.series[23]).toMatchObject({ start: '2026-11-24T23', calls: 1 });
    expect(report.series[24]).toMatchObject({ start: '2026-11-25T00', calls: 0 });
  });

  it('starts weeks on their Monday, also before the period and across the end of a month', () => {
    // Prepare: Friday 27 November to Wednesday 9 December 2026
    const days: Contribution[] = [
      day('2026-11-27', { calls: 1 }),
      day('2026-11-30', { calls: 2 }),
      day('2026-12-01', { calls: 4 }),
      day('2026-12-09', { calls: 8 }),
    ];
    // Act
    const report = metricsReport(days, query('2026-11-27', '2026-12-09', 'week'), 60);
    // Assess
    expect(report.series.map(({ start, calls }) => [start, calls])).toEqual([
      ['2026-11-23', 1],
      ['2026-11-30', 6],
      ['2026-12-07', 8],
    ]);
  });

  it('groups months across a year boundary and reads the year to date from 1 January of `to`’s year', () => {
    // Prepare
    const days: Contribution[] = [
      day('2026-12-31', { calls: 1, secured: 5 }),
      day('2027-01-01', { calls: 2, secured: 1, lost: 1 }),
      day('2027-02-03', { calls: 4, lost: 1 }),
    ];
    // Act
    const report = metricsReport(days, query('2026-12-15', '2027-02-10', 'month'), 60);
    // Assess
    expect(report.series.map(({ start, calls, secured }) => [start, calls, secured])).toEqual([
      ['2026-12-01', 1, 5],
      ['2027-01-01', 2, 1],
      ['2027-02-01', 4, 0],
    ]);
    expect(report.yearToDate).toEqual({ year: 2027, secured: 1, lost: 2, successRate: 0.3333 });
    expect(firstDayToRead({ from: '2026-12-15', to: '2027-02-10' })).toBe('2026-12-15');
    expect(firstDayToRead({ from: '2027-02-01', to: '2027-02-10' })).toBe('2027-01-01');
  });

  it('leaves out the slices after today, which have not happened yet', () => {
    // Act
    const report = metricsReport([], query('2026-11-01', '2026-11-30'), 60, d('2026-11-03'));
    // Assess
    expect(report.series.map((point) => point.start)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });
});

describe('previousPeriod', () => {
  it('is the same number of days, ending the day before the period starts, across months and leap days', () => {
    expect(previousPeriod(d('2024-03-01'), d('2024-03-31'))).toEqual({
      from: '2024-01-30',
      to: '2024-02-29',
    });
    expect(previousPeriod(d('2026-12-03'), d('2026-12-03'))).toEqual({
      from: '2026-12-02',
      to: '2026-12-02',
    });
    expect(previousPeriod(d('2026-01-01'), d('2026-12-31'))).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
    });
  });

  it('reads back from the previous period only when asked for it', () => {
    expect(firstDayToRead({ from: '2026-11-01', to: '2026-11-30', compare: 'previous' })).toBe('2026-01-01');
    expect(firstDayToRead({ from: '2026-01-10', to: '2026-01-19', compare: 'previous' })).toBe('2025-12-31');
    expect(firstDayToRead({ from: '2026-01-10', to: '2026-01-19' })).toBe('2026-01-01');
  });

  it('adds the previous period to the report only when asked, counted from its own days', () => {
    const days: Contribution[] = [
      { day: d('2026-10-31'), counts: { calls: 4, secured: 3, lost: 1 } },
      { day: d('2026-11-01'), counts: { calls: 2 } },
    ];
    const compared = metricsReport(
      days,
      { from: '2026-11-01', to: '2026-11-01', granularity: 'day', compare: 'previous' },
      60,
    );
    expect(compared.previous).toMatchObject({ from: '2026-10-31', to: '2026-10-31' });
    expect(compared.previous?.totals).toMatchObject({ calls: 4, secured: 3, lost: 1, successRate: 0.75 });
    expect(compared.totals.calls).toBe(2);
    expect(
      metricsReport(days, { from: '2026-11-01', to: '2026-11-01', granularity: 'day' }, 60),
    ).not.toHaveProperty('previous');
  });
});

import { describe, expect, it } from 'vitest';
import { createContactEventsHandler } from '../../functions/contact-events/create-handler.ts';
import { type ContactProgress, queueNameOf } from '../../shared/connect/contact-event.ts';
import { type CallTimeline, deriveTimeline } from '../../shared/domain/call-timeline.ts';
import { StoreUnavailableError } from '../../shared/domain/errors.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { logger } from '../../shared/observability/logger.ts';
import type { CallCounters, CallCountState } from '../../shared/ports/call-counters.ts';
import type { CallLogCompletion, CallLogEntry } from '../../shared/ports/call-log-completion.ts';
import { makeCompleteCallLog } from '../../shared/use-cases/complete-call-log.ts';
import { aContactEvent, anAnsweredCall, URGENT_QUEUE_ARN } from '../fixtures/contact-events.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

/** A port that remembers what it was given and answers with the timeline of that entry alone. */
const aRecordingStore = () => {
  const entries: CallLogEntry[] = [];
  const calls: CallLogCompletion = {
    complete: async (entry) => {
      entries.push(entry);
      const timeline = deriveTimeline({
        initiatedAt: entry.initiated?.at,
        afterHours: entry.initiated?.afterHours,
        queuedAt: entry.queued?.at,
        queue: entry.queued?.queue,
        answeredAt: entry.answeredAt,
        disconnectedAt: entry.disconnected?.at,
        disconnectReason: entry.disconnected?.reason,
      });
      return { timeline, counting: { facts: { timeline } } };
    },
  };
  return { calls, entries };
};

/** Counters that remember each call they were asked to bring in step. */
const aRecordingCounters = () => {
  const synced: { initialContactId: string; state: CallCountState }[] = [];
  const counters: CallCounters = {
    sync: async (initialContactId, state) => {
      synced.push({ initialContactId, state });
      return { outcome: 'unchanged' };
    },
  };
  return { counters, synced };
};

const aProgress = (overrides: Partial<ContactProgress> = {}): ContactProgress => ({
  eventId: 'evt-1',
  eventType: 'INITIATED',
  contactId: 'c-1',
  initialContactId: 'c-1',
  channel: 'VOICE',
  ...overrides,
});

const useCase = (calls: CallLogCompletion, counters: CallCounters = aRecordingCounters().counters) =>
  makeCompleteCallLog({
    calls,
    counters,
    queueName: (arn) => queueNameOf(arn, { urgent: URGENT_QUEUE_ARN }),
    officeHours: hotlineOfficeHours('2026-11-01' as IsoDate),
  });

describe('completeCallLog', () => {
  it.each([
    ['a Tuesday at 10:00 Vienna', '2026-11-24T09:00:00.000Z', false],
    ['a Tuesday at 16:59 Vienna', '2026-11-24T15:59:59.000Z', false],
    ['a Tuesday at 17:00 Vienna', '2026-11-24T16:00:00.000Z', true],
    ['a Tuesday at 08:59 Vienna', '2026-11-24T07:59:00.000Z', true],
    ['a Saturday at 10:00 Vienna', '2026-11-28T09:00:00.000Z', true],
    ['a public holiday (8 December) at 10:00 Vienna', '2026-12-08T09:00:00.000Z', true],
    ['a summer Monday at 09:30 Vienna (UTC+2)', '2026-07-06T07:30:00.000Z', false],
  ])('rates a call initiated on %s as after hours: %s', async (_when, initiatedAt, expected) => {
    // Prepare
    const { calls, entries } = aRecordingStore();
    // Act
    await useCase(calls)(aProgress({ initiatedAt: new Date(initiatedAt) }));
    // Assess
    expect(entries[0]?.initiated).toEqual({ at: new Date(initiatedAt), afterHours: expected });
  });

  it('names the queue and passes every milestone of the event to the store', async () => {
    // Prepare
    const { calls, entries } = aRecordingStore();
    // Act
    await useCase(calls)(
      aProgress({
        eventType: 'DISCONNECTED',
        contactId: 'c-2',
        initialContactId: 'c-1',
        initiatedAt: new Date('2026-11-24T09:00:00.000Z'),
        queuedAt: new Date('2026-11-24T09:00:40.000Z'),
        queueArn: URGENT_QUEUE_ARN,
        answeredAt: new Date('2026-11-24T09:02:10.000Z'),
        disconnectedAt: new Date('2026-11-24T09:09:30.000Z'),
        disconnectReason: 'AGENT_DISCONNECT',
      }),
    );
    // Assess
    expect(entries).toEqual([
      {
        initialContactId: 'c-1',
        contactId: 'c-2',
        channel: 'VOICE',
        initiated: { at: new Date('2026-11-24T09:00:00.000Z'), afterHours: false },
        queued: { at: new Date('2026-11-24T09:00:40.000Z'), queue: 'urgent' },
        answeredAt: new Date('2026-11-24T09:02:10.000Z'),
        disconnected: { at: new Date('2026-11-24T09:09:30.000Z'), reason: 'AGENT_DISCONNECT' },
      },
    ]);
  });

  it('hands the call as stored to the counters, with the call’s initial contact id', async () => {
    // Prepare
    const { calls } = aRecordingStore();
    const { counters, synced } = aRecordingCounters();
    const disconnectedAt = new Date('2026-11-24T09:09:30.000Z');
    // Act
    const result = await useCase(
      calls,
      counters,
    )(aProgress({ eventType: 'DISCONNECTED', contactId: 'c-2', initialContactId: 'c-1', disconnectedAt }));
    // Assess
    expect(synced).toEqual([
      {
        initialContactId: 'c-1',
        state: { facts: { timeline: expect.objectContaining({ disconnectedAt }) } },
      },
    ]);
    expect(result).toMatchObject({ outcome: 'recorded', counters: { outcome: 'unchanged' } });
  });

  it('lets a counter failure through after the log is written, so that the event is retried', async () => {
    // Prepare
    const { calls, entries } = aRecordingStore();
    const counters: CallCounters = {
      sync: async () => {
        throw new StoreUnavailableError();
      },
    };
    // Act
    const attempt = useCase(calls, counters)(aProgress({ disconnectedAt: new Date() }));
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(entries).toHaveLength(1);
  });

  it('ignores chats and tasks without writing', async () => {
    // Prepare
    const { calls, entries } = aRecordingStore();
    const { counters, synced } = aRecordingCounters();
    // Act
    const result = await useCase(calls, counters)(aProgress({ channel: 'CHAT', initiatedAt: new Date() }));
    // Assess
    expect(result).toEqual({ outcome: 'ignored', reason: 'not_voice' });
    expect(entries).toEqual([]);
    expect(synced).toEqual([]);
  });

  it('ignores an event that times no milestone without writing', async () => {
    // Prepare
    const { calls, entries } = aRecordingStore();
    // Act
    const result = await useCase(calls)(aProgress({ eventType: 'CONTACT_DATA_UPDATED' }));
    // Assess
    expect(result).toEqual({ outcome: 'ignored', reason: 'no_milestone' });
    expect(entries).toEqual([]);
  });

  it('lets a store failure through, so that the event is retried', async () => {
    // Prepare
    const calls: CallLogCompletion = {
      complete: async () => {
        throw new StoreUnavailableError();
      },
    };
    // Act
    const attempt = useCase(calls)(aProgress({ initiatedAt: new Date() }));
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('deriveTimeline', () => {
  const t = (iso: string) => new Date(`2026-11-24T${iso}Z`);

  it('measures wait until the answer and handle time until the disconnect', () => {
    // Act
    const timeline = deriveTimeline({
      queuedAt: t('09:00:40.000'),
      answeredAt: t('09:02:10.600'),
      disconnectedAt: t('09:09:30.000'),
    });
    // Assess
    expect(timeline).toMatchObject({ waitSeconds: 91, handleSeconds: 439, abandoned: false });
  });

  it('calls a queued call that ends unanswered abandoned, its wait lasting until the hang-up', () => {
    // Act
    const timeline = deriveTimeline({ queuedAt: t('09:30:35.000'), disconnectedAt: t('09:33:05.000') });
    // Assess
    expect(timeline).toMatchObject({ abandoned: true, waitSeconds: 150, handleSeconds: undefined });
  });

  it('does not call a call still waiting abandoned, nor give it a wait yet', () => {
    // Act
    const timeline = deriveTimeline({ queuedAt: t('09:30:35.000') });
    // Assess
    expect(timeline).toMatchObject({ abandoned: false, waitSeconds: undefined });
  });

  it('does not call a call that never queued abandoned (closed, or a callback was offered)', () => {
    // Act
    const timeline = deriveTimeline({ initiatedAt: t('18:00:00.000'), disconnectedAt: t('18:01:00.000') });
    // Assess
    expect(timeline).toMatchObject({ abandoned: false, waitSeconds: undefined, handleSeconds: undefined });
  });

  it('never reports a negative duration when the legs’ clocks disagree', () => {
    // Act
    const timeline = deriveTimeline({
      queuedAt: t('09:00:40.000'),
      answeredAt: t('09:00:39.000'),
      disconnectedAt: t('09:00:38.000'),
    });
    // Assess
    expect(timeline).toMatchObject({ waitSeconds: 0, handleSeconds: 0 });
  });
});

describe('contact-events handler', () => {
  const logs = captureLogsOfEachTest();
  const logEntries = () => logs.entries();

  const recorded = (timeline: Partial<CallTimeline>) => ({
    outcome: 'recorded' as const,
    timeline: { abandoned: false, ...timeline },
    counters: { outcome: 'counted' as const, first: true, days: 1, attempts: 1 },
  });

  it('logs a malformed event by field path only, without values, and does not fail (no retry)', async () => {
    // Prepare
    const event = aContactEvent(anAnsweredCall('c-1'), 'QUEUED', {
      detail: { contactId: 42, initiationTimestamp: '+43 664 1234567' },
    });
    let called = false;
    const handler = createContactEventsHandler(async () => {
      called = true;
      return { outcome: 'ignored', reason: 'no_milestone' };
    });
    // Act
    const result = handler(event);
    // Assess
    await expect(result).resolves.toBeUndefined();
    expect(called).toBe(false);
    const [entry] = logEntries();
    expect(entry).toMatchObject({
      level: 'WARN',
      message: 'invalid contact event',
      paths: expect.arrayContaining(['detail.contactId', 'detail.initiationTimestamp']),
    });
    expect(logs.text()).not.toContain('664');
  });

  it('fails the invocation when the store fails, so that Lambda retries and then dead-letters the event', async () => {
    // Prepare
    const failure = new StoreUnavailableError({ cause: new Error('socket hang up') });
    const handler = createContactEventsHandler(async () => {
      throw failure;
    });
    // Act
    const result = handler(aContactEvent(anAnsweredCall('c-1'), 'QUEUED'));
    // Assess
    await expect(result).rejects.toBe(failure);
    expect(logEntries()).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'call log completion failed', contactId: 'c-1' }),
    ]);
  });

  it('passes the parsed milestones to the use case and logs the outcome with the contact id', async () => {
    // Prepare
    const seen: ContactProgress[] = [];
    const handler = createContactEventsHandler(async (progress) => {
      seen.push(progress);
      return recorded({ queue: 'urgent', waitSeconds: 90, handleSeconds: 440 });
    });
    // Act
    await handler(aContactEvent(anAnsweredCall('c-1'), 'DISCONNECTED'));
    // Assess
    expect(seen).toEqual([expect.objectContaining({ contactId: 'c-1', eventType: 'DISCONNECTED' })]);
    expect(logEntries()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'call log completed',
        contactId: 'c-1',
        eventType: 'DISCONNECTED',
        queue: 'urgent',
        waitSeconds: 90,
        handleSeconds: 440,
        abandoned: false,
        counters: 'counted',
      }),
    ]);
  });

  it('logs an ignored event with its reason and leaves no correlation id behind', async () => {
    // Prepare
    const handler = createContactEventsHandler(async () => ({ outcome: 'ignored', reason: 'not_voice' }));
    // Act
    await handler(aContactEvent({ ...anAnsweredCall('c-9'), channel: 'CHAT' }, 'QUEUED'));
    logger.info('next line');
    // Assess
    const [ignored, next] = logEntries();
    expect(ignored).toMatchObject({ message: 'contact event ignored', reason: 'not_voice', channel: 'CHAT' });
    expect(next?.contactId).toBeUndefined();
  });
});

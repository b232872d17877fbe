import { describe, expect, it } from 'vitest';
import {
  ContactEvent,
  callLogIdOf,
  queueNameOf,
  toContactProgress,
} from '../../shared/connect/contact-event.ts';
import {
  aContactEvent,
  anAnsweredCall,
  aReachedCallback,
  GENERAL_QUEUE_ARN,
  INSTANCE_ARN,
  URGENT_QUEUE_ARN,
} from '../fixtures/contact-events.ts';

const parse = (event: unknown) => ContactEvent.safeParse(event);

describe('ContactEvent: tolerant parsing', () => {
  it('accepts a real-shaped event with fields it does not know', () => {
    // Prepare
    const event = aContactEvent(anAnsweredCall('c-1'), 'DISCONNECTED', {
      detail: { customerVoiceActivity: { greetingStartTimestamp: '2026-11-24T09:00:01.000Z' }, tags: {} },
    });
    // Act
    const result = parse({ ...event, newEnvelopeField: 1 });
    // Assess
    expect(result.success).toBe(true);
  });

  it('accepts an event type it has never heard of', () => {
    // Act
    const result = parse(
      aContactEvent(anAnsweredCall('c-1'), 'QUEUED', { detail: { eventType: 'WHISPERED' } }),
    );
    // Assess
    expect(result.success).toBe(true);
  });

  it('accepts the 2021 sample spellings: channel Voice, instanceARN, AgentInfo', () => {
    // Prepare
    const event = aContactEvent(anAnsweredCall('c-1'), 'CONNECTED_TO_AGENT', {
      detail: {
        channel: 'Voice',
        instanceArn: undefined,
        instanceARN: INSTANCE_ARN,
        agentInfo: undefined,
        AgentInfo: { AgentArn: 'arn', connectedToAgentTimestamp: '2026-11-24T09:02:10.500Z' },
      },
    });
    // Act
    const result = parse(event);
    // Assess
    expect(result.success).toBe(true);
    if (result.success) {
      expect(toContactProgress(result.data)).toMatchObject({
        channel: 'VOICE',
        answeredAt: new Date('2026-11-24T09:02:10.500Z'),
      });
    }
  });

  it('accepts null where a field is absent, and timestamps with an offset or without milliseconds', () => {
    // Prepare
    const event = aContactEvent(anAnsweredCall('c-1'), 'INITIATED', {
      detail: {
        initialContactId: null,
        queueInfo: null,
        agentInfo: null,
        disconnectReason: null,
        initiationTimestamp: '2026-11-24T10:00:00+01:00',
      },
    });
    // Act
    const result = parse(event);
    // Assess
    expect(result.success).toBe(true);
    if (result.success) {
      expect(toContactProgress(result.data).initiatedAt).toEqual(new Date('2026-11-24T09:00:00.000Z'));
    }
  });

  it.each([
    ['no contact id', { detail: { contactId: undefined } }, 'detail.contactId'],
    ['an empty channel', { detail: { channel: '' } }, 'detail.channel'],
    [
      'a timestamp that is no instant',
      { detail: { initiationTimestamp: 'yesterday' } },
      'detail.initiationTimestamp',
    ],
    ['no event id', { id: '' }, 'id'],
  ])('refuses an event with %s, naming the field', (_name, overrides, path) => {
    // Prepare
    const base = aContactEvent(anAnsweredCall('c-1'), 'QUEUED');
    const event = {
      ...base,
      ...('id' in overrides ? { id: overrides.id } : {}),
      detail: { ...base.detail, ...('detail' in overrides ? overrides.detail : {}) },
    };
    // Act
    const result = parse(event);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('refuses an event from another source', () => {
    // Act
    const result = parse({ ...aContactEvent(anAnsweredCall('c-1'), 'QUEUED'), source: 'aws.s3' });
    // Assess
    expect(result.success).toBe(false);
  });
});

describe('toContactProgress', () => {
  const progressOf = (event: unknown) => toContactProgress(ContactEvent.parse(event));

  it('takes every timestamp a late event repeats, whatever its type', () => {
    // Act
    const progress = progressOf(aContactEvent(anAnsweredCall('c-1'), 'DISCONNECTED'));
    // Assess
    expect(progress).toEqual({
      eventId: expect.any(String),
      eventType: 'DISCONNECTED',
      contactId: 'c-1',
      initialContactId: 'c-1',
      initiationMethod: 'INBOUND',
      previousContactId: undefined,
      channel: 'VOICE',
      initiatedAt: new Date('2026-11-24T09:00:00.000Z'),
      queuedAt: new Date('2026-11-24T09:00:40.000Z'),
      queueArn: URGENT_QUEUE_ARN,
      answeredAt: new Date('2026-11-24T09:02:10.500Z'),
      disconnectedAt: new Date('2026-11-24T09:09:30.000Z'),
      disconnectReason: 'CUSTOMER_DISCONNECT',
    });
  });

  it("times the event's own milestone by EventBridge's time when the detail does not", () => {
    // Prepare
    const event = aContactEvent(anAnsweredCall('c-1'), 'QUEUED', {
      detail: { queueInfo: { queueArn: GENERAL_QUEUE_ARN } },
    });
    // Act
    const progress = progressOf({ ...event, time: '2026-11-24T09:00:41Z' });
    // Assess
    expect(progress.queuedAt).toEqual(new Date('2026-11-24T09:00:41.000Z'));
    expect(progress.queueArn).toBe(GENERAL_QUEUE_ARN);
    expect(progress.answeredAt).toBeUndefined();
  });

  it('keys a transferred contact by its initial contact id', () => {
    // Act
    const progress = progressOf(
      aContactEvent({ ...anAnsweredCall('c-2'), initialContactId: 'c-1' }, 'QUEUED'),
    );
    // Assess
    expect(progress).toMatchObject({ contactId: 'c-2', initialContactId: 'c-1' });
  });

  it('keys a queued callback by its own contact id, linked to the call it came from', () => {
    // Act
    const progress = progressOf(aContactEvent(aReachedCallback('cb-1', 'c-1'), 'DISCONNECTED'));
    // Assess
    expect(progress).toMatchObject({
      contactId: 'cb-1',
      initialContactId: 'c-1',
      initiationMethod: 'CALLBACK',
      previousContactId: 'c-1',
    });
    expect(callLogIdOf(progress)).toBe('cb-1');
  });

  it('keys every other contact of a call by its initial contact id', () => {
    expect(
      callLogIdOf(
        progressOf(aContactEvent({ ...anAnsweredCall('c-2'), initialContactId: 'c-1' }, 'DISCONNECTED')),
      ),
    ).toBe('c-1');
  });

  it('keys a first contact without an initial contact id by its own id', () => {
    // Act
    const progress = progressOf(
      aContactEvent(anAnsweredCall('c-1'), 'QUEUED', { detail: { initialContactId: '' } }),
    );
    // Assess
    expect(progress.initialContactId).toBe('c-1');
  });

  it('keeps a disconnect reason only with a disconnect', () => {
    // Act
    const progress = progressOf(
      aContactEvent(anAnsweredCall('c-1'), 'QUEUED', { detail: { disconnectReason: 'OTHER' } }),
    );
    // Assess
    expect(progress.disconnectedAt).toBeUndefined();
    expect(progress.disconnectReason).toBeUndefined();
  });
});

describe('queueNameOf', () => {
  const arns = { urgent: URGENT_QUEUE_ARN, general: GENERAL_QUEUE_ARN };

  it('names a configured queue', () => {
    expect(queueNameOf(URGENT_QUEUE_ARN, arns)).toBe('urgent');
    expect(queueNameOf(GENERAL_QUEUE_ARN, arns)).toBe('general');
  });

  it('names any other queue by the last segment of its ARN', () => {
    expect(queueNameOf(`${INSTANCE_ARN}/queue/dddddddd-4444`, arns)).toBe('dddddddd-4444');
  });

  it('names every queue by its id when none is configured', () => {
    expect(queueNameOf(URGENT_QUEUE_ARN, {})).toBe('aaaaaaaa-1111-4111-8111-111111111111');
  });
});

import { describe, expect, it } from 'vitest';
import { contactEventsOf, forwardedByRule, type SimulatedContact } from '../../local/contact-events-feed.ts';
import { ContactEvent, toContactProgress } from '../../shared/connect/contact-event.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';

const at = (time: string) => new Date(`2026-11-25T${time}.000Z`);

const answered: SimulatedContact = {
  contactId: 'c0ffee00-0000-4000-8000-000000000001',
  initiatedAt: at('09:00:00'),
  queued: { at: at('09:00:40'), queueArn: PLACEHOLDER_REFERENCES.urgentQueueArn },
  answeredAt: at('09:02:10'),
  disconnectedAt: at('09:09:30'),
  disconnectReason: 'CUSTOMER_DISCONNECT',
};

const abandoned: SimulatedContact = {
  contactId: 'c0ffee00-0000-4000-8000-000000000002',
  initiatedAt: at('10:00:00'),
  queued: { at: at('10:00:35'), queueArn: PLACEHOLDER_REFERENCES.generalQueueArn },
  disconnectedAt: at('10:03:05'),
  disconnectReason: 'CUSTOMER_DISCONNECT',
};

const typesOf = (events: readonly { detail: { eventType: string } }[]) =>
  events.map((event) => event.detail.eventType);

describe('the contact events of a simulated call', () => {
  it('are the ones Connect emits, COMPLETED for every contact: after the agent’s work, or right away', () => {
    // Act
    const ofAnswered = contactEventsOf(answered);
    const ofAbandoned = contactEventsOf(abandoned);
    // Assess
    expect(typesOf(ofAnswered)).toEqual([
      'INITIATED',
      'QUEUED',
      'CONNECTED_TO_AGENT',
      'DISCONNECTED',
      'COMPLETED',
    ]);
    expect(typesOf(ofAbandoned)).toEqual(['INITIATED', 'QUEUED', 'DISCONNECTED', 'COMPLETED']);
    const [disconnected, completed] = ofAbandoned.slice(-2);
    expect(completed?.time).toBe(disconnected?.time);
    expect(completed?.detail).toEqual({ ...disconnected?.detail, eventType: 'COMPLETED' });
    expect(Date.parse(ofAnswered.at(-1)?.time ?? '')).toBeGreaterThan(answered.disconnectedAt.getTime());
  });

  it('reach contact-events only when they end the contact, and each of those carries every milestone', () => {
    // Act
    const forwarded = forwardedByRule(contactEventsOf(answered));
    // Assess
    expect(typesOf(forwarded)).toEqual(['DISCONNECTED', 'COMPLETED']);
    for (const event of forwarded) {
      const progress = toContactProgress(ContactEvent.parse(event));
      expect(progress).toMatchObject({
        initiatedAt: answered.initiatedAt,
        queuedAt: answered.queued?.at,
        queueArn: answered.queued?.queueArn,
        answeredAt: answered.answeredAt,
        disconnectedAt: answered.disconnectedAt,
        disconnectReason: 'CUSTOMER_DISCONNECT',
      });
    }
  });
});

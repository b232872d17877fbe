import * as z from 'zod/mini';

/**
 * An Amazon Connect contact event as EventBridge delivers it (source `aws.connect`, detail-type
 * `Amazon Connect Contact Event`; docs/amazon-connect.md, "Contact events"). Field names from the admin guide's data model
 * and samples (https://docs.aws.amazon.com/connect/latest/adminguide/contact-events.html) and the
 * EventBridge schema `aws.connect@CodeConnectContact` (as exposed by the CDK's generated event
 * patterns: `instanceArn`, `queueInfo.queueArn`, `agentInfo.agentArn`). The samples disagree on
 * case (`instanceARN` and `AgentInfo` in the 2021 sample, `channel` `Voice` vs the data model's
 * `VOICE`), so both spellings are read.
 *
 * AWS asks consumers to ignore fields and event types they do not know: every object is loose and
 * `eventType` is any string. A field we use that is present but malformed (a timestamp that is no
 * ISO-8601 instant) fails the parse: such an event is not retried, it is logged and dropped.
 */
const text = () => z.string().check(z.minLength(1));
const optionalText = () => z.nullish(z.string());
const instant = () => z.nullish(z.iso.datetime({ offset: true }));

const AgentInfo = z.looseObject({
  agentArn: optionalText(),
  connectedToAgentTimestamp: instant(),
});

export const ContactEvent = z.looseObject({
  id: text(),
  source: z.literal('aws.connect'),
  'detail-type': z.literal('Amazon Connect Contact Event'),
  /** When EventBridge received the event: the fallback for a milestone the detail does not time. */
  time: z.iso.datetime({ offset: true }),
  detail: z.looseObject({
    eventType: text(),
    contactId: text(),
    initialContactId: optionalText(),
    previousContactId: optionalText(),
    channel: text(),
    instanceArn: optionalText(),
    instanceARN: optionalText(),
    initiationMethod: optionalText(),
    initiationTimestamp: instant(),
    disconnectTimestamp: instant(),
    disconnectReason: optionalText(),
    queueInfo: z.nullish(
      z.looseObject({
        queueArn: optionalText(),
        queueType: optionalText(),
        enqueueTimestamp: instant(),
      }),
    ),
    agentInfo: z.nullish(AgentInfo),
    AgentInfo: z.nullish(AgentInfo),
  }),
});
export type ContactEvent = z.infer<typeof ContactEvent>;

/**
 * The event types the EventBridge rule forwards: the two that end a contact. DISCONNECTED carries
 * every milestone of its contact (initiation, `queueInfo` with the enqueue time, `agentInfo` with
 * the answer time, the disconnect), and COMPLETED the same data again: right after DISCONNECTED when
 * there is no after-contact work, after it otherwise
 * (https://docs.aws.amazon.com/connect/latest/adminguide/contact-events.html, "COMPLETED"), a second
 * chance where delivery is best effort. INITIATED, QUEUED and CONNECTED_TO_AGENT would each cost an
 * invocation and a write per call for a call in progress, which nothing reads: a call counts once its
 * disconnect is known, and the live view asks Connect (GetCurrentMetricData). The handler still takes
 * them (a widened rule, a replayed DLQ), as any milestone event.
 */
export const CALL_LOG_EVENT_TYPES = ['DISCONNECTED', 'COMPLETED'] as const;

/** What one contact event says about its call, in our words. Only what the event times is set. */
export interface ContactProgress {
  /** EventBridge's event id: the same for every delivery of one event. */
  readonly eventId: string;
  readonly eventType: string;
  readonly contactId: string;
  /** The call's first contact id (the contact's own id when it is the first). */
  readonly initialContactId: string;
  /**
   * How the contact began, upper case (`INBOUND`, `TRANSFER`, `QUEUE_TRANSFER`, `CALLBACK`, …); a
   * queued callback is `CALLBACK` (https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html,
   * InitiationMethod).
   */
  readonly initiationMethod?: string | undefined;
  /** The contact this one was created from: for a callback, the inbound call that asked for it. */
  readonly previousContactId?: string | undefined;
  /** Upper case (`VOICE`, `CHAT`, `TASK`): the samples also write `Voice`. */
  readonly channel: string;
  readonly initiatedAt?: Date | undefined;
  readonly queuedAt?: Date | undefined;
  readonly queueArn?: string | undefined;
  readonly answeredAt?: Date | undefined;
  readonly disconnectedAt?: Date | undefined;
  readonly disconnectReason?: string | undefined;
}

const at = (value: string | null | undefined): Date | undefined => (value ? new Date(value) : undefined);
const present = (value: string | null | undefined): string | undefined => value || undefined;

/**
 * Reads the milestones off an event. Later events repeat the earlier timestamps (a DISCONNECTED
 * event carries the enqueue and agent times too), so every timestamp present is taken, whatever
 * the event type. An event whose own milestone has no timestamp in the detail is timed by
 * EventBridge's `time` instead.
 */
export const toContactProgress = (event: ContactEvent): ContactProgress => {
  const { detail } = event;
  const own = (type: string) => (detail.eventType === type ? new Date(event.time) : undefined);
  const agent = detail.agentInfo ?? detail.AgentInfo;
  const disconnectedAt = at(detail.disconnectTimestamp) ?? own('DISCONNECTED');
  return {
    eventId: event.id,
    eventType: detail.eventType,
    contactId: detail.contactId,
    initialContactId: present(detail.initialContactId) ?? detail.contactId,
    initiationMethod: present(detail.initiationMethod)?.toUpperCase(),
    previousContactId: present(detail.previousContactId),
    channel: detail.channel.toUpperCase(),
    initiatedAt: at(detail.initiationTimestamp) ?? own('INITIATED'),
    queuedAt: at(detail.queueInfo?.enqueueTimestamp) ?? own('QUEUED'),
    queueArn: present(detail.queueInfo?.queueArn),
    answeredAt: at(agent?.connectedToAgentTimestamp) ?? own('CONNECTED_TO_AGENT'),
    disconnectedAt,
    disconnectReason: disconnectedAt ? present(detail.disconnectReason) : undefined,
  };
};

export const CALLBACK_INITIATION = 'CALLBACK';

/**
 * The call log a contact's events complete. A queued callback is a contact of its own, created by the
 * inbound call it was promised on (its PreviousContactId), often hours later, with a queue time of its
 * own (https://docs.aws.amazon.com/connect/latest/adminguide/queued-callback-example.html): it gets a log
 * of its own, keyed by its contact id, whatever InitialContactId Connect gives it, so that its wait
 * never folds into the inbound call's. Every other contact of a call (transfers) shares the log of the
 * call's first contact.
 */
export const callLogIdOf = (
  progress: Pick<ContactProgress, 'contactId' | 'initialContactId' | 'initiationMethod'>,
): string =>
  progress.initiationMethod === CALLBACK_INITIATION ? progress.contactId : progress.initialContactId;

/** The hotline's queues, by name; `queueNameOf` maps an ARN from an event to one of them. */
export const QUEUE_NAMES = ['urgent', 'general', 'callback'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
export type QueueArns = Partial<Record<QueueName, string>>;

/** A configured queue by its name; any other queue by the last segment of its ARN (the queue id). */
export const queueNameOf = (queueArn: string, arns: QueueArns): string =>
  QUEUE_NAMES.find((name) => arns[name] === queueArn) ?? queueArn.split('/').pop() ?? queueArn;

import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { wireContactEvents } from '../functions/contact-events/wiring.ts';
import { makeDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { callKeys, fromCallTimelineItem } from '../shared/adapters/dynamodb/entities/call.ts';
import { type IdentifyCallerEnv, loadContactEventsEnv } from '../shared/config/env.ts';
import { CALL_LOG_EVENT_TYPES } from '../shared/connect/contact-event.ts';
import { formatClosedDays, type OfficeHours } from '../shared/domain/office-hours.ts';
import { hotlineOfficeHours } from '../shared/domain/public-holidays.ts';
import type { IsoDate } from '../shared/domain/vienna-calendar.ts';
import { PLACEHOLDER_REFERENCES } from '../shared/flow/references.ts';
import type { Random } from './demo/random.ts';

/**
 * The Amazon Connect contact events of a simulated call (docs/amazon-connect.md, "Contact events"), shaped as EventBridge
 * delivers them and as shared/connect/contact-event.ts parses them, fed to the real contact-events
 * handler against the local store.
 */

/** The local instance, the one the placeholder queue ARNs belong to. */
const INSTANCE_ARN = PLACEHOLDER_REFERENCES.urgentQueueArn.replace(/\/queue\/[^/]+$/, '');
const ACCOUNT = INSTANCE_ARN.split(':')[4] ?? '111111111111';
const LOCAL_AGENT_ARN = `${INSTANCE_ARN}/agent/10ca1a9e-0000-4000-8000-000000000001`;
/** An agent's after-contact work before Connect reports the contact COMPLETED. */
const AFTER_CONTACT_WORK_MS = 60_000;

const officeHoursByDay = new Map<IsoDate, OfficeHours>();

/**
 * hotlineOfficeHours(day), computed once per day: the holiday calendar takes milliseconds to
 * compute, which a replay of thousands of calls would otherwise pay twice per call.
 */
export const officeHoursOn = (day: IsoDate): OfficeHours => {
  let hours = officeHoursByDay.get(day);
  if (!hours) {
    hours = hotlineOfficeHours(day);
    officeHoursByDay.set(day, hours);
  }
  return hours;
};

/**
 * What contact-events needs besides the store for a local run: the closed days the flow checks on
 * `day` (the same list CDK computes at synth) and the queue ARNs the local flow uses.
 */
export const localContactEventsEnvVars = (day: IsoDate): Record<string, string> => ({
  OFFICE_CLOSED_DAYS: formatClosedDays(officeHoursOn(day).closedDays),
  URGENT_QUEUE_ARN: PLACEHOLDER_REFERENCES.urgentQueueArn,
  GENERAL_QUEUE_ARN: PLACEHOLDER_REFERENCES.generalQueueArn,
  CALLBACK_QUEUE_ARN: PLACEHOLDER_REFERENCES.callbackQueueArn,
});

/** The milestones of one simulated contact, as Connect would time them. */
export interface SimulatedContact {
  readonly contactId: string;
  /**
   * A queued callback: the inbound call it was promised on. Its events then say `CALLBACK` and name
   * that call as previous and, the worse case for a log keyed by it, as initial contact.
   */
  readonly callbackOf?: string | undefined;
  readonly initiatedAt: Date;
  readonly queued?: { readonly at: Date; readonly queueArn: string } | undefined;
  readonly answeredAt?: Date | undefined;
  readonly disconnectedAt: Date;
  readonly disconnectReason: string;
}

export type SimulatedEventType = 'INITIATED' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED' | 'COMPLETED';

/** EventBridge's `time`: whole seconds, like the samples. */
const eventTime = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

const contactEvent = (contact: SimulatedContact, type: SimulatedEventType, region: string) => {
  const stage = ['INITIATED', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'COMPLETED'].indexOf(type);
  const time =
    type === 'INITIATED'
      ? contact.initiatedAt
      : type === 'QUEUED'
        ? (contact.queued?.at ?? contact.initiatedAt)
        : type === 'CONNECTED_TO_AGENT'
          ? (contact.answeredAt ?? contact.initiatedAt)
          : type === 'DISCONNECTED'
            ? contact.disconnectedAt
            : new Date(contact.disconnectedAt.getTime() + (contact.answeredAt ? AFTER_CONTACT_WORK_MS : 0));
  const queued = stage >= 1 ? contact.queued : undefined;
  const answeredAt = stage >= 2 ? contact.answeredAt : undefined;
  const disconnected = stage >= 3;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: ACCOUNT,
    time: eventTime(time),
    region,
    resources: [`${INSTANCE_ARN}/contact/${contact.contactId}`, INSTANCE_ARN],
    detail: {
      eventType: type,
      contactId: contact.contactId,
      initialContactId: contact.callbackOf ?? contact.contactId,
      channel: 'VOICE',
      instanceArn: INSTANCE_ARN,
      initiationMethod: contact.callbackOf ? 'CALLBACK' : 'INBOUND',
      ...(contact.callbackOf ? { previousContactId: contact.callbackOf } : {}),
      initiationTimestamp: contact.initiatedAt.toISOString(),
      ...(queued
        ? {
            queueInfo: {
              queueArn: queued.queueArn,
              queueType: 'STANDARD',
              enqueueTimestamp: queued.at.toISOString(),
            },
          }
        : {}),
      ...(answeredAt
        ? { agentInfo: { agentArn: LOCAL_AGENT_ARN, connectedToAgentTimestamp: answeredAt.toISOString() } }
        : {}),
      ...(disconnected
        ? {
            disconnectTimestamp: contact.disconnectedAt.toISOString(),
            disconnectReason: contact.disconnectReason,
          }
        : {}),
    },
  };
};
export type SimulatedContactEvent = ReturnType<typeof contactEvent>;

/**
 * The events Connect emits for the contact, in order: INITIATED; a queued call QUEUED, then
 * CONNECTED_TO_AGENT when an agent answers; DISCONNECTED; and COMPLETED for every contact, after
 * the agent's after-contact work or, without an agent, right after DISCONNECTED with the same data.
 */
export const contactEventsOf = (
  contact: SimulatedContact,
  region = 'eu-central-1',
): SimulatedContactEvent[] => {
  const types: SimulatedEventType[] = [
    'INITIATED',
    ...(contact.queued ? (['QUEUED'] as const) : []),
    ...(contact.queued && contact.answeredAt ? (['CONNECTED_TO_AGENT'] as const) : []),
    'DISCONNECTED',
    'COMPLETED',
  ];
  return types.map((type) => contactEvent(contact, type, region));
};

/**
 * The events the hotline's EventBridge rule passes to contact-events (its `eventType` filter; the
 * channel and instance of a simulated call always match it).
 */
export const forwardedByRule = <T extends { readonly detail: { readonly eventType: string } }>(
  events: readonly T[],
): T[] =>
  events.filter((event) => (CALL_LOG_EVENT_TYPES as readonly string[]).includes(event.detail.eventType));

/** At-least-once and unordered on purpose: every event twice, in a seeded random order. */
export const duplicatedAndShuffled = <T>(events: readonly T[], random: Random): T[] => {
  const deliveries = [...events, ...events];
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [deliveries[i], deliveries[j]] = [deliveries[j] as T, deliveries[i] as T];
  }
  return deliveries;
};

/** The completed call log of a call, as the store holds it after the events. */
export interface CallLogReport {
  readonly queue: string | null;
  readonly afterHours: boolean;
  readonly answered: boolean;
  readonly abandoned: boolean;
  readonly waitSeconds: number | null;
  readonly handleSeconds: number | null;
  readonly initiatedAt: string | null;
  readonly disconnectedAt: string | null;
  readonly disconnectReason: string | null;
}

export interface ContactEventsFeed {
  /** Delivers the events, one after the other, to contact-events configured for the call's `day`. */
  deliver(events: readonly unknown[], day: IsoDate): Promise<void>;
  /** The call log of `initialContactId`, read consistently; null when there is none. */
  callLog(initialContactId: string): Promise<CallLogReport | null>;
}

/** contact-events composed by its own wiring on the store's tables, with a local configuration. */
export const makeContactEventsFeed = (
  env: IdentifyCallerEnv,
  doc?: DynamoDBDocumentClient,
): ContactEventsFeed => {
  let client = doc;
  const documentClient = () => {
    client ??= makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 2000,
      maxAttempts: 3,
    });
    return client;
  };
  // One handler per list of closed days: the flow checks each call against the hours of its day.
  const handlers = new Map<string, (event: unknown) => Promise<void>>();
  const handlerFor = (day: IsoDate) => {
    const vars = localContactEventsEnvVars(day);
    const key = vars.OFFICE_CLOSED_DAYS ?? '';
    let handler = handlers.get(key);
    if (!handler) {
      const contactEventsEnv = loadContactEventsEnv({
        CALLS_TABLE: env.CALLS_TABLE,
        DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT,
        AWS_REGION: env.AWS_REGION,
        CALL_RETENTION_DAYS: String(env.CALL_RETENTION_DAYS),
        ...vars,
      });
      handler = wireContactEvents(contactEventsEnv, { doc: documentClient() });
      handlers.set(key, handler);
    }
    return handler;
  };
  return {
    deliver: async (events, day) => {
      const handler = handlerFor(day);
      for (const event of events) await handler(event);
    },
    callLog: async (initialContactId) => {
      const { Item } = await documentClient().send(
        new GetCommand({
          TableName: env.CALLS_TABLE,
          Key: callKeys.log(initialContactId),
          ConsistentRead: true,
        }),
      );
      if (!Item) return null;
      const timeline = fromCallTimelineItem(Item);
      return {
        queue: timeline.queue ?? null,
        afterHours: timeline.afterHours === true,
        answered: timeline.answeredAt !== undefined,
        abandoned: timeline.abandoned,
        waitSeconds: timeline.waitSeconds ?? null,
        handleSeconds: timeline.handleSeconds ?? null,
        initiatedAt: timeline.initiatedAt?.toISOString() ?? null,
        disconnectedAt: timeline.disconnectedAt?.toISOString() ?? null,
        disconnectReason: timeline.disconnectReason ?? null,
      };
    },
  };
};

/**
 * Where the agent page learns of its contacts inside Amazon Connect's agent workspace: the page is
 * a third-party app there (an iframe without Amazon Connect Streams), so it starts the Amazon Connect
 * SDK for workspace apps and subscribes to the agent's contact events
 * (https://docs.aws.amazon.com/agentworkspace/latest/devguide/integrate-with-contact-data.html).
 * Each event carries the contact id and the initial contact id; the agent API knows a call by its
 * initial contact id (identify-caller logs the call under it), so that is what opens.
 *
 * Voice contacts and queued callbacks open; other channels (chat, tasks) are not the hotline's.
 * An app with per-contact scope is also told its contact at creation (`context.scope`), which opens
 * the same way. Outside a frame nothing starts: the page is then opened with `?contactId=`.
 */
import { AmazonConnectApp } from '@amazon-connect/app';
import { type BaseContactLifecycleEvent, ContactClient } from '@amazon-connect/contact';
import type { DeskEvent } from './desk.ts';

const HOTLINE_CHANNELS: ReadonlySet<string> = new Set(['voice', 'queue_callback']);

/** The call's id for the agent API: the initial contact id when the workspace names one. */
const callIdOf = (event: BaseContactLifecycleEvent): string => event.initialContactId ?? event.contactId;

/**
 * Starts the workspace SDK when the page is framed, and hands every contact event of this agent
 * to `onEvent`. Returns false (and starts nothing) for a page that is not framed.
 */
export const listenToWorkspace = (onEvent: (event: DeskEvent) => void): boolean => {
  if (window.parent === window) return false;
  const { provider } = AmazonConnectApp.init({
    onCreate: async ({ context }) => {
      if (context.scope?.type === 'contact') {
        onEvent({ kind: 'offered', contactId: context.scope.contactId, at: new Date().toISOString() });
      }
    },
    onDestroy: async () => {},
  });
  const contacts = new ContactClient(provider);
  const relay =
    (kind: DeskEvent['kind']) =>
    (event: BaseContactLifecycleEvent): Promise<void> => {
      if (!HOTLINE_CHANNELS.has(event.type)) return Promise.resolve();
      const contactId = callIdOf(event);
      // A transfer: this agent holds a contact of its own, which Connect names them the agent of.
      const held = event.contactId !== contactId ? { heldContactId: event.contactId } : {};
      onEvent(
        kind === 'offered' || kind === 'connected'
          ? { kind, contactId, at: new Date().toISOString(), ...held }
          : { kind, contactId },
      );
      return Promise.resolve();
    };
  contacts.onIncoming(relay('offered'));
  contacts.onConnected(relay('connected'));
  contacts.onStartingAcw(relay('ended'));
  contacts.onMissed(relay('cleared'));
  contacts.onCleared(relay('cleared'));
  return true;
};

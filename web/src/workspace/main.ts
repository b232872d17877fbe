// The local stand-in for Amazon Connect's agent workspace: the agent signs in (as to Connect), the
// agent page runs framed as the workspace's third-party app, and every call the simulator queues
// is offered to this agent. The softphone drives the contact's lifecycle as Connect would:
// offered → connected (accept) → after-call work (hang up, or transfer to a colleague) → cleared
// (end after-call work). A transfer ends the call for this agent and offers the colleague a new
// contact of the same call (new contact id, the call's initial contact id), as Connect does. The
// app learns of each step through the real workspace SDK, answered by web/src/workspace-host.
import * as z from 'zod/mini';
import { AGENT_GROUP } from '../../../shared/http/agent-api-contract.ts';
import { AGENT_PAGE, AGENT_PAGE_APP_PERMISSIONS } from '../../../shared/http/web-pages.ts';
import { byId, element } from '../shell/dom.ts';
import { startSignedInPage } from '../shell/page-shell.ts';
import { type AppEvent, startWorkspaceHost } from '../workspace-host/host.ts';
import { CONTACT_LIFECYCLE_TOPIC } from '../workspace-host/protocol.ts';
import { TEXTS } from './texts.ts';

const POLL_MS = 1000;
/** The agent page's registration as the CDK stack makes it (infra/constructs/agent-workspace-app.ts). */
const AGENT_APP = {
  name: 'Hotline agent page',
  namespace: 'hotline.agent-page',
  permissions: [...AGENT_PAGE_APP_PERMISSIONS],
};

/**
 * GET /api/agent/calls: the simulated calls, newest first (local/server.ts RecentCall): every
 * placed call, and the contacts transferred to this agent that no workspace of theirs accepted yet.
 */
const RecentCalls = z.object({
  calls: z.array(
    z.object({
      contactId: z.string(),
      initialContactId: z.string(),
      at: z.string(),
      result: z.string(),
      queue: z.nullable(z.enum(['urgent', 'general'])),
    }),
  ),
});

/** GET /api/agent/colleagues: the other agents a call can be transferred to. */
const Colleagues = z.object({ colleagues: z.array(z.object({ username: z.string() })) });

type CallState = 'ringing' | 'connected' | 'afterCall';
interface DeskCall {
  readonly contactId: string;
  readonly queue: 'urgent' | 'general' | null;
  readonly transferred: boolean;
  state: CallState;
}

const calls: DeskCall[] = [];
/** Whom a connected call can be handed to; loaded once the agent is signed in. */
let colleagues: readonly string[] = [];
/** The contact of a transfer under way: its buttons stay disabled until the server answered. */
let transferring: string | undefined;
/**
 * Calls placed before this page looked are not offered again. A contact transferred to this agent
 * is: the server lists it until a workspace of theirs accepted it, since in Connect it waits for
 * its agent, so a colleague who opens the workspace after the transfer still gets the call.
 */
let seen: Set<string> | undefined;
const isTransferred = (call: { contactId: string; initialContactId: string }) =>
  call.initialContactId !== call.contactId;
/**
 * Whether the framed agent page listens for incoming contacts yet: the host tells a late app of no
 * contact offered before it subscribed, so a waiting transferred contact rings only from then.
 */
let appListening = false;
let timer: ReturnType<typeof setInterval> | undefined;

const frame = byId('app-frame', HTMLIFrameElement);
const host = startWorkspaceHost(frame, {
  appOrigin: location.origin,
  app: AGENT_APP,
  onAppEvent: (event: AppEvent) => {
    if (event.kind === 'subscribed' && event.topic.key === CONTACT_LIFECYCLE_TOPIC.Incoming) {
      appListening = true;
    }
    const log = byId('app-log');
    log.append(element('li', event.kind === 'request' ? `request ${event.command}` : event.kind));
    while (log.childElementCount > 50) log.firstElementChild?.remove();
  },
});

const act = (call: DeskCall, next: CallState | 'cleared') => {
  if (next === 'connected') {
    host.connect(call.contactId);
    // Taken: the server offers it to no other workspace of this agent (a reload, a second tab).
    if (call.transferred) void accepted(call.contactId);
  }
  if (next === 'afterCall') host.end(call.contactId);
  if (next === 'cleared') {
    host.clear(call.contactId);
    calls.splice(calls.indexOf(call), 1);
  } else {
    call.state = next;
  }
  render();
};

const accepted = async (contactId: string) => {
  try {
    await shell.api('/api/agent/acceptances', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactId }),
    });
  } catch {
    // the call is connected here all the same; another workspace of this agent would offer it again
  }
};

const ACTIONS = {
  ringing: { label: 'accept', next: 'connected' },
  connected: { label: 'hangUp', next: 'afterCall' },
  afterCall: { label: 'close', next: 'cleared' },
} as const;

/**
 * Hands the connected call to `to`: the server makes the colleague's contact, and the call ends
 * here (after-call work, as in Connect). A refusal leaves the call as it was and says why.
 */
const transfer = async (call: DeskCall, to: string) => {
  transferring = call.contactId;
  render();
  try {
    const response = await shell.api('/api/agent/transfers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactId: call.contactId, to }),
    });
    if (response.ok) {
      shell.say('transferred', 'ok', to);
      if (call.state === 'connected') act(call, 'afterCall');
    } else {
      shell.say('transferRefused', 'bad');
    }
  } catch {
    shell.say('transferRefused', 'bad');
  } finally {
    transferring = undefined;
    render();
  }
};

const button = (label: string, onClick: () => void, disabled = false) => {
  const node = element('button', label);
  node.type = 'button';
  node.disabled = disabled;
  node.addEventListener('click', onClick);
  return node;
};

const render = () => {
  const list = byId('calls');
  list.replaceChildren();
  for (const call of calls) {
    const item = element('li');
    const action = ACTIONS[call.state];
    const queue = call.queue === null ? '' : ` (${shell.t(`queue_${call.queue}`)})`;
    item.append(
      element('strong', shell.t(call.state)),
      `${queue} `,
      button(shell.t(action.label), () => act(call, action.next), transferring === call.contactId),
    );
    if (call.state === 'connected') {
      for (const colleague of colleagues) {
        item.append(
          ' ',
          button(
            shell.t('transferTo', colleague),
            () => void transfer(call, colleague),
            transferring === call.contactId,
          ),
        );
      }
    }
    list.append(item);
  }
};

const loadColleagues = async () => {
  try {
    const response = await shell.api('/api/agent/colleagues');
    if (!response.ok) return;
    colleagues = Colleagues.parse(await response.json()).colleagues.map((one) => one.username);
    render();
  } catch {
    // no transfer buttons: the calls themselves still ring
  }
};

const poll = async () => {
  try {
    const response = await shell.api('/api/agent/calls');
    if (!response.ok) return;
    const { calls: recent } = RecentCalls.parse(await response.json());
    if (seen === undefined) {
      seen = new Set(recent.filter((call) => !isTransferred(call)).map((call) => call.contactId));
      // From here on every new call rings, and every one transferred to this agent and not taken.
      byId('calls').setAttribute('aria-busy', 'false');
    }
    for (const call of [...recent].reverse()) {
      if (seen.has(call.contactId)) continue;
      const transferred = isTransferred(call);
      if (transferred && !appListening) continue;
      seen.add(call.contactId);
      // A transferred contact rings even when the server no longer knows its call's queue.
      if (call.result !== 'queued' || (call.queue === null && !transferred)) continue;
      calls.push({ contactId: call.contactId, queue: call.queue, transferred, state: 'ringing' });
      host.offer({
        contactId: call.contactId,
        initialContactId: call.initialContactId,
        ...(call.queue === null ? {} : { queueName: call.queue }),
      });
      render();
    }
  } catch {
    // the next poll tries again
  }
};

const shell = await startSignedInPage({
  texts: TEXTS,
  // The agent page's key: the framed page takes up this sign-in, as one agent signs in once.
  storageKey: 'agentSession',
  group: AGENT_GROUP,
  refusal: 'notAgent',
  panelId: 'desk',
  render,
  onSession: () => {
    // Framed once the agent is signed in: the agent page takes up the same sign-in.
    if (!frame.getAttribute('src')) frame.src = AGENT_PAGE;
    byId('calls').setAttribute('aria-busy', 'true');
    void loadColleagues();
    void poll();
    timer = setInterval(poll, POLL_MS);
  },
  onSessionEnd: () => {
    if (timer !== undefined) clearInterval(timer);
    seen = undefined;
    colleagues = [];
  },
});

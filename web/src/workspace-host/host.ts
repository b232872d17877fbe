/**
 * A local stand-in for the Amazon Connect agent workspace, seen from the app it frames: the host
 * side of the Amazon Connect SDK's messaging, for one agent and one app iframe. An app written with
 * the real SDK (`AmazonConnectApp.init`, `ContactClient`, `AgentClient`, 1.0.11) runs against it
 * unchanged.
 *
 * The workspace's own code is not public, so everything here is read off the SDK's published code
 * and types (node_modules/@amazon-connect/{app,core,contact,workspace-types}, 1.0.11; no host, mock
 * or test helper ships with them) and the Agent Workspace developer guide
 * (https://docs.aws.amazon.com/agentworkspace/latest/devguide/).
 *
 * Modelled, field for field with what the SDK reads:
 * - the handshake: the app posts `connect-app-host-init` with a MessagePort to `window.parent`
 *   (app lib-esm/proxy/app-proxy.js `initProxy`); only a message from this iframe's window and the
 *   expected origin is taken, and the host answers `acknowledge` on that port (core proxy.js
 *   `handleConnectionAcknowledge`);
 * - the lifecycle: `appLifecycle` create, then start once the app reports
 *   `appLifecycleHandlerCompleted` for create; on `stop()` stop, then destroy, waiting for the
 *   destroy completion (app lifecycle/app-lifecycle-manager.js, lifecycle-manager.js), with the app
 *   context: instance id, region, app config, scope and the deprecated contactScope
 *   (workspace-types app-message.d.ts `LifecycleMessage`; developer guide
 *   integrating-with-agent-workspace-lifecycle-events.html);
 * - health checks answered with `healthCheckResponse` (core proxy/health-check/health-check-manager.js);
 * - subscriptions kept per topic (namespace, key, parameter), as core messaging/subscription-map.js
 *   keys them; a publish names the topic exactly as subscribed, so it reaches only that
 *   subscription's handlers (core proxy.js `handlePublish`);
 * - requests answered with `response`, or with the SDK's error shape (`isError`, `errorKey`,
 *   `reason`, `details.command`) — `handlerNotFound` for anything not served, so no request hangs
 *   (core request/request-handler-factory.js); see contact-requests.ts for the routes;
 * - a voice contact's lifecycle for this agent: offer → `contact/incoming`; connect →
 *   `contact/connected`; miss → `contact/missed`; end → `contact/acw`; clear → `contact/cleared`
 *   and the deprecated `contact/destroy`, each with the `BaseContactLifecycleEvent` payload
 *   (contact lib-esm/topic-keys.js, types.d.ts); `agent/stateChange` when the app changes the
 *   agent's state (queued while the agent has contacts, as setavailabilitystate pages describe);
 * - a subscription or request without a contact id, or with `CURRENT_CONTACT`, means the contact
 *   the app was opened for (integrate-with-contact-data.html, "Contact scope").
 *
 * Only the real workspace can confirm:
 * - whether an inbound voice contact publishes `contact/incoming` (the SDK has no "connecting"
 *   topic) and what an app with idle scope receives for a subscription without a contact id (here:
 *   every contact of the agent);
 * - that nothing publishes "accepted": the guide's integrate-with-contact-data page mentions an
 *   accepted topic, SDK 1.0.11 has none, so connect publishes `contact/connected` only;
 * - the health-check interval, how long destroy is waited for, `launchedBy`, the
 *   `contactHandling.scope` values (here the AppIntegrations ones, PER_CONTACT / CROSS_CONTACTS),
 *   the channel-concurrency keys, and the error keys for an unknown contact (`noResult`, the SDK's)
 *   or a refused accept/clear (`invalidContactState`, this host's own);
 * - what the workspace does on `closeApp`, `appPublish` and `serviceError` (reported through
 *   `onAppEvent`, nothing else), on a reloaded app (here: a new connection and lifecycle) and to a
 *   per-contact app when its contact is cleared (here: nothing; the host page calls `stop()`);
 * - participants, transfers, previews and child iframes of the app: not served (`handlerNotFound`).
 */
import type { AgentState, SetAvailabilityStateResult } from '@amazon-connect/contact';
import type {
  AcknowledgeMessage,
  HealthCheckResponseMessage,
  PublishMessage,
  ResponseMessage,
  SubscriptionTopic,
} from '@amazon-connect/core';
import type {
  AppConfig,
  AppParameters,
  AppScope,
  LifecycleMessage,
  LifecycleStage,
} from '@amazon-connect/workspace-types';
import { answerRequest, type RequestContext } from './contact-requests.ts';
import { ContactStateError, DuplicateContactError, HostStoppedError, UnknownContactError } from './errors.ts';
import {
  AGENT_TOPIC,
  CONTACT_LIFECYCLE_TOPIC,
  CONTACT_NAMESPACE,
  CURRENT_CONTACT,
  type ErrorKey,
  HostInitMessage,
  messageTypeOf,
  topicId,
  UpstreamMessage,
} from './protocol.ts';
import {
  type AgentProfile,
  type ContactStage,
  defaultAgentProfile,
  type HostedContact,
  instanceArnOf,
  LOCAL_ACCOUNT_ID,
  lifecycleEventOf,
  queueNamed,
} from './workspace-model.ts';

export { ContactStateError, DuplicateContactError, HostStoppedError, UnknownContactError } from './errors.ts';
export {
  AGENT_ROUTE,
  AGENT_TOPIC,
  CONTACT_LIFECYCLE_TOPIC,
  CONTACT_NAMESPACE,
  CONTACT_ROUTE,
  CURRENT_CONTACT,
  ERROR,
  type ErrorKey,
} from './protocol.ts';
export type { AgentProfile } from './workspace-model.ts';

/** The app as registered with Amazon Connect (AppIntegrations application). */
export interface WorkspaceApp {
  readonly name: string;
  readonly namespace: string;
  readonly permissions: readonly string[];
  /** @default '' */
  readonly description?: string;
  /** @default a random UUID */
  readonly id?: string;
  /** @default the iframe's `src` when the app connects */
  readonly accessUrl?: string;
}

export interface WorkspaceHostOptions {
  /** Origin the app is served from; a host-init message from any other origin is ignored. */
  readonly appOrigin: string;
  readonly app: WorkspaceApp;
  /** @default { type: 'idle' }: the app serves all of the agent's contacts */
  readonly scope?: AppScope;
  /** @default 'eu-central-1' */
  readonly region?: string;
  /** @default a random UUID */
  readonly appInstanceId?: string;
  /** The Connect instance the fake ARNs name. @default '00000000-0000-4000-8000-000000000000' */
  readonly connectInstanceId?: string;
  /** @default an available agent with one routing profile (workspace-model.ts) */
  readonly agent?: Partial<AgentProfile>;
  readonly parameters?: AppParameters;
  /** Sent in `acknowledge`; 0 turns the app's health checks off. @default 30_000 */
  readonly healthCheckIntervalMs?: number;
  /** How long `stop()` waits for the app's destroy handler. @default 5_000 */
  readonly destroyTimeoutMs?: number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
  /** What the app did, for a log on the host page: topics, commands and stages, never data. */
  readonly onAppEvent?: (event: AppEvent) => void;
}

/** A voice contact the simulator routes to this agent. */
export interface OfferedContact {
  readonly contactId: string;
  /** @default undefined: the contact was not transferred */
  readonly initialContactId?: string;
  /** @default 'voice' */
  readonly type?: 'voice';
  /** @default {} */
  readonly attributes?: Readonly<Record<string, string>>;
  /** @default 'BasicQueue' */
  readonly queueName?: string;
}

export type IgnoredReason =
  | 'unexpectedSource'
  | 'unexpectedOrigin'
  | 'noPort'
  | 'unexpectedInstance'
  | 'malformedMessage'
  | 'unsupported';

/** One thing the app did or the host did for it; topics carry contact ids, nothing personal. */
export type AppEvent =
  | { readonly kind: 'connected'; readonly sdkVersion: string }
  | { readonly kind: 'ignored'; readonly reason: IgnoredReason; readonly messageType: string | undefined }
  | { readonly kind: 'lifecycle'; readonly stage: LifecycleStage; readonly step: 'sent' | 'completed' }
  | {
      readonly kind: 'subscribed' | 'unsubscribed' | 'published' | 'appPublished';
      readonly topic: SubscriptionTopic;
    }
  | {
      readonly kind: 'request';
      readonly namespace: string;
      readonly command: string;
      readonly answer: 'data' | ErrorKey;
    }
  | { readonly kind: 'healthCheck'; readonly counter: number }
  | { readonly kind: 'log'; readonly level: number; readonly source: string }
  | { readonly kind: 'metric'; readonly namespace: string; readonly metricName: string }
  | { readonly kind: 'closeApp'; readonly isFatalError: boolean }
  | { readonly kind: 'serviceError' };

export interface StopResult {
  /** The app reported its destroy handler done within `destroyTimeoutMs`. */
  readonly destroyConfirmed: boolean;
}

export interface WorkspaceHost {
  readonly appInstanceId: string;
  /** A voice contact is offered to this agent: `contact/incoming`. */
  offer(contact: OfferedContact): void;
  /** The agent accepted and the call is up: `contact/connected`. */
  connect(contactId: string): void;
  /** The offer ran out unaccepted: `contact/missed`. */
  miss(contactId: string): void;
  /** The call ended and after-contact work begins: `contact/acw`. */
  end(contactId: string): void;
  /** The agent cleared the contact: `contact/cleared`, then the deprecated `contact/destroy`. */
  clear(contactId: string): void;
  /** Lifecycle stop and destroy, then the host lets go of the frame and its port. */
  stop(): Promise<StopResult>;
}

const DEFAULTS = {
  region: 'eu-central-1',
  connectInstanceId: '00000000-0000-4000-8000-000000000000',
  healthCheckIntervalMs: 30_000,
  destroyTimeoutMs: 5_000,
} as const;

interface Connection {
  readonly port: MessagePort;
  /** By topic: the SDK subscribes once per handler, and the host publishes once per topic. */
  readonly subscriptions: Map<string, SubscriptionTopic>;
  created: boolean;
  healthChecks: number;
  onDestroyed: (() => void) | undefined;
}

const requestDataOf = (data: unknown): object | undefined =>
  typeof data === 'object' && data !== null ? data : undefined;

/**
 * Serves the app in `frame` as the agent workspace would. Call it before the frame loads the app
 * (the frame must be in the document); the app's `connect-app-host-init` is awaited from then on.
 */
export const startWorkspaceHost = (
  frame: HTMLIFrameElement,
  options: WorkspaceHostOptions,
): WorkspaceHost => {
  const appOrigin = new URL(options.appOrigin).origin;
  const region = options.region ?? DEFAULTS.region;
  const now = options.now ?? Date.now;
  const emit = (event: AppEvent): void => options.onAppEvent?.(event);
  const appInstanceId = options.appInstanceId ?? crypto.randomUUID();
  const appId = options.app.id ?? crypto.randomUUID();
  const scope: AppScope = options.scope ?? { type: 'idle' };
  const scopeContactId = scope.type === 'contact' ? scope.contactId : undefined;
  const instanceArn = instanceArnOf(region, options.connectInstanceId ?? DEFAULTS.connectInstanceId);
  const agent: AgentProfile = { ...defaultAgentProfile(instanceArn), ...options.agent };
  const contacts = new Map<string, HostedContact>();

  const healthCheckInterval = options.healthCheckIntervalMs ?? DEFAULTS.healthCheckIntervalMs;
  if (healthCheckInterval > 0 && healthCheckInterval < 1_000) {
    // core proxy/health-check/health-check-manager.js refuses to run below one second.
    throw new RangeError(
      `options.healthCheckIntervalMs is ${healthCheckInterval}; expected 0 (off) or at least 1000`,
    );
  }
  const firstState = agent.availabilityStates[0];
  if (!firstState)
    throw new TypeError('options.agent.availabilityStates is empty; expected at least one state');
  let agentState: AgentState = { ...firstState, startTimestamp: new Date(now()) };
  let nextAgentState: AgentState | undefined;

  let connection: Connection | undefined;
  let stopping: Promise<StopResult> | undefined;

  const post = (
    message:
      | AcknowledgeMessage
      | LifecycleMessage
      | ResponseMessage
      | PublishMessage
      | HealthCheckResponseMessage,
  ) => connection?.port.postMessage(message);

  // --- lifecycle ---------------------------------------------------------------------------------

  const appConfig = (): AppConfig => ({
    _type: 'iframe',
    arn: `arn:aws:app-integrations:${region}:${LOCAL_ACCOUNT_ID}:application/${appId}`,
    id: appId,
    name: options.app.name,
    namespace: options.app.namespace,
    description: options.app.description ?? '',
    accessUrl: options.app.accessUrl ?? frame.src,
    permissions: [...options.app.permissions],
    contactHandling: { scope: scope.type === 'contact' ? 'PER_CONTACT' : 'CROSS_CONTACTS' },
  });

  const sendLifecycle = (stage: LifecycleStage): void => {
    const config = appConfig();
    post({
      type: 'appLifecycle',
      stage,
      appInstanceId,
      instanceId: appInstanceId,
      appConfig: config,
      config,
      scope,
      contactScope: scope.type === 'contact' ? scope : undefined,
      parameters: options.parameters,
      launchedBy: { type: 'internal', name: undefined },
      region,
    });
    emit({ kind: 'lifecycle', stage, step: 'sent' });
  };

  // --- publishing --------------------------------------------------------------------------------

  const publish = (key: string, data: object, matches: (parameter: string | undefined) => boolean): void => {
    for (const topic of connection?.subscriptions.values() ?? []) {
      if (topic.namespace !== CONTACT_NAMESPACE || topic.key !== key || !matches(topic.parameter)) continue;
      post({ type: 'publish', topic, data });
      emit({ kind: 'published', topic });
    }
  };

  const publishContact = (key: string, contact: HostedContact): void =>
    publish(key, lifecycleEventOf(contact), (parameter) => {
      if (parameter === undefined)
        return scopeContactId === undefined || scopeContactId === contact.contactId;
      if (parameter === CURRENT_CONTACT) return scopeContactId === contact.contactId;
      return parameter === contact.contactId;
    });

  const setAgentState = (target: AgentState): void => {
    const previous = agentState.name;
    agentState = { ...target, startTimestamp: new Date(now()) };
    publish(
      AGENT_TOPIC.StateChanged,
      { state: target.name, previous: { state: previous } },
      (parameter) => parameter === undefined,
    );
  };

  // --- contacts ----------------------------------------------------------------------------------

  const assertRunning = (): void => {
    if (stopping) throw new HostStoppedError();
  };

  const contactIn = (step: string, contactId: string, stages: readonly ContactStage[]): HostedContact => {
    assertRunning();
    const contact = contacts.get(contactId);
    if (!contact) throw new UnknownContactError(contactId);
    if (!stages.includes(contact.stage)) throw new ContactStateError(step, contact.stage, stages);
    return contact;
  };

  const moveTo = (contact: HostedContact, stage: ContactStage, topicKey: string): void => {
    contact.stage = stage;
    contact.stageSince = now();
    publishContact(topicKey, contact);
  };

  const offer = (offered: OfferedContact): void => {
    assertRunning();
    if (contacts.has(offered.contactId)) throw new DuplicateContactError(offered.contactId);
    const contact: HostedContact = {
      contactId: offered.contactId,
      initialContactId: offered.initialContactId,
      channel: { type: offered.type ?? 'voice', subtype: 'connect:Telephony' },
      attributes: { ...offered.attributes },
      queue: queueNamed(agent, instanceArn, offered.queueName ?? 'BasicQueue'),
      queueTimestamp: new Date(now()),
      stage: 'incoming',
      stageSince: now(),
    };
    contacts.set(contact.contactId, contact);
    publishContact(CONTACT_LIFECYCLE_TOPIC.Incoming, contact);
  };

  const connect = (contactId: string): void =>
    moveTo(contactIn('connect', contactId, ['incoming']), 'connected', CONTACT_LIFECYCLE_TOPIC.Connected);
  const miss = (contactId: string): void =>
    moveTo(contactIn('miss', contactId, ['incoming']), 'missed', CONTACT_LIFECYCLE_TOPIC.Missed);
  const end = (contactId: string): void =>
    moveTo(contactIn('end', contactId, ['connected']), 'acw', CONTACT_LIFECYCLE_TOPIC.StartingACW);

  const clear = (contactId: string): void => {
    const contact = contactIn('clear', contactId, ['acw', 'missed']);
    contacts.delete(contactId);
    publishContact(CONTACT_LIFECYCLE_TOPIC.Cleared, contact);
    publishContact(CONTACT_LIFECYCLE_TOPIC.Destroyed, contact);
    if (contacts.size === 0 && nextAgentState) {
      const next = nextAgentState;
      nextAgentState = undefined;
      setAgentState(next);
    }
  };

  // --- requests ----------------------------------------------------------------------------------

  const requestContext: RequestContext = {
    agent,
    contacts,
    scopeContactId,
    region,
    instanceOrigin: window.location.origin,
    now,
    agentState: () => ({ ...agentState }),
    changeAgentState: (target): SetAvailabilityStateResult => {
      if (contacts.size > 0) {
        nextAgentState = target;
        return { status: 'queued', current: { ...agentState }, next: { ...target } };
      }
      nextAgentState = undefined;
      setAgentState(target);
      return { status: 'updated', current: { ...agentState } };
    },
    accept: connect,
    clear,
  };

  // --- messages from the app ---------------------------------------------------------------------

  const handleUpstream = (current: Connection, raw: unknown): void => {
    const parsed = UpstreamMessage.safeParse(raw);
    if (!parsed.success) {
      emit({ kind: 'ignored', reason: 'malformedMessage', messageType: messageTypeOf(raw) });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'request': {
        const { namespace, command, requestId, data } = message;
        const answer = answerRequest(namespace, command, data, requestContext);
        post(
          answer.ok
            ? { type: 'response', namespace, requestId, isError: false, data: answer.data }
            : {
                type: 'response',
                namespace,
                requestId,
                isError: true,
                errorKey: answer.error.errorKey,
                reason: answer.error.reason,
                details: { command, requestData: requestDataOf(data) },
              },
        );
        emit({ kind: 'request', namespace, command, answer: answer.ok ? 'data' : answer.error.errorKey });
        return;
      }
      case 'subscribe':
        current.subscriptions.set(topicId(message.topic), message.topic);
        emit({ kind: 'subscribed', topic: message.topic });
        return;
      case 'unsubscribe':
        // The SDK sends this only once the topic's last handler is gone (core proxy.js unsubscribe).
        current.subscriptions.delete(topicId(message.topic));
        emit({ kind: 'unsubscribed', topic: message.topic });
        return;
      case 'healthCheck':
        current.healthChecks += 1;
        post({ type: 'healthCheckResponse', time: now(), counter: current.healthChecks });
        emit({ kind: 'healthCheck', counter: current.healthChecks });
        return;
      case 'appLifecycleHandlerCompleted':
        if (message.appInstanceId !== appInstanceId) {
          emit({ kind: 'ignored', reason: 'unexpectedInstance', messageType: message.type });
          return;
        }
        emit({ kind: 'lifecycle', stage: message.stage, step: 'completed' });
        if (message.stage === 'create' && !current.created && !stopping) {
          current.created = true;
          sendLifecycle('start');
        } else if (message.stage === 'destroy') {
          current.onDestroyed?.();
        }
        return;
      case 'appPublish':
        emit({ kind: 'appPublished', topic: message.topic });
        return;
      case 'closeApp':
        emit({ kind: 'closeApp', isFatalError: message.isFatalError });
        return;
      case 'serviceError':
        emit({ kind: 'serviceError' });
        return;
      case 'log':
        emit({ kind: 'log', level: message.level, source: message.source });
        return;
      case 'metric':
        emit({ kind: 'metric', namespace: message.namespace, metricName: message.metricName });
        return;
      case 'childUpstream':
      case 'closeChannel':
        emit({ kind: 'ignored', reason: 'unsupported', messageType: message.type });
        return;
    }
  };

  /** Only the framed app's own window, at the expected origin, with its port, may connect. */
  const rejectionOf = (
    event: MessageEvent<unknown>,
    port: MessagePort | undefined,
  ): IgnoredReason | undefined => {
    if (event.source === null || event.source !== frame.contentWindow) return 'unexpectedSource';
    if (event.origin !== appOrigin) return 'unexpectedOrigin';
    return port ? undefined : 'noPort';
  };

  const onWindowMessage = (event: MessageEvent<unknown>): void => {
    const init = HostInitMessage.safeParse(event.data);
    if (!init.success) return; // not the SDK's: the page may carry other messages
    const [port] = event.ports;
    const rejection = rejectionOf(event, port);
    if (rejection || !port) {
      emit({ kind: 'ignored', reason: rejection ?? 'noPort', messageType: init.data.type });
      return;
    }

    // A reloaded app sends a new init: its old port is dead, its subscriptions with it.
    connection?.port.close();
    const current: Connection = {
      port,
      subscriptions: new Map(),
      created: false,
      healthChecks: 0,
      onDestroyed: undefined,
    };
    connection = current;
    port.onmessage = (message: MessageEvent<unknown>) => handleUpstream(current, message.data);
    post({
      type: 'acknowledge',
      connectionId: crypto.randomUUID(),
      status: { initialized: true, startTime: new Date(now()) },
      healthCheckInterval,
    });
    emit({ kind: 'connected', sdkVersion: init.data.sdkVersion });
    sendLifecycle('create');
  };

  window.addEventListener('message', onWindowMessage);

  const destroyApp = async (current: Connection): Promise<boolean> => {
    const confirmed = new Promise<boolean>((resolve) => {
      const timeout = setTimeout(() => resolve(false), options.destroyTimeoutMs ?? DEFAULTS.destroyTimeoutMs);
      current.onDestroyed = () => {
        clearTimeout(timeout);
        resolve(true);
      };
    });
    sendLifecycle('stop');
    sendLifecycle('destroy');
    return confirmed;
  };

  const stop = (): Promise<StopResult> => {
    stopping ??= (async () => {
      const current = connection;
      const destroyConfirmed = current?.created ? await destroyApp(current) : false;
      window.removeEventListener('message', onWindowMessage);
      current?.port.close();
      connection = undefined;
      return { destroyConfirmed };
    })();
    return stopping;
  };

  return { appInstanceId, offer, connect, miss, end, clear, stop };
};

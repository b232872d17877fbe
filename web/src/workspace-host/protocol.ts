/**
 * The messages between an agent-workspace app and its host, as the Amazon Connect SDK 1.0.11 sends
 * and reads them, and the namespace, topics and routes the local workspace host serves. Every
 * constant is checked against the SDK's own declarations, so an SDK upgrade that renames one fails
 * the type check instead of silently dropping a request.
 *
 * Sources (all in node_modules, 1.0.11):
 * - `@amazon-connect/workspace-types` lib/app-host-init-message.d.ts, lib/app-message.d.ts: the
 *   host-init message, the lifecycle messages and the app-only upstream messages;
 * - `@amazon-connect/core` lib/messaging/messages.d.ts: request, subscribe, unsubscribe, health
 *   check, log and metric upstream; acknowledge, response, publish, health-check response downstream;
 *   lib/request/handler-not-found-error.d.ts and no-result-error.d.ts: the SDK's error responses;
 * - `@amazon-connect/contact` lib/namespace.d.ts, routes.d.ts, topic-keys.d.ts.
 */
import type { AppContactScope } from '@amazon-connect/app';
import type {
  AgentRoutes,
  AgentTopicKey,
  ContactLifecycleTopicKey,
  ContactRoutes,
  contactNamespace,
} from '@amazon-connect/contact';
import type {
  HandlerNotFoundResponseErrorType,
  HealthCheckMessage,
  NoResultResponseErrorType,
  RequestMessage,
  SubscribeMessage,
  SubscriptionTopic,
  UnsubscribeMessage,
} from '@amazon-connect/core';
import type {
  AppHostInitMessage,
  AppPublishMessage,
  CloseAppMessage,
  LifecycleHandlerCompletedMessage,
  ServiceErrorMessage,
} from '@amazon-connect/workspace-types';
import * as z from 'zod/mini';

/** `@amazon-connect/contact` namespace.js: every ContactClient and AgentClient message carries it. */
export const CONTACT_NAMESPACE = 'aws.connect.contact' satisfies typeof contactNamespace;

/**
 * `@amazon-connect/app` contact-scope.js: an app may pass this instead of a contact id to mean the
 * contact it was opened for (developer guide, integrate-with-contact-data.html, "Contact scope").
 */
export const CURRENT_CONTACT = 'CURRENT_CONTACT' satisfies `${AppContactScope.CurrentContactId}`;

type EnumValues<E> = { readonly [K in keyof E]?: `${E[K] & string}` };

/** The contact lifecycle topics (`@amazon-connect/contact` topic-keys.js), named as the SDK names them. */
export const CONTACT_LIFECYCLE_TOPIC = {
  Incoming: 'contact/incoming',
  Connected: 'contact/connected',
  Missed: 'contact/missed',
  StartingACW: 'contact/acw',
  Cleared: 'contact/cleared',
  Destroyed: 'contact/destroy',
} as const satisfies EnumValues<typeof ContactLifecycleTopicKey>;

/** The agent topics this host publishes (`@amazon-connect/contact` topic-keys.js). */
export const AGENT_TOPIC = {
  StateChanged: 'agent/stateChange',
} as const satisfies EnumValues<typeof AgentTopicKey>;

/** The ContactClient requests this host answers (`@amazon-connect/contact` routes.js). */
export const CONTACT_ROUTE = {
  getAttributes: 'contact/getAttributes',
  getInitialContactId: 'contact/getInitialContactId',
  getType: 'contact/getType',
  getChannelType: 'contact/getChannelType',
  getStateDuration: 'contact/getStateDuration',
  getQueue: 'contact/getQueue',
  getQueueTimestamp: 'contact/getQueueTimestamp',
  getContactRegion: 'contact/getContactRegion',
  getInstanceDetails: 'contact/getInstanceDetails',
  getContact: 'contact/getContact',
  listContacts: 'contact/listContacts',
  isPreviewMode: 'contact/isPreviewMode',
  accept: 'contact/accept',
  clear: 'contact/clear',
} as const satisfies EnumValues<typeof ContactRoutes>;

/** The AgentClient requests this host answers (`@amazon-connect/contact` routes.js). */
export const AGENT_ROUTE = {
  getARN: 'agent/getARN',
  getName: 'agent/getName',
  getState: 'agent/getState',
  getRoutingProfile: 'agent/getRoutingProfile',
  getChannelConcurrency: 'agent/getChannelConcurrency',
  getExtension: 'agent/getExtension',
  getDialableCountries: 'agent/getDialableCountries',
  listAvailabilityStates: 'agent/listAvailabilityStates',
  setAvailabilityState: 'agent/setAvailabilityState',
  setAvailabilityStateByName: 'agent/setAvailabilityStateByName',
  setOffline: 'agent/setOffline',
  listQuickConnects: 'agent/listQuickConnects',
} as const satisfies EnumValues<typeof AgentRoutes>;

/**
 * The error keys of a request answered with an error. The first two are the SDK's own
 * (`@amazon-connect/core` request/handler-not-found-error.js, no-result-error.js, with the reasons
 * their types fix); `invalidContactState` is this host's, for an accept or clear the contact's state
 * does not allow: the key the real workspace uses there is not published.
 */
export const ERROR = {
  handlerNotFound: { errorKey: 'handlerNotFound', reason: 'No handler for command' },
  noResult: { errorKey: 'noResult', reason: 'No Result Found' },
  invalidContactState: { errorKey: 'invalidContactState', reason: 'Contact state does not allow this' },
} as const satisfies {
  handlerNotFound: { errorKey: HandlerNotFoundResponseErrorType; reason: string };
  noResult: { errorKey: NoResultResponseErrorType; reason: string };
  invalidContactState: { errorKey: string; reason: string };
};
export type ErrorKey = (typeof ERROR)[keyof typeof ERROR]['errorKey'];

// --- upstream messages (app → host), parsed before use -------------------------------------------

const MessageOrigin = z.object({ _type: z.string(), providerId: z.string() });
const Topic = z.object({ namespace: z.string(), key: z.string(), parameter: z.optional(z.string()) });

/** `AppHostInitMessage`, posted to `window.parent` with the app's end of a MessageChannel (app-proxy.js initProxy). */
export const HostInitMessage = z.object({
  type: z.literal('connect-app-host-init'),
  sdkVersion: z.string(),
  providerId: z.string(),
}) satisfies z.ZodMiniType<AppHostInitMessage>;

/** A request's `data` is parsed per command, so it stays `unknown` here. */
export type UpstreamRequest = Omit<RequestMessage, 'data'> & { data: unknown };
/** What the host reads of a log or metric message (core messages.d.ts LogMessage, MetricMessage). */
export type UpstreamLogNotice = { type: 'log'; level: number; source: string };
export type UpstreamMetricNotice = { type: 'metric'; namespace: string; metricName: string };
/** Upstream messages this host parses but does not serve (child iframes of the app; closeChannel). */
export type UpstreamUnsupported = { type: 'childUpstream' | 'closeChannel' };

const Request = z.object({
  type: z.literal('request'),
  namespace: z.string(),
  command: z.string(),
  requestId: z.union([z.string(), z.number()]),
  data: z.unknown(),
  messageOrigin: MessageOrigin,
}) satisfies z.ZodMiniType<UpstreamRequest>;

const Subscribe = z.object({
  type: z.literal('subscribe'),
  topic: Topic,
  handlerId: z.string(),
  messageOrigin: MessageOrigin,
}) satisfies z.ZodMiniType<SubscribeMessage>;

const Unsubscribe = z.object({
  type: z.literal('unsubscribe'),
  topic: Topic,
  messageOrigin: MessageOrigin,
}) satisfies z.ZodMiniType<UnsubscribeMessage>;

const HealthCheck = z.object({
  type: z.literal('healthCheck'),
  messageOrigin: MessageOrigin,
}) satisfies z.ZodMiniType<HealthCheckMessage>;

const LifecycleHandlerCompleted = z.object({
  type: z.literal('appLifecycleHandlerCompleted'),
  stage: z.enum(['create', 'destroy']),
  appInstanceId: z.string(),
}) satisfies z.ZodMiniType<LifecycleHandlerCompletedMessage>;

const AppPublish = z.object({
  type: z.literal('appPublish'),
  topic: Topic,
  data: z.looseObject({}),
}) satisfies z.ZodMiniType<Omit<AppPublishMessage, 'messageOrigin'>>;

const CloseApp = z.object({
  type: z.literal('closeApp'),
  isFatalError: z.boolean(),
  message: z.optional(z.string()),
}) satisfies z.ZodMiniType<Omit<CloseAppMessage, 'data'>>;

const ServiceError = z.object({
  type: z.literal('serviceError'),
  message: z.optional(z.string()),
}) satisfies z.ZodMiniType<Omit<ServiceErrorMessage, 'data'>>;

const LogNotice = z.object({
  type: z.literal('log'),
  level: z.number(),
  source: z.string(),
}) satisfies z.ZodMiniType<UpstreamLogNotice>;

const MetricNotice = z.object({
  type: z.literal('metric'),
  namespace: z.string(),
  metricName: z.string(),
}) satisfies z.ZodMiniType<UpstreamMetricNotice>;

const Unsupported = z.object({
  type: z.enum(['childUpstream', 'closeChannel']),
}) satisfies z.ZodMiniType<UpstreamUnsupported>;

/** Every message an app built with the SDK sends on its port (workspace-types `AppUpstreamMessage`). */
export const UpstreamMessage = z.discriminatedUnion('type', [
  Request,
  Subscribe,
  Unsubscribe,
  HealthCheck,
  LifecycleHandlerCompleted,
  AppPublish,
  CloseApp,
  ServiceError,
  LogNotice,
  MetricNotice,
  Unsupported,
]);
export type UpstreamMessage = z.infer<typeof UpstreamMessage>;

/** The `type` of a message that did not parse, for the event log (never its content). */
export const messageTypeOf = (data: unknown): string | undefined => {
  const parsed = z.object({ type: z.string() }).safeParse(data);
  return parsed.success ? parsed.data.type : undefined;
};

/** A topic as a map key: the SDK matches namespace, key and parameter (core subscription-map.js). */
export const topicId = ({ namespace, key, parameter }: SubscriptionTopic): string =>
  JSON.stringify([namespace, key, parameter ?? null]);

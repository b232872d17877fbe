/**
 * Answers to the requests ContactClient and AgentClient send (`@amazon-connect/contact` 1.0.11
 * lib/contact-client.js, agent-client.js). Each answer is the `data` the client reads: where the
 * client unwraps a field (`getInitialContactId` reads `data.initialContactId`), the answer is that
 * object; where it returns `data` as is, the answer is typed with the SDK's exported type.
 */
import type {
  AgentChannelConcurrency,
  AgentRoutingProfile,
  AgentState,
  ContactChannelType,
  ContactData,
  InstanceDetails,
  ListContactsResult,
  ListQuickConnectsResult,
  Queue,
  SetAvailabilityStateResult,
} from '@amazon-connect/contact';
import type { ConnectResponseData } from '@amazon-connect/core';
import * as z from 'zod/mini';
import { AGENT_ROUTE, CONTACT_NAMESPACE, CONTACT_ROUTE, CURRENT_CONTACT, ERROR } from './protocol.ts';
import type { AgentProfile, ContactStage, HostedContact } from './workspace-model.ts';

export type RequestError = (typeof ERROR)[keyof typeof ERROR];
export type Answer =
  | { readonly ok: true; readonly data: ConnectResponseData }
  | { readonly ok: false; readonly error: RequestError };

/** What a request may read of, and do to, the workspace. */
export interface RequestContext {
  readonly agent: AgentProfile;
  readonly contacts: ReadonlyMap<string, HostedContact>;
  /** The contact the app was opened for, when its scope is a contact. */
  readonly scopeContactId: string | undefined;
  readonly region: string;
  /** The workspace's origin (`getInstanceDetails`): the host page's own. */
  readonly instanceOrigin: string;
  now(): number;
  agentState(): AgentState;
  changeAgentState(target: AgentState): SetAvailabilityStateResult;
  /** The app accepted an incoming contact: the host connects it. */
  accept(contactId: string): void;
  /** The app cleared a contact in after-contact work or missed. */
  clear(contactId: string): void;
}

const ok = (data: ConnectResponseData): Answer => ({ ok: true, data });
const fail = (error: RequestError): Answer => ({ ok: false, error });

type Handler = (data: unknown, context: RequestContext) => Answer;

const ContactIdData = z.optional(z.object({ contactId: z.optional(z.string()) }));
const GetAttributesData = z.object({
  contactId: z.optional(z.string()),
  attributes: z.optional(z.union([z.literal('*'), z.array(z.string())])),
});
const AgentStateArnData = z.object({ agentStateARN: z.string() });
const AgentStateNameData = z.object({ agentStateName: z.string() });
const ListQuickConnectsData = z.object({
  options: z.optional(z.object({ maxResults: z.optional(z.number()) })),
});

/**
 * The contact a request names. No id, or `CURRENT_CONTACT`, means the contact the app was opened
 * for (developer guide, integrate-with-contact-data.html, "Contact scope"). A contact this agent
 * was never offered, or one already cleared, is not found.
 */
const contactOf = (
  contactId: string | undefined,
  { contacts, scopeContactId }: RequestContext,
): HostedContact | undefined => {
  const id = contactId === undefined || contactId === CURRENT_CONTACT ? scopeContactId : contactId;
  return id === undefined ? undefined : contacts.get(id);
};

const forContact =
  (answer: (contact: HostedContact, context: RequestContext) => Answer): Handler =>
  (data, context) => {
    const parsed = ContactIdData.safeParse(data);
    const contact = parsed.success ? contactOf(parsed.data?.contactId, context) : undefined;
    return contact ? answer(contact, context) : fail(ERROR.noResult);
  };

const inStage = (contact: HostedContact, stages: readonly ContactStage[]): boolean =>
  stages.includes(contact.stage);

const queueOf = (contact: HostedContact): Queue => ({ ...contact.queue });

const contactHandlers: Record<(typeof CONTACT_ROUTE)[keyof typeof CONTACT_ROUTE], Handler> = {
  [CONTACT_ROUTE.getAttributes]: (data, context) => {
    const parsed = GetAttributesData.safeParse(data);
    const contact = parsed.success ? contactOf(parsed.data.contactId, context) : undefined;
    if (!parsed.success || !contact) return fail(ERROR.noResult);
    const wanted = parsed.data.attributes;
    const entries = Object.entries(contact.attributes).filter(
      ([key]) => wanted === undefined || wanted === '*' || wanted.includes(key),
    );
    return ok(Object.fromEntries(entries) satisfies Record<string, string>);
  },
  [CONTACT_ROUTE.getInitialContactId]: forContact((contact) =>
    ok({ initialContactId: contact.initialContactId }),
  ),
  [CONTACT_ROUTE.getType]: forContact((contact) => ok({ type: contact.channel.type })),
  [CONTACT_ROUTE.getChannelType]: forContact((contact) =>
    ok({ ...contact.channel } satisfies ContactChannelType),
  ),
  [CONTACT_ROUTE.getStateDuration]: forContact((contact, context) =>
    ok({ stateDuration: context.now() - contact.stageSince }),
  ),
  [CONTACT_ROUTE.getQueue]: forContact((contact) => ok(queueOf(contact))),
  [CONTACT_ROUTE.getQueueTimestamp]: forContact((contact) =>
    ok({ queueTimestamp: new Date(contact.queueTimestamp) }),
  ),
  [CONTACT_ROUTE.getContactRegion]: forContact((_contact, context) => ok({ region: context.region })),
  [CONTACT_ROUTE.getInstanceDetails]: forContact((_contact, context) =>
    ok({ origin: context.instanceOrigin, region: context.region } satisfies InstanceDetails),
  ),
  [CONTACT_ROUTE.getContact]: forContact((contact) =>
    ok({
      contactId: contact.contactId,
      initialContactId: contact.initialContactId,
      type: contact.channel.type,
      subtype: contact.channel.subtype,
      queue: queueOf(contact),
    } satisfies ContactData),
  ),
  [CONTACT_ROUTE.listContacts]: (_data, { contacts }) =>
    ok(
      [...contacts.values()].map((contact) => ({
        contactId: contact.contactId,
        initialContactId: contact.initialContactId,
        type: contact.channel.type,
        subtype: contact.channel.subtype,
      })) satisfies ListContactsResult,
    ),
  [CONTACT_ROUTE.isPreviewMode]: forContact(() => ok({ isPreviewMode: false })),
  [CONTACT_ROUTE.accept]: forContact((contact, context) => {
    if (!inStage(contact, ['incoming'])) return fail(ERROR.invalidContactState);
    context.accept(contact.contactId);
    return ok(undefined);
  }),
  [CONTACT_ROUTE.clear]: forContact((contact, context) => {
    if (!inStage(contact, ['acw', 'missed'])) return fail(ERROR.invalidContactState);
    context.clear(contact.contactId);
    return ok(undefined);
  }),
};

/** Changes the agent to the availability state that the request's data names. */
const changeToStateWhere =
  <T>(schema: z.ZodMiniType<T>, named: (state: AgentState, data: T) => boolean): Handler =>
  (data, context) => {
    const parsed = schema.safeParse(data);
    const state = parsed.success
      ? context.agent.availabilityStates.find((candidate) => named(candidate, parsed.data))
      : undefined;
    return state ? ok(context.changeAgentState(state)) : fail(ERROR.noResult);
  };

const agentHandlers: Record<(typeof AGENT_ROUTE)[keyof typeof AGENT_ROUTE], Handler> = {
  [AGENT_ROUTE.getARN]: (_data, { agent }) => ok({ ARN: agent.arn }),
  [AGENT_ROUTE.getName]: (_data, { agent }) => ok({ name: agent.name }),
  [AGENT_ROUTE.getState]: (_data, context) => ok(context.agentState() satisfies AgentState),
  [AGENT_ROUTE.getRoutingProfile]: (_data, { agent }) =>
    ok(structuredClone(agent.routingProfile) satisfies AgentRoutingProfile),
  [AGENT_ROUTE.getChannelConcurrency]: (_data, { agent }) =>
    ok({ ...agent.routingProfile.channelConcurrencyMap } satisfies AgentChannelConcurrency),
  [AGENT_ROUTE.getExtension]: (_data, { agent }) => ok({ extension: agent.extension }),
  [AGENT_ROUTE.getDialableCountries]: (_data, { agent }) =>
    ok({ dialableCountries: [...agent.dialableCountries] }),
  [AGENT_ROUTE.listAvailabilityStates]: (_data, { agent }) =>
    ok(agent.availabilityStates.map((state) => ({ ...state })) satisfies AgentState[]),
  [AGENT_ROUTE.setAvailabilityState]: changeToStateWhere(
    AgentStateArnData,
    (state, { agentStateARN }) => state.agentStateARN === agentStateARN,
  ),
  [AGENT_ROUTE.setAvailabilityStateByName]: changeToStateWhere(
    AgentStateNameData,
    (state, { agentStateName }) => state.name === agentStateName,
  ),
  [AGENT_ROUTE.setOffline]: changeToStateWhere(z.unknown(), (state) => state.type === 'offline'),
  [AGENT_ROUTE.listQuickConnects]: (data, { agent }) => {
    const parsed = ListQuickConnectsData.safeParse(data);
    // 500 is the SDK's documented default page size (types.d.ts ListQuickConnectsOptions).
    const maxResults = (parsed.success ? parsed.data.options?.maxResults : undefined) ?? 500;
    return ok({
      quickConnects: agent.quickConnects.slice(0, maxResults).map((quickConnect) => ({ ...quickConnect })),
      nextToken: null,
    } satisfies ListQuickConnectsResult);
  },
};

const handlers: ReadonlyMap<string, Handler> = new Map(
  Object.entries({ ...contactHandlers, ...agentHandlers }),
);

/**
 * The answer to one request. A command this host does not serve, in any namespace, gets the SDK's
 * `handlerNotFound` error, so that the app's promise rejects instead of waiting for its timeout.
 */
export const answerRequest = (
  namespace: string,
  command: string,
  data: unknown,
  context: RequestContext,
): Answer => {
  const handler = namespace === CONTACT_NAMESPACE ? handlers.get(command) : undefined;
  return handler ? handler(data, context) : fail(ERROR.handlerNotFound);
};

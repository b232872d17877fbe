/**
 * What the local workspace knows of its one agent and of the contacts offered to that agent, in the
 * shapes `@amazon-connect/contact` (lib/types.d.ts) gives them. All identifiers are fake: the account
 * is the documentation account 111122223333 and nothing here names a real person.
 */
import type {
  AgentRoutingProfile,
  AgentState,
  BaseContactLifecycleEvent,
  Queue,
  QuickConnect,
  VoiceChannelType,
} from '@amazon-connect/contact';

/** The fake account all ARNs of the local workspace belong to. */
export const LOCAL_ACCOUNT_ID = '111122223333';

/**
 * Where a contact stands with the agent, named after the lifecycle topic published last:
 * `incoming` (offered), `connected`, `missed` (offered, never accepted), `acw` (after-contact work).
 * A cleared contact is forgotten.
 */
export type ContactStage = 'incoming' | 'connected' | 'missed' | 'acw';

export interface HostedContact {
  readonly contactId: string;
  readonly initialContactId: string | undefined;
  readonly channel: VoiceChannelType;
  readonly attributes: Readonly<Record<string, string>>;
  readonly queue: Queue;
  readonly queueTimestamp: Date;
  stage: ContactStage;
  /** Epoch ms the stage began: `getStateDuration` counts from here. */
  stageSince: number;
}

/** The agent the workspace is signed in as. */
export interface AgentProfile {
  readonly arn: string;
  readonly name: string;
  readonly extension: string | undefined;
  readonly dialableCountries: readonly string[];
  readonly routingProfile: AgentRoutingProfile;
  /** What `listAvailabilityStates` answers; the agent starts in the first. */
  readonly availabilityStates: readonly AgentState[];
  readonly quickConnects: readonly QuickConnect[];
}

export const instanceArnOf = (region: string, connectInstanceId: string): string =>
  `arn:aws:connect:${region}:${LOCAL_ACCOUNT_ID}:instance/${connectInstanceId}`;

const queueOf = (instanceArn: string, name: string): Queue => ({
  name,
  queueId: name,
  queueARN: `${instanceArn}/queue/${encodeURIComponent(name)}`,
});

/**
 * The agent when the host page says nothing: available, one routing profile with `BasicQueue`
 * (Connect's default queue), voice only.
 */
export const defaultAgentProfile = (instanceArn: string): AgentProfile => {
  const basicQueue = queueOf(instanceArn, 'BasicQueue');
  const state = (name: string, type: AgentState['type']): AgentState => ({
    name,
    type,
    agentStateARN: `${instanceArn}/agent-state/${name.toLowerCase()}`,
  });
  return {
    arn: `${instanceArn}/agent/local-agent`,
    name: 'local-agent',
    extension: undefined,
    dialableCountries: ['at'],
    routingProfile: {
      name: 'Basic Routing Profile',
      routingProfileId: 'basic-routing-profile',
      routingProfileARN: `${instanceArn}/routing-profile/basic-routing-profile`,
      // Keys spelled as the SDK's routing-profile channel types (types.d.ts EnabledChannelListChanged).
      channelConcurrencyMap: { voice: 1, chat: 0, task: 0, email: 0 },
      defaultOutboundQueue: basicQueue,
      queues: [basicQueue],
    },
    availabilityStates: [
      state('Available', 'routable'),
      state('Break', 'not_routable'),
      state('Offline', 'offline'),
    ],
    quickConnects: [],
  };
};

/** The routing profile's queue of that name, or one made up for it under the same instance. */
export const queueNamed = (profile: AgentProfile, instanceArn: string, name: string): Queue =>
  profile.routingProfile.queues.find((queue) => queue.name === name) ?? queueOf(instanceArn, name);

/** The payload of every contact lifecycle topic (types.d.ts BaseContactLifecycleEvent). */
export const lifecycleEventOf = (contact: HostedContact): BaseContactLifecycleEvent => ({
  contactId: contact.contactId,
  initialContactId: contact.initialContactId,
  type: contact.channel.type,
  subtype: contact.channel.subtype,
});

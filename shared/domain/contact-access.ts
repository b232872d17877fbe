/**
 * Who may see and change which call: an agent the calls they serve, a supervisor any. Pure rules,
 * decided on what Connect says of the contact (ContactAssignments) and what is stored of its
 * outcome; the agent API turns each refusal into a 403 with its reason, never data.
 */

/** The group that reads any contact and corrects any outcome (team leads, the case-management office). */
export const SUPERVISOR_GROUP = 'supervisors';

/** Why a request for a contact was refused: the code in the 403's body, for the page and the log. */
export const ACCESS_REFUSALS = [
  /** The user has no Connect identity on their sign-in (`custom:connect_user_id`, set by an administrator). */
  'no_connect_identity',
  /** Connect knows no agent of this contact, or another agent than this user. */
  'not_your_contact',
  /** The user was its agent, but longer ago than the access window. */
  'access_window_closed',
  /** An outcome recorded by another agent: only they, or a supervisor, correct it. */
  'not_your_outcome',
  /** The agent's own outcome, but longer ago than the correction window. */
  'correction_window_closed',
] as const;
export type AccessRefusal = (typeof ACCESS_REFUSALS)[number];

/** The signed-in user as the agent API sees them. */
export interface Actor {
  /** Cognito `sub` (locally the demo user's): what outcomes are recorded by. */
  readonly subject: string;
  readonly groups: readonly string[];
  /** The user's Connect user id, when an administrator mapped one. */
  readonly connectUserId?: string | undefined;
}

/**
 * What Connect knows of who served a contact: the agent who accepted it (DescribeContact's
 * `AgentInfo.Id`), when, and when the contact ended (its after-contact work, or the disconnect).
 */
export interface ContactAssignment {
  readonly agentId?: string | undefined;
  readonly connectedAt?: Date | undefined;
  /** Unset while the agent still has the contact (on the call or in after-contact work). */
  readonly endedAt?: Date | undefined;
}

/**
 * Whether the contact an agent holds speaks for the call `initialContactId`: the call's first
 * contact itself, or a later contact of the same call (a transfer makes a new contact that keeps
 * the call's initial contact id,
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_Contact.html). A contact of another
 * call says nothing about this one, whoever holds it. One rule for Connect and the local stand-in.
 */
export const isContactOfCall = (
  initialContactId: string,
  held: { readonly contactId: string; readonly initialContactId?: string | undefined },
): boolean => held.contactId === initialContactId || held.initialContactId === initialContactId;

export interface AccessWindows {
  /** How long after a contact ended its agent still reads and records it. */
  readonly accessMinutes: number;
  /** How long after recording an outcome its agent may still correct it. */
  readonly correctionMinutes: number;
}

export const DEFAULT_ACCESS_WINDOWS: AccessWindows = {
  // The rest of the after-call paperwork; later reads are a supervisor's, and audited like any.
  accessMinutes: 120,
  // A working day: an agent who notices a mistake the same day fixes it themselves.
  correctionMinutes: 24 * 60,
};

export type AccessDecision = { readonly ok: true } | { readonly ok: false; readonly reason: AccessRefusal };

const ADMITTED: AccessDecision = { ok: true };
const refuse = (reason: AccessRefusal): AccessDecision => ({ ok: false, reason });

export const isSupervisor = (actor: Actor): boolean => actor.groups.includes(SUPERVISOR_GROUP);

const minutesSince = (then: Date, now: Date): number => (now.getTime() - then.getTime()) / 60_000;

/**
 * Whether the actor may read the contact's context (and search, attach, record a first outcome):
 * a supervisor always; an agent while they are its agent and for `accessMinutes` after it ended.
 */
export const contactAccess = (
  actor: Actor,
  assignment: ContactAssignment | undefined,
  now: Date,
  windows: AccessWindows,
): AccessDecision => {
  if (isSupervisor(actor)) return ADMITTED;
  if (actor.connectUserId === undefined) return refuse('no_connect_identity');
  if (assignment?.agentId === undefined || assignment.agentId !== actor.connectUserId) {
    return refuse('not_your_contact');
  }
  if (assignment.endedAt !== undefined && minutesSince(assignment.endedAt, now) > windows.accessMinutes) {
    return refuse('access_window_closed');
  }
  return ADMITTED;
};

/** The outcome stored for the contact, as far as who may change it is concerned. */
export interface OutcomeAuthorship {
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/**
 * Whether the actor may correct an outcome already stored: a supervisor always; otherwise only the
 * agent who recorded it, for `correctionMinutes` after they did. A first outcome is `contactAccess`'s.
 */
export const correctionAccess = (
  actor: Actor,
  stored: OutcomeAuthorship,
  now: Date,
  windows: AccessWindows,
): AccessDecision => {
  if (isSupervisor(actor)) return ADMITTED;
  if (stored.recordedBy !== actor.subject) return refuse('not_your_outcome');
  if (minutesSince(new Date(stored.recordedAt), now) > windows.correctionMinutes) {
    return refuse('correction_window_closed');
  }
  return ADMITTED;
};

import * as z from 'zod';
import { AGENT_GROUP, CONTACT_ID_PATTERN } from '../shared/http/agent-api-contract.ts';
import { type Clock, systemClock } from '../shared/ports/clock.ts';
import type { DemoUser } from './auth.ts';
import { type LocalContactAssignments, TransferRefusedError } from './contact-assignments.ts';

/**
 * Transfers between the local demo agents, standing in for the agent workspace's quick connects:
 * an agent hands the call they hold to a colleague by user name. Connect itself does the transfer
 * in AWS; this is the local mode's only way to make the contact a transfer makes.
 */

const ContactIdField = z
  .string({ error: 'contactId: a contact id' })
  .regex(CONTACT_ID_PATTERN, 'contactId: a contact id');

/** `POST /api/agent/transfers`: the contact the agent holds, and the colleague it goes to. */
export const TransferRequest = z.strictObject({
  contactId: ContactIdField,
  to: z
    .string({ error: 'to: the user name of an agent' })
    .min(1, 'to: the user name of an agent')
    .max(100, 'to: at most 100 characters'),
});

/** `POST /api/agent/acceptances`: the contact transferred to the agent, which their workspace accepted. */
export const AcceptanceRequest = z.strictObject({ contactId: ContactIdField });

/** A request that is not of the route's shape: a 400 with its reason. */
export class InvalidTransferError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidTransferError';
  }
}

/** Another agent a call can go to, as the workspace names them. */
export interface Colleague {
  readonly username: string;
}

/** What a transfer made: the target's new contact of the call, and whom it is offered to. */
export interface Transfer {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly to: string;
  /** The target's Connect user id: whose workspace the new contact is offered to. */
  readonly toAgentId: string;
}

export interface LocalTransfers {
  /** The agents other than `connectUserId` a call can be transferred to. */
  colleaguesOf(connectUserId: string | undefined): readonly Colleague[];
  /**
   * Transfers the contact named in `request` (validated here; InvalidTransferError) from the agent
   * `connectUserId` to the colleague it names; refused with TransferRefusedError.
   */
  transfer(request: unknown, connectUserId: string | undefined): Transfer;
}

type Agent = DemoUser & { readonly connectUserId: string };
const isAgent = (user: DemoUser): user is Agent =>
  user.groups.includes(AGENT_GROUP) && user.connectUserId !== undefined;

export const makeLocalTransfers = (deps: {
  readonly assignments: LocalContactAssignments;
  readonly users: readonly DemoUser[];
  readonly clock?: Clock;
}): LocalTransfers => {
  const clock = deps.clock ?? systemClock;
  const agents = deps.users.filter(isAgent);
  return {
    colleaguesOf: (connectUserId) =>
      agents
        .filter((agent) => agent.connectUserId !== connectUserId)
        .map((agent) => ({ username: agent.username })),
    transfer: (request, connectUserId) => {
      const parsed = TransferRequest.safeParse(request);
      if (!parsed.success) {
        throw new InvalidTransferError(parsed.error.issues.map((issue) => issue.message).join('; '));
      }
      if (connectUserId === undefined) throw new TransferRefusedError('no_connect_identity');
      const target = agents.find((agent) => agent.username === parsed.data.to);
      if (target === undefined) throw new TransferRefusedError('not_an_agent');
      const made = deps.assignments.transfer(
        parsed.data.contactId,
        connectUserId,
        target.connectUserId,
        clock.now(),
      );
      return { ...made, to: target.username, toAgentId: target.connectUserId };
    },
  };
};

import { randomUUID } from 'node:crypto';
import { type ContactAssignment, isContactOfCall } from '../shared/domain/contact-access.ts';
import type { ContactAssignments } from '../shared/ports/contact-assignments.ts';

/**
 * Why a transfer is refused, and whether it is the user's lack of right (`forbidden`, 403) or a
 * request that cannot be done (`invalid`, 400). An unknown contact is refused like another agent's,
 * as the agent API does: the answer tells nothing about which contacts exist.
 */
export const TRANSFER_REFUSALS = {
  /** The user has no Connect identity on their sign-in: they hold no contact. */
  no_connect_identity: 'forbidden',
  /** The contact is unknown, or its current agent is someone else. */
  not_your_contact: 'forbidden',
  /** The agent's contact has ended (transferred already): there is nothing left to hand on. */
  contact_ended: 'invalid',
  /** The target is not a user of the `agents` group with a Connect identity. */
  not_an_agent: 'invalid',
  /** The target is the agent who holds the contact. */
  to_yourself: 'invalid',
} as const;
export type TransferRefusal = keyof typeof TRANSFER_REFUSALS;

export class TransferRefusedError extends Error {
  readonly kind: (typeof TRANSFER_REFUSALS)[TransferRefusal];
  constructor(
    readonly reason: TransferRefusal,
    options?: ErrorOptions,
  ) {
    super(`transfer refused: ${reason}`, options);
    this.name = 'TransferRefusedError';
    this.kind = TRANSFER_REFUSALS[reason];
  }
}

/** The contact a transfer made: a new contact of the same call, held by the target agent. */
export interface TransferredContact {
  readonly contactId: string;
  readonly initialContactId: string;
}

interface LocalContact {
  /** The call this contact belongs to: its own id for the call's first contact. */
  readonly initialContactId: string;
  readonly assignment: ContactAssignment;
}

/**
 * Who answered each simulated call, standing in for Connect's DescribeContact: the simulator gives
 * a queued call to the signed-in agent who placed it, and a transfer makes a new contact of the
 * same call for the agent it goes to, as Connect does (new contact id, same initial contact id).
 * In memory, like the calls' Connect side: a restarted server knows no agent of an earlier call,
 * which supervisors still read.
 */
export class LocalContactAssignments implements ContactAssignments {
  private readonly contacts = new Map<string, LocalContact>();

  /**
   * The agent `agentId` (a Connect user id) accepted the contact at `at`; it stays theirs until
   * `end`. `initialContactId` names the call when this is not its first contact.
   */
  assign(contactId: string, agentId: string, at: Date, initialContactId = contactId): void {
    this.contacts.set(contactId, { initialContactId, assignment: { agentId, connectedAt: at } });
  }

  end(contactId: string, at: Date): void {
    const contact = this.contacts.get(contactId);
    if (contact) {
      this.contacts.set(contactId, { ...contact, assignment: { ...contact.assignment, endedAt: at } });
    }
  }

  /**
   * The agent `fromAgentId` hands the contact `contactId` on to `toAgentId` at `at`: their contact
   * ends then (their access window runs from there, as after-contact work in Connect), and the
   * target holds a new contact of the same call, theirs from `at` (the simulator's agents accept
   * what they are offered, as with a placed call). Refused with TransferRefusedError, nothing changed.
   */
  transfer(contactId: string, fromAgentId: string, toAgentId: string, at: Date): TransferredContact {
    const contact = this.contacts.get(contactId);
    if (contact === undefined || contact.assignment.agentId !== fromAgentId) {
      throw new TransferRefusedError('not_your_contact');
    }
    if (contact.assignment.endedAt !== undefined) throw new TransferRefusedError('contact_ended');
    if (toAgentId === fromAgentId) throw new TransferRefusedError('to_yourself');
    const transferred = { contactId: randomUUID(), initialContactId: contact.initialContactId };
    this.end(contactId, at);
    this.assign(transferred.contactId, toAgentId, at, transferred.initialContactId);
    return transferred;
  }

  async assignmentOf(
    initialContactId: string,
    heldContactId?: string | undefined,
  ): Promise<ContactAssignment | undefined> {
    const contactId = heldContactId ?? initialContactId;
    const contact = this.contacts.get(contactId);
    if (contact === undefined) return undefined;
    // A held contact of another call says nothing about this one (the rule the Connect adapter keeps).
    if (!isContactOfCall(initialContactId, { contactId, initialContactId: contact.initialContactId })) {
      return undefined;
    }
    return contact.assignment;
  }
}

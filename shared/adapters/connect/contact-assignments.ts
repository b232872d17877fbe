import {
  type ConnectClient,
  type Contact,
  DescribeContactCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';
import { type ContactAssignment, isContactOfCall } from '../../domain/contact-access.ts';
import type { ContactAssignments } from '../../ports/contact-assignments.ts';

/** The later of the times present: the contact ends for its agent with after-contact work, if any. */
const latest = (...times: readonly (Date | undefined)[]): Date | undefined =>
  times
    .filter((time): time is Date => time !== undefined)
    .reduce<Date | undefined>((later, time) => (later && later > time ? later : time), undefined);

/**
 * DescribeContact: the agent who accepted the contact (`AgentInfo.Id`, the Connect user id), when,
 * and when it ended: the disconnect, or the end of the agent's after-contact work when later
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContact.html,
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_AgentInfo.html). Connect keeps a
 * contact for 24 months; an unknown one is `ResourceNotFoundException`, answered as none.
 */
export class ConnectContactAssignments implements ContactAssignments {
  constructor(
    private readonly connect: ConnectClient,
    private readonly instanceId: string,
  ) {}

  async assignmentOf(
    initialContactId: string,
    heldContactId?: string | undefined,
  ): Promise<ContactAssignment | undefined> {
    let contact: Contact | undefined;
    try {
      ({ Contact: contact } = await this.connect.send(
        new DescribeContactCommand({
          InstanceId: this.instanceId,
          ContactId: heldContactId ?? initialContactId,
        }),
      ));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
    if (contact === undefined) return undefined;
    if (
      heldContactId !== undefined &&
      !isContactOfCall(initialContactId, {
        contactId: contact.Id ?? heldContactId,
        initialContactId: contact.InitialContactId,
      })
    ) {
      return undefined;
    }
    const agent = contact.AgentInfo;
    return {
      agentId: agent?.Id,
      connectedAt: agent?.ConnectedToAgentTimestamp,
      endedAt: contact.DisconnectTimestamp
        ? latest(contact.DisconnectTimestamp, agent?.AfterContactWorkEndTimestamp)
        : undefined,
    };
  }
}

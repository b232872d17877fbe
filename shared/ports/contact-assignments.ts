import type { ContactAssignment } from '../domain/contact-access.ts';

/** Who served a contact, as the contact centre knows it: Amazon Connect in AWS, the simulator locally. */
export interface ContactAssignments {
  /**
   * The agent of the call `initialContactId`, as of now. `heldContactId` is the contact the agent
   * holds when it is not the initial one (a transfer makes a new contact of the same call): its
   * agent counts only if it belongs to this call. Undefined when the contact is unknown.
   */
  assignmentOf(
    initialContactId: string,
    heldContactId?: string | undefined,
  ): Promise<ContactAssignment | undefined>;
}

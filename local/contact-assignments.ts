import type { ContactAssignment } from '../shared/domain/contact-access.ts';
import type { ContactAssignments } from '../shared/ports/contact-assignments.ts';

/**
 * Who answered each simulated call, standing in for Connect's DescribeContact: the simulator gives
 * a queued call to the signed-in agent who placed it. In memory, like the calls' Connect side: a
 * restarted server knows no agent of an earlier call, which supervisors still read.
 */
export class LocalContactAssignments implements ContactAssignments {
  private readonly assignments = new Map<string, ContactAssignment>();

  /** The agent `agentId` (a Connect user id) accepted the call at `at`; it stays theirs until `end`. */
  assign(contactId: string, agentId: string, at: Date): void {
    this.assignments.set(contactId, { agentId, connectedAt: at });
  }

  end(contactId: string, at: Date): void {
    const assignment = this.assignments.get(contactId);
    if (assignment) this.assignments.set(contactId, { ...assignment, endedAt: at });
  }

  async assignmentOf(initialContactId: string): Promise<ContactAssignment | undefined> {
    return this.assignments.get(initialContactId);
  }
}

import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../local/auth.ts';
import { LocalContactAssignments, TransferRefusedError } from '../../local/contact-assignments.ts';
import { InvalidTransferError, makeLocalTransfers } from '../../local/transfers.ts';
import { isContactOfCall } from '../../shared/domain/contact-access.ts';
import { fixedClock } from '../../shared/ports/clock.ts';

const PLACED = new Date('2026-11-25T10:00:00.000Z');
const TRANSFERRED = new Date('2026-11-25T10:05:00.000Z');
const CALL = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER_CALL = 'c0ffee00-0000-4000-8000-000000000002';
const AGENT = DEMO_USERS.agent.connectUserId;
const COLLEAGUE = DEMO_USERS.colleague.connectUserId;

const refusalOf = (act: () => unknown): string | undefined => {
  try {
    act();
  } catch (error) {
    if (error instanceof TransferRefusedError) return error.reason;
    throw error;
  }
  return undefined;
};

describe('isContactOfCall: the held contact speaks for a call only if it is one of its contacts', () => {
  it.each([
    ['the call’s first contact itself', { contactId: 'c-1' }, true],
    ['a contact a transfer made of the call', { contactId: 't-1', initialContactId: 'c-1' }, true],
    ['a contact of another call', { contactId: 't-9', initialContactId: 'c-9' }, false],
    ['another call’s first contact', { contactId: 'c-9' }, false],
  ])('%s: %s', (_case, held, belongs) => {
    expect(isContactOfCall('c-1', held)).toBe(belongs);
  });
});

describe('LocalContactAssignments: who holds which contact of a simulated call', () => {
  const placedCall = () => {
    const assignments = new LocalContactAssignments();
    assignments.assign(CALL, AGENT, PLACED);
    return assignments;
  };

  it('answers the placing agent for the call, and none for a contact it does not know', async () => {
    const assignments = placedCall();
    expect(await assignments.assignmentOf(CALL)).toEqual({ agentId: AGENT, connectedAt: PLACED });
    expect(await assignments.assignmentOf(OTHER_CALL)).toBeUndefined();
  });

  it('transfers: the first agent’s contact ends then, the target holds a new contact of the same call', async () => {
    // Prepare
    const assignments = placedCall();
    // Act
    const made = assignments.transfer(CALL, AGENT, COLLEAGUE, TRANSFERRED);
    // Assess
    expect(made.initialContactId).toBe(CALL);
    expect(made.contactId).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.contactId).not.toBe(CALL);
    expect(await assignments.assignmentOf(CALL)).toEqual({
      agentId: AGENT,
      connectedAt: PLACED,
      endedAt: TRANSFERRED,
    });
    expect(await assignments.assignmentOf(CALL, made.contactId)).toEqual({
      agentId: COLLEAGUE,
      connectedAt: TRANSFERRED,
    });
  });

  it('answers a held contact of another call as nobody’s, whoever holds it', async () => {
    // Prepare: the colleague holds a contact of another call (transferred to them)
    const assignments = placedCall();
    assignments.assign(OTHER_CALL, AGENT, PLACED);
    const ofOther = assignments.transfer(OTHER_CALL, AGENT, COLLEAGUE, TRANSFERRED);
    // Act + Assess: held up for this call, it says nothing; nor does an unknown held contact
    expect(await assignments.assignmentOf(CALL, ofOther.contactId)).toBeUndefined();
    expect(await assignments.assignmentOf(CALL, OTHER_CALL)).toBeUndefined();
    expect(await assignments.assignmentOf(CALL, 'c0ffee00-0000-4000-8000-00000000dead')).toBeUndefined();
    // The held contact for its own call is the colleague's
    expect((await assignments.assignmentOf(OTHER_CALL, ofOther.contactId))?.agentId).toBe(COLLEAGUE);
  });

  it('hands a transferred contact on again, keeping the call’s initial contact id', async () => {
    const assignments = placedCall();
    const first = assignments.transfer(CALL, AGENT, COLLEAGUE, TRANSFERRED);
    const back = assignments.transfer(first.contactId, COLLEAGUE, AGENT, new Date('2026-11-25T10:09:00Z'));
    expect(back.initialContactId).toBe(CALL);
    expect((await assignments.assignmentOf(CALL, back.contactId))?.agentId).toBe(AGENT);
    expect((await assignments.assignmentOf(CALL, first.contactId))?.endedAt).toEqual(
      new Date('2026-11-25T10:09:00Z'),
    );
  });

  it.each([
    [
      'an unknown contact',
      (a: LocalContactAssignments) => a.transfer(OTHER_CALL, AGENT, COLLEAGUE, TRANSFERRED),
      'not_your_contact',
    ],
    [
      'another agent’s contact',
      (a: LocalContactAssignments) => a.transfer(CALL, COLLEAGUE, AGENT, TRANSFERRED),
      'not_your_contact',
    ],
    [
      'a contact to its own agent',
      (a: LocalContactAssignments) => a.transfer(CALL, AGENT, AGENT, TRANSFERRED),
      'to_yourself',
    ],
  ])('refuses the transfer of %s and changes nothing', async (_case, act, reason) => {
    const assignments = placedCall();
    expect(refusalOf(() => act(assignments))).toBe(reason);
    expect(await assignments.assignmentOf(CALL)).toEqual({ agentId: AGENT, connectedAt: PLACED });
  });

  it('refuses to transfer a contact that has ended (transferred already)', async () => {
    const assignments = placedCall();
    const made = assignments.transfer(CALL, AGENT, COLLEAGUE, TRANSFERRED);
    expect(refusalOf(() => assignments.transfer(CALL, AGENT, COLLEAGUE, TRANSFERRED))).toBe('contact_ended');
    expect((await assignments.assignmentOf(CALL, made.contactId))?.agentId).toBe(COLLEAGUE);
  });
});

describe('local transfers: by user name, between the demo agents', () => {
  const transfersOn = () => {
    const assignments = new LocalContactAssignments();
    assignments.assign(CALL, AGENT, PLACED);
    const transfers = makeLocalTransfers({
      assignments,
      users: Object.values(DEMO_USERS),
      clock: fixedClock(TRANSFERRED),
    });
    return { assignments, transfers };
  };

  it('names the other agents as colleagues, never oneself or a user who takes no calls', () => {
    const { transfers } = transfersOn();
    expect(transfers.colleaguesOf(AGENT)).toEqual([{ username: 'colleague' }]);
    expect(transfers.colleaguesOf(COLLEAGUE)).toEqual([{ username: 'agent' }]);
  });

  it('transfers to the colleague named, now', async () => {
    const { assignments, transfers } = transfersOn();
    const made = transfers.transfer({ contactId: CALL, to: 'colleague' }, AGENT);
    expect(made).toMatchObject({ initialContactId: CALL, to: 'colleague', toAgentId: COLLEAGUE });
    expect(await assignments.assignmentOf(CALL, made.contactId)).toEqual({
      agentId: COLLEAGUE,
      connectedAt: TRANSFERRED,
    });
  });

  it.each([
    ['a supervisor (no agent)', { contactId: CALL, to: 'supervisor' }, AGENT, 'not_an_agent'],
    ['an unknown user', { contactId: CALL, to: 'nobody' }, AGENT, 'not_an_agent'],
    ['oneself', { contactId: CALL, to: 'agent' }, AGENT, 'to_yourself'],
    [
      'a user without a Connect identity',
      { contactId: CALL, to: 'colleague' },
      undefined,
      'no_connect_identity',
    ],
    ['a colleague, of the agent’s contact', { contactId: CALL, to: 'agent' }, COLLEAGUE, 'not_your_contact'],
  ])('refuses a transfer to %s, and the call stays with its agent', async (_case, request, by, reason) => {
    const { assignments, transfers } = transfersOn();
    expect(refusalOf(() => transfers.transfer(request, by))).toBe(reason);
    expect(await assignments.assignmentOf(CALL)).toEqual({ agentId: AGENT, connectedAt: PLACED });
  });

  it.each([
    ['no contact id', { to: 'colleague' }],
    ['a contact id of another shape', { contactId: 'a/b', to: 'colleague' }],
    ['no target', { contactId: CALL, to: '' }],
    ['a field it does not know', { contactId: CALL, to: 'colleague', queue: 'urgent' }],
    ['no object', 'colleague'],
  ])('refuses a request with %s as invalid, naming why', async (_case, request) => {
    const { assignments, transfers } = transfersOn();
    expect(() => transfers.transfer(request, AGENT)).toThrow(InvalidTransferError);
    expect(await assignments.assignmentOf(CALL)).toEqual({ agentId: AGENT, connectedAt: PLACED });
  });
});

import type { AgentState } from '@amazon-connect/contact';
import { describe, expect, it, vi } from 'vitest';
import { answerRequest, type RequestContext } from '../../web/src/workspace-host/contact-requests.ts';
import {
  defaultAgentProfile,
  type HostedContact,
  instanceArnOf,
} from '../../web/src/workspace-host/workspace-model.ts';

const NAMESPACE = 'aws.connect.contact';
const INSTANCE_ARN = instanceArnOf('eu-central-1', 'instance-1');
const QUEUED_AT = new Date('2026-12-02T09:00:00.000Z');

const aContact = (overrides: Partial<HostedContact> = {}): HostedContact => ({
  contactId: 'contact-1',
  initialContactId: 'contact-0',
  channel: { type: 'voice', subtype: 'connect:Telephony' },
  attributes: { riskLevel: 'critical', language: 'de' },
  queue: { name: 'urgent', queueId: 'urgent', queueARN: `${INSTANCE_ARN}/queue/urgent` },
  queueTimestamp: QUEUED_AT,
  stage: 'incoming',
  stageSince: 1_000,
  ...overrides,
});

const aContext = (contacts: HostedContact[] = [aContact()], scopeContactId?: string): RequestContext => {
  const agent = defaultAgentProfile(INSTANCE_ARN);
  return {
    agent,
    contacts: new Map(contacts.map((contact) => [contact.contactId, contact])),
    scopeContactId,
    region: 'eu-central-1',
    instanceOrigin: 'http://127.0.0.1:5173',
    now: () => 4_000,
    agentState: (): AgentState => ({ name: 'Available', type: 'routable' }),
    changeAgentState: (target) => ({ status: 'updated', current: target }),
    accept: vi.fn(),
    clear: vi.fn(),
  };
};

const ask = (command: string, data: unknown, context = aContext()) =>
  answerRequest(NAMESPACE, command, data, context);

describe('the local workspace host answering ContactClient requests', () => {
  it('answers with the fields the client unwraps', () => {
    // Act + Assess
    expect(ask('contact/getInitialContactId', { contactId: 'contact-1' })).toEqual({
      ok: true,
      data: { initialContactId: 'contact-0' },
    });
    expect(ask('contact/getType', { contactId: 'contact-1' })).toEqual({ ok: true, data: { type: 'voice' } });
    expect(ask('contact/getStateDuration', { contactId: 'contact-1' })).toEqual({
      ok: true,
      data: { stateDuration: 3_000 },
    });
    expect(ask('contact/getQueueTimestamp', { contactId: 'contact-1' })).toEqual({
      ok: true,
      data: { queueTimestamp: QUEUED_AT },
    });
  });

  it('answers the whole record, or only the attributes asked for', () => {
    // Act + Assess
    expect(ask('contact/getAttributes', { contactId: 'contact-1', attributes: '*' })).toEqual({
      ok: true,
      data: { riskLevel: 'critical', language: 'de' },
    });
    expect(
      ask('contact/getAttributes', { contactId: 'contact-1', attributes: ['riskLevel', 'absent'] }),
    ).toEqual({ ok: true, data: { riskLevel: 'critical' } });
  });

  it('takes no contact id, or CURRENT_CONTACT, as the contact the app was opened for', () => {
    // Prepare
    const context = aContext([aContact()], 'contact-1');
    // Act + Assess
    expect(ask('contact/getType', { contactId: 'CURRENT_CONTACT' }, context)).toEqual({
      ok: true,
      data: { type: 'voice' },
    });
    expect(ask('contact/getType', {}, context)).toEqual({ ok: true, data: { type: 'voice' } });
  });

  it("answers a contact this agent does not have with the SDK's noResult error", () => {
    // Act + Assess
    expect(ask('contact/getType', { contactId: 'contact-of-another-agent' })).toEqual({
      ok: false,
      error: { errorKey: 'noResult', reason: 'No Result Found' },
    });
    expect(ask('contact/getType', {}, aContext([aContact()], undefined))).toMatchObject({
      ok: false,
      error: { errorKey: 'noResult' },
    });
  });

  it("answers a command it does not serve, or another namespace, with the SDK's handlerNotFound error", () => {
    // Act + Assess
    const notFound = { ok: false, error: { errorKey: 'handlerNotFound', reason: 'No handler for command' } };
    expect(ask('contact/listParticipants', { contactId: 'contact-1' })).toEqual(notFound);
    expect(
      answerRequest('aws.connect.voice', 'contact/getType', { contactId: 'contact-1' }, aContext()),
    ).toEqual(notFound);
  });

  it('accepts an incoming contact only, and clears one in after-contact work', () => {
    // Prepare
    const context = aContext([
      aContact(),
      aContact({ contactId: 'contact-2', stage: 'connected' }),
      aContact({ contactId: 'contact-3', stage: 'acw' }),
    ]);
    // Act
    const accepted = ask('contact/accept', { contactId: 'contact-1' }, context);
    const refused = ask('contact/accept', { contactId: 'contact-2' }, context);
    const cleared = ask('contact/clear', { contactId: 'contact-3' }, context);
    // Assess
    expect(accepted).toEqual({ ok: true, data: undefined });
    expect(context.accept).toHaveBeenCalledExactlyOnceWith('contact-1');
    expect(refused).toMatchObject({ ok: false, error: { errorKey: 'invalidContactState' } });
    expect(cleared).toEqual({ ok: true, data: undefined });
    expect(context.clear).toHaveBeenCalledExactlyOnceWith('contact-3');
  });
});

describe('the local workspace host answering AgentClient requests', () => {
  it('answers the agent, its routing profile and its states in the SDK types', () => {
    // Prepare
    const context = aContext();
    // Act + Assess
    expect(ask('agent/getARN', undefined, context)).toEqual({
      ok: true,
      data: { ARN: `${INSTANCE_ARN}/agent/local-agent` },
    });
    expect(ask('agent/getName', undefined, context)).toEqual({ ok: true, data: { name: 'local-agent' } });
    expect(ask('agent/getChannelConcurrency', undefined, context)).toEqual({
      ok: true,
      data: { voice: 1, chat: 0, task: 0, email: 0 },
    });
    expect(ask('agent/getRoutingProfile', undefined, context)).toMatchObject({
      ok: true,
      data: { name: 'Basic Routing Profile', queues: [{ name: 'BasicQueue' }] },
    });
    expect(ask('agent/listAvailabilityStates', undefined, context)).toMatchObject({
      ok: true,
      data: [
        { name: 'Available', type: 'routable' },
        { name: 'Break', type: 'not_routable' },
        { name: 'Offline', type: 'offline' },
      ],
    });
  });

  it('changes the agent state by name, ARN or to offline, and refuses a state the agent lacks', () => {
    // Prepare
    const context = aContext();
    const changeAgentState = vi.spyOn(context, 'changeAgentState');
    // Act
    ask('agent/setAvailabilityStateByName', { agentStateName: 'Break' }, context);
    ask('agent/setAvailabilityState', { agentStateARN: `${INSTANCE_ARN}/agent-state/available` }, context);
    ask('agent/setOffline', {}, context);
    const unknown = ask('agent/setAvailabilityStateByName', { agentStateName: 'Lunch' }, context);
    // Assess
    expect(changeAgentState.mock.calls.map(([state]) => state.name)).toEqual([
      'Break',
      'Available',
      'Offline',
    ]);
    expect(unknown).toMatchObject({ ok: false, error: { errorKey: 'noResult' } });
  });
});

import { ConnectClient, DescribeContactCommand, ResourceNotFoundException } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectContactAssignments } from '../../shared/adapters/connect/contact-assignments.ts';
import type { CallerContext } from '../../shared/domain/caller-context.ts';
import {
  type Actor,
  contactAccess,
  correctionAccess,
  DEFAULT_ACCESS_WINDOWS,
} from '../../shared/domain/contact-access.ts';
import { AccessRefusedError } from '../../shared/domain/errors.ts';
import type { RecordedOutcome } from '../../shared/domain/outcomes.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import type { AuditEntry } from '../../shared/ports/audit-trail.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import type { ContactAssignments } from '../../shared/ports/contact-assignments.ts';
import { type DeskRequest, makeAgentDesk } from '../../shared/use-cases/agent-desk.ts';
import type { ContextReadOptions } from '../../shared/use-cases/caller-context.ts';
import { aTenancyFile } from '../fixtures/tenancy-files.ts';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

const AGENT: Actor = { subject: 'sub-agent', groups: ['agents'], connectUserId: 'connect-agent' };
const COLLEAGUE: Actor = { subject: 'sub-colleague', groups: ['agents'], connectUserId: 'connect-colleague' };
const SUPERVISOR: Actor = { subject: 'sub-lead', groups: ['supervisors'] };
const UNMAPPED: Actor = { subject: 'sub-new', groups: ['agents'] };

describe('contact access: an agent sees the callers they serve', () => {
  const theirs = { agentId: 'connect-agent', connectedAt: minutesAgo(10) };

  it.each([
    ['its agent while on the call', AGENT, theirs, true],
    ['its agent 119 minutes after it ended', AGENT, { ...theirs, endedAt: minutesAgo(119) }, true],
    ['a supervisor, whoever served it', SUPERVISOR, theirs, true],
    ['a supervisor, a contact Connect does not know', SUPERVISOR, undefined, true],
  ])('admits %s', (_who, actor, assignment, _ok) => {
    expect(contactAccess(actor, assignment, NOW, DEFAULT_ACCESS_WINDOWS)).toEqual({ ok: true });
  });

  it.each([
    ['another agent', COLLEAGUE, theirs, 'not_your_contact'],
    ['an agent, a contact nobody answered', AGENT, { agentId: undefined }, 'not_your_contact'],
    ['an agent, a contact Connect does not know', AGENT, undefined, 'not_your_contact'],
    ['an agent without a Connect identity', UNMAPPED, theirs, 'no_connect_identity'],
    [
      'its agent 121 minutes after it ended',
      AGENT,
      { ...theirs, endedAt: minutesAgo(121) },
      'access_window_closed',
    ],
  ] as const)('refuses %s, with the reason', (_who, actor, assignment, reason) => {
    expect(contactAccess(actor, assignment, NOW, DEFAULT_ACCESS_WINDOWS)).toEqual({ ok: false, reason });
  });

  it('corrects an outcome: its recorder within the window, a supervisor always, nobody else', () => {
    const recent = { recordedBy: AGENT.subject, recordedAt: minutesAgo(60).toISOString() };
    const old = { recordedBy: AGENT.subject, recordedAt: minutesAgo(24 * 60 + 1).toISOString() };
    expect(correctionAccess(AGENT, recent, NOW, DEFAULT_ACCESS_WINDOWS)).toEqual({ ok: true });
    expect(correctionAccess(COLLEAGUE, recent, NOW, DEFAULT_ACCESS_WINDOWS)).toEqual({
      ok: false,
      reason: 'not_your_outcome',
    });
    expect(correctionAccess(AGENT, old, NOW, DEFAULT_ACCESS_WINDOWS)).toEqual({
      ok: false,
      reason: 'correction_window_closed',
    });
    expect(correctionAccess(SUPERVISOR, old, NOW, DEFAULT_ACCESS_WINDOWS)).toEqual({ ok: true });
  });
});

describe('Connect contact assignments (DescribeContact)', () => {
  const connect = mockClient(ConnectClient);
  beforeEach(() => connect.reset());
  const assignments = () =>
    new ConnectContactAssignments(new ConnectClient({ region: 'eu-central-1' }), 'inst-1');

  it('reads the agent, the connect time and the end of after-contact work as the end', async () => {
    // Prepare: the response shape of DescribeContact (API_DescribeContact.html, API_AgentInfo.html)
    connect.on(DescribeContactCommand).resolves({
      Contact: {
        Id: 'c-1',
        InitialContactId: 'c-1',
        Channel: 'VOICE',
        InitiationMethod: 'INBOUND',
        InitiationTimestamp: new Date('2026-11-25T10:00:00Z'),
        DisconnectTimestamp: new Date('2026-11-25T10:09:00Z'),
        AgentInfo: {
          Id: 'connect-agent',
          ConnectedToAgentTimestamp: new Date('2026-11-25T10:01:00Z'),
          AfterContactWorkEndTimestamp: new Date('2026-11-25T10:14:00Z'),
        },
      },
    });
    // Act
    const assignment = await assignments().assignmentOf('c-1');
    // Assess
    expect(connect).toHaveReceivedCommandWith(DescribeContactCommand, {
      InstanceId: 'inst-1',
      ContactId: 'c-1',
    });
    expect(assignment).toEqual({
      agentId: 'connect-agent',
      connectedAt: new Date('2026-11-25T10:01:00Z'),
      endedAt: new Date('2026-11-25T10:14:00Z'),
    });
  });

  it('keeps a contact still on the line open (no end), and a contact nobody answered without agent', async () => {
    connect.on(DescribeContactCommand).resolves({ Contact: { Id: 'c-2', AgentInfo: undefined } });
    expect(await assignments().assignmentOf('c-2')).toEqual({
      agentId: undefined,
      connectedAt: undefined,
      endedAt: undefined,
    });
  });

  it('asks about the held contact of a transfer, and only if it belongs to this call', async () => {
    connect.on(DescribeContactCommand, { ContactId: 't-1' }).resolves({
      Contact: { Id: 't-1', InitialContactId: 'c-1', AgentInfo: { Id: 'connect-colleague' } },
    });
    connect.on(DescribeContactCommand, { ContactId: 't-other' }).resolves({
      Contact: { Id: 't-other', InitialContactId: 'c-9', AgentInfo: { Id: 'connect-colleague' } },
    });
    expect((await assignments().assignmentOf('c-1', 't-1'))?.agentId).toBe('connect-colleague');
    // A contact of another call held up as this one's: nobody's.
    expect(await assignments().assignmentOf('c-1', 't-other')).toBeUndefined();
  });

  it('answers none for a contact Connect does not know, and passes other failures on', async () => {
    connect
      .on(DescribeContactCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'no such contact', $metadata: {} }))
      .rejectsOnce(new Error('throttled'));
    expect(await assignments().assignmentOf('c-3')).toBeUndefined();
    await expect(assignments().assignmentOf('c-3')).rejects.toThrow('throttled');
  });
});

describe('agent desk: access, audit and the identity check around the use cases', () => {
  const FILE = aTenancyFile({ tenancyId: '100200300' });
  const CONTEXT: CallerContext = {
    contactId: 'c-1',
    identification: { status: 'found', method: 'phone', matchCount: 1 },
    tenancy: FILE.tenancy,
    risk: { level: 'high', reasons: ['arrears_months'] },
    calls: [],
    hints: [],
  };
  const stored = (over: Partial<RecordedOutcome> = {}): RecordedOutcome => ({
    contactId: 'c-1',
    revision: 1,
    codes: ['information_only'],
    recordedAt: minutesAgo(30).toISOString(),
    recordedBy: AGENT.subject,
    requestIds: [],
    ...over,
  });

  const setUp = (options: { outcome?: RecordedOutcome; confirmed?: boolean } = {}) => {
    const entries: AuditEntry[] = [];
    let confirmed = options.confirmed ?? false;
    const assignments: ContactAssignments = {
      assignmentOf: vi.fn(async () => ({ agentId: 'connect-agent', connectedAt: minutesAgo(5) })),
    };
    const deps = {
      calls: {
        findWithOutcome: vi.fn(async () => ({
          call: { contactId: 'c-1', expiresAt: 2e9, timeline: {} as never },
          outcome: options.outcome,
        })),
        confirmIdentity: vi.fn(async () => {
          confirmed = true;
        }),
      },
      assignments,
      audit: { record: vi.fn(async (entry: AuditEntry) => void entries.push(entry)) },
      clock: fixedClock(NOW),
      windows: DEFAULT_ACCESS_WINDOWS,
      getCallerContext: vi.fn(async (_contactId: string, _options?: ContextReadOptions) =>
        confirmed ? { ...CONTEXT, identityConfirmed: { by: AGENT.subject, at: NOW.toISOString() } } : CONTEXT,
      ),
      attachTenancy: vi.fn(async () => CONTEXT),
      findCandidates: vi.fn(async () => ({ kind: 'too_many' as const })),
      recordOutcome: vi.fn(async () => ({
        outcome: stored({ revision: options.outcome ? options.outcome.revision + 1 : 1 }),
        written: true,
        contactAttributes: 'updated' as const,
        tenancyId: '100200300' as TenancyId,
      })),
    };
    return { desk: makeAgentDesk(deps), deps, entries };
  };
  const asking = (actor: Actor, route = 'GET /api/contacts/{contactId}/context'): DeskRequest => ({
    actor,
    route,
    contactId: 'c-1',
  });

  it("reads the agent's own contact, withheld until the identity check, and audits the read with ids only", async () => {
    // Prepare
    const { desk, entries } = setUp();
    // Act
    const shown = await desk.context(asking(AGENT));
    // Assess
    expect(shown.withheld).toBe(true);
    expect(entries).toEqual([
      {
        action: 'context_read',
        subject: AGENT.subject,
        groups: ['agents'],
        contactId: 'c-1',
        tenancyId: '100200300',
        route: 'GET /api/contacts/{contactId}/context',
        at: NOW,
      },
    ]);
  });

  it("refuses another agent's contact, lets the read beside the check write nothing, and records nothing", async () => {
    const { desk, deps, entries } = setUp();
    await expect(desk.context(asking(COLLEAGUE))).rejects.toEqual(new AccessRefusedError('not_your_contact'));
    // The read may start beside the access check, but what it may write waits for the refusal.
    const writable = deps.getCallerContext.mock.calls[0]?.[1]?.writable;
    await expect(writable).rejects.toEqual(new AccessRefusedError('not_your_contact'));
    expect(entries).toEqual([]);
  });

  it('lets a supervisor read any contact, whole, without asking Connect', async () => {
    const { desk, deps } = setUp();
    const shown = await desk.context(asking(SUPERVISOR));
    expect(shown.withheld).toBe(false);
    expect(deps.assignments.assignmentOf).not.toHaveBeenCalled();
  });

  it('shows nothing when the audit trail cannot be written', async () => {
    const { desk, deps } = setUp();
    deps.audit.record.mockRejectedValueOnce(new Error('audit table unavailable'));
    await expect(desk.context(asking(AGENT))).rejects.toThrow('audit table unavailable');
  });

  it('confirms the identity on the call, audits it, and then shows the whole file', async () => {
    // Prepare
    const { desk, deps, entries } = setUp();
    // Act
    const shown = await desk.confirmIdentity(asking(AGENT, 'POST /api/contacts/{contactId}/identity'));
    // Assess
    expect(deps.calls.confirmIdentity).toHaveBeenCalledWith('c-1', {
      by: AGENT.subject,
      at: NOW.toISOString(),
    });
    expect(shown.withheld).toBe(false);
    expect(entries.map((entry) => entry.action)).toEqual(['identity_confirmed', 'context_read']);
  });

  it('lets only the contact’s agent record a first outcome', async () => {
    const { desk, entries } = setUp();
    await expect(
      desk.recordOutcome(asking(COLLEAGUE), { outcome: { codes: ['information_only'] } }),
    ).rejects.toEqual(new AccessRefusedError('not_your_contact'));
    await desk.recordOutcome(asking(AGENT), { outcome: { codes: ['information_only'] } });
    expect(entries.map((entry) => [entry.action, entry.tenancyId])).toEqual([
      ['outcome_recorded', '100200300'],
    ]);
  });

  it('lets a correction through for its recorder (audited as a correction), not for another agent', async () => {
    const { desk, deps, entries } = setUp({ outcome: stored() });
    // The colleague is no longer asked about the assignment: the outcome's author decides.
    await expect(
      desk.recordOutcome(asking(COLLEAGUE), { outcome: { codes: ['information_only'] } }),
    ).rejects.toEqual(new AccessRefusedError('not_your_outcome'));
    expect(deps.recordOutcome).not.toHaveBeenCalled();
    await desk.recordOutcome(asking(AGENT), { outcome: { codes: ['information_only'] } });
    expect(entries.map((entry) => entry.action)).toEqual(['outcome_corrected']);
  });

  it('refuses its recorder a correction after the window, and lets a supervisor correct it', async () => {
    const { desk, entries } = setUp({ outcome: stored({ recordedAt: minutesAgo(25 * 60).toISOString() }) });
    await expect(
      desk.recordOutcome(asking(AGENT), { outcome: { codes: ['information_only'] } }),
    ).rejects.toEqual(new AccessRefusedError('correction_window_closed'));
    await desk.recordOutcome(asking(SUPERVISOR), { outcome: { codes: ['information_only'] } });
    expect(entries).toEqual([
      expect.objectContaining({ action: 'outcome_corrected', subject: SUPERVISOR.subject }),
    ]);
  });

  it('audits a search without a tenancy, and an attach under the tenancy chosen', async () => {
    const { desk, entries } = setUp();
    await desk.findCandidates(asking(AGENT), { name: 'Maria Testerin', postalCode: '1100' });
    await desk.attachTenancy(asking(AGENT), '100200300' as TenancyId);
    expect(entries.map((entry) => [entry.action, entry.tenancyId])).toEqual([
      ['candidates_searched', undefined],
      ['tenancy_attached', '100200300'],
      ['context_read', '100200300'],
    ]);
  });
});

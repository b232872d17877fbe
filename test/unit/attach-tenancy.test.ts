import { describe, expect, it } from 'vitest';
import {
  ContactNotFoundError,
  TenancyConflictError,
  TenancyNotFoundError,
} from '../../shared/domain/errors.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../shared/domain/risk.ts';
import type { IsoDate, TenancyId } from '../../shared/domain/tenancy.ts';
import type { CallRecord } from '../../shared/ports/call-records.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { makeAttachTenancy } from '../../shared/use-cases/attach-tenancy.ts';
import { makeGetCallerContext } from '../../shared/use-cases/caller-context.ts';
import { aTenancyFile } from '../fixtures/tenancy-files.ts';
import {
  aCallRecord,
  fakeCalls,
  fakeContactAttributes,
  fakeDirectory,
  fakeOutcomeStore,
} from '../support/agent-api-fakes.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const NOW = '2026-11-25T10:00:00Z';
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
/** Two tenancies behind one number; the first has an eviction in a week. */
const SHARED_A = aTenancyFile({
  tenancyId: '100200302',
  cases: [
    { caseId: 'C-302', stage: 'eviction_scheduled', evictionDate: '2026-12-02' as IsoDate, arrearsEur: 900 },
  ],
});
const SHARED_B = aTenancyFile({ tenancyId: '100200303' });
const KNOWN = aTenancyFile({ tenancyId: '100200300' });
const PHONES: Record<string, readonly TenancyId[]> = {
  'hash-shared': [SHARED_A.tenancy.tenancyId, SHARED_B.tenancy.tenancyId],
  'hash-known': [KNOWN.tenancy.tenancyId],
};

const logs = captureLogsOfEachTest();

const setUp = (call: Partial<CallRecord> = { callerPhoneHash: 'hash-shared' }) => {
  const calls = fakeCalls([aCallRecord({ contactId: CONTACT, ...call })]);
  const directory = fakeDirectory([SHARED_A, SHARED_B, KNOWN], PHONES);
  const outcomes = fakeOutcomeStore(calls);
  const clock = fixedClock(NOW);
  const getCallerContext = makeGetCallerContext({
    calls,
    directory,
    outcomes,
    clock,
    thresholds: DEFAULT_RISK_THRESHOLDS,
    contactAttributes: fakeContactAttributes(),
  });
  const attach = makeAttachTenancy({ calls, directory, clock, getCallerContext });
  return { calls, outcomes, attach, getCallerContext };
};

const tenancy = (id: string) => id as TenancyId;

describe('attach tenancy: a caller the flow did not find', () => {
  it("offers the shared number's tenancies as candidates, then takes the one the agent chose", async () => {
    // Prepare
    const { attach, getCallerContext, calls } = setUp();
    // Act
    const before = await getCallerContext(CONTACT);
    const after = await attach({ contactId: CONTACT, tenancyId: tenancy('100200302') });
    // Assess
    expect(before.identification).toEqual({ status: 'ambiguous', method: 'none', matchCount: 2 });
    expect(before.candidates?.map((candidate) => candidate.tenancyId)).toEqual(['100200302', '100200303']);
    expect(after.identification).toEqual({ status: 'found', method: 'agent', matchCount: 1 });
    expect(after.candidates).toBeUndefined();
    expect(after.tenancy?.tenancyId).toBe('100200302');
    expect(after.risk.level).toBe('critical');
    expect(after.hints.map((hint) => hint.id)).toContain('housing_allowance');
    expect(after.calls.map((call) => call.contactId)).toEqual([CONTACT]);
    expect(calls.attachAgentTenancy).toHaveBeenCalledTimes(1);
    expect(calls.byId.get(CONTACT)?.filing).toEqual({ tenancyId: '100200302' });
  });

  it.each([
    ['an unknown number', { callerPhoneHash: 'hash-nobody' }],
    ['a withheld number', { callerPhoneHash: undefined }],
    [
      'a tenancy number keyed in that is nobody’s',
      { callerPhoneHash: undefined, keyedTenancyId: tenancy('999999999') },
    ],
  ])('attaches a tenancy to a call from %s', async (_case, call) => {
    const { attach } = setUp(call);
    const context = await attach({ contactId: CONTACT, tenancyId: tenancy('100200303') });
    expect(context.identification.method).toBe('agent');
    expect(context.tenancy?.tenancyId).toBe('100200303');
  });

  it('writes nothing on a repeat', async () => {
    const { attach, calls } = setUp();
    await attach({ contactId: CONTACT, tenancyId: tenancy('100200302') });
    const again = await attach({ contactId: CONTACT, tenancyId: tenancy('100200302') });
    expect(again.tenancy?.tenancyId).toBe('100200302');
    expect(calls.attachAgentTenancy).toHaveBeenCalledTimes(1);
  });

  it('lets the agent correct the choice, replacing the one before', async () => {
    const { attach, calls } = setUp();
    await attach({ contactId: CONTACT, tenancyId: tenancy('100200302') });
    const corrected = await attach({ contactId: CONTACT, tenancyId: tenancy('100200303') });
    expect(corrected.tenancy?.tenancyId).toBe('100200303');
    expect(calls.attachAgentTenancy).toHaveBeenLastCalledWith(CONTACT, '100200303', {
      replaces: '100200302',
    });
  });

  it("refuses to move a call whose outcome closed the chosen tenancy's case, writing nothing", async () => {
    // Prepare
    const { attach, outcomes, calls } = setUp();
    await attach({ contactId: CONTACT, tenancyId: tenancy('100200302') });
    outcomes.currentById.set(CONTACT, {
      contactId: CONTACT,
      revision: 1,
      codes: ['fund_application'],
      caseResolution: 'housing_secured',
      caseId: 'C-302',
      recordedAt: NOW,
      recordedBy: 'agent-sub',
      requestIds: [],
    });
    // Act
    const attempt = attach({ contactId: CONTACT, tenancyId: tenancy('100200303') });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(TenancyConflictError);
    expect(calls.attachAgentTenancy).toHaveBeenCalledTimes(1);
  });
});

describe('attach tenancy: refusals', () => {
  it('refuses a tenancy number that is not in the read model, writing nothing', async () => {
    const { attach, calls } = setUp();
    await expect(attach({ contactId: CONTACT, tenancyId: tenancy('777777777') })).rejects.toBeInstanceOf(
      TenancyNotFoundError,
    );
    expect(calls.attachAgentTenancy).not.toHaveBeenCalled();
  });

  it('refuses a contact no call is logged under', async () => {
    const { attach } = setUp();
    await expect(
      attach({ contactId: 'no-such-call', tenancyId: tenancy('100200302') }),
    ).rejects.toBeInstanceOf(ContactNotFoundError);
  });

  it('refuses another tenancy for a caller their own number found, and takes that one as a no-op', async () => {
    // Prepare
    const { attach, calls } = setUp({ callerPhoneHash: 'hash-known' });
    // Act
    const other = attach({ contactId: CONTACT, tenancyId: tenancy('100200302') });
    const same = await attach({ contactId: CONTACT, tenancyId: tenancy('100200300') });
    // Assess
    await expect(other).rejects.toBeInstanceOf(TenancyConflictError);
    expect(same.identification).toEqual({ status: 'found', method: 'phone', matchCount: 1 });
    expect(calls.attachAgentTenancy).not.toHaveBeenCalled();
  });

  it('refuses another tenancy for a caller the tenancy number keyed in found', async () => {
    const { attach } = setUp({ callerPhoneHash: 'hash-shared', keyedTenancyId: tenancy('100200303') });
    await expect(attach({ contactId: CONTACT, tenancyId: tenancy('100200302') })).rejects.toBeInstanceOf(
      TenancyConflictError,
    );
  });

  it('logs no tenancy, name or address', async () => {
    const { attach } = setUp();
    await attach({ contactId: CONTACT, tenancyId: tenancy('100200302') });
    expect(logs.text()).toContain('caller tenancy attached');
    expect(logs.text()).not.toMatch(/100200302|Testerin|Testgasse/);
    // Each line (the attachment, then the context served) says which call it is about.
    const lines = logs.entries();
    expect(lines.map((line) => line.message)).toEqual(['caller tenancy attached', 'caller context served']);
    for (const line of lines) expect(line.contactId).toBe(CONTACT);
  });
});

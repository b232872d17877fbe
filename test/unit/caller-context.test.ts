import { describe, expect, it, vi } from 'vitest';
import { callResultOf, deriveTimeline } from '../../shared/domain/call-timeline.ts';
import { ContactNotFoundError } from '../../shared/domain/errors.ts';
import type { RecordedOutcome } from '../../shared/domain/outcomes.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../shared/domain/risk.ts';
import type { IsoDate, TenancyFile, TenancyId } from '../../shared/domain/tenancy.ts';
import type { CallRecord } from '../../shared/ports/call-records.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { makeGetCallerContext } from '../../shared/use-cases/caller-context.ts';
import { aTenancyFile, listedTenancyOf } from '../fixtures/tenancy-files.ts';
import {
  aCallRecord,
  fakeCalls,
  fakeContactAttributes,
  fakeDirectory,
  fakeOutcomeStore,
  filedUnder,
} from '../support/agent-api-fakes.ts';

const NOW = '2026-11-25T10:00:00Z'; // a Wednesday morning in Vienna
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const KNOWN = aTenancyFile({
  tenancyId: '100200300',
  cases: [{ caseId: 'C-7', stage: 'lawsuit', arrearsEur: 1800, monthsInArrears: 4 }],
});
const OTHER = aTenancyFile({ tenancyId: '100200301' });
const SHARED_A = aTenancyFile({ tenancyId: '100200302' });
const SHARED_B = aTenancyFile({ tenancyId: '100200303' });
const FILES = [KNOWN, OTHER, SHARED_A, SHARED_B];
const PHONES: Record<string, readonly TenancyId[]> = {
  'hash-known': [KNOWN.tenancy.tenancyId],
  'hash-shared': [SHARED_A.tenancy.tenancyId, SHARED_B.tenancy.tenancyId],
};

const setUp = (
  options: {
    calls?: CallRecord[];
    files?: TenancyFile[];
    now?: string;
    flowAttributes?: Record<string, Record<string, string>>;
    connectFails?: boolean;
  } = {},
) => {
  const calls = fakeCalls(
    options.calls ?? [aCallRecord({ contactId: CONTACT, callerPhoneHash: 'hash-known' })],
  );
  const directory = fakeDirectory(options.files ?? FILES, PHONES);
  const outcomes = fakeOutcomeStore(calls);
  const getContext = makeGetCallerContext({
    calls,
    directory,
    outcomes,
    clock: fixedClock(options.now ?? NOW),
    thresholds: DEFAULT_RISK_THRESHOLDS,
    contactAttributes: fakeContactAttributes({
      flowAttributes: options.flowAttributes,
      fails: options.connectFails,
    }),
  });
  return { calls, directory, outcomes, getContext };
};

describe('caller context: who is calling', () => {
  it('identifies the caller by the number they called from', async () => {
    // Prepare
    const { getContext } = setUp();
    // Act
    const context = await getContext(CONTACT);
    // Assess
    expect(context.identification).toEqual({ status: 'found', method: 'phone', matchCount: 1 });
    expect(context.tenancy).toEqual(listedTenancyOf(KNOWN.tenancy));
    expect(context.openCase).toMatchObject({ caseId: 'C-7', stage: 'lawsuit', arrearsEur: 1800 });
  });

  it('prefers the tenancy number keyed in over the number', async () => {
    const { getContext } = setUp({
      calls: [
        aCallRecord({
          contactId: CONTACT,
          callerPhoneHash: 'hash-known',
          keyedTenancyId: OTHER.tenancy.tenancyId,
        }),
      ],
    });
    const context = await getContext(CONTACT);
    expect(context.identification).toEqual({ status: 'found', method: 'keypad', matchCount: 1 });
    expect(context.tenancy?.tenancyId).toBe(OTHER.tenancy.tenancyId);
  });

  it('falls back to the number when the keyed tenancy number is not in the read model', async () => {
    const { getContext } = setUp({
      calls: [
        aCallRecord({
          contactId: CONTACT,
          callerPhoneHash: 'hash-known',
          keyedTenancyId: '999999999' as TenancyId,
        }),
      ],
    });
    const context = await getContext(CONTACT);
    expect(context.identification).toEqual({ status: 'found', method: 'phone', matchCount: 1 });
  });

  it('shows only who the caller may be when a shared number was not resolved on the keypad', async () => {
    // Prepare
    const { getContext, calls } = setUp({
      calls: [aCallRecord({ contactId: CONTACT, callerPhoneHash: 'hash-shared' })],
    });
    // Act
    const context = await getContext(CONTACT);
    // Assess
    expect(context.identification).toEqual({ status: 'ambiguous', method: 'none', matchCount: 2 });
    expect(context.candidates).toEqual([
      listedTenancyOf(SHARED_A.tenancy),
      listedTenancyOf(SHARED_B.tenancy),
    ]);
    expect(context).toMatchObject({ tenancy: undefined, openCase: undefined, calls: [], hints: [] });
    expect(context.risk).toEqual({ level: 'normal', reasons: [] });
    expect(calls.attachTenancy).not.toHaveBeenCalled();
    expect(calls.listFiledUnder).not.toHaveBeenCalled();
  });

  it('resolves a shared number by the tenancy number keyed in', async () => {
    const { getContext } = setUp({
      calls: [
        aCallRecord({
          contactId: CONTACT,
          callerPhoneHash: 'hash-shared',
          keyedTenancyId: SHARED_B.tenancy.tenancyId,
        }),
      ],
    });
    const context = await getContext(CONTACT);
    expect(context.identification.status).toBe('found');
    expect(context.tenancy?.tenancyId).toBe(SHARED_B.tenancy.tenancyId);
  });

  it('reports an unknown number as not found and a withheld one as no number', async () => {
    const unknown = setUp({ calls: [aCallRecord({ contactId: CONTACT, callerPhoneHash: 'hash-nobody' })] });
    const withheld = setUp({ calls: [aCallRecord({ contactId: CONTACT, callerPhoneHash: undefined })] });
    expect((await unknown.getContext(CONTACT)).identification).toEqual({
      status: 'not_found',
      method: 'none',
      matchCount: 0,
    });
    expect((await withheld.getContext(CONTACT)).identification.status).toBe('no_number');
  });

  it('refuses a contact id no call is logged under', async () => {
    const { getContext } = setUp();
    await expect(getContext('no-such-contact')).rejects.toBeInstanceOf(ContactNotFoundError);
  });

  it('refuses a call past its retention even before TTL removed it', async () => {
    const { getContext } = setUp({
      calls: [aCallRecord({ contactId: CONTACT, expiresAt: Math.floor(Date.parse(NOW) / 1000) - 1 })],
    });
    await expect(getContext(CONTACT)).rejects.toBeInstanceOf(ContactNotFoundError);
  });
});

describe('caller context: the tenancy', () => {
  it('writes nothing for a call identify-caller filed under the number that found the caller', async () => {
    // Prepare
    const { getContext, calls, directory } = setUp({
      calls: [
        aCallRecord({
          contactId: CONTACT,
          callerPhoneHash: 'hash-known',
          filing: { phoneHash: 'hash-known' },
        }),
      ],
    });
    // Act
    const context = await getContext(CONTACT);
    // Assess
    expect(context.calls.map((entry) => entry.contactId)).toEqual([CONTACT]);
    expect(calls.attachTenancy).not.toHaveBeenCalled();
    expect(directory.ownPhoneHashes).toHaveBeenCalledWith(
      expect.objectContaining({ tenancy: listedTenancyOf(KNOWN.tenancy) }),
      { knownOwn: 'hash-known' },
    );
  });

  it("asks which numbers are the tenancy's own and what is filed under each at once, not one after the other", async () => {
    // Prepare: the directory's answer held back until the calls' listing was asked for.
    const { getContext, calls, directory } = setUp();
    let release: (own: readonly string[]) => void = () => undefined;
    directory.ownPhoneHashes.mockImplementationOnce(
      () => new Promise<readonly string[]>((resolve) => (release = resolve)),
    );
    // Act
    const context = getContext(CONTACT);
    await vi.waitFor(() => expect(directory.ownPhoneHashes).toHaveBeenCalled());
    // Assess
    expect(calls.listFiledUnder).toHaveBeenCalledWith(
      expect.objectContaining({ tenancyId: KNOWN.tenancy.tenancyId }),
      { limit: 10 },
    );
    release(['hash-known']);
    expect((await context).identification.status).toBe('found');
  });

  it('files the call under the tenancy when its filing would not find it, and only once', async () => {
    // Prepare: a tenancy number keyed in that is nobody's, then found by the number.
    const { getContext, calls } = setUp({
      calls: [
        aCallRecord({
          contactId: CONTACT,
          callerPhoneHash: 'hash-known',
          keyedTenancyId: '999999999' as TenancyId,
          filing: filedUnder('999999999'),
        }),
      ],
    });
    // Act
    await getContext(CONTACT);
    await getContext(CONTACT);
    // Assess
    expect(calls.attachTenancy).toHaveBeenCalledTimes(1);
    expect(calls.attachTenancy).toHaveBeenCalledWith(CONTACT, KNOWN.tenancy.tenancyId);
  });

  it('rates the risk by the Vienna date of now', async () => {
    // Prepare: 23:30 UTC is already the next day in Vienna, which puts the eviction 14 days ahead.
    const file = aTenancyFile({
      tenancyId: '100200300',
      cases: [{ stage: 'eviction_scheduled', evictionDate: '2026-12-10' as IsoDate }],
    });
    const late = setUp({ files: [file], now: '2026-11-25T23:30:00Z' });
    const earlier = setUp({ files: [file], now: '2026-11-25T22:30:00Z' });
    // Act
    const [atLate, atEarlier] = [await late.getContext(CONTACT), await earlier.getContext(CONTACT)];
    // Assess
    expect(atLate.risk.level).toBe('critical');
    expect(atEarlier.risk.level).toBe('high');
  });

  it("raises the risk by the caller's keypad report of a court letter, kept on the contact by the flow", async () => {
    // Prepare: a case with few arrears and no dates: normal by the read model alone
    const file = aTenancyFile({ tenancyId: '100200300', cases: [{ stage: 'arrears', monthsInArrears: 1 }] });
    const reported = setUp({ files: [file], flowAttributes: { [CONTACT]: { courtLetterReported: 'true' } } });
    const silent = setUp({ files: [file], flowAttributes: { [CONTACT]: { courtLetterReported: 'false' } } });
    // Act
    const [withReport, withoutReport] = [
      await reported.getContext(CONTACT),
      await silent.getContext(CONTACT),
    ];
    // Assess
    expect(withReport.risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
    expect(withoutReport.risk).toEqual({ level: 'normal', reasons: [] });
  });

  it("brings the court-letter hint for the caller's keypad report until this call's outcome explains it", async () => {
    // Prepare: arrears only: no court letter on file.
    const file = aTenancyFile({
      tenancyId: '100200300',
      cases: [{ stage: 'arrears', arrearsEur: 0, monthsInArrears: 1 }],
    });
    const { getContext, outcomes } = setUp({
      files: [file],
      flowAttributes: { [CONTACT]: { courtLetterReported: 'true' } },
    });
    // Act
    const before = await getContext(CONTACT);
    outcomes.currentById.set(CONTACT, {
      contactId: CONTACT,
      revision: 1,
      codes: ['court_letter_explained'],
      recordedAt: '2026-11-25T10:05:00.000Z',
      recordedBy: 'agent-sub',
      requestIds: [],
    });
    const after = await getContext(CONTACT);
    // Assess
    expect(before.hints.map((hint) => hint.id)).toEqual(['court_letter']);
    expect(after.hints).toEqual([]);
  });

  it('still shows the context when Connect cannot say what the flow set', async () => {
    // Prepare
    const { getContext } = setUp({ connectFails: true });
    // Act
    const context = await getContext(CONTACT);
    // Assess
    expect(context.tenancy).toEqual(listedTenancyOf(KNOWN.tenancy));
    expect(context.risk.reasons).not.toContain('court_letter_reported');
  });

  it('lists the last 10 calls of the tenancy, recent first, this one included', async () => {
    // Prepare: 12 earlier calls of the tenancy, one past retention.
    const earlier = Array.from({ length: 12 }, (_, i) =>
      aCallRecord({
        contactId: `earlier-${i}`,
        receivedAt: new Date(Date.parse('2026-11-01T10:00:00Z') + i * 86_400_000).toISOString(),
        filing: filedUnder(KNOWN.tenancy.tenancyId),
        ...(i === 11 ? { expiresAt: 1 } : {}),
      }),
    );
    const { getContext } = setUp({
      calls: [aCallRecord({ contactId: CONTACT, callerPhoneHash: 'hash-known' }), ...earlier],
    });
    // Act
    const context = await getContext(CONTACT);
    // Assess
    expect(context.calls.map((call) => call.contactId)).toEqual([
      CONTACT,
      ...[10, 9, 8, 7, 6, 5, 4, 3, 2].map((i) => `earlier-${i}`),
    ]);
  });

  it('lists every call of the tenancy, with or without an outcome, and what came of each', async () => {
    // Prepare: six earlier calls, filed under the number or the tenancy, and one of a shared number.
    const at = (day: number, time = '10:00:00') =>
      new Date(`2026-11-${String(day).padStart(2, '0')}T${time}.000Z`);
    const earlier = (
      id: string,
      day: number,
      filing: CallRecord['filing'],
      timeline: CallRecord['timeline'],
      extra = {},
    ) => aCallRecord({ contactId: id, receivedAt: at(day).toISOString(), filing, timeline, ...extra });
    const byNumber = { phoneHash: 'hash-known' };
    const records = [
      aCallRecord({ contactId: CONTACT, callerPhoneHash: 'hash-known', filing: byNumber }),
      earlier(
        'abandoned',
        20,
        byNumber,
        deriveTimeline({
          initiatedAt: at(20),
          afterHours: false,
          queuedAt: at(20, '10:00:30'),
          queue: 'general',
          disconnectedAt: at(20, '10:03:00'),
        }),
      ),
      earlier(
        'after-hours',
        19,
        byNumber,
        deriveTimeline({
          initiatedAt: at(19, '18:30:00'),
          afterHours: true,
          disconnectedAt: at(19, '18:31:00'),
        }),
      ),
      earlier(
        'answered',
        18,
        filedUnder(KNOWN.tenancy.tenancyId),
        deriveTimeline({
          initiatedAt: at(18),
          afterHours: false,
          queuedAt: at(18, '10:00:20'),
          queue: 'urgent',
          answeredAt: at(18, '10:01:00'),
          disconnectedAt: at(18, '10:08:00'),
        }),
        {
          outcome: { codes: ['instalment_plan'], recordedAt: at(18, '10:09:00').toISOString(), revision: 1 },
        },
      ),
      earlier(
        'callback',
        17,
        byNumber,
        deriveTimeline({
          initiatedAt: at(17),
          afterHours: false,
          queuedAt: at(17, '10:00:40'),
          queue: 'callback',
          answeredAt: at(17, '11:00:00'),
          disconnectedAt: at(17, '11:05:00'),
        }),
      ),
      earlier('keyed', 16, filedUnder(KNOWN.tenancy.tenancyId), deriveTimeline({})),
      earlier('events-pending', 15, byNumber, deriveTimeline({ initiatedAt: at(15), afterHours: false })),
      earlier('shared-number', 21, { phoneHash: 'hash-shared' }, deriveTimeline({})),
      earlier('other-tenancy', 21, filedUnder(OTHER.tenancy.tenancyId), deriveTimeline({})),
    ];
    const { getContext } = setUp({ calls: records });
    // Act
    const context = await getContext(CONTACT);
    // Assess
    expect(context.calls.map((call) => [call.contactId, callResultOf(call.timeline)])).toEqual([
      [CONTACT, 'in_progress'],
      ['abandoned', 'abandoned'],
      ['after-hours', 'not_queued'],
      ['answered', 'answered'],
      ['callback', 'answered'],
      ['keyed', 'in_progress'],
      ['events-pending', 'in_progress'],
    ]);
    expect(context.calls[2]?.timeline.afterHours).toBe(true);
    expect(context.calls[3]?.outcome?.codes).toEqual(['instalment_plan']);
    expect(context.calls[4]?.timeline.queue).toBe('callback');
  });

  it('shows earlier outcomes and leaves out the hints they answered', async () => {
    const { getContext } = setUp({
      calls: [
        aCallRecord({ contactId: CONTACT, callerPhoneHash: 'hash-known' }),
        aCallRecord({
          contactId: 'earlier',
          receivedAt: '2026-11-10T10:00:00.000Z',
          filing: filedUnder(KNOWN.tenancy.tenancyId),
          outcome: {
            codes: ['housing_allowance', 'court_letter_explained'],
            recordedAt: '2026-11-10T10:09:00.000Z',
            revision: 1,
          },
        }),
      ],
    });
    const context = await getContext(CONTACT);
    expect(context.calls[1]?.outcome?.codes).toEqual(['housing_allowance', 'court_letter_explained']);
    expect(context.hints.map((hint) => hint.id)).toEqual([
      'arrears_fund',
      'instalment_plan',
      'youth_welfare',
    ]);
  });

  it("includes this call's current outcome and a resolution recorded for the open case", async () => {
    // Prepare
    const { getContext, outcomes } = setUp();
    const outcome: RecordedOutcome = {
      contactId: CONTACT,
      revision: 2,
      codes: ['information_only'],
      recordedAt: '2026-11-25T10:05:00.000Z',
      recordedBy: 'agent-sub',
      requestIds: [],
    };
    outcomes.currentById.set(CONTACT, outcome);
    outcomes.resolutions.set('C-7', {
      caseId: 'C-7',
      tenancyId: KNOWN.tenancy.tenancyId,
      resolution: 'housing_secured',
      contactId: 'another-call',
      recordedAt: '2026-11-20T10:00:00.000Z',
    });
    // Act
    const context = await getContext(CONTACT);
    // Assess
    expect(context.outcome).toEqual(outcome);
    expect(context.caseResolution?.resolution).toBe('housing_secured');
    expect(context.hints).toEqual([]);
  });
});

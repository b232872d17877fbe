import { describe, expect, it } from 'vitest';
import {
  CaseAlreadyResolvedError,
  ContactNotFoundError,
  InvalidOutcomeError,
  StaleOutcomeError,
} from '../../shared/domain/errors.ts';
import type { OutcomeContent } from '../../shared/domain/outcomes.ts';
import { hotlineOfficeHours } from '../../shared/domain/public-holidays.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import type { CallRecord } from '../../shared/ports/call-records.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { makeRecordOutcome } from '../../shared/use-cases/record-outcome.ts';
import { aTenancyFile } from '../fixtures/tenancy-files.ts';
import {
  aCallRecord,
  fakeCalls,
  fakeContactAttributes,
  fakeDirectory,
  fakeOutcomeStore,
} from '../support/agent-api-fakes.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const NOW = '2026-11-25T10:00:00Z'; // a Wednesday morning in Vienna
const TOMORROW_10 = '2026-11-26T10:00:00+01:00';
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const WITH_CASE = aTenancyFile({ tenancyId: '100200300', cases: [{ caseId: 'C-7', stage: 'lawsuit' }] });
const WITHOUT_CASE = aTenancyFile({ tenancyId: '100200301' });
const PHONES: Record<string, readonly TenancyId[]> = {
  'hash-case': [WITH_CASE.tenancy.tenancyId],
  'hash-no-case': [WITHOUT_CASE.tenancy.tenancyId],
};

const logs = captureLogsOfEachTest();

const setUp = (options: { call?: Partial<CallRecord>; connectFails?: boolean } = {}) => {
  const calls = fakeCalls([
    aCallRecord({ contactId: CONTACT, callerPhoneHash: 'hash-case', ...options.call }),
  ]);
  const outcomes = fakeOutcomeStore(calls);
  const contactAttributes = fakeContactAttributes({ fails: options.connectFails });
  const record = makeRecordOutcome({
    calls,
    directory: fakeDirectory([WITH_CASE, WITHOUT_CASE], PHONES),
    outcomes,
    contactAttributes,
    clock: fixedClock(NOW),
    officeHours: hotlineOfficeHours('2026-11-01' as IsoDate),
  });
  return { calls, outcomes, contactAttributes, record };
};

const command = (
  outcome: Partial<OutcomeContent> = {},
  extra: { requestId?: string; expectedRevision?: number } = {},
) => ({
  contactId: CONTACT,
  agentId: 'agent-sub',
  outcome: { codes: ['information_only' as const], ...outcome },
  ...extra,
});

describe('record outcome: first record', () => {
  it('stores revision 1 with the agent and the time, and files the call under its tenancy', async () => {
    // Prepare
    const { record, outcomes } = setUp();
    // Act
    const result = await record(
      command({ codes: ['court_letter_explained', 'housing_allowance'], note: '  Brief erklärt ' }),
    );
    // Assess
    expect(result).toMatchObject({ written: true, contactAttributes: 'updated' });
    expect(result.outcome).toEqual({
      contactId: CONTACT,
      revision: 1,
      codes: ['housing_allowance', 'court_letter_explained'],
      note: 'Brief erklärt',
      recordedAt: '2026-11-25T10:00:00.000Z',
      recordedBy: 'agent-sub',
      requestIds: [],
    });
    expect(outcomes.saved).toHaveLength(1);
    expect(outcomes.saved[0]).toMatchObject({ previous: undefined, tenancyId: '100200300' });
  });

  it('writes the codes back to the Connect contact', async () => {
    const { record, contactAttributes } = setUp();
    await record(
      command({
        codes: ['fund_application', 'appointment_booked'],
        followUp: { kind: 'consultation', at: TOMORROW_10 },
      }),
    );
    expect(contactAttributes.updates).toEqual([
      { contactId: CONTACT, codes: ['fund_application', 'appointment_booked'] },
    ]);
  });

  it('keeps the stored outcome when Connect fails, and says so', async () => {
    // Prepare
    const { record, outcomes } = setUp({ connectFails: true });
    // Act
    const result = await record(command());
    // Assess
    expect(result).toMatchObject({ written: true, contactAttributes: 'failed' });
    expect(outcomes.currentById.get(CONTACT)?.revision).toBe(1);
    expect(logs.text()).toContain('contact attributes update failed');
  });

  it('refuses an unknown contact', async () => {
    const { record } = setUp();
    await expect(record({ ...command(), contactId: 'no-such-contact' })).rejects.toBeInstanceOf(
      ContactNotFoundError,
    );
  });
});

describe('record outcome: repeats are idempotent', () => {
  it('writes an identical repeat only once and answers the same', async () => {
    // Prepare
    const { record, outcomes } = setUp();
    const first = await record(command({ codes: ['instalment_plan'], note: 'Rate 50 €' }));
    // Act
    const again = await record(command({ codes: ['instalment_plan'], note: 'Rate 50 €  ' }));
    // Assess
    expect(again).toMatchObject({ written: false, outcome: first.outcome });
    expect(outcomes.save).toHaveBeenCalledTimes(1);
  });

  it('writes nothing for a request id already applied, even after a later correction', async () => {
    // Prepare
    const { record, outcomes } = setUp();
    await record(command({ codes: ['instalment_plan'] }, { requestId: 'r-1' }));
    await record(command({ codes: ['fund_application'] }, { requestId: 'r-2' }));
    // Act: r-1 arrives again (a late retry).
    const replay = await record(command({ codes: ['instalment_plan'] }, { requestId: 'r-1' }));
    // Assess
    expect(replay.written).toBe(false);
    expect(replay.outcome).toMatchObject({ revision: 2, codes: ['fund_application'] });
    expect(outcomes.save).toHaveBeenCalledTimes(2);
  });

  it('treats a lost race against the very same request as success', async () => {
    // Prepare: the store reports the revision taken, by a request with our id.
    const { record, outcomes } = setUp();
    outcomes.save.mockImplementationOnce(async (change) => {
      outcomes.currentById.set(CONTACT, change.next);
      throw new StaleOutcomeError();
    });
    // Act
    const result = await record(command({}, { requestId: 'r-1' }));
    // Assess
    expect(result).toMatchObject({ written: false, outcome: { revision: 1, requestIds: ['r-1'] } });
  });
});

describe('record outcome: corrections', () => {
  it('replaces the outcome with the next revision and hands the earlier one over as history', async () => {
    // Prepare
    const { record, outcomes } = setUp();
    const first = await record(command({ codes: ['information_only'] }));
    // Act
    const corrected = await record(command({ codes: ['housing_allowance'] }, { expectedRevision: 1 }));
    // Assess
    expect(corrected.outcome).toMatchObject({ revision: 2, codes: ['housing_allowance'] });
    expect(outcomes.saved[1]?.previous).toEqual(first.outcome);
    expect(outcomes.history).toEqual([first.outcome]);
  });

  it('refuses a correction of a revision that is no longer current', async () => {
    const { record } = setUp();
    await record(command({ codes: ['information_only'] }));
    await record(command({ codes: ['housing_allowance'] }));
    await expect(
      record(command({ codes: ['fund_application'] }, { expectedRevision: 1 })),
    ).rejects.toBeInstanceOf(StaleOutcomeError);
  });

  it('refuses a first record that expects an existing revision', async () => {
    const { record } = setUp();
    await expect(record(command({}, { expectedRevision: 3 }))).rejects.toBeInstanceOf(StaleOutcomeError);
  });
});

describe('record outcome: case resolution', () => {
  it('closes the open case of a known caller', async () => {
    // Prepare
    const { record, outcomes } = setUp();
    // Act
    const result = await record(command({ codes: ['fund_application'], caseResolution: 'housing_secured' }));
    // Assess
    expect(result.outcome).toMatchObject({ caseResolution: 'housing_secured', caseId: 'C-7' });
    expect(outcomes.resolutions.get('C-7')).toEqual({
      caseId: 'C-7',
      tenancyId: '100200300',
      resolution: 'housing_secured',
      contactId: CONTACT,
      recordedAt: '2026-11-25T10:00:00.000Z',
    });
  });

  it('closes the open case of the tenancy an agent attached to an unknown caller', async () => {
    // Prepare
    const { record, outcomes } = setUp({
      call: { callerPhoneHash: 'hash-nobody', agentTenancyId: WITH_CASE.tenancy.tenancyId },
    });
    // Act
    const result = await record(command({ caseResolution: 'housing_secured' }));
    // Assess
    expect(result.outcome).toMatchObject({ caseResolution: 'housing_secured', caseId: 'C-7' });
    expect(outcomes.saved[0]).toMatchObject({ tenancyId: '100200300' });
  });

  it('refuses a resolution when the tenancy has no open case', async () => {
    const { record, outcomes } = setUp({ call: { callerPhoneHash: 'hash-no-case' } });
    const attempt = record(command({ caseResolution: 'housing_lost' }));
    await expect(attempt).rejects.toEqual(new InvalidOutcomeError(['caseResolution']));
    expect(outcomes.save).not.toHaveBeenCalled();
  });

  it('refuses a resolution when the caller is not known', async () => {
    const { record } = setUp({ call: { callerPhoneHash: undefined } });
    await expect(record(command({ caseResolution: 'housing_secured' }))).rejects.toBeInstanceOf(
      InvalidOutcomeError,
    );
  });

  it('takes the resolution back when a correction drops it', async () => {
    // Prepare
    const { record, outcomes } = setUp();
    await record(command({ caseResolution: 'housing_secured' }));
    // Act
    await record(command({ codes: ['information_only'] }));
    // Assess
    expect(outcomes.saved[1]?.caseResolution).toEqual({ put: undefined, remove: { caseId: 'C-7' } });
    expect(outcomes.resolutions.has('C-7')).toBe(false);
  });

  it('reports a case another call closed', async () => {
    const { record, outcomes } = setUp();
    outcomes.resolutions.set('C-7', {
      caseId: 'C-7',
      tenancyId: '100200300' as TenancyId,
      resolution: 'housing_lost',
      contactId: 'another-call',
      recordedAt: '2026-11-20T10:00:00.000Z',
    });
    await expect(record(command({ caseResolution: 'housing_secured' }))).rejects.toBeInstanceOf(
      CaseAlreadyResolvedError,
    );
  });
});

describe('record outcome: follow-up', () => {
  it('accepts a consultation inside the opening hours', async () => {
    const { record } = setUp();
    const result = await record(
      command({ codes: ['appointment_booked'], followUp: { kind: 'consultation', at: TOMORROW_10 } }),
    );
    expect(result.outcome.followUp).toEqual({ kind: 'consultation', at: '2026-11-26T09:00:00.000Z' });
  });

  it.each([
    ['on a Saturday', '2026-11-28T10:00:00+01:00'],
    ['at 17:00', '2026-11-26T17:00:00+01:00'],
    ['before 09:00', '2026-11-26T08:59:00+01:00'],
    ['on a public holiday', '2026-12-08T10:00:00+01:00'],
    ['earlier today, inside the hours', '2026-11-25T09:30:00+01:00'],
    ['in the past', '2026-11-24T10:00:00+01:00'],
    ['more than 90 days ahead', '2027-03-01T10:00:00+01:00'],
  ])('refuses a consultation %s, naming followUp.at', async (_when, at) => {
    // Prepare
    const { record, outcomes } = setUp();
    // Act
    const attempt = record(
      command({ codes: ['appointment_booked'], followUp: { kind: 'consultation', at } }),
    );
    // Assess
    await expect(attempt).rejects.toEqual(new InvalidOutcomeError(['followUp.at']));
    expect(outcomes.save).not.toHaveBeenCalled();
  });

  it('accepts a callback with an agreed time ahead, or without one', async () => {
    const { record } = setUp();
    const untimed = await record(command({ codes: ['callback_needed'], followUp: { kind: 'callback' } }));
    const timed = await record(
      command({
        codes: ['callback_needed'],
        followUp: { kind: 'callback', at: '2026-11-25T14:00:00+01:00' },
      }),
    );
    expect(untimed.outcome.followUp).toEqual({ kind: 'callback' });
    expect(timed.outcome.followUp).toEqual({ kind: 'callback', at: '2026-11-25T13:00:00.000Z' });
  });

  it('refuses a callback time that has passed', async () => {
    const { record } = setUp();
    const attempt = record(
      command({
        codes: ['callback_needed'],
        followUp: { kind: 'callback', at: '2026-11-25T10:30:00+01:00' },
      }),
    );
    await expect(attempt).rejects.toEqual(new InvalidOutcomeError(['followUp.at']));
  });

  it('takes callback_needed without a follow-up as a callback with no agreed time', async () => {
    const { record } = setUp();
    const result = await record(command({ codes: ['callback_needed'] }));
    expect(result.outcome).toMatchObject({ codes: ['callback_needed'] });
    expect(result.outcome.followUp).toBeUndefined();
  });

  it.each([
    ['appointment_booked without a consultation', { codes: ['appointment_booked'] }, 'followUp.at'],
    [
      'appointment_booked with a callback',
      { codes: ['appointment_booked'], followUp: { kind: 'callback' } },
      'followUp.at',
    ],
    [
      'a consultation without appointment_booked',
      { codes: ['information_only'], followUp: { kind: 'consultation', at: TOMORROW_10 } },
      'codes',
    ],
    [
      'a callback without callback_needed',
      { codes: ['information_only'], followUp: { kind: 'callback' } },
      'codes',
    ],
  ] as const)('refuses %s, naming %s', async (_case, outcome, field) => {
    // Prepare
    const { record, outcomes } = setUp();
    // Act
    const attempt = record(command(outcome as Partial<OutcomeContent>));
    // Assess
    await expect(attempt).rejects.toMatchObject({ fields: expect.arrayContaining([field]) });
    expect(outcomes.save).not.toHaveBeenCalled();
  });

  it('takes the consultation as the follow-up when both codes are given', async () => {
    const { record } = setUp();
    const result = await record(
      command({
        codes: ['callback_needed', 'appointment_booked'],
        followUp: { kind: 'consultation', at: TOMORROW_10 },
      }),
    );
    expect(result.outcome).toMatchObject({
      codes: ['appointment_booked', 'callback_needed'],
      followUp: { kind: 'consultation', at: '2026-11-26T09:00:00.000Z' },
    });
  });

  it('keeps a follow-up that has passed meanwhile when a later correction leaves it as it was', async () => {
    // Prepare: a consultation booked yesterday for this morning, 09:30.
    const { record, outcomes } = setUp();
    const booked = {
      codes: ['appointment_booked' as const],
      followUp: { kind: 'consultation' as const, at: '2026-11-25T08:30:00.000Z' },
    };
    outcomes.currentById.set(CONTACT, {
      ...booked,
      contactId: CONTACT,
      revision: 1,
      recordedAt: '2026-11-24T15:00:00.000Z',
      recordedBy: 'agent-sub',
      requestIds: [],
    });
    // Act
    const corrected = await record(
      command({ ...booked, note: 'Unterlagen mitbringen' }, { expectedRevision: 1 }),
    );
    const moved = record(
      command({ ...booked, followUp: { kind: 'consultation', at: '2026-11-25T08:00:00.000Z' } }),
    );
    // Assess
    expect(corrected.outcome).toMatchObject({ revision: 2, note: 'Unterlagen mitbringen' });
    await expect(moved).rejects.toEqual(new InvalidOutcomeError(['followUp.at']));
  });
});

describe('record outcome: privacy', () => {
  it('logs neither the note nor the tenancy', async () => {
    const { record } = setUp();
    await record(command({ note: 'Frau Testerin, Testgasse 1, Tel. 0664 1234567' }));
    const logged = logs.text();
    expect(logged).toContain('outcome recorded');
    expect(logged).not.toMatch(/Testerin|Testgasse|1234567|100200300/);
    const recorded = logs.entries().find((line) => line.message === 'outcome recorded');
    expect(recorded?.contactId).toBe(CONTACT);
  });
});

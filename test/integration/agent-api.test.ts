import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireAgentApi } from '../../functions/agent-api/wiring.ts';
import { wireIdentifyCaller } from '../../functions/identify-caller/wiring.ts';
import { createLocalAuth, DEMO_USERS, type LocalAuth } from '../../local/auth.ts';
import { makeCallSimulator, type SimulatedCallRequest } from '../../local/call-simulator.ts';
import { LocalContactAssignments } from '../../local/contact-assignments.ts';
import { RecordingContactAttributes } from '../../local/recording-contact-attributes.ts';
import { DynamoAuditTrail } from '../../shared/adapters/dynamodb/audit-trail.ts';
import { DynamoCallRecords } from '../../shared/adapters/dynamodb/call-records.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { type IdentifyCallerEnv, loadAgentApiEnv } from '../../shared/config/env.ts';
import { ContactNotFoundError, TenancyConflictError } from '../../shared/domain/errors.ts';
import type { IsoDate, TenancyId } from '../../shared/domain/tenancy.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { aContactFlowEvent, aTenancyFile } from '../fixtures/tenancy-files.ts';
import { createTestTables } from '../support/dynamo.ts';

const NOW = '2026-11-25T10:00:00Z'; // a Wednesday morning in Vienna
const CASE_PHONE = '+436641234567';
const NO_CASE_PHONE = '+436509990000';
const SHARED_PHONE = '+43140008000';
const LETTER_PHONE = '+436509990004';
/** A tenant with a hearing in a few days (critical) and two numbers: one of their own, one shared. */
const HISTORY_PHONE = '+436601112233';
const RETENTION_PHONE = '+436509990007';
const HISTORY_SHARED_PHONE = '+43150005000';
const HISTORY = aTenancyFile({
  tenancyId: '100200305',
  phoneNumbers: [HISTORY_PHONE, HISTORY_SHARED_PHONE],
  cases: [{ caseId: 'C-305', stage: 'lawsuit', courtHearingDate: '2026-11-28' as IsoDate }],
});
const WITH_CASE = aTenancyFile({
  tenancyId: '100200300',
  phoneNumbers: [CASE_PHONE],
  cases: [
    {
      caseId: 'C-300',
      stage: 'lawsuit',
      arrearsEur: 2400,
      monthsInArrears: 4,
      courtHearingDate: '2026-11-28' as IsoDate,
    },
  ],
});

/** Tenants found by name: two of one family name in one postal code, one namesake in another. */
const SEARCHED = [
  aTenancyFile({
    tenancyId: '100200310',
    tenantName: 'Ayşe Öztürk',
    address: 'Quellenstraße 12/3/14',
    phoneNumbers: [],
  }),
  aTenancyFile({
    tenancyId: '100200311',
    tenantName: 'Mehmet Öztürk',
    address: 'Quellenstraße 40/1/2',
    phoneNumbers: [],
  }),
  aTenancyFile({
    tenancyId: '100200312',
    tenantName: 'Ayse Oeztuerk',
    address: 'Favoritenstraße 5/1',
    postalCode: '1040',
    phoneNumbers: [],
  }),
];
const UNKNOWN_PHONE = '+436509990999';

type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;

describe('agent API against DynamoDB Local', () => {
  let identify: (event: unknown) => Promise<Record<string, string>>;
  let agentApi: Handler;
  let auth: LocalAuth;
  let agentToken: string;
  let managerToken: string;
  let supervisorToken: string;
  let recorder: RecordingContactAttributes;
  let adapters: ReturnType<typeof makeDynamoAdapters>;
  let callsTable: string;
  let baseEnv: IdentifyCallerEnv;
  let auditTable: string;
  const contactAssignments = new LocalContactAssignments();

  beforeAll(async () => {
    // Prepare: tables of this file's own, a read model, identify-caller and the agent API wired
    // with the real adapters, and the local sign-in.
    const { env, envVars } = await createTestTables({ READ_MODEL_CACHE_SECONDS: '0' });
    callsTable = env.CALLS_TABLE;
    baseEnv = env;
    auditTable = envVars.AUDIT_TABLE ?? '';
    adapters = makeDynamoAdapters(env);
    await adapters.readModel.replace([
      WITH_CASE,
      aTenancyFile({ tenancyId: '100200301', phoneNumbers: [NO_CASE_PHONE] }),
      aTenancyFile({ tenancyId: '100200302', phoneNumbers: [SHARED_PHONE] }),
      aTenancyFile({ tenancyId: '100200303', phoneNumbers: [SHARED_PHONE] }),
      aTenancyFile({ tenancyId: '100200304', phoneNumbers: [LETTER_PHONE] }),
      HISTORY,
      aTenancyFile({ tenancyId: '100200306', phoneNumbers: [HISTORY_SHARED_PHONE] }),
      aTenancyFile({ tenancyId: '100200307', phoneNumbers: [RETENTION_PHONE] }),
      ...SEARCHED,
    ]);
    const clock = fixedClock(NOW);
    identify = wireIdentifyCaller(env, { clock });
    recorder = new RecordingContactAttributes();
    agentApi = wireAgentApi(loadAgentApiEnv(envVars), {
      clock,
      contactAttributes: recorder,
      contactAssignments,
    });
    auth = createLocalAuth({ clock });
    agentToken = auth.signIn('agent', 'agent').idToken;
    managerToken = auth.signIn('manager', 'manager').idToken;
    supervisorToken = auth.signIn('supervisor', 'supervisor').idToken;
  });

  afterAll(() => {
    adapters.destroy();
  });

  /** A call the flow logged and the demo agent answered (Connect would say so in DescribeContact). */
  const call = (contactId: string, callerNumber: string, parameters?: Record<string, string>) => {
    contactAssignments.assign(contactId, DEMO_USERS.agent.connectUserId, new Date(NOW));
    return identify(aContactFlowEvent({ contactId, callerNumber, ...(parameters ? { parameters } : {}) }));
  };

  const send = async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: { token?: string | null; body?: unknown } = {},
  ) => {
    const event = anHttpApiEvent({ method, path, body: options.body, claims: null });
    const token = options.token === undefined ? agentToken : options.token;
    const authorizer = token === null ? undefined : auth.authorizerFor(`Bearer ${token}`);
    const result = await agentApi({
      ...event,
      requestContext: { ...event.requestContext, ...(authorizer ? { authorizer } : {}) },
    });
    return { status: result.statusCode, body: JSON.parse(result.body) };
  };
  /** The whole file, as the agent sees it once they confirmed the caller's identity. */
  const context = (contactId: string, token?: string | null) =>
    send('POST', `/api/contacts/${contactId}/identity`, { token, body: {} });
  const record = (contactId: string, body: unknown, token?: string | null) =>
    send('POST', `/api/contacts/${contactId}/outcomes`, { body, token });
  const attach = (contactId: string, body: unknown, token?: string | null) =>
    send('PUT', `/api/contacts/${contactId}/tenancy`, { body, token });

  /** Everything stored under one call (log, outcome, revisions), straight from the table. */
  const itemsOfCall = async (contactId: string) =>
    (
      await adapters.doc.send(
        new QueryCommand({
          TableName: callsTable,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CALL#${contactId}` },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  it('shows the caller context: tenancy, open case, risk and unclaimed support', async () => {
    // Prepare
    await call('ctx-1', CASE_PHONE);
    // Act
    const { status, body } = await context('ctx-1');
    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({
      contactId: 'ctx-1',
      receivedAt: '2026-11-25T10:00:00.000Z',
      identification: { status: 'found', method: 'phone', matchCount: 1 },
      tenancy: { tenancyId: '100200300', tenantName: 'Maria Testerin', children: 1, preferredLanguage: 'de' },
      openCase: { caseId: 'C-300', stage: 'lawsuit', arrearsEur: 2400, courtHearingDate: '2026-11-28' },
      risk: { level: 'critical', reasons: ['court_hearing_imminent', 'advanced_stage', 'arrears_months'] },
      calls: [{ contactId: 'ctx-1', current: true, outcome: null }],
      outcome: null,
    });
    expect(body.hints.map((hint: { id: string }) => hint.id)).toEqual([
      'housing_allowance',
      'arrears_fund',
      'instalment_plan',
      'youth_welfare',
      'court_letter',
    ]);
  });

  it('brings the court-letter hint for a letter reported on the keypad until this call explains it', async () => {
    // Prepare: a tenant without a case; the flow kept the caller's report on the contact.
    await call('letter-1', LETTER_PHONE);
    recorder.rememberFlowAttributes('letter-1', { courtLetterReported: 'true' });
    // Act
    const reported = await context('letter-1');
    await record('letter-1', { codes: ['court_letter_explained'] });
    const explained = await context('letter-1');
    // Assess
    expect(reported.body.risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
    expect(reported.body.hints.map((hint: { id: string }) => hint.id)).toEqual(['court_letter']);
    expect(explained.body.hints).toEqual([]);
  });

  it("stores an outcome, writes its codes back to the contact, and shows it in the tenancy's history", async () => {
    // Prepare
    await call('hist-1', CASE_PHONE);
    // Act
    const stored = await record('hist-1', {
      codes: ['housing_allowance', 'court_letter_explained', 'appointment_booked'],
      note: ' Brief erklärt, Antrag mitgegeben ',
      followUp: { kind: 'consultation', at: '2026-11-26T10:00:00+01:00' },
      requestId: 'req-hist-1',
    });
    await call('hist-2', CASE_PHONE);
    const next = await context('hist-2');
    // Assess
    expect(stored).toEqual({
      status: 200,
      body: {
        contactId: 'hist-1',
        outcome: {
          revision: 1,
          codes: ['housing_allowance', 'court_letter_explained', 'appointment_booked'],
          note: 'Brief erklärt, Antrag mitgegeben',
          followUp: { kind: 'consultation', at: '2026-11-26T09:00:00.000Z' },
          caseResolution: null,
          recordedAt: '2026-11-25T10:00:00.000Z',
        },
        contactAttributes: 'updated',
      },
    });
    expect(recorder.updates).toContainEqual({
      initialContactId: 'hist-1',
      attributes: { outcomeCodes: 'housing_allowance,court_letter_explained,appointment_booked' },
    });
    const history = next.body.calls.find((entry: { contactId: string }) => entry.contactId === 'hist-1');
    expect(history.outcome).toMatchObject({
      revision: 1,
      codes: ['housing_allowance', 'court_letter_explained', 'appointment_booked'],
    });
    const hintIds = next.body.hints.map((hint: { id: string }) => hint.id);
    expect(hintIds).not.toContain('housing_allowance');
    expect(hintIds).not.toContain('court_letter');
  });

  it('writes a repeated request only once and answers it the same', async () => {
    // Prepare
    await call('rep-1', CASE_PHONE);
    const body = { codes: ['instalment_plan'], note: 'Rate 80 € vereinbart', requestId: 'req-rep-1' };
    const first = await record('rep-1', body);
    const itemsAfterFirst = await itemsOfCall('rep-1');
    // Act
    const again = await record('rep-1', body);
    // Assess
    expect(again).toEqual(first);
    expect((await itemsOfCall('rep-1')).map((item) => item.sk).sort()).toEqual(['LOG', 'OUTCOME#CURRENT']);
    expect(await itemsOfCall('rep-1')).toEqual(itemsAfterFirst);
  });

  it('keeps every earlier revision when an outcome is corrected', async () => {
    // Prepare
    await call('fix-1', CASE_PHONE);
    await record('fix-1', { codes: ['information_only'], note: 'erste Fassung' });
    // Act
    const second = await record('fix-1', { codes: ['fund_application'], expectedRevision: 1 });
    const third = await record('fix-1', {
      codes: ['fund_application', 'instalment_plan'],
      expectedRevision: 2,
    });
    const stale = await record('fix-1', { codes: ['authority_escort'], expectedRevision: 1 });
    // Assess
    expect(second.body.outcome.revision).toBe(2);
    expect(third.body.outcome.revision).toBe(3);
    expect(stale.status).toBe(409);
    const items = await itemsOfCall('fix-1');
    expect(items.map((item) => item.sk).sort()).toEqual([
      'LOG',
      'OUTCOME#CURRENT',
      'OUTCOME#V0001',
      'OUTCOME#V0002',
    ]);
    expect(items.find((item) => item.sk === 'OUTCOME#V0001')).toMatchObject({
      revision: 1,
      codes: ['information_only'],
      note: 'erste Fassung',
    });
    expect(items.find((item) => item.sk === 'OUTCOME#V0002')).toMatchObject({
      revision: 2,
      codes: ['fund_application'],
    });
    expect((await context('fix-1')).body.outcome).toMatchObject({ revision: 3 });
  });

  it('closes the open case and shows the resolution in the next context', async () => {
    // Prepare
    await call('res-1', CASE_PHONE);
    // Act
    const closed = await record('res-1', { codes: ['fund_application'], caseResolution: 'housing_secured' });
    await call('res-2', CASE_PHONE);
    const next = await context('res-2');
    // Assess
    expect(closed.body.outcome.caseResolution).toBe('housing_secured');
    expect(next.body.openCase.resolution).toEqual({
      resolution: 'housing_secured',
      recordedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(next.body.hints).toEqual([]);
    expect(
      (await record('res-2', { codes: ['information_only'], caseResolution: 'housing_lost' })).status,
    ).toBe(409);
  });

  it('refuses a case resolution for a tenancy without an open case', async () => {
    await call('res-none', NO_CASE_PHONE);
    const refused = await record('res-none', {
      codes: ['information_only'],
      caseResolution: 'housing_secured',
    });
    expect(refused).toEqual({
      status: 400,
      body: { message: 'invalid request', fields: ['caseResolution'] },
    });
  });

  it('refuses a follow-up in the past or apart from its code, naming the field and writing nothing', async () => {
    // Prepare
    await call('follow-1', CASE_PHONE);
    // Act
    const past = await record('follow-1', {
      codes: ['appointment_booked'],
      followUp: { kind: 'consultation', at: '2026-11-24T10:00:00+01:00' },
    });
    const withoutTime = await record('follow-1', { codes: ['appointment_booked'] });
    const withoutCode = await record('follow-1', {
      codes: ['information_only'],
      followUp: { kind: 'callback' },
    });
    // Assess
    expect(past).toEqual({ status: 400, body: { message: 'invalid request', fields: ['followUp.at'] } });
    expect(withoutTime.body.fields).toEqual(['followUp.at']);
    expect(withoutCode.body.fields).toEqual(['codes']);
    expect(JSON.stringify([past, withoutTime, withoutCode])).not.toContain('2026-11-24');
    expect((await itemsOfCall('follow-1')).map((item) => item.sk)).toEqual(['LOG']);
  });

  it('shows nothing of anyone for a shared number until the tenancy number is keyed in', async () => {
    // Prepare
    await call('shared-1', SHARED_PHONE);
    // Act
    const before = await context('shared-1');
    await call('shared-1', SHARED_PHONE, { lookup: 'tenancy', tenancyNumber: '100200303' });
    const after = await context('shared-1');
    // Assess
    expect(before.body).toMatchObject({
      identification: { status: 'ambiguous', method: 'none', matchCount: 2 },
      tenancy: null,
      openCase: null,
      calls: [],
      hints: [],
    });
    expect(after.body).toMatchObject({
      identification: { status: 'found', method: 'keypad' },
      tenancy: { tenancyId: '100200303' },
    });
  });

  it('lists every call of the tenancy, whether or not an agent opened it, with what came of each', async () => {
    // Prepare: a week of calls through the flow, identify-caller and contact events, none opened by
    // an agent; one from the number the tenant shares with a neighbour, not resolved on the keypad.
    // In real time: scaled time shortens identify-caller's 3 s limit too (to 30 ms at 0.01), and on a
    // busy machine a lookup outlasted it, routing a call as unknown or leaving it unfiled.
    const simulate = makeCallSimulator({ env: baseEnv, doc: adapters.doc, readCallLog: false });
    // Each call the demo agent answers, as Connect would say.
    const place = async (request: SimulatedCallRequest) => {
      const { contactId, at: placedAt } = await simulate(request);
      contactAssignments.assign(contactId, DEMO_USERS.agent.connectUserId, new Date(placedAt));
      return contactId;
    };
    const at = (day: string, time: string) => `2026-11-${day}T${time}:00+01:00`;
    const closed = await place({ from: HISTORY_PHONE, keys: ['', ''], at: at('23', '18:30') });
    const abandoned = await place({
      from: HISTORY_PHONE,
      keys: [''],
      at: at('24', '10:00'),
      answer: 'abandon',
    });
    const answered = await place({
      from: HISTORY_PHONE,
      keys: [''],
      at: at('24', '11:00'),
      answer: { afterSeconds: 30 },
    });
    const busy = await place({
      from: HISTORY_PHONE,
      keys: [''],
      at: at('24', '12:00'),
      fullQueues: ['urgent'],
    });
    const recorded = await place({ from: HISTORY_PHONE, keys: [''], at: at('24', '14:00') });
    const keyed = await place({ from: 'anonymous', keys: ['', '100200305'], at: at('24', '15:00') });
    await place({ from: HISTORY_SHARED_PHONE, keys: ['', '', '', '2'], at: at('24', '16:00') });
    const current = await place({ from: HISTORY_PHONE, keys: [''], at: at('25', '10:30') });
    expect((await record(recorded, { codes: ['instalment_plan'] })).status).toBe(200);
    // Act
    const { body } = await context(current);
    // Assess
    type Row = { contactId: string; result: string; afterHours: boolean | null; queue: string | null };
    const rows: Row[] = body.calls;
    expect(rows.map((row) => row.contactId)).toEqual([
      current,
      keyed,
      recorded,
      busy,
      answered,
      abandoned,
      closed,
    ]);
    const row = (contactId: string) => rows.find((entry) => entry.contactId === contactId);
    expect(row(closed)).toMatchObject({ result: 'not_queued', afterHours: true, queue: null, outcome: null });
    expect(row(abandoned)).toMatchObject({
      result: 'abandoned',
      afterHours: false,
      queue: 'urgent',
      answeredAt: null,
      disconnectReason: 'CUSTOMER_DISCONNECT',
    });
    expect(row(answered)).toMatchObject({ result: 'answered', queue: 'urgent', waitSeconds: 30 });
    expect(row(busy)).toMatchObject({ result: 'not_queued', afterHours: false, queue: null });
    expect(row(recorded)).toMatchObject({ result: 'answered', outcome: { codes: ['instalment_plan'] } });
    expect(row(current)).toMatchObject({ current: true, result: 'answered' });
  });

  it("offers a shared number's tenancies, and attaches the one the agent identified", async () => {
    // Prepare
    await wireIdentifyCaller(baseEnv, { clock: fixedClock('2026-11-25T09:00:00Z') })(
      aContactFlowEvent({
        contactId: 'pick-0',
        callerNumber: SHARED_PHONE,
        parameters: { lookup: 'tenancy', tenancyNumber: '100200302' },
      }),
    );
    await call('pick-1', SHARED_PHONE);
    // Act
    const before = await context('pick-1');
    const attached = await attach('pick-1', { tenancyId: '100200302' });
    const itemsAfterAttach = await itemsOfCall('pick-1');
    const again = await attach('pick-1', { tenancyId: '100200302' });
    // Assess
    expect(before.body).toMatchObject({
      identification: { status: 'ambiguous', method: 'none', matchCount: 2 },
      candidates: [
        {
          tenancyId: '100200302',
          tenantName: 'Maria Testerin',
          address: 'Testgasse 1/2/3',
          postalCode: '1100',
        },
        {
          tenancyId: '100200303',
          tenantName: 'Maria Testerin',
          address: 'Testgasse 1/2/3',
          postalCode: '1100',
        },
      ],
      tenancy: null,
    });
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({
      identification: { status: 'found', method: 'agent', matchCount: 1 },
      candidates: [],
      tenancy: { tenancyId: '100200302' },
    });
    expect(attached.body.calls.map((entry: { contactId: string }) => entry.contactId)).toEqual([
      'pick-1',
      'pick-0',
    ]);
    expect(again).toEqual(attached);
    expect(await itemsOfCall('pick-1')).toEqual(itemsAfterAttach);
  });

  it('refuses to attach an unknown tenancy or a malformed number, or another tenancy to a caller found by number', async () => {
    // Prepare
    await call('pick-2', SHARED_PHONE);
    await call('pick-3', CASE_PHONE);
    const before = await itemsOfCall('pick-2');
    // Act
    const unknown = await attach('pick-2', { tenancyId: '777777777' });
    const malformed = await attach('pick-2', { tenancyId: '12-34' });
    const conflict = await attach('pick-3', { tenancyId: '100200302' });
    const same = await attach('pick-3', { tenancyId: '100200300' });
    const manager = await attach('pick-2', { tenancyId: '100200302' }, managerToken);
    // Assess
    expect(unknown).toEqual({ status: 404, body: { message: 'tenancy not found' } });
    expect(malformed).toEqual({ status: 400, body: { message: 'invalid request', fields: ['tenancyId'] } });
    expect(conflict.status).toBe(409);
    expect(same.body.identification).toEqual({ status: 'found', method: 'phone', matchCount: 1 });
    expect(manager.status).toBe(403);
    expect(await itemsOfCall('pick-2')).toEqual(before);
    expect((await attach('never-called', { tenancyId: '100200302' }, supervisorToken)).status).toBe(404);
  });

  it("tells a call that is gone from one changed meanwhile when an agent's tenancy is written", async () => {
    // Prepare: another agent attached a tenancy first.
    const calls = new DynamoCallRecords(adapters.doc, callsTable);
    await call('pick-4', SHARED_PHONE);
    await calls.attachAgentTenancy('pick-4', '100200303' as TenancyId, {});
    // Act
    const changed = await calls
      .attachAgentTenancy('pick-4', '100200302' as TenancyId, {})
      .catch((e: unknown) => e);
    const gone = await calls
      .attachAgentTenancy('no-such-call', '100200302' as TenancyId, {})
      .catch((e: unknown) => e);
    // Assess
    expect(changed).toBeInstanceOf(TenancyConflictError);
    expect(gone).toBeInstanceOf(ContactNotFoundError);
    expect(await itemsOfCall('no-such-call')).toEqual([]);
  });

  it('leaves calls past retention out of the history', async () => {
    // Prepare: a call 500 days ago (retention 400 days), filed under the number; TTL never ran.
    await wireIdentifyCaller(baseEnv, { clock: fixedClock('2025-07-13T10:00:00Z') })(
      aContactFlowEvent({ contactId: 'old-1', callerNumber: RETENTION_PHONE }),
    );
    await call('new-1', RETENTION_PHONE);
    // Act
    const current = await context('new-1');
    const old = await context('old-1', supervisorToken);
    // Assess
    expect(current.body.calls.map((entry: { contactId: string }) => entry.contactId)).toEqual(['new-1']);
    expect(old.status).toBe(404);
  });

  it('refuses requests without a signed-in user', async () => {
    await call('auth-1', CASE_PHONE);
    expect((await context('auth-1', null)).status).toBe(401);
    expect((await record('auth-1', { codes: ['information_only'] }, null)).status).toBe(401);
    expect((await context('auth-1', 'forged.token.value')).status).toBe(401);
  });

  it('refuses a manager: agents see callers, managers see aggregates', async () => {
    // Prepare
    await call('auth-2', CASE_PHONE);
    // Act
    const read = await context('auth-2', managerToken);
    const write = await record('auth-2', { codes: ['information_only'] }, managerToken);
    // Assess
    expect(read).toEqual({ status: 403, body: { message: 'for agents only' } });
    expect(write.status).toBe(403);
    expect((await itemsOfCall('auth-2')).map((item) => item.sk)).toEqual(['LOG']);
  });

  it('answers a supervisor 404 for a contact id no call is logged under, and an agent 403 (no oracle)', async () => {
    expect(await context('never-called', supervisorToken)).toEqual({
      status: 404,
      body: { message: 'contact not found' },
    });
    expect((await record('never-called', { codes: ['information_only'] }, supervisorToken)).status).toBe(404);
    expect(await context('never-called')).toEqual({
      status: 403,
      body: { message: 'not your contact', reason: 'not_your_contact' },
    });
    expect(await itemsOfCall('never-called')).toEqual([]);
  });

  describe('finding a caller the flow did not find, by name and address', () => {
    const find = (contactId: string, body: unknown) =>
      send('POST', `/api/contacts/${contactId}/candidates`, { body });
    const ids = (body: { candidates: { tenancyId: string }[] }) =>
      body.candidates.map((candidate) => candidate.tenancyId);

    it('finds the tenancy by the name as the agent types it, in the postal code, and attaches it', async () => {
      // Prepare
      await call('search-1', UNKNOWN_PHONE);
      // Act
      const byName = await find('search-1', { name: 'ayse OZTURK', postalCode: '1100' });
      const attached = await attach('search-1', { tenancyId: ids(byName.body)[0] });
      // Assess
      expect(byName).toEqual({
        status: 200,
        body: {
          candidates: [
            {
              tenancyId: '100200310',
              tenantName: 'Ayşe Öztürk',
              address: 'Quellenstraße 12/3/14',
              postalCode: '1100',
            },
          ],
          more: false,
          tooMany: false,
        },
      });
      expect(attached.body.identification).toEqual({ status: 'found', method: 'agent', matchCount: 1 });
    });

    it('narrows a family name by the street and house number', async () => {
      await call('search-2', UNKNOWN_PHONE);
      const family = await find('search-2', { name: 'Öztürk', postalCode: '1100' });
      const narrowed = await find('search-2', {
        name: 'Öztürk',
        postalCode: '1100',
        street: 'quellenstr 40',
      });
      const elsewhere = await find('search-2', { name: 'Öztürk', postalCode: '1040' });
      expect(ids(family.body)).toEqual(['100200310', '100200311']);
      expect(ids(narrowed.body)).toEqual(['100200311']);
      expect(ids(elsewhere.body)).toEqual(['100200312']);
    });

    it('finds nobody for a name that is not in the postal code, and writes nothing', async () => {
      await call('search-3', UNKNOWN_PHONE);
      const before = await itemsOfCall('search-3');
      const result = await find('search-3', { name: 'Öztürk Mehmet', postalCode: '1040' });
      expect(result.body).toEqual({ candidates: [], more: false, tooMany: false });
      expect(await itemsOfCall('search-3')).toEqual(before);
    });

    it('refuses the search for a caller the flow found by their number', async () => {
      await call('search-4', CASE_PHONE);
      const result = await find('search-4', { name: 'Öztürk', postalCode: '1100' });
      expect(result.status).toBe(409);
    });
  });

  describe('whose calls, the identity check and the audit trail', () => {
    const trail = () => new DynamoAuditTrail(adapters.doc, auditTable, { clock: fixedClock(NOW) });
    const colleagueToken = () => auth.signIn('colleague', 'colleague').idToken;
    const read = (contactId: string, token?: string) =>
      send('GET', `/api/contacts/${contactId}/context`, { token });

    it("keeps a call's file from another agent, and records no read for them (the review's oracle)", async () => {
      // Prepare
      await call('scope-1', CASE_PHONE);
      // Act
      const refused = await read('scope-1', colleagueToken());
      const refusedWrite = await record('scope-1', { codes: ['information_only'] }, colleagueToken());
      // Assess
      expect(refused).toEqual({
        status: 403,
        body: { message: 'not your contact', reason: 'not_your_contact' },
      });
      expect(refusedWrite.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain('100200300');
      expect(await trail().listForContact('scope-1')).toEqual([]);
      expect(await trail().listForTenancy(WITH_CASE.tenancy.tenancyId)).not.toContainEqual(
        expect.objectContaining({ contactId: 'scope-1' }),
      );
    });

    it('shows its agent the risk at once and the file after the identity check, both recorded', async () => {
      // Prepare
      await call('scope-2', CASE_PHONE);
      // Act
      const before = await read('scope-2');
      const after = await context('scope-2');
      // Assess: before, the risk and name but no address, case facts or history
      expect(before.status).toBe(200);
      expect(before.body.identity).toEqual({ confirmed: false, confirmedAt: null, withheld: true });
      expect(before.body.risk.level).not.toBe('normal');
      expect(before.body.openCase).toBeNull();
      expect(before.body.tenancy.address).toBeNull();
      expect(JSON.stringify(before.body)).not.toContain(WITH_CASE.tenancy.address);
      expect(after.body.identity).toEqual({
        confirmed: true,
        confirmedAt: new Date(NOW).toISOString(),
        withheld: false,
      });
      expect(after.body.openCase.arrearsEur).toBe(2400);
      const logged = (await itemsOfCall('scope-2')).find((item) => item.sk === 'LOG');
      expect(logged?.identityConfirmed).toEqual({
        by: DEMO_USERS.agent.sub,
        at: new Date(NOW).toISOString(),
      });
      const entries = (await trail().listForTenancy(WITH_CASE.tenancy.tenancyId)).filter(
        (entry) => entry.contactId === 'scope-2',
      );
      // One clock for the whole test: the entries share a time, so their order within it is open.
      expect(entries.map((entry) => [entry.action, entry.subject, entry.route])).toEqual(
        expect.arrayContaining([
          ['context_read', DEMO_USERS.agent.sub, 'GET /api/contacts/{contactId}/context'],
          ['identity_confirmed', DEMO_USERS.agent.sub, 'POST /api/contacts/{contactId}/identity'],
          ['context_read', DEMO_USERS.agent.sub, 'POST /api/contacts/{contactId}/identity'],
        ]),
      );
      expect(entries).toHaveLength(3);
      // Ids only: no name, number or address in what the trail keeps.
      const stored = JSON.stringify(entries);
      for (const personal of [WITH_CASE.tenancy.tenantName, WITH_CASE.tenancy.address, CASE_PHONE]) {
        expect(stored).not.toContain(personal);
      }
    });

    it("lets no other agent overwrite an agent's outcome; a supervisor corrects it, and each write is audited", async () => {
      // Prepare
      await call('scope-3', CASE_PHONE);
      expect((await record('scope-3', { codes: ['information_only'] })).status).toBe(200);
      // The colleague now holds the call too (say, after a transfer): still not their outcome.
      contactAssignments.assign('scope-3', DEMO_USERS.colleague.connectUserId, new Date(NOW));
      // Act
      const overwrite = await record(
        'scope-3',
        { codes: ['instalment_plan'], expectedRevision: 1 },
        colleagueToken(),
      );
      const corrected = await record(
        'scope-3',
        { codes: ['instalment_plan'], expectedRevision: 1 },
        supervisorToken,
      );
      // Assess
      expect(overwrite).toEqual({
        status: 403,
        body: { message: 'not your contact', reason: 'not_your_outcome' },
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body.outcome.revision).toBe(2);
      const actions = (await trail().listForTenancy(WITH_CASE.tenancy.tenancyId))
        .filter((entry) => entry.contactId === 'scope-3')
        .map((entry) => [entry.action, entry.groups]);
      expect(actions).toEqual(
        expect.arrayContaining([
          ['outcome_recorded', ['agents']],
          ['outcome_corrected', ['supervisors']],
        ]),
      );
      expect(actions).toHaveLength(2);
    });
  });
});

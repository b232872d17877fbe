import { describe, expect, it, vi } from 'vitest';
import { type AgentApiUseCases, createAgentApiHandler } from '../../functions/agent-api/create-handler.ts';
import { deriveTimeline } from '../../shared/domain/call-timeline.ts';
import type { CallerContext } from '../../shared/domain/caller-context.ts';
import {
  AccessRefusedError,
  CaseAlreadyResolvedError,
  ContactNotFoundError,
  InvalidOutcomeError,
  InvalidSearchError,
  StaleOutcomeError,
  TenancyConflictError,
  TenancyNotFoundError,
} from '../../shared/domain/errors.ts';
import type { RecordedOutcome } from '../../shared/domain/outcomes.ts';
import type { IsoDate } from '../../shared/domain/tenancy.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { aTenancyFile } from '../fixtures/tenancy-files.ts';
import { describeOriginCheckedEntry } from '../support/lambda-entry.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const CONTEXT_PATH = `/api/contacts/${CONTACT}/context`;
const OUTCOMES_PATH = `/api/contacts/${CONTACT}/outcomes`;
const CANDIDATES_PATH = `/api/contacts/${CONTACT}/candidates`;
const TENANCY_PATH = `/api/contacts/${CONTACT}/tenancy`;
const AGENT_SUB = '5e1f0000-0000-4000-8000-0000000a9e47';

const logs = captureLogsOfEachTest();

const STORED: RecordedOutcome = {
  contactId: CONTACT,
  revision: 1,
  codes: ['information_only'],
  recordedAt: '2026-11-25T10:05:00.000Z',
  recordedBy: AGENT_SUB,
  requestIds: [],
};

const FILE = aTenancyFile({
  tenancyId: '100200300',
  cases: [{ caseId: 'C-7', stage: 'lawsuit', courtHearingDate: '2026-11-30' as IsoDate }],
});

const A_CONTEXT: CallerContext = {
  contactId: CONTACT,
  receivedAt: '2026-11-25T09:59:58.000Z',
  identification: { status: 'found', method: 'phone', matchCount: 1 },
  tenancy: FILE.tenancy,
  openCase: FILE.cases[0],
  risk: { level: 'critical', reasons: ['court_hearing_imminent', 'advanced_stage'] },
  calls: [
    {
      contactId: CONTACT,
      receivedAt: '2026-11-25T09:59:58.000Z',
      timeline: deriveTimeline({ initiatedAt: new Date('2026-11-25T09:59:57.000Z'), afterHours: false }),
    },
    {
      contactId: 'earlier',
      receivedAt: '2026-11-10T09:00:00.000Z',
      timeline: deriveTimeline({
        initiatedAt: new Date('2026-11-10T09:00:00.000Z'),
        afterHours: false,
        queuedAt: new Date('2026-11-10T09:00:30.000Z'),
        queue: 'urgent',
        answeredAt: new Date('2026-11-10T09:01:10.000Z'),
        disconnectedAt: new Date('2026-11-10T09:09:10.000Z'),
        disconnectReason: 'AGENT_DISCONNECT',
      }),
      outcome: { codes: ['housing_allowance'], recordedAt: '2026-11-10T09:10:00.000Z', revision: 2 },
    },
  ],
  outcome: STORED,
  hints: [{ id: 'court_letter', text: { de: 'Brief erklären', en: 'Explain the letter' } }],
};

/** The context as the desk answers it for a user who may see the whole file. */
const shown = (context: CallerContext) => ({ context, withheld: false });

const setUp = () => {
  const useCases = {
    context: vi.fn<AgentApiUseCases['context']>(async () => shown(A_CONTEXT)),
    confirmIdentity: vi.fn<AgentApiUseCases['confirmIdentity']>(async () => shown(A_CONTEXT)),
    recordOutcome: vi.fn<AgentApiUseCases['recordOutcome']>(async () => ({
      outcome: STORED,
      written: true,
      contactAttributes: 'updated' as const,
    })),
    attachTenancy: vi.fn<AgentApiUseCases['attachTenancy']>(async () => shown(A_CONTEXT)),
    findCandidates: vi.fn<AgentApiUseCases['findCandidates']>(async () => ({
      kind: 'found',
      candidates: [A_CONTEXT.tenancy].flatMap((tenancy) => (tenancy ? [tenancy] : [])),
      more: false,
    })),
  };
  return { useCases, handler: createAgentApiHandler(useCases) };
};

const put = (body: unknown, extra: Parameters<typeof anHttpApiEvent>[0] = {}) =>
  anHttpApiEvent({ method: 'PUT', path: TENANCY_PATH, body, ...extra });

const post = (body: unknown, extra: Parameters<typeof anHttpApiEvent>[0] = {}) =>
  anHttpApiEvent({ method: 'POST', path: OUTCOMES_PATH, body, ...extra });

const bodyOf = (result: { body: string }): unknown => JSON.parse(result.body);

describe('agent API: who may call', () => {
  it('answers 401 when no user signed in', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(anHttpApiEvent({ claims: null }));
    // Assess
    expect(result.statusCode).toBe(401);
    expect(useCases.context).not.toHaveBeenCalled();
  });

  it('answers 401 for claims without a subject', async () => {
    const { handler } = setUp();
    const result = await handler(anHttpApiEvent({ claims: { 'cognito:groups': '[agents]' } }));
    expect(result.statusCode).toBe(401);
  });

  it.each([
    ['a manager', '[managers]'],
    ['a user in no group', ''],
    // A Cognito group name may hold a comma: the review's attack was a group named `x,agents`.
    ['a user in a group named x,agents', '[x,agents]'],
    ["a claim not in the authoriser's form (comma list)", 'managers,agents'],
    ["a claim not in the authoriser's form (bare name)", 'agents'],
  ])('answers 403 to %s', async (_who, groups) => {
    const { handler, useCases } = setUp();
    const result = await handler(anHttpApiEvent({ claims: { sub: 'someone', 'cognito:groups': groups } }));
    expect(result.statusCode).toBe(403);
    expect(useCases.context).not.toHaveBeenCalled();
  });

  it.each(['[agents]', '[managers agents]'])('reads the group claim written as %s', async (groups) => {
    const { handler } = setUp();
    const result = await handler(anHttpApiEvent({ claims: { sub: AGENT_SUB, 'cognito:groups': groups } }));
    expect(result.statusCode).toBe(200);
  });

  it('refuses POST as well without the agents group', async () => {
    const { handler, useCases } = setUp();
    const result = await handler(
      post({ codes: ['information_only'] }, { claims: { sub: 'm', 'cognito:groups': '[managers]' } }),
    );
    expect(result.statusCode).toBe(403);
    expect(useCases.recordOutcome).not.toHaveBeenCalled();
  });
});

describe('agent API: routes', () => {
  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    const { handler } = setUp();
    expect((await handler(anHttpApiEvent({ path: '/contacts' }))).statusCode).toBe(404);
    expect((await handler(anHttpApiEvent({ method: 'DELETE', path: CONTEXT_PATH }))).statusCode).toBe(405);
  });

  it('answers 400 naming contactId for a malformed contact id', async () => {
    const { handler } = setUp();
    const result = await handler(anHttpApiEvent({ path: '/api/contacts/a%20b%3Cc/context' }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'invalid request', fields: ['contactId'] });
  });

  it('answers 400 for an event that is not an HTTP API event', async () => {
    const { handler } = setUp();
    expect((await handler({ hello: 'world' })).statusCode).toBe(400);
  });

  it('serves a path under a named stage too', async () => {
    const { handler, useCases } = setUp();
    const event = { ...anHttpApiEvent(), rawPath: `/prod${CONTEXT_PATH}`, pathParameters: undefined };
    const result = await handler(event);
    expect(result.statusCode).toBe(200);
    expect(useCases.context).toHaveBeenCalledWith(expect.objectContaining({ contactId: CONTACT }));
  });
});

describe('agent API: GET context', () => {
  it('answers the caller context as JSON, absent facts as null, without phone numbers', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(anHttpApiEvent({ path: CONTEXT_PATH }));
    // Assess
    expect(useCases.context).toHaveBeenCalledWith(expect.objectContaining({ contactId: CONTACT }));
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    expect(bodyOf(result)).toEqual({
      contactId: CONTACT,
      receivedAt: '2026-11-25T09:59:58.000Z',
      identification: { status: 'found', method: 'phone', matchCount: 1 },
      identity: { confirmed: false, confirmedAt: null, withheld: false },
      candidates: [],
      tenancy: {
        tenancyId: '100200300',
        tenantName: 'Maria Testerin',
        address: 'Testgasse 1/2/3',
        postalCode: '1100',
        householdSize: 3,
        children: 1,
        preferredLanguage: 'de',
      },
      openCase: {
        caseId: 'C-7',
        stage: 'lawsuit',
        arrearsEur: 1200,
        monthsInArrears: 2,
        courtHearingDate: '2026-11-30',
        evictionDate: null,
        caseWorker: 'Sozialarbeiterin Test',
        openedOn: '2026-09-01',
        resolution: null,
      },
      risk: { level: 'critical', reasons: ['court_hearing_imminent', 'advanced_stage'] },
      calls: [
        {
          contactId: CONTACT,
          receivedAt: '2026-11-25T09:59:58.000Z',
          current: true,
          result: 'in_progress',
          afterHours: false,
          queue: null,
          queuedAt: null,
          answeredAt: null,
          disconnectedAt: null,
          disconnectReason: null,
          waitSeconds: null,
          handleSeconds: null,
          outcome: null,
        },
        {
          contactId: 'earlier',
          receivedAt: '2026-11-10T09:00:00.000Z',
          current: false,
          result: 'answered',
          afterHours: false,
          queue: 'urgent',
          queuedAt: '2026-11-10T09:00:30.000Z',
          answeredAt: '2026-11-10T09:01:10.000Z',
          disconnectedAt: '2026-11-10T09:09:10.000Z',
          disconnectReason: 'AGENT_DISCONNECT',
          waitSeconds: 40,
          handleSeconds: 480,
          outcome: {
            revision: 2,
            codes: ['housing_allowance'],
            note: null,
            caseResolution: null,
            recordedAt: '2026-11-10T09:10:00.000Z',
          },
        },
      ],
      outcome: {
        revision: 1,
        codes: ['information_only'],
        note: null,
        followUp: null,
        caseResolution: null,
        recordedAt: '2026-11-25T10:05:00.000Z',
      },
      hints: [{ id: 'court_letter', text: { de: 'Brief erklären', en: 'Explain the letter' } }],
    });
    expect(result.body).not.toContain('+43');
  });

  it('answers an ambiguous caller with the candidates to ask about, nulls and empty lists', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    const neighbour = aTenancyFile({ tenancyId: '100200301' }).tenancy;
    useCases.context.mockResolvedValueOnce(
      shown({
        contactId: CONTACT,
        receivedAt: '2026-11-25T09:59:58.000Z',
        identification: { status: 'ambiguous', method: 'none', matchCount: 2 },
        candidates: [FILE.tenancy, { ...neighbour, tenantName: 'Jan Nachbar', address: 'Testgasse 1/2/4' }],
        risk: { level: 'normal', reasons: [] },
        calls: [],
        hints: [],
      }),
    );
    // Act
    const result = await handler(anHttpApiEvent());
    // Assess
    expect(bodyOf(result)).toMatchObject({
      candidates: [
        {
          tenancyId: '100200300',
          tenantName: 'Maria Testerin',
          address: 'Testgasse 1/2/3',
          postalCode: '1100',
        },
        { tenancyId: '100200301', tenantName: 'Jan Nachbar', address: 'Testgasse 1/2/4', postalCode: '1100' },
      ],
      tenancy: null,
      openCase: null,
      calls: [],
      outcome: null,
      hints: [],
    });
    // Only what the agent needs to ask: no numbers, no household, no case.
    expect(Object.keys((bodyOf(result) as { candidates: object[] }).candidates[0] ?? {})).toEqual([
      'tenancyId',
      'tenantName',
      'address',
      'postalCode',
    ]);
    expect(result.body).not.toContain('+43');
  });

  it('answers 404 for a contact without a call log', async () => {
    const { handler, useCases } = setUp();
    useCases.context.mockRejectedValueOnce(new ContactNotFoundError());
    const result = await handler(anHttpApiEvent());
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ message: 'contact not found' });
  });

  it('answers 500 with a generic message and logs the detail', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    useCases.context.mockRejectedValueOnce(new Error('boom in the store adapter'));
    // Act
    const result = await handler(anHttpApiEvent());
    // Assess
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ message: 'internal error' });
    expect(logs.text()).toContain('agent api request failed');
  });
});

describe('agent API: POST outcomes, the body', () => {
  it('passes a valid body to the use case with the agent and the trimmed note', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(
      post({
        codes: ['appointment_booked', 'housing_allowance'],
        note: '  Termin vereinbart  ',
        followUp: { kind: 'consultation', at: '2026-11-26T10:00:00+01:00' },
        caseResolution: 'housing_secured',
        requestId: 'r-42',
        expectedRevision: 0,
      }),
    );
    // Assess
    expect(result.statusCode).toBe(200);
    expect(useCases.recordOutcome).toHaveBeenCalledWith(
      expect.objectContaining({ contactId: CONTACT, actor: expect.objectContaining({ subject: AGENT_SUB }) }),
      {
        outcome: {
          codes: ['appointment_booked', 'housing_allowance'],
          note: 'Termin vereinbart',
          followUp: { kind: 'consultation', at: '2026-11-26T10:00:00+01:00' },
          caseResolution: 'housing_secured',
        },
        requestId: 'r-42',
        expectedRevision: 0,
      },
    );
    expect(bodyOf(result)).toEqual({
      contactId: CONTACT,
      outcome: {
        revision: 1,
        codes: ['information_only'],
        note: null,
        followUp: null,
        caseResolution: null,
        recordedAt: '2026-11-25T10:05:00.000Z',
      },
      contactAttributes: 'updated',
    });
  });

  it('reads a base64-encoded body', async () => {
    const { handler } = setUp();
    const result = await handler(post({ codes: ['information_only'] }, { base64: true }));
    expect(result.statusCode).toBe(200);
  });

  it.each([
    ['no codes', {}, ['codes']],
    ['an empty code list', { codes: [] }, ['codes']],
    ['an unknown code', { codes: ['information_only', 'free_flat'] }, ['codes.1']],
    ['a repeated code', { codes: ['instalment_plan', 'instalment_plan'] }, ['codes']],
    ['a note over 500 characters', { codes: ['information_only'], note: 'x'.repeat(501) }, ['note']],
    ['a note that is not text', { codes: ['information_only'], note: 42 }, ['note']],
    [
      'a consultation time that is not an instant',
      { codes: ['appointment_booked'], followUp: { kind: 'consultation', at: 'tomorrow at ten' } },
      ['followUp.at'],
    ],
    [
      'a consultation without a time',
      { codes: ['appointment_booked'], followUp: { kind: 'consultation' } },
      ['followUp.at'],
    ],
    [
      'an unknown follow-up',
      { codes: ['information_only'], followUp: { kind: 'letter' } },
      ['followUp.kind'],
    ],
    [
      'a resolution agents cannot set',
      { codes: ['information_only'], caseResolution: 'other' },
      ['caseResolution'],
    ],
    ['a malformed request id', { codes: ['information_only'], requestId: 'has spaces in it' }, ['requestId']],
    [
      'a negative expected revision',
      { codes: ['information_only'], expectedRevision: -1 },
      ['expectedRevision'],
    ],
    ['an unknown field', { codes: ['information_only'], tenantName: 'Maria' }, ['tenantName']],
  ])('answers 400 naming the field for %s', async (_case, body, fields) => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(post(body));
    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'invalid request', fields });
    expect(useCases.recordOutcome).not.toHaveBeenCalled();
  });

  it('names every wrong field at once and echoes none of the values', async () => {
    const { handler } = setUp();
    const result = await handler(
      post({ codes: ['nope-code'], note: `Secret ${'x'.repeat(600)}`, caseResolution: 'maybe' }),
    );
    expect(bodyOf(result)).toEqual({
      message: 'invalid request',
      fields: ['codes.0', 'note', 'caseResolution'],
    });
    expect(result.body).not.toMatch(/nope-code|Secret|maybe/);
    expect(logs.text()).not.toMatch(/nope-code|Secret|maybe/);
  });

  it.each([
    ['a body that is not JSON', '{"codes": [information_only]'],
    ['an empty body', ''],
  ])('answers 400 for %s', async (_case, rawBody) => {
    const { handler } = setUp();
    const result = await handler(post(undefined, { rawBody }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'invalid request', fields: ['(body)'] });
  });
});

describe('agent API: PUT tenancy', () => {
  it('attaches the tenancy named in the body and answers the new context', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(put({ tenancyId: '100200300' }));
    // Assess
    expect(useCases.attachTenancy).toHaveBeenCalledWith(
      expect.objectContaining({ contactId: CONTACT }),
      '100200300',
    );
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ contactId: CONTACT, tenancy: { tenancyId: '100200300' } });
  });

  it.each([
    ['too short a tenancy number', { tenancyId: '12345' }, ['tenancyId']],
    ['letters in it', { tenancyId: '1002003OO' }, ['tenancyId']],
    ['a number instead of a string', { tenancyId: 100200300 }, ['tenancyId']],
    ['no tenancy number', {}, ['tenancyId']],
    ['another field', { tenancyId: '100200300', tenantName: 'Maria Testerin' }, ['tenantName']],
  ])('answers 400 for %s, naming the field and not its value', async (_case, body, fields) => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(put(body));
    // Assess
    expect(result.statusCode).toBe(400);
    expect((bodyOf(result) as { fields: string[] }).fields).toEqual(fields);
    expect(result.body).not.toMatch(/12345|1002003OO|Testerin/);
    expect(useCases.attachTenancy).not.toHaveBeenCalled();
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { handler, useCases } = setUp();
    const result = await handler(
      anHttpApiEvent({ method: 'PUT', path: TENANCY_PATH, rawBody: '{tenancyId' }),
    );
    expect(bodyOf(result)).toEqual({ message: 'invalid request', fields: ['(body)'] });
    expect(useCases.attachTenancy).not.toHaveBeenCalled();
  });

  it.each([
    ['the contact is unknown', new ContactNotFoundError(), 404, 'contact not found'],
    ['the tenancy is unknown', new TenancyNotFoundError(), 404, 'tenancy not found'],
    [
      'another tenancy found the caller',
      new TenancyConflictError(),
      409,
      'the call is attached to another tenancy',
    ],
  ])('maps "%s" to %i', async (_case, error, statusCode, message) => {
    const { handler, useCases } = setUp();
    useCases.attachTenancy.mockRejectedValueOnce(error);
    const result = await handler(put({ tenancyId: '100200300' }));
    expect(result.statusCode).toBe(statusCode);
    expect(bodyOf(result)).toEqual({ message });
  });

  it('answers 405 to another method and 403 to a manager', async () => {
    const { handler, useCases } = setUp();
    const get = await handler(anHttpApiEvent({ path: TENANCY_PATH }));
    const manager = await handler(
      put({ tenancyId: '100200300' }, { claims: { sub: 'm', 'cognito:groups': '[managers]' } }),
    );
    expect(get.statusCode).toBe(405);
    expect(manager.statusCode).toBe(403);
    expect(useCases.attachTenancy).not.toHaveBeenCalled();
  });
});

describe('agent API: POST candidates', () => {
  const search = (body: unknown, extra: Parameters<typeof anHttpApiEvent>[0] = {}) =>
    anHttpApiEvent({ method: 'POST', path: CANDIDATES_PATH, body, ...extra });

  it('passes the trimmed name, postal code and street to the search and answers the candidates', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(
      search({ name: ' Maria Testerin ', postalCode: '1100', street: 'Quellenstr 12' }),
    );
    // Assess
    expect(useCases.findCandidates).toHaveBeenCalledWith(expect.objectContaining({ contactId: CONTACT }), {
      name: 'Maria Testerin',
      postalCode: '1100',
      street: 'Quellenstr 12',
    });
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      candidates: [
        {
          tenancyId: A_CONTEXT.tenancy?.tenancyId,
          tenantName: A_CONTEXT.tenancy?.tenantName,
          address: A_CONTEXT.tenancy?.address,
          postalCode: A_CONTEXT.tenancy?.postalCode,
        },
      ],
      more: false,
      tooMany: false,
    });
  });

  it('answers that too many match, for the agent to ask for more of the name', async () => {
    const { handler, useCases } = setUp();
    useCases.findCandidates.mockResolvedValueOnce({ kind: 'too_many' });
    const result = await handler(search({ name: 'Maria', postalCode: '1100' }));
    expect(bodyOf(result)).toEqual({ candidates: [], more: false, tooMany: true });
  });

  it.each([
    ['a one-letter name', { name: 'M', postalCode: '1100' }, ['name']],
    ['a postal code of three digits', { name: 'Maria Testerin', postalCode: '110' }, ['postalCode']],
    ['no postal code', { name: 'Maria Testerin' }, ['postalCode']],
    ['another field', { name: 'Maria Testerin', postalCode: '1100', phone: '+43660' }, ['phone']],
  ])('answers 400 for %s, naming the field and not its value', async (_case, body, fields) => {
    const { handler, useCases } = setUp();
    const result = await handler(search(body));
    expect(result.statusCode).toBe(400);
    expect((bodyOf(result) as { fields: string[] }).fields).toEqual(fields);
    expect(result.body).not.toMatch(/Testerin|\+43660/);
    expect(useCases.findCandidates).not.toHaveBeenCalled();
  });

  it.each([
    ['a name of initials only', new InvalidSearchError(['name']), 400],
    ['a caller the flow identified', new TenancyConflictError(), 409],
    ['an unknown contact', new ContactNotFoundError(), 404],
  ])('maps %s to %i', async (_case, error, statusCode) => {
    const { handler, useCases } = setUp();
    useCases.findCandidates.mockRejectedValueOnce(error);
    const result = await handler(search({ name: 'M. T.', postalCode: '1100' }));
    expect(result.statusCode).toBe(statusCode);
  });

  it('answers 405 to GET, so that no name is ever part of a URL, and 403 to a manager', async () => {
    const { handler, useCases } = setUp();
    const get = await handler(anHttpApiEvent({ path: CANDIDATES_PATH }));
    const manager = await handler(
      search({ name: 'Maria', postalCode: '1100' }, { claims: { sub: 'm', 'cognito:groups': '[managers]' } }),
    );
    expect(get.statusCode).toBe(405);
    expect(manager.statusCode).toBe(403);
    expect(useCases.findCandidates).not.toHaveBeenCalled();
  });
});

describe('agent API: POST outcomes, the answer', () => {
  it.each([
    ['the contact is unknown', new ContactNotFoundError(), 404],
    ['the outcome changed meanwhile', new StaleOutcomeError(), 409],
    ['another call closed the case', new CaseAlreadyResolvedError(), 409],
  ])('maps "%s" to %i', async (_case, error, statusCode) => {
    const { handler, useCases } = setUp();
    useCases.recordOutcome.mockRejectedValueOnce(error);
    const result = await handler(post({ codes: ['information_only'] }));
    expect(result.statusCode).toBe(statusCode);
  });

  it('answers 400 naming the fields the use case refused', async () => {
    const { handler, useCases } = setUp();
    useCases.recordOutcome.mockRejectedValueOnce(new InvalidOutcomeError(['followUp.at']));
    const result = await handler(post({ codes: ['appointment_booked'] }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ message: 'invalid request', fields: ['followUp.at'] });
  });
});

describe('agent API: whose contact, and the identity check', () => {
  it('passes who asks (subject, groups, Connect user), the route and a held contact to the desk', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    // Act
    const result = await handler(
      anHttpApiEvent({
        path: CONTEXT_PATH,
        claims: { sub: AGENT_SUB, 'cognito:groups': '[agents]', 'custom:connect_user_id': 'u-1' },
        headers: { 'x-connect-contact-id': 'transferred-1' },
      }),
    );
    // Assess
    expect(result.statusCode).toBe(200);
    expect(useCases.context).toHaveBeenCalledWith({
      actor: { subject: AGENT_SUB, groups: ['agents'], connectUserId: 'u-1' },
      route: 'GET /api/contacts/{contactId}/context',
      contactId: CONTACT,
      heldContactId: 'transferred-1',
    });
  });

  it('admits a supervisor, who is in no agents group', async () => {
    const { handler } = setUp();
    const result = await handler(
      anHttpApiEvent({ claims: { sub: 'lead', 'cognito:groups': '[supervisors]' } }),
    );
    expect(result.statusCode).toBe(200);
  });

  it('answers a refusal as 403 with its reason code and nothing of the contact', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    useCases.context.mockRejectedValueOnce(new AccessRefusedError('not_your_contact'));
    // Act
    const result = await handler(anHttpApiEvent({ path: CONTEXT_PATH }));
    // Assess
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toEqual({ message: 'not your contact', reason: 'not_your_contact' });
  });

  it('answers 400 for a held contact id of another shape, asking nobody', async () => {
    const { handler, useCases } = setUp();
    const result = await handler(anHttpApiEvent({ headers: { 'x-connect-contact-id': '../x' } }));
    expect(result.statusCode).toBe(400);
    expect(useCases.context).not.toHaveBeenCalled();
  });

  it('withholds the address, the case, earlier calls and hints until the identity is confirmed, not the risk', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    useCases.context.mockResolvedValueOnce({ context: A_CONTEXT, withheld: true });
    // Act
    const body = bodyOf(await handler(anHttpApiEvent({ path: CONTEXT_PATH }))) as Record<string, unknown>;
    // Assess
    expect(body.identity).toEqual({ confirmed: false, confirmedAt: null, withheld: true });
    expect(body.tenancy).toEqual({
      tenancyId: '100200300',
      tenantName: FILE.tenancy.tenantName,
      address: null,
      postalCode: null,
      householdSize: null,
      children: null,
      preferredLanguage: FILE.tenancy.preferredLanguage,
    });
    expect(body.openCase).toBeNull();
    expect(body.calls).toEqual([]);
    expect(body.hints).toEqual([]);
    expect(body.risk).toEqual({ level: 'critical', reasons: ['court_hearing_imminent', 'advanced_stage'] });
    expect(JSON.stringify(body)).not.toContain(FILE.tenancy.address);
  });

  it('confirms the identity on POST …/identity with an empty object, and answers the whole file', async () => {
    // Prepare
    const { handler, useCases } = setUp();
    useCases.confirmIdentity.mockResolvedValueOnce({
      context: { ...A_CONTEXT, identityConfirmed: { by: AGENT_SUB, at: '2026-11-25T10:00:30.000Z' } },
      withheld: false,
    });
    // Act
    const result = await handler(
      anHttpApiEvent({ method: 'POST', path: `/api/contacts/${CONTACT}/identity`, body: {} }),
    );
    // Assess
    expect(result.statusCode).toBe(200);
    expect(useCases.confirmIdentity).toHaveBeenCalledWith(
      expect.objectContaining({ contactId: CONTACT, route: 'POST /api/contacts/{contactId}/identity' }),
    );
    expect(bodyOf(result)).toMatchObject({
      identity: { confirmed: true, confirmedAt: '2026-11-25T10:00:30.000Z', withheld: false },
      tenancy: { address: FILE.tenancy.address },
    });
  });

  it('refuses an identity confirmation with a body other than {}', async () => {
    const { handler, useCases } = setUp();
    const result = await handler(
      anHttpApiEvent({
        method: 'POST',
        path: `/api/contacts/${CONTACT}/identity`,
        body: { confirmed: 'yes' },
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(useCases.confirmIdentity).not.toHaveBeenCalled();
  });
});

describeOriginCheckedEntry({
  api: 'agent API',
  load: () => import('../../functions/agent-api/handler.ts'),
  // What CDK sets (infra/constructs/agent-api.ts), without credentials: nothing here reaches AWS.
  env: {
    AWS_REGION: 'eu-central-1',
    READ_MODEL_TABLE: 'read-model',
    CALLS_TABLE: 'calls',
    AUDIT_TABLE: 'audit',
    CONNECT_INSTANCE_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    // The hash key through the extension, which is only asked once a number is hashed.
    HASH_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:HotlineHashKey-AbCdEf',
    AWS_SESSION_TOKEN: 'test-session-token',
  },
  requestWith: (originSecret) => anHttpApiEvent({ originSecret }),
  // No user, so the agent API answers 401 without reaching DynamoDB or Connect.
  passedOn: { request: anHttpApiEvent({ claims: null }), answer: [401, { message: 'sign-in required' }] },
});

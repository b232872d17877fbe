import { describe, expect, it, vi } from 'vitest';
import {
  createPrivacyApiHandler,
  type PrivacyApiUseCases,
} from '../../functions/privacy-api/create-handler.ts';
import { loadPrivacyApiEnv } from '../../shared/config/env.ts';
import type { TenancyId } from '../../shared/domain/tenancy.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { describeOriginCheckedEntry } from '../support/lambda-entry.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const PRIVACY = { sub: 'p-1', 'cognito:groups': '[privacy]' };
const TENANCY = '100200400' as TenancyId;

const aPrivacyEvent = (
  options: {
    path?: string;
    query?: string;
    method?: string;
    body?: unknown;
    claims?: Record<string, string> | null;
    originSecret?: string | null;
  } = {},
) => {
  const path = options.path ?? `/api/privacy/tenancies/${TENANCY}`;
  const base = anHttpApiEvent({
    method: options.method ?? 'GET',
    path,
    body: options.body,
    claims: options.claims === undefined ? PRIVACY : options.claims,
    ...(options.originSecret === undefined ? {} : { originSecret: options.originSecret }),
  });
  return { ...base, rawQueryString: options.query ?? '' };
};

const fakeUseCases = () =>
  ({
    exportData: vi.fn<PrivacyApiUseCases['exportData']>(async (request) => ({
      tenancyId: request.tenancyId,
      readModel: [],
      calls: [],
      caseResolutions: [],
      audit: [],
      exportedAt: '2026-11-25T10:00:00.000Z',
    })),
    erase: vi.fn<PrivacyApiUseCases['erase']>(async (request) => ({
      tenancyId: request.tenancyId,
      erasedAt: '2026-11-25T10:00:00.000Z',
      erased: { readModelEntries: 1, calls: 2, outcomes: 1, caseResolutions: 0 },
      nothingHeld: false,
    })),
    readAudit: vi.fn<PrivacyApiUseCases['readAudit']>(async (request) => ({
      tenancyId: request.tenancyId,
      entries: [],
    })),
  }) satisfies PrivacyApiUseCases;

describe('privacy API handler', () => {
  const logs = captureLogsOfEachTest();

  it('exports for the privacy group, naming the route and user in the request', async () => {
    // Prepare
    const useCases = fakeUseCases();
    // Act
    const result = await createPrivacyApiHandler(useCases)(aPrivacyEvent());
    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ tenancyId: TENANCY });
    expect(useCases.exportData).toHaveBeenCalledWith({
      actor: { subject: 'p-1', groups: ['privacy'] },
      route: 'GET /api/privacy/tenancies/{tenancyId}',
      tenancyId: TENANCY,
    });
  });

  it('erases on POST …/erasure with an empty JSON object, and nothing else', async () => {
    // Prepare
    const useCases = fakeUseCases();
    const handler = createPrivacyApiHandler(useCases);
    const path = `/api/privacy/tenancies/${TENANCY}/erasure`;
    // Act
    const erased = await handler(aPrivacyEvent({ method: 'POST', path, body: {} }));
    const notJson = await handler({ ...aPrivacyEvent({ method: 'POST', path }), body: 'yes' });
    const byGet = await handler(aPrivacyEvent({ path }));
    // Assess
    expect(erased.statusCode).toBe(200);
    expect(JSON.parse(erased.body).erased.calls).toBe(2);
    expect(JSON.parse(notJson.body)).toEqual({ message: 'invalid request', fields: ['(body)'] });
    expect(byGet.statusCode).toBe(405);
    expect(useCases.erase).toHaveBeenCalledTimes(1);
  });

  it('reads the audit trail from the first instant of a Vienna day', async () => {
    // Prepare
    const useCases = fakeUseCases();
    const handler = createPrivacyApiHandler(useCases);
    const path = `/api/privacy/tenancies/${TENANCY}/audit`;
    // Act
    const winter = await handler(aPrivacyEvent({ path, query: 'from=2026-11-25' }));
    const twice = await handler(aPrivacyEvent({ path, query: 'from=2026-11-25&from=2026-11-26' }));
    const unknown = await handler(aPrivacyEvent({ path, query: 'tenancy=1' }));
    // Assess
    expect(winter.statusCode).toBe(200);
    expect(useCases.readAudit.mock.calls[0]?.[0].from?.toISOString()).toBe('2026-11-24T23:00:00.000Z');
    expect(JSON.parse(twice.body).fields).toEqual(['from']);
    expect(JSON.parse(unknown.body).fields).toEqual(['tenancy']);
    expect(useCases.readAudit).toHaveBeenCalledTimes(1);
  });

  it('refuses everyone outside the privacy group, and unknown paths', async () => {
    // Prepare
    const useCases = fakeUseCases();
    const handler = createPrivacyApiHandler(useCases);
    // Act
    const anonymous = await handler(aPrivacyEvent({ claims: null }));
    const supervisor = await handler(
      aPrivacyEvent({ claims: { sub: 's-1', 'cognito:groups': '[supervisors]' } }),
    );
    const other = await handler(aPrivacyEvent({ path: '/api/privacy/everyone' }));
    // Assess
    expect(anonymous.statusCode).toBe(401);
    expect(supervisor.statusCode).toBe(403);
    expect(other.statusCode).toBe(404);
    expect(useCases.exportData).not.toHaveBeenCalled();
  });

  it('answers a failed store with 500 and logs the route, never the tenancy', async () => {
    // Prepare
    const useCases = fakeUseCases();
    useCases.exportData.mockRejectedValueOnce(new Error('store down'));
    // Act
    const result = await createPrivacyApiHandler(useCases)(aPrivacyEvent());
    // Assess
    expect(result).toMatchObject({ statusCode: 500 });
    expect(JSON.parse(result.body)).toEqual({ message: 'internal error' });
    expect(logs.text()).toContain('privacy api request failed');
    expect(logs.text()).not.toContain(TENANCY);
  });

  it('will not start with an audit trail kept shorter than the call logs it describes', () => {
    // Act & Assess
    expect(() =>
      loadPrivacyApiEnv({
        READ_MODEL_TABLE: 'r',
        CALLS_TABLE: 'c',
        AUDIT_TABLE: 'a',
        CALL_RETENTION_DAYS: '400',
        AUDIT_RETENTION_DAYS: '365',
      }),
    ).toThrow(/AUDIT_RETENTION_DAYS must be longer than CALL_RETENTION_DAYS/);
  });
});

describeOriginCheckedEntry({
  api: 'privacy API',
  load: () => import('../../functions/privacy-api/handler.ts'),
  // What CDK sets (infra/constructs/privacy-api.ts), without credentials: nothing here reaches AWS.
  env: {
    AWS_REGION: 'eu-central-1',
    READ_MODEL_TABLE: 'read-model',
    CALLS_TABLE: 'calls',
    AUDIT_TABLE: 'audit',
    HASH_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:HotlineHashKey-AbCdEf',
    AWS_SESSION_TOKEN: 'test-session-token',
  },
  requestWith: (originSecret) => aPrivacyEvent({ originSecret }),
  // No user, so the privacy API answers 401 without reading anything.
  passedOn: { request: aPrivacyEvent({ claims: null }), answer: [401, { message: 'sign-in required' }] },
});

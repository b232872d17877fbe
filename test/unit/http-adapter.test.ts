import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { type AgentApiUseCases, createAgentApiHandler } from '../../functions/agent-api/create-handler.ts';
import { createLocalAuth, DEMO_USERS } from '../../local/auth.ts';
import {
  BodyTooLargeError,
  MAX_BODY_BYTES,
  type RoutedRequest,
  readBody,
  sendHttpResult,
  toHttpApiEvent,
} from '../../local/http-adapter.ts';
import { HttpApiEvent, json } from '../../shared/http/http-api-event.ts';

const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const auth = createLocalAuth();
const agent = `Bearer ${auth.signIn('agent', 'agent').idToken}`;
const manager = `Bearer ${auth.signIn('manager', 'manager').idToken}`;

const aRequest = (overrides: Partial<RoutedRequest> = {}): RoutedRequest => ({
  method: 'GET',
  routeKey: 'GET /api/contacts/{contactId}/context',
  rawPath: `/api/contacts/${CONTACT}/context`,
  pathParameters: { contactId: CONTACT },
  headers: { host: 'localhost:8080', authorization: agent },
  body: undefined,
  ...overrides,
});

describe('http adapter: node request → HTTP API v2 event', () => {
  it('builds an event of the payload 2.0 shape that the agent API schema accepts', () => {
    // Act
    const event = toHttpApiEvent(aRequest({ rawQueryString: 'a=1' }), auth);
    // Assess
    expect(HttpApiEvent.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/contacts/{contactId}/context',
      rawPath: `/api/contacts/${CONTACT}/context`,
      rawQueryString: 'a=1',
      pathParameters: { contactId: CONTACT },
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: `/api/contacts/${CONTACT}/context` },
        routeKey: 'GET /api/contacts/{contactId}/context',
        stage: '$default',
      },
    });
    expect(event).not.toHaveProperty('body');
  });

  it('hands over the claims of a valid token as the JWT authoriser does', () => {
    // Act
    const event = toHttpApiEvent(aRequest(), auth);
    // Assess
    expect(event.requestContext.authorizer).toEqual({
      jwt: {
        claims: expect.objectContaining({
          sub: DEMO_USERS.agent.sub,
          'cognito:groups': '[agents]',
          'cognito:username': 'agent',
        }),
        scopes: null,
      },
    });
  });

  it.each([
    ['no authorization header', undefined],
    ['a token signed with another key', `Bearer ${createLocalAuth().signIn('agent', 'agent').idToken}`],
    ['no bearer token', 'Basic YWdlbnQ6YWdlbnQ='],
  ])('has no authoriser block with %s', (_case, authorization) => {
    // Act
    const event = toHttpApiEvent(aRequest({ headers: { host: 'localhost', authorization } }), auth);
    // Assess
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('lower-cases header names and joins repeated values with commas', () => {
    // Act
    const event = toHttpApiEvent(
      aRequest({ headers: { 'X-Trace': 'a', 'set-cookie': ['b=1', 'c=2'], absent: undefined } }),
      auth,
    );
    // Assess
    expect(event.headers).toEqual({ 'x-trace': 'a', 'set-cookie': 'b=1,c=2' });
  });

  it('passes the body through as text, not base64-encoded', () => {
    // Prepare
    const body = JSON.stringify({ codes: ['information_only'], note: 'Grüß Gott' });
    // Act
    const event = toHttpApiEvent(aRequest({ method: 'POST', body }), auth);
    // Assess
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
  });
});

describe('http adapter: request body', () => {
  it('reads the body as UTF-8 text, and none as undefined', async () => {
    // Act
    const text = await readBody(Readable.from([Buffer.from('{"note":"Grü'), Buffer.from('ß"}')]));
    const none = await readBody(Readable.from([]));
    // Assess
    expect(text).toBe('{"note":"Grüß"}');
    expect(none).toBeUndefined();
  });

  it('refuses a body larger than a form', async () => {
    // Act
    const attempt = readBody(Readable.from([Buffer.alloc(MAX_BODY_BYTES + 1)]));
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe('http adapter: handler result → response', () => {
  it('writes status, the handler headers with the server headers on top, and the body', () => {
    // Prepare
    const res = { writeHead: vi.fn(), end: vi.fn() };
    // Act
    sendHttpResult(res, json(404, { message: 'contact not found' }), { 'x-frame-options': 'DENY' });
    // Assess
    expect(res.writeHead).toHaveBeenCalledWith(404, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    });
    expect(res.end).toHaveBeenCalledWith('{"message":"contact not found"}');
  });
});

describe('http adapter with the agent API handler', () => {
  const useCases = (): AgentApiUseCases => ({
    context: vi.fn(),
    confirmIdentity: vi.fn(),
    attachTenancy: vi.fn(),
    findCandidates: vi.fn(),
    recordOutcome: vi.fn(async () => ({
      outcome: {
        contactId: CONTACT,
        revision: 1,
        codes: ['information_only' as const],
        recordedBy: DEMO_USERS.agent.sub,
        recordedAt: '2026-11-25T10:00:00.000Z',
        requestIds: [],
      },
      written: true,
      contactAttributes: 'updated' as const,
    })),
  });

  it.each([
    [undefined, 401],
    [manager, 403],
  ])('is refused by the same group check as in AWS (%#)', async (authorization, status) => {
    // Prepare
    const handler = createAgentApiHandler(useCases());
    // Act
    const result = await handler(toHttpApiEvent(aRequest({ headers: { authorization } }), auth));
    // Assess
    expect(result.statusCode).toBe(status);
  });

  it('records an outcome for the signed-in agent from the body it passed through', async () => {
    // Prepare
    const cases = useCases();
    const handler = createAgentApiHandler(cases);
    // Act
    const result = await handler(
      toHttpApiEvent(
        aRequest({
          method: 'POST',
          routeKey: 'POST /api/contacts/{contactId}/outcomes',
          rawPath: `/api/contacts/${CONTACT}/outcomes`,
          headers: { authorization: agent, 'content-type': 'application/json' },
          body: JSON.stringify({ codes: ['information_only'] }),
        }),
        auth,
      ),
    );
    // Assess
    expect(result.statusCode).toBe(200);
    expect(cases.recordOutcome).toHaveBeenCalledWith(
      expect.objectContaining({
        contactId: CONTACT,
        actor: expect.objectContaining({
          subject: DEMO_USERS.agent.sub,
          connectUserId: DEMO_USERS.agent.connectUserId,
        }),
      }),
      expect.objectContaining({ outcome: { codes: ['information_only'] } }),
    );
  });
});

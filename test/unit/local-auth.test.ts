import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { type AgentApiUseCases, createAgentApiHandler } from '../../functions/agent-api/create-handler.ts';
import { createLocalAuth, DEMO_USERS, InvalidCredentialsError } from '../../local/auth.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';

const aManualClock = (start = '2026-11-25T10:00:00.000Z') => {
  let now = Date.parse(start);
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advanceSeconds: (seconds: number) => (now += seconds * 1000) };
};

const bearer = (token: string) => `Bearer ${token}`;

const decodePart = (part: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));

const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('local auth: sign-in', () => {
  it('gives the agent a token with the claims of a Cognito ID token', () => {
    // Prepare
    const { clock } = aManualClock();
    const auth = createLocalAuth({ clock });
    // Act
    const signedIn = auth.signIn('agent', 'agent');
    // Assess
    const [header, payload] = signedIn.idToken.split('.');
    expect(decodePart(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodePart(payload)).toMatchObject({
      sub: DEMO_USERS.agent.sub,
      'cognito:groups': ['agents'],
      'cognito:username': 'agent',
      token_use: 'id',
      exp: Date.parse('2026-11-25T11:00:00.000Z') / 1000,
    });
    expect(signedIn).toMatchObject({
      username: 'agent',
      groups: ['agents'],
      expiresAt: '2026-11-25T11:00:00.000Z',
    });
  });

  it.each([
    ['a wrong password', 'agent', 'manager'],
    ['an unknown user', 'admin', 'admin'],
  ])('refuses %s', (_case, username, password) => {
    const auth = createLocalAuth();
    expect(() => auth.signIn(username, password)).toThrow(InvalidCredentialsError);
  });
});

describe('local auth: verifying a bearer token', () => {
  it('turns a valid token into the claims the HTTP API authoriser passes on', () => {
    const { clock } = aManualClock();
    const auth = createLocalAuth({ clock });
    const { idToken } = auth.signIn('manager', 'manager');
    expect(auth.verify(bearer(idToken))).toEqual({
      sub: DEMO_USERS.manager.sub,
      'cognito:groups': '[managers]',
      'cognito:username': 'manager',
      token_use: 'id',
      iss: 'hotline-local',
      aud: 'hotline-local-pages',
      auth_time: String(Date.parse('2026-11-25T10:00:00Z') / 1000),
      iat: String(Date.parse('2026-11-25T10:00:00Z') / 1000),
      exp: String(Date.parse('2026-11-25T11:00:00Z') / 1000),
    });
  });

  it('refuses a token whose claims were changed', () => {
    // Prepare: a manager rewrites the groups of their own token.
    const auth = createLocalAuth();
    const [header, payload, signature] = auth.signIn('manager', 'manager').idToken.split('.');
    const forged = encodePart({ ...decodePart(payload), 'cognito:groups': ['agents'] });
    // Act
    const claims = auth.verify(bearer(`${header}.${forged}.${signature}`));
    // Assess
    expect(claims).toBeUndefined();
  });

  it('refuses an unsigned token', () => {
    const auth = createLocalAuth();
    const [, payload] = auth.signIn('agent', 'agent').idToken.split('.');
    expect(auth.verify(bearer(`${encodePart({ alg: 'none', typ: 'JWT' })}.${payload}.`))).toBeUndefined();
  });

  it('refuses a token signed with another secret', () => {
    const ours = createLocalAuth({ secret: 'a'.repeat(32) });
    const theirs = createLocalAuth({ secret: 'b'.repeat(32) });
    expect(ours.verify(bearer(theirs.signIn('agent', 'agent').idToken))).toBeUndefined();
  });

  it('accepts tokens across instances that share a configured secret', () => {
    const first = createLocalAuth({ secret: 's'.repeat(32) });
    const second = createLocalAuth({ secret: 's'.repeat(32) });
    expect(second.verify(bearer(first.signIn('agent', 'agent').idToken))?.sub).toBe(DEMO_USERS.agent.sub);
  });

  it('refuses an expired token', () => {
    // Prepare
    const time = aManualClock();
    const auth = createLocalAuth({ clock: time.clock, tokenLifetimeSeconds: 60 });
    const { idToken } = auth.signIn('agent', 'agent');
    // Act
    time.advanceSeconds(60);
    // Assess
    expect(auth.verify(bearer(idToken))).toBeUndefined();
  });

  it('refuses the same signature spelled another way (spare bits of its last character)', () => {
    // Prepare: 32 bytes are 43 base64url characters, the last with two spare bits.
    const auth = createLocalAuth();
    const { idToken } = auth.signIn('agent', 'agent');
    const [header, payload, signature = ''] = idToken.split('.');
    const last = signature.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBits = alphabet[alphabet.indexOf(last) ^ 1] ?? 'A';
    const respelled = `${signature.slice(0, -1)}${sameBits}`;
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    // Act + Assess
    expect(auth.verify(bearer(`${header}.${payload}.${respelled}`))).toBeUndefined();
    expect(auth.verify(bearer(`${header}.${payload}.${signature}=`))).toBeUndefined();
    expect(auth.verify(bearer(idToken))?.sub).toBe(DEMO_USERS.agent.sub);
  });

  it.each([
    ['valid for ten years', { iat: 0, exp: 10 * 365 * 86_400 }],
    ['issued an hour ahead', { iat: 3_600, exp: 3_600 + 600 }],
    ['signed in after it was issued', { auth_time: 60, iat: 0, exp: 600 }],
  ])('refuses a correctly signed token %s (minted with the secret)', (_case, times) => {
    // Prepare: what someone holding the secret could mint, relative to the verifier's now.
    const time = aManualClock();
    const now = Math.floor(time.clock.now().getTime() / 1000);
    const secret = 'k'.repeat(32);
    const auth = createLocalAuth({ secret, clock: time.clock });
    const [header, payload] = auth.signIn('agent', 'agent').idToken.split('.');
    const claims = decodePart(payload);
    const minted = encodePart({
      ...claims,
      auth_time: now + ('auth_time' in times ? times.auth_time : times.iat),
      iat: now + times.iat,
      exp: now + times.exp,
    });
    const signature = createHmac('sha256', secret).update(`${header}.${minted}`).digest('base64url');
    // Act + Assess
    expect(auth.verify(bearer(`${header}.${minted}.${signature}`))).toBeUndefined();
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic YWdlbnQ6YWdlbnQ='],
    ['garbage', 'Bearer not-a-token'],
  ])('refuses %s', (_case, header) => {
    expect(createLocalAuth().verify(header)).toBeUndefined();
  });
});

describe('local auth: the same checks as in AWS', () => {
  const handlerWith = () => {
    const context = vi.fn<AgentApiUseCases['context']>(async ({ contactId }) => ({
      context: {
        contactId,
        identification: { status: 'no_number', method: 'none', matchCount: 0 },
        risk: { level: 'normal', reasons: [] },
        calls: [],
        hints: [],
      },
      withheld: false,
    }));
    return createAgentApiHandler({
      context,
      confirmIdentity: vi.fn(),
      recordOutcome: vi.fn(),
      attachTenancy: vi.fn(),
      findCandidates: vi.fn(),
    });
  };

  it.each([
    ['the agent', 'agent', 200],
    ['the manager', 'manager', 403],
  ] as const)('the agent API answers %s with %i', async (_who, username, statusCode) => {
    // Prepare
    const auth = createLocalAuth();
    const { idToken } = auth.signIn(username, username);
    const event = anHttpApiEvent({ claims: null });
    const authorizer = auth.authorizerFor(bearer(idToken));
    // Act
    const result = await handlerWith()({ ...event, requestContext: { ...event.requestContext, authorizer } });
    // Assess
    expect(result.statusCode).toBe(statusCode);
  });

  it('the agent API answers 401 when the token does not verify', async () => {
    const auth = createLocalAuth();
    const event = anHttpApiEvent({ claims: null });
    const authorizer = auth.authorizerFor('Bearer forged.token.here');
    const result = await handlerWith()({ ...event, requestContext: { ...event.requestContext, authorizer } });
    expect(result.statusCode).toBe(401);
  });
});

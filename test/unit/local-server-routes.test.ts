import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalAuth, DEMO_USERS } from '../../local/auth.ts';
import { type CallReport, InvalidCallError } from '../../local/call-simulator.ts';
import { LocalContactAssignments } from '../../local/contact-assignments.ts';
import type { HttpApiHandler } from '../../local/http-adapter.ts';
import { createHotlineServer } from '../../local/server.ts';
import { type LocalTransfers, makeLocalTransfers } from '../../local/transfers.ts';
import { ROUTE_KEYS } from '../../shared/http/agent-api-contract.ts';
import { PRIVACY_ROUTE_KEYS } from '../../shared/http/privacy-api-contract.ts';

/** The local server's routing to the agent API handler, with a stand-in handler (no store). */
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const startWith = async (
  agentApi: HttpApiHandler,
  simulateCall = vi.fn(),
  others: { readonly privacyApi?: HttpApiHandler; readonly transfers?: LocalTransfers } = {},
) => {
  const auth = createLocalAuth();
  const server = createHotlineServer({
    readModel: { summary: vi.fn(async () => undefined) } as never,
    status: { dynamodb: { owner: 'self', storage: 'memory' }, startedAt: new Date() },
    simulateCall,
    auth,
    agentApi,
    ...others,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: auth.signIn('agent', 'agent').idToken,
    colleagueToken: auth.signIn('colleague', 'colleague').idToken,
    managerToken: auth.signIn('manager', 'manager').idToken,
  };
};

describe('local server: the agent API routes', () => {
  it.each(Object.entries(ROUTE_KEYS))(
    'passes %s to the handler as API Gateway would',
    async (_name, routeKey) => {
      // Prepare
      const agentApi = vi.fn<HttpApiHandler>(async () => ({ statusCode: 200, headers: {}, body: '{}' }));
      const { url, token } = await startWith(agentApi);
      const [method = '', path = ''] = routeKey.split(' ');
      // Act
      const response = await fetch(`${url}${path.replace('{contactId}', CONTACT)}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: JSON.stringify({ tenancyId: '100200300' }) }),
      });
      // Assess
      expect(response.status).toBe(200);
      expect(agentApi).toHaveBeenCalledTimes(1);
      expect(agentApi.mock.calls[0]?.[0]).toMatchObject({
        routeKey,
        pathParameters: { contactId: CONTACT },
        requestContext: { http: { method } },
      });
    },
  );
});

describe('local server: the privacy API routes', () => {
  it.each(Object.entries(PRIVACY_ROUTE_KEYS))(
    'passes %s to the privacy handler as API Gateway would',
    async (_name, routeKey) => {
      // Prepare
      const privacyApi = vi.fn<HttpApiHandler>(async () => ({ statusCode: 200, headers: {}, body: '{}' }));
      const agentApi = vi.fn<HttpApiHandler>();
      const { url, token } = await startWith(agentApi, vi.fn(), { privacyApi });
      const [method = '', path = ''] = routeKey.split(' ');
      // Act
      const response = await fetch(`${url}${path.replace('{tenancyId}', '100200300')}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      // Assess: the handler decides who may (it refuses agents); the server only routes
      expect(response.status).toBe(200);
      expect(agentApi).not.toHaveBeenCalled();
      expect(privacyApi.mock.calls[0]?.[0]).toMatchObject({
        routeKey,
        pathParameters: { tenancyId: '100200300' },
        requestContext: { http: { method } },
      });
    },
  );
});

describe('local server: only its own address', () => {
  /** A GET with the Host header a browser would send for `host` (fetch may not set Host itself). */
  const getWithHost = (port: number, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it.each(['localhost', '127.0.0.1', 'LOCALHOST'])('answers a request addressed to %s', async (name) => {
    const { url } = await startWith(vi.fn());
    const port = Number(new URL(url).port);
    expect((await getWithHost(port, `${name}:${port}`)).status).toBe(200);
  });

  it.each([
    ['a site that made its name resolve to this machine (DNS rebinding)', 'attacker.example'],
    ['the right name on another port', 'localhost:1'],
    ['no port', 'localhost'],
  ])('refuses %s with 421 and nothing else', async (_case, host) => {
    const { url } = await startWith(vi.fn());
    const port = Number(new URL(url).port);
    const answer = await getWithHost(port, host === 'attacker.example' ? `${host}:${port}` : host);
    expect(answer.status).toBe(421);
    expect(JSON.parse(answer.body)).toEqual({
      message: 'this server answers only at its own address, such as http://localhost:<port>',
    });
  });
});

describe('local server: the simulator is for agents only (the review found a lookup oracle)', () => {
  const A_CALL = { from: '+436641234567' };

  it.each([
    ['nobody signed in', undefined, 401],
    ['a manager', 'manager', 403],
  ] as const)('refuses a call placed by %s, and simulates nothing', async (_who, user, status) => {
    const simulateCall = vi.fn();
    const { url, managerToken } = await startWith(vi.fn(), simulateCall);
    const response = await fetch(`${url}/api/calls`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(user ? { authorization: `Bearer ${managerToken}` } : {}),
      },
      body: JSON.stringify(A_CALL),
    });
    expect(response.status).toBe(status);
    expect(simulateCall).not.toHaveBeenCalled();
  });

  it('shows the demo callers to signed-in agents only', async () => {
    const { url, token } = await startWith(vi.fn());
    expect((await fetch(`${url}/api/demo-callers`)).status).toBe(401);
    const answer = await fetch(`${url}/api/demo-callers`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
  });

  it('answers a keypad answer no caller could give with 400 and its reason', async () => {
    const simulateCall = vi.fn(async () => {
      throw new InvalidCallError('keys: answer 1 ("12") is not one key of 0-9 * #');
    });
    const { url, token } = await startWith(vi.fn(), simulateCall);
    const response = await fetch(`${url}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...A_CALL, keys: ['12'] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'keys: answer 1 ("12") is not one key of 0-9 * #' });
  });
});

describe('local server: bodies are JSON from its own pages', () => {
  /** A POST as another site's page could send it without a CORS preflight, or with its origin. */
  const post = (url: string, path: string, headers: Record<string, string>, body = '{}') =>
    fetch(`${url}${path}`, { method: 'POST', headers, body });

  it.each([
    ['text/plain (a form or fetch of another site, no preflight)', { 'content-type': 'text/plain' }, 415],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['no type', {}, 415],
    [
      'JSON from another origin',
      { 'content-type': 'application/json', origin: 'https://attacker.example' },
      403,
    ],
    [
      'JSON a browser marks cross-site',
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      403,
    ],
    [
      'JSON a browser marks same-site (a sibling)',
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
      403,
    ],
  ])('refuses %s on every route that takes a body, before it runs', async (_case, headers, status) => {
    const agentApi = vi.fn<HttpApiHandler>();
    const simulateCall = vi.fn();
    const transfers = { colleaguesOf: vi.fn(), transfer: vi.fn() };
    const { url, token } = await startWith(agentApi, simulateCall, { transfers });
    const signedIn = { ...headers, authorization: `Bearer ${token}` };
    const answers = await Promise.all([
      post(url, '/api/calls', signedIn, JSON.stringify(A_CALL_BODY)),
      post(url, `/api/contacts/${CONTACT}/outcomes`, signedIn),
      post(url, '/api/sign-in', headers, JSON.stringify({ username: 'agent', password: 'agent' })),
      post(url, '/api/agent/transfers', signedIn, JSON.stringify({ contactId: CONTACT, to: 'colleague' })),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([status, status, status, status]);
    expect(simulateCall).not.toHaveBeenCalled();
    expect(agentApi).not.toHaveBeenCalled();
    expect(transfers.transfer).not.toHaveBeenCalled();
  });

  it("takes JSON from its own page's origin, and from a client that names none (the CLI)", async () => {
    const simulateCall = vi.fn(async () => ({ contactId: CONTACT }) as never);
    const { url, token } = await startWith(vi.fn(), simulateCall);
    const json = { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` };
    const ownPage = await post(
      url,
      '/api/calls',
      { ...json, origin: url, 'sec-fetch-site': 'same-origin' },
      JSON.stringify(A_CALL_BODY),
    );
    const cli = await post(url, '/api/calls', json, JSON.stringify(A_CALL_BODY));
    expect([ownPage.status, cli.status]).toEqual([200, 200]);
    expect(simulateCall).toHaveBeenCalledTimes(2);
  });
});

const A_CALL_BODY = { from: '+436641234567' };

describe('local server: an agent transfers a call to a colleague', () => {
  const QUEUED = {
    contactId: CONTACT,
    at: '2026-11-25T10:00:00.000Z',
    result: 'queued',
    queue: 'urgent',
    riskLevel: 'critical',
  } as unknown as CallReport;

  /** The server with the real local transfers; a placed call is the placing agent's, as in start.ts. */
  const startWithTransfers = async () => {
    const assignments = new LocalContactAssignments();
    const simulateCall = vi.fn(
      async (_request: unknown, answeredBy: { connectUserId?: string | undefined }) => {
        if (answeredBy.connectUserId)
          assignments.assign(CONTACT, answeredBy.connectUserId, new Date(QUEUED.at));
        return QUEUED;
      },
    );
    const transfers = makeLocalTransfers({ assignments, users: Object.values(DEMO_USERS) });
    const started = await startWith(vi.fn(), simulateCall, { transfers });
    const json = (token: string) => ({
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    });
    await fetch(`${started.url}/api/calls`, { method: 'POST', headers: json(started.token), body: '{}' });
    const transfer = (body: string, token = started.token) =>
      fetch(`${started.url}/api/agent/transfers`, { method: 'POST', headers: json(token), body });
    const callsOf = async (token: string) =>
      (
        (await (
          await fetch(`${started.url}/api/agent/calls`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { calls: { contactId: string; initialContactId: string; queue: string | null }[] }
      ).calls;
    return { ...started, assignments, transfer, callsOf };
  };

  it('names the colleagues a call can go to, to signed-in agents only', async () => {
    const { url, token, managerToken } = await startWithTransfers();
    const colleagues = (authorization?: string) =>
      fetch(`${url}/api/agent/colleagues`, authorization ? { headers: { authorization } } : {});
    const answer = await colleagues(`Bearer ${token}`);
    expect(await answer.json()).toEqual({ colleagues: [{ username: 'colleague' }] });
    expect((await colleagues()).status).toBe(401);
    expect((await colleagues(`Bearer ${managerToken}`)).status).toBe(403);
  });

  it("makes a new contact of the call, offered to the colleague's workspace only", async () => {
    // Prepare
    const { token, colleagueToken, assignments, transfer, callsOf } = await startWithTransfers();
    // Act
    const answer = await transfer(JSON.stringify({ contactId: CONTACT, to: 'colleague' }));
    // Assess
    expect(answer.status).toBe(200);
    const made = (await answer.json()) as { contactId: string; initialContactId: string; to: string };
    expect(made).toMatchObject({ initialContactId: CONTACT, to: 'colleague' });
    expect(made.contactId).not.toBe(CONTACT);
    const placed = { contactId: CONTACT, initialContactId: CONTACT, queue: 'urgent' };
    expect(await callsOf(colleagueToken)).toMatchObject([
      { contactId: made.contactId, initialContactId: CONTACT, queue: 'urgent', result: 'queued' },
      placed,
    ]);
    expect(await callsOf(token)).toMatchObject([placed]);
    expect((await assignments.assignmentOf(CONTACT, made.contactId))?.agentId).toBe(
      DEMO_USERS.colleague.connectUserId,
    );
    expect((await assignments.assignmentOf(CONTACT))?.endedAt).toBeInstanceOf(Date);
  });

  it.each([
    ['a body that is not JSON', '{contactId', 'request body is not JSON'],
    ['no target', JSON.stringify({ contactId: CONTACT }), undefined],
    [
      'a contact id of another shape',
      JSON.stringify({ contactId: '../x', to: 'colleague' }),
      'contactId: a contact id',
    ],
  ])('answers %s with 400 and its reason, and transfers nothing', async (_case, body, message) => {
    const { colleagueToken, assignments, transfer, callsOf } = await startWithTransfers();
    const answer = await transfer(body);
    expect(answer.status).toBe(400);
    const { message: said } = (await answer.json()) as { message: string };
    if (message !== undefined) expect(said).toBe(message);
    else expect(said).toMatch(/^to: /);
    expect(await callsOf(colleagueToken)).toHaveLength(1);
    expect(await assignments.assignmentOf(CONTACT)).toEqual({
      agentId: DEMO_USERS.agent.connectUserId,
      connectedAt: new Date(QUEUED.at),
    });
  });

  it.each([
    ['to a user who takes no calls', { to: 'supervisor' }, 'agent', 400, 'not_an_agent'],
    ['to oneself', { to: 'agent' }, 'agent', 400, 'to_yourself'],
    ["by a colleague, of the agent's contact", { to: 'agent' }, 'colleague', 403, 'not_your_contact'],
    [
      'of a contact that does not exist',
      { to: 'colleague', contactId: 'c0ffee00-0000-4000-8000-00000000dead' },
      'agent',
      403,
      'not_your_contact',
    ],
  ] as const)('refuses a transfer %s, with its reason', async (_case, change, by, status, reason) => {
    const { token, colleagueToken, assignments, transfer, callsOf } = await startWithTransfers();
    const answer = await transfer(
      JSON.stringify({ contactId: CONTACT, ...change }),
      by === 'agent' ? token : colleagueToken,
    );
    expect(answer.status).toBe(status);
    expect(await answer.json()).toEqual({ message: 'transfer refused', reason });
    expect(await callsOf(colleagueToken)).toHaveLength(1);
    expect((await assignments.assignmentOf(CONTACT))?.endedAt).toBeUndefined();
  });

  it('refuses to transfer the same contact twice (it ended with the first transfer)', async () => {
    const { transfer } = await startWithTransfers();
    const body = JSON.stringify({ contactId: CONTACT, to: 'colleague' });
    expect((await transfer(body)).status).toBe(200);
    const again = await transfer(body);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'transfer refused', reason: 'contact_ended' });
  });

  it('lists a transferred contact to its agent until their workspace accepted it', async () => {
    // Prepare: the agent transfers the call; the colleague's workspace sees the new contact
    const { url, token, colleagueToken, transfer, callsOf } = await startWithTransfers();
    const made = (await (await transfer(JSON.stringify({ contactId: CONTACT, to: 'colleague' }))).json()) as {
      contactId: string;
    };
    const accept = (body: string, authorization?: string) =>
      fetch(`${url}/api/agent/acceptances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
    const bodyOf = (contactId: string) => JSON.stringify({ contactId });
    // Act and assess: nobody else accepts it, and nothing changes
    expect((await accept(bodyOf(made.contactId))).status).toBe(401);
    const byAgent = await accept(bodyOf(made.contactId), `Bearer ${token}`);
    expect(byAgent.status).toBe(403);
    expect(await byAgent.json()).toEqual({ message: 'not accepted', reason: 'not_your_contact' });
    const placedCall = await accept(bodyOf(CONTACT), `Bearer ${colleagueToken}`);
    expect(placedCall.status).toBe(403);
    const badBody = await accept(bodyOf('../x'), `Bearer ${colleagueToken}`);
    expect(badBody.status).toBe(400);
    expect(await badBody.json()).toEqual({ message: 'contactId: a contact id' });
    expect((await callsOf(colleagueToken)).map((call) => call.contactId)).toEqual([made.contactId, CONTACT]);
    // Act: the colleague's workspace accepts it
    const taken = await accept(bodyOf(made.contactId), `Bearer ${colleagueToken}`);
    // Assess: listed no more (a workspace opened now does not ring it); the placed call still is
    expect(taken.status).toBe(200);
    expect(await taken.json()).toEqual({ contactId: made.contactId });
    expect((await callsOf(colleagueToken)).map((call) => call.contactId)).toEqual([CONTACT]);
  });

  it('refuses a transfer by nobody signed in (401) and by a manager (403)', async () => {
    const { managerToken, url } = await startWithTransfers();
    const body = JSON.stringify({ contactId: CONTACT, to: 'colleague' });
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/api/agent/transfers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: `Bearer ${managerToken}` })).status).toBe(403);
  });
});

import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalAuth } from '../../local/auth.ts';
import type { HttpApiHandler } from '../../local/http-adapter.ts';
import { createHotlineServer } from '../../local/server.ts';
import { ROUTE_KEYS } from '../../shared/http/agent-api-contract.ts';

/** The local server's routing to the agent API handler, with a stand-in handler (no store). */
const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const startWith = async (agentApi: HttpApiHandler) => {
  const auth = createLocalAuth();
  const server = createHotlineServer({
    readModel: { summary: vi.fn(async () => undefined) } as never,
    status: { dynamodb: { owner: 'self', storage: 'memory' }, startedAt: new Date() },
    simulateCall: vi.fn(),
    auth,
    agentApi,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, token: auth.signIn('agent', 'agent').idToken };
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

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as z from 'zod';
import {
  AGENT_GROUP,
  isRouteName,
  ROUTE_KEYS,
  ROUTE_NAMES,
  type RouteName,
} from '../shared/http/agent-api-contract.ts';
import { CONNECT_USER_ID_CLAIM, groupsOf } from '../shared/http/http-api-event.ts';
import { METRICS_ROUTE_KEYS } from '../shared/http/metrics-api-contract.ts';
import { PRIVACY_ROUTE_KEYS, type PrivacyRouteName } from '../shared/http/privacy-api-contract.ts';
import { contentSecurityPolicy, type WebConfig } from '../shared/http/web-pages.ts';
import { logger } from '../shared/observability/logger.ts';
import type { ReadModelStore, ReadModelSummary } from '../shared/ports/read-model.ts';
import { buildSite, type SiteFile } from '../web/site.ts';
import { type AuthorizerClaims, InvalidCredentialsError, type LocalAuth } from './auth.ts';
import { type CallReport, InvalidCallError } from './call-simulator.ts';
import { TransferRefusedError } from './contact-assignments.ts';
import { DEMO_CALLERS } from './demo/demo-data.ts';
import { functionNames } from './functions.ts';
import {
  BodyTooLargeError,
  type HttpApiHandler,
  readBody,
  sendHttpResult,
  toHttpApiEvent,
} from './http-adapter.ts';
import { AcceptanceRequest, InvalidTransferError, type LocalTransfers } from './transfers.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The same headers CloudFront sends in AWS (infra/constructs/hotline-web.ts), so pages behave alike
 * in both places: the CSP also lets the pages reach the configured sign-in server, if any.
 */
const securityHeaders = (config: WebConfig): Record<string, string> => ({
  'content-security-policy': contentSecurityPolicy({
    connect: config.auth.kind === 'cognito' ? [config.auth.signInUrl] : [],
  }),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

export interface ServerStatus {
  readonly dynamodb: { readonly owner: 'self' | 'external'; readonly storage: 'disk' | 'memory' };
  readonly startedAt: Date;
}

export interface HotlineServerDeps {
  readonly readModel: ReadModelStore;
  readonly status: ServerStatus;
  /**
   * The call simulator behind the simulator page; it validates the request itself. `answeredBy` is
   * the signed-in agent who placed the call: a queued call is theirs, as if they had accepted it.
   */
  readonly simulateCall: (request: unknown, answeredBy: AnsweringAgent) => Promise<CallReport>;
  /** Local sign-in standing in for Cognito: tokens for the demo users and their check. */
  readonly auth: LocalAuth;
  /** The agent API's Lambda handler (wireAgentApi), the same function that runs in AWS. */
  readonly agentApi: HttpApiHandler;
  /** `/config.json` of the pages: how they sign in. @default the local demo users' form */
  readonly webConfig?: WebConfig;
  /** The pages (web/site.ts). @default built from web/ when the server is created */
  readonly site?: ReadonlyMap<string, SiteFile>;
  /** The metrics API's Lambda handler (wireMetricsApi). Without it, its routes answer 404. */
  readonly metricsApi?: HttpApiHandler;
  /** The privacy API's Lambda handler (wirePrivacyApi). Without it, its routes answer 404. */
  readonly privacyApi?: HttpApiHandler;
  /** The simulated queues the metrics API's live view reads (local/live-queue.ts), fed each placed call. */
  readonly liveQueue?: { placed(report: CallReport): void };
  /** The names besides loopback ones that requests may address this server by (`hotline start --host`). */
  readonly publicHosts?: readonly string[];
  /**
   * Transfers of simulated calls between the demo agents (local/transfers.ts); it validates the
   * request itself. Without it, the transfer and colleague routes answer 404.
   */
  readonly transfers?: LocalTransfers;
}

/** Who answers a simulated call: the placing user's Connect identity, when they have one. */
export interface AnsweringAgent {
  readonly connectUserId?: string | undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Whether a request was addressed to this server by a name it answers to: a loopback name (or the
 * `--host` given) with the port it listens on. A page of another site that made its own name
 * resolve to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused, so that it cannot
 * read the answers (https://developer.mozilla.org/en-US/docs/Glossary/DNS_rebinding).
 */
const isOwnHost = (host: string | undefined, port: number, publicHosts: readonly string[]): boolean =>
  host !== undefined &&
  [...LOOPBACK_NAMES, ...publicHosts].some((name) => host.toLowerCase() === `${name.toLowerCase()}:${port}`);

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Why a request that changes something is refused, if it is: every such route takes JSON, and a
 * page of another site can send a form or `text/plain` body without asking (no CORS preflight), so
 * anything else is 415; and a browser names the page's origin (`Origin`, `Sec-Fetch-Site`), so a
 * request from another site's page is 403 whatever its type
 * (https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS#simple_requests,
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Site). Clients
 * that are not browsers (the CLI) send neither header. Runs after the Host check, so `host` is ours.
 */
const crossSiteRefusal = (req: IncomingMessage): { status: 403 | 415; message: string } | undefined => {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return undefined;
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  if (
    (site !== undefined && site !== 'same-origin' && site !== 'none') ||
    (origin !== undefined && origin !== `http://${req.headers.host}`)
  )
    return { status: 403, message: 'requests from pages of other sites are refused' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, message: 'send the body as application/json' };
  return undefined;
};

/**
 * A simulated call as the agent page learns of it (the local stand-in for Connect's screen pop):
 * the contact id and what the flow did, nothing personal. `initialContactId` names the call: the
 * contact's own id for a placed call, the call's first contact for one a transfer made.
 */
export interface RecentCall {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly at: string;
  readonly result: CallReport['result'];
  /** Null for a call the flow did not queue, and (like riskLevel) for a transferred contact whose call the server no longer remembers. */
  readonly queue: CallReport['queue'];
  readonly riskLevel: CallReport['riskLevel'] | null;
}

/**
 * A remembered call and whom it is offered to: a placed call to every agent's workspace, a
 * transferred contact to its target only (`offeredTo`), until that workspace accepted it.
 */
type OfferedCall = RecentCall & { readonly offeredTo?: string; accepted?: boolean };

/** How many simulated calls the server remembers for the agent page; older ones drop off. */
const RECENT_CALLS = 20;

/** The agent API's paths under the local `/api` prefix; the handler answers 405 for other methods. */
const CONTACT_ROUTE = new RegExp(`^/api/contacts/([^/]+)/(${ROUTE_NAMES.join('|')})$`);

/** The privacy API's paths: a tenancy's export, its erasure, its audit trail. */
const PRIVACY_ROUTE = /^\/api\/privacy\/tenancies\/([^/]+)(?:\/(erasure|audit))?$/;

class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  let text: string | undefined;
  try {
    text = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new BadRequestError(error.message);
    throw error;
  }
  try {
    return JSON.parse(text ?? '');
  } catch {
    throw new BadRequestError('request body is not JSON');
  }
};

const SignInBody = z.object({ username: z.string().max(100), password: z.string().max(200) });

/** What `/health` answers: enough for a person or a probe to see what runs and what is loaded. */
export interface Health {
  readonly status: 'ok' | 'degraded';
  readonly uptimeSeconds: number;
  readonly dynamodb: ServerStatus['dynamodb'] & { readonly reachable: boolean };
  readonly readModel: ReadModelSummary | null;
  readonly functions: readonly string[];
}

const send = (res: ServerResponse, status: number, type: string, body: string | Uint8Array): void => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
};

const sendJson = (res: ServerResponse, status: number, body: unknown): void =>
  send(res, status, JSON_TYPE, JSON.stringify(body));

/**
 * The local server: an adapter around the same use cases and handlers that run in AWS, plus the
 * static pages of web/. The agent API runs through its Lambda handler via http-adapter.ts
 * (the same `/api/contacts/…` paths as behind CloudFront); sign-in and the simulated-call pop-up are local only.
 */
export const createHotlineServer = (deps: HotlineServerDeps): Server => {
  const health = async (): Promise<Health> => {
    let readModel: ReadModelSummary | null = null;
    let reachable = true;
    try {
      readModel = (await deps.readModel.summary()) ?? null;
    } catch (error) {
      reachable = false;
      logger.warn('health check could not reach DynamoDB', { error });
    }
    return {
      status: reachable ? 'ok' : 'degraded',
      uptimeSeconds: Math.round((Date.now() - deps.status.startedAt.getTime()) / 1000),
      dynamodb: { ...deps.status.dynamodb, reachable },
      readModel,
      functions: functionNames(),
    };
  };

  /**
   * Newest first; in memory only, like the simulated calls' Connect side. A placed call is offered
   * to every agent's workspace; a transferred contact only to the agent it went to (`offeredTo`).
   */
  const recentCalls: OfferedCall[] = [];
  const remember = (call: OfferedCall): void => {
    recentCalls.unshift(call);
    recentCalls.splice(RECENT_CALLS);
  };
  /**
   * A transferred contact waits for its agent, as in Connect, and is listed until their workspace
   * accepted it: a workspace opened after the transfer still rings, and none rings it once taken.
   */
  const callsFor = (connectUserId: string | undefined): RecentCall[] =>
    recentCalls
      .filter(
        (call) =>
          call.offeredTo === undefined || (call.offeredTo === connectUserId && call.accepted !== true),
      )
      .map(({ offeredTo: _, accepted: __, ...call }) => call);

  /**
   * The same check the agent API makes: a valid token (else 401) of a user in `agents` (else 403).
   * Answers the refusal itself and returns undefined, or returns the agent's claims.
   */
  const agentClaims = (req: IncomingMessage, res: ServerResponse): AuthorizerClaims | undefined => {
    const claims = deps.auth.verify(req.headers.authorization);
    if (claims === undefined) return void sendJson(res, 401, { message: 'sign-in required' });
    if (!groupsOf(claims['cognito:groups']).includes(AGENT_GROUP)) {
      return void sendJson(res, 403, { message: 'for agents only' });
    }
    return claims;
  };

  /**
   * One request as API Gateway would pass it to an API's Lambda handler (payload 2.0, the signed-in
   * user's claims as the authoriser's), and the handler's answer sent back.
   */
  const passToHandler = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    handler: HttpApiHandler,
    routeKey: string,
    pathParameters?: Record<string, string>,
  ): Promise<void> => {
    let body: string | undefined;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 400, { message: error.message });
      throw error;
    }
    const event = toHttpApiEvent(
      {
        method: req.method ?? 'GET',
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        ...(pathParameters ? { pathParameters } : {}),
        headers: req.headers,
        body,
      },
      deps.auth,
    );
    sendHttpResult(res, await handler(event));
  };

  /** The agent API's routes: the request as API Gateway would pass it, through the same handler. */
  const agentApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    match: RegExpExecArray,
  ): Promise<void> => {
    const routeSegment = match[2] ?? '';
    const name: RouteName = isRouteName(routeSegment) ? routeSegment : 'context'; // the pattern allows no other
    const segment = match[1] ?? '';
    let contactId: string;
    try {
      contactId = decodeURIComponent(segment);
    } catch {
      contactId = segment; // the handler answers 400 for a contact id of this shape
    }
    await passToHandler(req, res, url, deps.agentApi, ROUTE_KEYS[name], { contactId });
  };

  const webConfig: WebConfig = deps.webConfig ?? { auth: { kind: 'local' } };
  const headers = securityHeaders(webConfig);

  /** The metrics API's routes: the request as API Gateway would pass it, through the same handler. */
  const metricsApi =
    (routeKey: string) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      if (deps.metricsApi === undefined) return sendJson(res, 404, { message: 'not found' });
      await passToHandler(req, res, new URL(req.url ?? '/', 'http://localhost'), deps.metricsApi, routeKey);
    };

  /** The privacy API's routes: the request as API Gateway would pass it, through the same handler. */
  const privacyApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    match: RegExpExecArray,
  ): Promise<void> => {
    if (deps.privacyApi === undefined) return sendJson(res, 404, { message: 'not found' });
    const name: PrivacyRouteName =
      match[2] === 'erasure' ? 'erasure' : match[2] === 'audit' ? 'audit' : 'export';
    await passToHandler(req, res, url, deps.privacyApi, PRIVACY_ROUTE_KEYS[name], {
      tenancyId: match[1] ?? '',
    });
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    [METRICS_ROUTE_KEYS.report]: metricsApi(METRICS_ROUTE_KEYS.report),
    [METRICS_ROUTE_KEYS.live]: metricsApi(METRICS_ROUTE_KEYS.live),
    // In AWS a file deployed beside the pages (HotlineWeb.addConfig).
    'GET /config.json': async (_req, res) => sendJson(res, 200, webConfig),
    'GET /health': async (_req, res) => {
      const body = await health();
      sendJson(res, body.status === 'ok' ? 200 : 503, body);
    },
    // The simulator's routes: a call answers a phone or tenancy number with the caller's risk and
    // case, so they are an agent's, like the calls themselves.
    'GET /api/demo-callers': async (req, res) => {
      if (!agentClaims(req, res)) return;
      sendJson(res, 200, DEMO_CALLERS);
    },
    'POST /api/calls': async (req, res) => {
      const claims = agentClaims(req, res);
      if (!claims) return;
      try {
        const report = await deps.simulateCall(await readJson(req), {
          connectUserId: claims[CONNECT_USER_ID_CLAIM],
        });
        const { contactId, at, result, queue, riskLevel } = report;
        remember({ contactId, initialContactId: contactId, at, result, queue, riskLevel });
        deps.liveQueue?.placed(report);
        sendJson(res, 200, report);
      } catch (error) {
        if (error instanceof BadRequestError || error instanceof InvalidCallError) {
          return sendJson(res, 400, { message: error.message });
        }
        throw error;
      }
    },
    'POST /api/sign-in': async (req, res) => {
      let parsed: ReturnType<typeof SignInBody.safeParse>;
      try {
        parsed = SignInBody.safeParse(await readJson(req));
      } catch (error) {
        if (error instanceof BadRequestError) return sendJson(res, 400, { message: error.message });
        throw error;
      }
      if (!parsed.success) return sendJson(res, 400, { message: 'username and password required' });
      try {
        const signedIn = deps.auth.signIn(parsed.data.username, parsed.data.password);
        sendJson(res, 200, {
          token: signedIn.idToken,
          groups: signedIn.groups,
          username: signedIn.username,
          expiresAt: signedIn.expiresAt,
        });
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          return sendJson(res, 401, { message: 'unknown user or wrong password' });
        }
        throw error;
      }
    },
    'GET /api/agent/calls': async (req, res) => {
      const claims = agentClaims(req, res);
      if (!claims) return;
      sendJson(res, 200, { calls: callsFor(claims[CONNECT_USER_ID_CLAIM]) });
    },
    'POST /api/agent/acceptances': async (req, res) => {
      const claims = agentClaims(req, res);
      if (!claims) return;
      const parsed = AcceptanceRequest.safeParse(await readJson(req));
      if (!parsed.success) {
        return sendJson(res, 400, { message: parsed.error.issues.map((issue) => issue.message).join('; ') });
      }
      // Only a contact transferred to this agent waits for them; any other is refused alike.
      const offered = recentCalls.find(
        (call) =>
          call.contactId === parsed.data.contactId && call.offeredTo === claims[CONNECT_USER_ID_CLAIM],
      );
      if (offered === undefined || claims[CONNECT_USER_ID_CLAIM] === undefined) {
        return sendJson(res, 403, { message: 'not accepted', reason: 'not_your_contact' });
      }
      offered.accepted = true;
      sendJson(res, 200, { contactId: offered.contactId });
    },
    // The local workspace's transfer: the agents a call can go to, and the transfer itself.
    'GET /api/agent/colleagues': async (req, res) => {
      const claims = agentClaims(req, res);
      if (!claims) return;
      if (deps.transfers === undefined) return sendJson(res, 404, { message: 'not found' });
      sendJson(res, 200, { colleagues: deps.transfers.colleaguesOf(claims[CONNECT_USER_ID_CLAIM]) });
    },
    'POST /api/agent/transfers': async (req, res) => {
      const claims = agentClaims(req, res);
      if (!claims) return;
      if (deps.transfers === undefined) return sendJson(res, 404, { message: 'not found' });
      try {
        const transfer = deps.transfers.transfer(await readJson(req), claims[CONNECT_USER_ID_CLAIM]);
        // Offered as the call it came from was (queue, risk), to the target agent only.
        const call = recentCalls.find((recent) => recent.contactId === transfer.initialContactId);
        remember({
          contactId: transfer.contactId,
          initialContactId: transfer.initialContactId,
          at: new Date().toISOString(),
          result: 'queued',
          queue: call?.queue ?? null,
          riskLevel: call?.riskLevel ?? null,
          offeredTo: transfer.toAgentId,
        });
        const { contactId, initialContactId, to } = transfer;
        sendJson(res, 200, { contactId, initialContactId, to });
      } catch (error) {
        if (error instanceof BadRequestError || error instanceof InvalidTransferError) {
          return sendJson(res, 400, { message: error.message });
        }
        if (error instanceof TransferRefusedError) {
          return sendJson(res, error.kind === 'forbidden' ? 403 : 400, {
            message: 'transfer refused',
            reason: error.reason,
          });
        }
        throw error;
      }
    },
  };

  const site = deps.site ?? buildSite();
  const serveStatic = async (pathname: string, res: ServerResponse): Promise<void> => {
    const file = site.get(pathname === '/' ? 'index.html' : pathname.replace(/^\//, ''));
    if (file === undefined) return sendJson(res, 404, { message: 'not found' });
    send(res, 200, file.contentType, file.body);
  };

  return createServer((req, res) => {
    // Set first: writeHead merges them into every answer, pages, files and API results alike.
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (!isOwnHost(req.headers.host, req.socket.localPort ?? 0, deps.publicHosts ?? [])) {
      // 421 Misdirected Request: this server does not answer for that name (RFC 9110, 15.5.20).
      sendJson(res, 421, {
        message: 'this server answers only at its own address, such as http://localhost:<port>',
      });
      return;
    }
    const refusal = crossSiteRefusal(req);
    if (refusal) return sendJson(res, refusal.status, { message: refusal.message });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method === 'HEAD' ? 'GET' : req.method; // node:http drops the body of a HEAD answer
    const route = routes[`${method} ${url.pathname}`];
    const contact = CONTACT_ROUTE.exec(url.pathname);
    const privacy = PRIVACY_ROUTE.exec(url.pathname);
    const work = route
      ? route(req, res)
      : contact
        ? agentApi(req, res, url, contact)
        : privacy
          ? privacyApi(req, res, url, privacy)
          : method === 'GET'
            ? serveStatic(url.pathname, res)
            : Promise.resolve(sendJson(res, 405, { message: 'method not allowed' }));
    work.catch((error: unknown) => {
      logger.error('unhandled request error', { error, route: url.pathname });
      if (!res.headersSent) sendJson(res, 500, { message: 'internal error' });
      else res.end();
    });
  });
};

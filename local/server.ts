import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logger } from '../shared/observability/logger.ts';
import type { ReadModelStore, ReadModelSummary } from '../shared/ports/read-model.ts';
import { type CallReport, InvalidCallError, type SimulatedCallRequest } from './call-simulator.ts';
import { DEMO_CALLERS } from './demo/demo-data.ts';
import { functionNames } from './functions.ts';

const WEB_ROOT = resolve(fileURLToPath(new URL('../web/', import.meta.url)));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** The same headers CloudFront sends in AWS, so pages behave alike in both places. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export interface ServerStatus {
  readonly dynamodb: { readonly owner: 'self' | 'external'; readonly storage: 'disk' | 'memory' };
  readonly startedAt: Date;
}

export interface HotlineServerDeps {
  readonly readModel: ReadModelStore;
  readonly status: ServerStatus;
  /** The call simulator behind the simulator page. */
  readonly simulateCall: (request: SimulatedCallRequest) => Promise<CallReport>;
}

/** Request bodies are small forms; anything larger is refused before it is read whole. */
const MAX_BODY_BYTES = 64 * 1024;

class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequestError('request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequestError('request body is not JSON');
  }
};

/** What `/health` answers: enough for a person or a probe to see what runs and what is loaded. */
export interface Health {
  readonly status: 'ok' | 'degraded';
  readonly uptimeSeconds: number;
  readonly dynamodb: ServerStatus['dynamodb'] & { readonly reachable: boolean };
  readonly readModel: ReadModelSummary | null;
  readonly functions: readonly string[];
}

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(body);
};

const sendJson = (res: ServerResponse, status: number, body: unknown): void =>
  send(res, status, CONTENT_TYPES['.json'] ?? 'application/json', JSON.stringify(body));

/**
 * The local server: an adapter around the same use cases and handlers that run in AWS, plus the
 * static pages of web/. Later routes (agent and manager APIs) plug into `routes`.
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

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    'GET /health': async (_req, res) => {
      const body = await health();
      sendJson(res, body.status === 'ok' ? 200 : 503, body);
    },
    'GET /api/demo-callers': async (_req, res) => sendJson(res, 200, DEMO_CALLERS),
    'POST /api/calls': async (req, res) => {
      try {
        sendJson(res, 200, await deps.simulateCall((await readJson(req)) as SimulatedCallRequest));
      } catch (error) {
        if (error instanceof BadRequestError || error instanceof InvalidCallError) {
          return sendJson(res, 400, { message: error.message });
        }
        throw error;
      }
    },
  };

  const serveStatic = async (pathname: string, res: ServerResponse): Promise<void> => {
    const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(WEB_ROOT, relative);
    const type = CONTENT_TYPES[extname(file)];
    if (!file.startsWith(WEB_ROOT) || type === undefined) return sendJson(res, 404, { message: 'not found' });
    try {
      send(res, 200, type, await readFile(file));
    } catch {
      sendJson(res, 404, { message: 'not found' });
    }
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method === 'HEAD' ? 'GET' : req.method; // node:http drops the body of a HEAD answer
    const route = routes[`${method} ${url.pathname}`];
    const work = route
      ? route(req, res)
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

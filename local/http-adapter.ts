import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpResult } from '../shared/http/http-api-event.ts';
import type { LocalAuth } from './auth.ts';

/**
 * The local server's adapter to the agent API's handler (docs/architecture.md, "The parts": local/): a node request
 * becomes the API Gateway HTTP API event (payload 2.0) the function gets in AWS, with the
 * authoriser's claims from the local token check, and the handler's result becomes the response.
 * The handler is the very same; only this translation is local.
 */

/** Request bodies are small forms; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor(options?: ErrorOptions) {
    super('request body too large', options);
    this.name = 'BodyTooLargeError';
  }
}

/** The request body as text; `undefined` when there is none. */
export const readBody = async (req: AsyncIterable<unknown>): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
};

/** What API Gateway knows of a request once the route matched. */
export interface RoutedRequest {
  readonly method: string;
  /** Route key of the API in AWS, e.g. `GET /api/contacts/{contactId}/context`. */
  readonly routeKey: string;
  /** The path as the function sees it in AWS (`/api/contacts/…`: CloudFront passes it unchanged). */
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string | undefined;
}

/** Node joins repeated headers into arrays; API Gateway joins them with commas, names lower-cased. */
const flatHeaders = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
      .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(',') : value]),
  );

/**
 * The HTTP API v2 event for a routed request. The authoriser block holds the claims of a valid
 * token, as API Gateway's JWT authoriser passes them; without a valid token there is none, and the
 * handler answers 401 as it would behind a route without an authoriser.
 */
export const toHttpApiEvent = (request: RoutedRequest, auth: Pick<LocalAuth, 'authorizerFor'>) => {
  const headers = flatHeaders(request.headers);
  const authorizer = auth.authorizerFor(headers.authorization);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString ?? '',
    headers,
    ...(request.pathParameters ? { pathParameters: { ...request.pathParameters } } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: request.routeKey,
      stage: '$default',
      timeEpoch: now.getTime(),
      ...(authorizer ? { authorizer } : {}),
    },
  };
};
export type LocalHttpApiEvent = ReturnType<typeof toHttpApiEvent>;

/** What of a node `ServerResponse` the adapter writes to. */
export interface ResponseSink {
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

/** Writes a handler's result as the response, with the server's own headers (security) on top. */
export const sendHttpResult = (
  res: ResponseSink,
  result: HttpResult,
  extraHeaders: Readonly<Record<string, string>> = {},
): void => {
  res.writeHead(result.statusCode, { ...result.headers, ...extraHeaders });
  res.end(result.body);
};

/** A handler as it runs in Lambda: the event in, the proxy result out. */
export type HttpApiHandler = (event: unknown) => Promise<HttpResult>;

import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { logger } from '../observability/logger.ts';
import type { OriginSecret } from '../ports/origin-secret.ts';
import { type HttpResult, json } from './http-api-event.ts';

/**
 * The header CloudFront adds to every request of the pages' `/api/*` behaviour
 * (infra/constructs/hotline-web.ts). CloudFront overwrites a viewer's header of the same name, and
 * API Gateway hands HTTP API headers to the function with lower-case names.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** Only the headers: the check runs before the event is parsed as an HTTP API event. */
const WithHeaders = z.looseObject({ headers: z.nullish(z.record(z.string(), z.string())) });

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `received` is the origin secret, in constant time: both sides are hashed first, so
 * timingSafeEqual compares two buffers of the same length and the time taken says nothing about
 * how much of a guess was right, nor about the secret's length.
 */
export const isOriginSecret = (received: string | undefined, expected: string): boolean =>
  received !== undefined && timingSafeEqual(digest(received), digest(expected));

export type LambdaHttpHandler = (event: unknown) => Promise<HttpResult>;

/**
 * The API functions in AWS answer only what came through CloudFront: a request without the origin
 * header's secret (straight to the execute-api endpoint, which an HTTP API without a custom domain
 * cannot turn off) gets 403 before anything else happens. Only the Lambda entries
 * (functions/<name>/handler.ts) put this in front of the handler; the local server has no CloudFront
 * and composes the handler without it.
 */
export const onlyThroughCloudFront =
  (secret: OriginSecret, handler: LambdaHttpHandler, api: string): LambdaHttpHandler =>
  async (event) => {
    const parsed = WithHeaders.safeParse(event);
    const received = parsed.success ? (parsed.data.headers?.[ORIGIN_VERIFY_HEADER] ?? undefined) : undefined;
    if (received === undefined) {
      logger.warn('api request not through cloudfront', { api, header: 'missing' });
      return json(403, { message: 'forbidden' });
    }
    let expected: string;
    try {
      expected = await secret.current();
    } catch (error) {
      logger.error('origin secret unavailable', { api, error });
      return json(500, { message: 'internal error' });
    }
    if (!isOriginSecret(received, expected)) {
      logger.warn('api request not through cloudfront', { api, header: 'wrong' });
      return json(403, { message: 'forbidden' });
    }
    return handler(event);
  };

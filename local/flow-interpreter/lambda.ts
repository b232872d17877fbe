import { STRING_MAP_MAX_BYTES, StringMap } from '../../shared/connect/contact-flow-event.ts';
import type { LambdaHandler, LambdaOutcome } from './types.ts';

/**
 * On an error the function returns or throws, "Amazon Connect retries up to three times, for a
 * maximum of 8 seconds" (https://docs.aws.amazon.com/connect/latest/adminguide/invoke-lambda-function-block.html).
 * A function slower than the time limit takes the error branch at once: no retry.
 */
export const MAX_RETRIES = 3;
export const RETRY_BUDGET_SECONDS = 8;

export type ResponseType = 'STRING_MAP' | 'JSON';

export interface Invocation {
  readonly handler: LambdaHandler | undefined;
  readonly event: unknown;
  readonly timeLimitSeconds: number;
  readonly responseType: ResponseType;
  readonly timeScale: number;
}

export type InvocationResult =
  | { readonly outcome: 'ok'; readonly attempts: number; readonly response: unknown }
  | { readonly outcome: Exclude<LambdaOutcome, 'ok'>; readonly attempts: number };

type Attempt = { kind: 'returned'; value: unknown } | { kind: 'threw' } | { kind: 'timeout' };

const attempt = async (handler: LambdaHandler, event: unknown, limitMs: number): Promise<Attempt> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Attempt>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), limitMs);
  });
  // A synchronous throw counts as a failed invocation too; a late answer after the timeout is dropped.
  const call = new Promise<unknown>((resolve) => resolve(handler(structuredClone(event)))).then(
    (value): Attempt => ({ kind: 'returned', value }),
    (): Attempt => ({ kind: 'threw' }),
  );
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** A JSON response: any JSON value under the size limit (functions, `undefined`, cycles are not JSON). */
const jsonSize = (value: unknown): number | undefined => {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : Buffer.byteLength(text, 'utf8');
  } catch {
    return undefined; // a cycle or a BigInt: not a JSON response
  }
};

export const isValidResponse = (response: unknown, type: ResponseType): boolean => {
  if (type === 'STRING_MAP') return StringMap.safeParse(response).success;
  const size = jsonSize(response);
  return size !== undefined && size < STRING_MAP_MAX_BYTES;
};

/**
 * One InvokeLambdaFunction: each attempt gets the time limit (within what is left of the 8 s
 * budget). A thrown error is retried up to three times while the budget lasts; a timeout ends the
 * invocation at once with the error branch, as Connect does. A response that fails validation is
 * not retried: the function worked, its answer is wrong. Every wait is scaled by `timeScale`.
 */
export const invokeLambda = async (invocation: Invocation): Promise<InvocationResult> => {
  const { handler, event, timeLimitSeconds, responseType, timeScale } = invocation;
  // No such function: unreachable, as a deleted function is in Connect; not retried.
  if (!handler) return { outcome: 'error', attempts: 1 };
  const budgetMs = RETRY_BUDGET_SECONDS * 1000 * timeScale;
  const limitMs = timeLimitSeconds * 1000 * timeScale;
  let usedMs = 0;
  let attempts = 0;
  while (attempts <= MAX_RETRIES && usedMs < budgetMs) {
    attempts += 1;
    const waitMs = Math.min(limitMs, budgetMs - usedMs);
    const started = performance.now();
    const result = await attempt(handler, event, waitMs);
    if (result.kind === 'returned') {
      if (!isValidResponse(result.value, responseType)) return { outcome: 'invalid_response', attempts };
      return { outcome: 'ok', attempts, response: result.value };
    }
    if (result.kind === 'timeout') return { outcome: 'timeout', attempts };
    usedMs += Math.min(performance.now() - started, waitMs);
  }
  return { outcome: 'error', attempts };
};

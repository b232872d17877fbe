import { Console } from 'node:console';
import type { LogItem } from '@aws-lambda-powertools/logger';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A safety net behind the rule that no phone number reaches a log line: any run that looks like a
 * phone number (a `+`, `0` or `(0` followed by seven or more digits, with up to three separator
 * characters between digits) is masked. UUIDs (contact ids, also inside ARNs) are matched first and
 * kept whole, so a correlation id is never mangled; tenancy ids never start with 0 or +.
 */
const UUID = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const UUID_OR_PHONE_LIKE =
  /[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|(?<![\w-])(?:\+|\(?0)\d?(?:[\s/().-]{0,3}\d){6,}/gi;

export const maskPhoneLike = (text: string): string =>
  text.replace(UUID_OR_PHONE_LIKE, (match) => (UUID.test(match) ? match : '[phone]'));

/**
 * What a log line keeps of an error: its name, message, stack and cause, and the few fields that
 * say what failed without saying about whom (an AWS SDK error's fault and status, a system error's
 * code). Powertools would log every enumerable field of it, and errors carry data: a flow run's
 * error its whole trace (case summary included), an SDK error the item that failed a condition.
 * A cause that is not an Error is data of unknown shape and is left out.
 */
const errorForLog = (error: Error): Record<string, unknown> => {
  const { $fault, $metadata, code, syscall } = error as Error & Record<string, unknown>;
  const metadata = $metadata as { httpStatusCode?: unknown; requestId?: unknown } | undefined;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause === undefined
      ? {}
      : { cause: error.cause instanceof Error ? error.cause : '[left out: not an Error]' }),
    ...(typeof $fault === 'string' ? { fault: $fault } : {}),
    ...(metadata ? { httpStatusCode: metadata.httpStatusCode, requestId: metadata.requestId } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof syscall === 'string' ? { syscall } : {}),
  };
};

const maskingReplacer = (_key: string, value: unknown): unknown => {
  if (value instanceof Error) return errorForLog(value);
  return typeof value === 'string' ? maskPhoneLike(value) : value;
};

/**
 * Powertools' Logger, with one addition: its lines can be sent to another Console than the one it
 * builds on stdout, without touching its private fields: `printLog` is the method Powertools prints
 * each line through, protected so that a subclass may (its Logger's type declarations document
 * subclassing). The line is the one Powertools writes outside dev mode (no indentation).
 */
class HotlineLogger extends Logger {
  #destination: Console | undefined;

  /**
   * Every later line goes to `destination`; `undefined` sends them to Powertools' own again.
   * Returns the destination before, for the caller to put back.
   */
  sendTo(destination: Console | undefined): Console | undefined {
    const before = this.#destination;
    this.#destination = destination;
    return before;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (this.#destination === undefined) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    this.#destination.log(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }
}

/** The one logger. Messages are constant strings; data goes in the attributes object. */
export const logger = new HotlineLogger({
  // The service is each function's own, from POWERTOOLS_SERVICE_NAME (set by HotlineFunction);
  // an option given here would override it, so the fallback applies only where it is unset.
  ...(process.env.POWERTOOLS_SERVICE_NAME ? {} : { serviceName: 'eviction-hotline' }),
  jsonReplacerFn: maskingReplacer,
});

/** What Powertools reads of the Lambda context for the `function_request_id` and `cold_start` keys. */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
}

/**
 * A Lambda entry (functions/<name>/handler.ts): every line the invocation logs carries its request
 * id and whether it was a cold start, through Powertools' `addContext`
 * (https://docs.powertools.aws.dev/lambda/typescript/latest/features/logger/#capturing-lambda-context-info).
 * The context is stored per invocation by Powertools itself, so concurrent invocations in one
 * environment do not share it; the local server composes the handlers without this wrapper.
 */
export const withLambdaContext =
  <Event, Result, Extra = unknown>(
    handler: (event: Event, context?: LambdaContext & Extra) => Promise<Result>,
  ) =>
  async (event: Event, context?: LambdaContext & Extra): Promise<Result> => {
    // Absent when local mode or the benchmark imports the entry and calls it with the event only.
    if (context) logger.addContext(context as unknown as Parameters<Logger['addContext']>[0]);
    return handler(event, context);
  };

/** Local mode (CLI with `--json`, tests) keeps stdout for results: every log line goes to stderr. */
export const sendLogsToStderr = (): void => {
  logger.sendTo(new Console({ stdout: process.stderr, stderr: process.stderr }));
};

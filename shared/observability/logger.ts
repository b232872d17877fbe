import { Console } from 'node:console';
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

const maskingReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? maskPhoneLike(value) : value;

/** The one logger. Messages are constant strings; data goes in the attributes object. */
export const logger = new Logger({
  serviceName: 'eviction-hotline',
  jsonReplacerFn: maskingReplacer,
});

/**
 * Local mode (CLI with `--json`, tests) keeps stdout for results: every log line goes to stderr.
 * Powertools builds its own Console on stdout at construction; swapping it is the supported-by-shape
 * way to redirect without patching the process streams.
 */
export const sendLogsToStderr = (): void => {
  Object.assign(logger, { console: new Console({ stdout: process.stderr, stderr: process.stderr }) });
};

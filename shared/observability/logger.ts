import { Console } from 'node:console';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A safety net behind the rule that no phone number reaches a log line: any string value that looks
 * like a phone number (a `+` or `0` followed by seven or more digits, separators allowed) is masked.
 * Tenancy ids never start with 0 or +, and a run inside a UUID follows a hyphen, so both stay readable.
 */
const PHONE_LIKE = /(?<![\w-])(?:\+|0)\d(?:[\s/().-]?\d){6,}/g;

export const maskPhoneLike = (text: string): string => text.replace(PHONE_LIKE, '[phone]');

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

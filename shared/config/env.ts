// zod/mini: this module loads in every Lambda cold start; the mini build keeps the bundle small.
import * as z from 'zod/mini';
import type { QueueArns } from '../connect/contact-event.ts';
import { DEFAULT_SERVICE_LEVEL_SECONDS, WAIT_BUCKET_BOUNDS } from '../domain/call-metrics.ts';
import { type AccessWindows, DEFAULT_ACCESS_WINDOWS } from '../domain/contact-access.ts';
import { MissingConfigurationError } from '../domain/errors.ts';
import { type OfficeHours, officeHoursWith, parseClosedDays } from '../domain/office-hours.ts';
import type { RiskThresholds } from '../domain/risk.ts';
import type { WebConfig } from '../http/web-pages.ts';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../ports/audit-trail.ts';
import { SECRET_VERSION_ID_PATTERN } from '../ports/origin-secret.ts';

/**
 * The only place that reads `process.env`. Every value has a purpose and, where sensible, a default.
 * Every schema but identify-caller's own is built when its loader runs, not at import: this module
 * is in identify-caller's bundle, whose cold start is benchmarked, and esbuild can leave out a
 * function nobody calls but not a schema built at module level.
 */
const name = () => z.string().check(z.minLength(1));
/** A whole number from the environment (a string there), at least `minimum`, with a default. */
const whole = (minimum: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(minimum)), fallback);

/**
 * The public holidays on which the hotline is closed, `2026-12-08,2026-12-25,…`: CDK computes them
 * at synth (the same list becomes the Connect hours' overrides), so no Lambda loads a holiday
 * calendar. Unset: no holidays.
 */
const closedDays = () =>
  z._default(z.string().check(z.regex(/^(\d{4}-\d{2}-\d{2})?(,\d{4}-\d{2}-\d{2})*$/)), '');

/**
 * Where the hash key of numbers and names in keys comes from (shared/adapters/hash-keys-from-env.ts):
 * in AWS the Secrets Manager secret, read through the Parameters and Secrets extension with the
 * function's session token; locally the store's key file in HASH_KEY_DIR. One of the two is required.
 */
const hashKeyEnv = {
  HASH_KEY_SECRET_ARN: z.optional(z.string().check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/))),
  HASH_KEY_DIR: z.optional(name()),
  AWS_SESSION_TOKEN: z.optional(name()),
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
};
export type HashKeyEnv = {
  readonly HASH_KEY_SECRET_ARN?: string | undefined;
  readonly HASH_KEY_DIR?: string | undefined;
  readonly AWS_SESSION_TOKEN?: string | undefined;
  readonly PARAMETERS_SECRETS_EXTENSION_HTTP_PORT?: number | undefined;
};

const EnvSchema = z.object({
  ...hashKeyEnv,
  READ_MODEL_TABLE: name(),
  CALLS_TABLE: name(),
  /** Local mode and tests only: DynamoDB Local or another endpoint. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(name(), 'eu-central-1'),
  CRITICAL_EVICTION_DAYS: whole(0, 14),
  CRITICAL_HEARING_DAYS: whole(0, 7),
  HIGH_ARREARS_MONTHS: whole(1, 3),
  /** How long call logs are kept before DynamoDB TTL removes them (GDPR retention). */
  CALL_RETENTION_DAYS: whole(1, 400),
  /**
   * The whole lookup must answer within this budget, or the caller is treated as `unavailable`.
   * Well under the flow's InvocationTimeLimitSeconds (3 s) and the function timeout.
   */
  LOOKUP_BUDGET_MS: whole(1, 1500),
  /** Per-request socket timeout of the DynamoDB client; two attempts fit inside the budget. */
  DYNAMODB_REQUEST_TIMEOUT_MS: whole(1, 600),
  DYNAMODB_MAX_ATTEMPTS: whole(1, 2),
  /** How long a warm function trusts its copy of the active read-model generation. */
  READ_MODEL_CACHE_SECONDS: z._default(z.coerce.number().check(z.minimum(0)), 10),
});
export type Env = z.infer<typeof EnvSchema>;

/** An empty variable means "not set": coercing '' would silently turn a threshold into 0. */
const withoutEmpty = (source: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));

export const loadEnv = (source: Record<string, string | undefined> = process.env): Env =>
  Object.freeze(EnvSchema.parse(withoutEmpty(source)));

export const riskThresholds = (env: Env): RiskThresholds => ({
  criticalEvictionDays: env.CRITICAL_EVICTION_DAYS,
  criticalHearingDays: env.CRITICAL_HEARING_DAYS,
  highArrearsMonths: env.HIGH_ARREARS_MONTHS,
});

/** Local mode (`hotline …`, `npm start`): where the store lives and how to reach the server. */
const localEnvSchema = () =>
  z.object({
    PORT: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(65_535)), 3000),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    HOTLINE_DATA_DIR: z._default(name(), '.hotline'),
    /** Local table names are `<prefix>-ReadModel`, `<prefix>-Calls`, `<prefix>-Audit`. */
    HOTLINE_TABLE_PREFIX: z._default(z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/)), 'hotline'),
  });
export type LocalEnv = z.infer<ReturnType<typeof localEnvSchema>>;

export const loadLocalEnv = (source: Record<string, string | undefined> = process.env): LocalEnv =>
  Object.freeze(localEnvSchema().parse(withoutEmpty(source)));

/**
 * contact-events: completes call logs from Amazon Connect's contact events. Off the call path, so
 * its DynamoDB client may wait longer and try more often than the lookup's; a failure after that
 * goes back to EventBridge and Lambda for a retry, then to the dead-letter queue.
 */
const contactEventsEnvSchema = () =>
  z.object({
    CALLS_TABLE: name(),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    AWS_REGION: z._default(name(), 'eu-central-1'),
    CALL_RETENTION_DAYS: whole(1, 400),
    DYNAMODB_REQUEST_TIMEOUT_MS: whole(1, 2000),
    DYNAMODB_MAX_ATTEMPTS: whole(1, 3),
    /** The Connect queues' ARNs, so the call log names the queue (unset: the ARN's last segment). */
    URGENT_QUEUE_ARN: z.optional(name()),
    GENERAL_QUEUE_ARN: z.optional(name()),
    CALLBACK_QUEUE_ARN: z.optional(name()),
    OFFICE_CLOSED_DAYS: closedDays(),
  });
export type ContactEventsEnv = z.infer<ReturnType<typeof contactEventsEnvSchema>>;

export const loadContactEventsEnv = (
  source: Record<string, string | undefined> = process.env,
): ContactEventsEnv => Object.freeze(contactEventsEnvSchema().parse(withoutEmpty(source)));

/** The configured queue ARNs by queue name. */
export const queueArns = (
  env: Pick<ContactEventsEnv, 'URGENT_QUEUE_ARN' | 'GENERAL_QUEUE_ARN' | 'CALLBACK_QUEUE_ARN'>,
): QueueArns => ({
  urgent: env.URGENT_QUEUE_ARN,
  general: env.GENERAL_QUEUE_ARN,
  callback: env.CALLBACK_QUEUE_ARN,
});

/**
 * read-model-import: the import function behind the import bucket. Only the read model's table; the
 * bucket it reads uploads from and writes reports to; the topic it tells. The margin is the time it
 * keeps before its timeout to stop an import that has not switched and still write the report.
 */
const readModelImportEnvSchema = () =>
  z.object({
    ...hashKeyEnv,
    READ_MODEL_TABLE: name(),
    IMPORT_BUCKET: name(),
    IMPORT_TOPIC_ARN: name(),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    AWS_REGION: z._default(name(), 'eu-central-1'),
    IMPORT_STOP_BEFORE_TIMEOUT_SECONDS: whole(1, 60),
  });
export type ReadModelImportEnv = z.infer<ReturnType<typeof readModelImportEnvSchema>>;

export const loadReadModelImportEnv = (
  source: Record<string, string | undefined> = process.env,
): ReadModelImportEnv => Object.freeze(readModelImportEnvSchema().parse(withoutEmpty(source)));

/**
 * agent-api: the caller context and outcomes behind API Gateway. It reads what the lookup reads
 * (tables, risk thresholds, read-model cache) and writes outcome codes back to the Connect contact.
 * Not on the caller's path: the agent waits, so its DynamoDB client may wait longer than the lookup's.
 */
const agentApiEnvSchema = () =>
  z.extend(EnvSchema, {
    OFFICE_CLOSED_DAYS: closedDays(),
    /** The Connect instance's id for UpdateContactAttributes; required in AWS, unset locally. */
    CONNECT_INSTANCE_ID: z.optional(name()),
    AGENT_API_REQUEST_TIMEOUT_MS: whole(1, 2000),
    AGENT_API_MAX_ATTEMPTS: whole(1, 3),
    /** The audit trail every read and change of a tenant's data is recorded in. */
    AUDIT_TABLE: name(),
    /** How long the audit trail keeps an entry: longer than the call logs it describes. */
    AUDIT_RETENTION_DAYS: whole(1, DEFAULT_AUDIT_RETENTION_DAYS),
    /** How long after a contact ended its agent still reads and records it (contact-access.ts). */
    AGENT_ACCESS_MINUTES: whole(0, DEFAULT_ACCESS_WINDOWS.accessMinutes),
    /** How long after recording an outcome its agent may still correct it. */
    OUTCOME_CORRECTION_MINUTES: whole(0, DEFAULT_ACCESS_WINDOWS.correctionMinutes),
  });
export type AgentApiEnv = z.infer<ReturnType<typeof agentApiEnvSchema>>;

export const loadAgentApiEnv = (source: Record<string, string | undefined> = process.env): AgentApiEnv =>
  Object.freeze(agentApiEnvSchema().parse(withoutEmpty(source)));

export const accessWindows = (
  env: Pick<AgentApiEnv, 'AGENT_ACCESS_MINUTES' | 'OUTCOME_CORRECTION_MINUTES'>,
): AccessWindows => ({
  accessMinutes: env.AGENT_ACCESS_MINUTES,
  correctionMinutes: env.OUTCOME_CORRECTION_MINUTES,
});

/**
 * privacy-api: the data-protection office's export, erasure and audit reads. Rare and waited for by
 * a person, so its client may wait like the agent API's; an erasure that fails part-way is run again.
 */
const privacyApiEnvSchema = () =>
  z
    .object({
      ...hashKeyEnv,
      READ_MODEL_TABLE: name(),
      CALLS_TABLE: name(),
      AUDIT_TABLE: name(),
      DYNAMODB_ENDPOINT: z.optional(z.url()),
      AWS_REGION: z._default(name(), 'eu-central-1'),
      /** What the call logs are kept for: the audit trail must outlive them. */
      CALL_RETENTION_DAYS: whole(1, 400),
      AUDIT_RETENTION_DAYS: whole(1, DEFAULT_AUDIT_RETENTION_DAYS),
      PRIVACY_API_REQUEST_TIMEOUT_MS: whole(1, 2000),
      PRIVACY_API_MAX_ATTEMPTS: whole(1, 3),
    })
    .check(
      z.refine((env) => env.AUDIT_RETENTION_DAYS > env.CALL_RETENTION_DAYS, {
        message:
          'AUDIT_RETENTION_DAYS must be longer than CALL_RETENTION_DAYS: who saw a call outlives the call',
        path: ['AUDIT_RETENTION_DAYS'],
      }),
    );
export type PrivacyApiEnv = z.infer<ReturnType<typeof privacyApiEnvSchema>>;

export const loadPrivacyApiEnv = (source: Record<string, string | undefined> = process.env): PrivacyApiEnv =>
  Object.freeze(privacyApiEnvSchema().parse(withoutEmpty(source)));

/**
 * The API functions in AWS (agent-api, metrics-api, privacy-api): the secret CloudFront sends in its origin
 * header (shared/http/origin-verify.ts). Required: only the Lambda entries load this, and a function
 * deployed without it must fail its cold start rather than answer requests that bypassed
 * CloudFront. The local server has no CloudFront and never loads it.
 */
const originVerifyEnvSchema = () =>
  z.object({
    /** ARN of the Secrets Manager secret with the header's value (GetSecretValue on it only). */
    ORIGIN_VERIFY_SECRET_ARN: z.string().check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/)),
    /** The version CloudFront sends (`-c originSecretVersion=…`); unset: the current one. */
    ORIGIN_VERIFY_SECRET_VERSION: z.optional(z.string().check(z.regex(SECRET_VERSION_ID_PATTERN))),
    AWS_REGION: z._default(name(), 'eu-central-1'),
  });
export type OriginVerifyEnv = z.infer<ReturnType<typeof originVerifyEnvSchema>>;

export const loadOriginVerifyEnv = (
  source: Record<string, string | undefined> = process.env,
): OriginVerifyEnv => {
  const env = withoutEmpty(source);
  if (env.ORIGIN_VERIFY_SECRET_ARN === undefined) {
    throw new MissingConfigurationError('ORIGIN_VERIFY_SECRET_ARN');
  }
  return Object.freeze(originVerifyEnvSchema().parse(env));
};

/**
 * Local sign-in (local/auth.ts): a fixed token secret keeps sessions across restarts; unset, one per
 * process. With HOTLINE_SIGN_IN_URL and HOTLINE_SIGN_IN_CLIENT_ID the pages sign in through that
 * OAuth server instead (code + PKCE, as against Cognito's hosted sign-in in AWS); its tokens must be
 * signed with HOTLINE_AUTH_SECRET.
 */
const localAuthEnvSchema = () =>
  z
    .object({
      HOTLINE_AUTH_SECRET: z.optional(z.string().check(z.minLength(32))),
      HOTLINE_SIGN_IN_URL: z.optional(z.url({ protocol: /^https?$/ })),
      HOTLINE_SIGN_IN_CLIENT_ID: z.optional(z.string().check(z.regex(/^[\w-]{1,128}$/))),
    })
    .check(
      z.refine(
        (env) => (env.HOTLINE_SIGN_IN_URL === undefined) === (env.HOTLINE_SIGN_IN_CLIENT_ID === undefined),
        {
          message: 'set HOTLINE_SIGN_IN_URL and HOTLINE_SIGN_IN_CLIENT_ID together, or neither',
          path: ['HOTLINE_SIGN_IN_CLIENT_ID'],
        },
      ),
    );
export type LocalAuthEnv = z.infer<ReturnType<typeof localAuthEnvSchema>>;

export const loadLocalAuthEnv = (source: Record<string, string | undefined> = process.env): LocalAuthEnv =>
  Object.freeze(localAuthEnvSchema().parse(withoutEmpty(source)));

/** How the local pages sign in: the demo users' form, or the configured OAuth server. */
export const localWebConfig = (env: LocalAuthEnv): WebConfig => ({
  auth:
    env.HOTLINE_SIGN_IN_URL !== undefined && env.HOTLINE_SIGN_IN_CLIENT_ID !== undefined
      ? {
          kind: 'cognito',
          signInUrl: env.HOTLINE_SIGN_IN_URL.replace(/\/$/, ''),
          clientId: env.HOTLINE_SIGN_IN_CLIENT_ID,
        }
      : { kind: 'local' },
});

/** The opening hours a function checks against: the weekly hours and the configured closed days. */
export const officeHoursFromEnv = (env: { readonly OFFICE_CLOSED_DAYS: string }): OfficeHours =>
  officeHoursWith(parseClosedDays(env.OFFICE_CLOSED_DAYS));

/**
 * The service level's threshold in seconds: answered within it / (answered + abandoned). The
 * counters keep waits in buckets, so the threshold must be one of the buckets' bounds.
 */
const serviceLevelSeconds = () =>
  z._default(
    z.coerce.number().check(
      z.refine((seconds) => (WAIT_BUCKET_BOUNDS as readonly number[]).includes(seconds), {
        message: `SERVICE_LEVEL_SECONDS must be one of the wait buckets' bounds: ${WAIT_BUCKET_BOUNDS.join(', ')}`,
      }),
    ),
    DEFAULT_SERVICE_LEVEL_SECONDS,
  );

/**
 * metrics-api: the managers' figures from the day counters, and the queues right now from Amazon
 * Connect. Not on the caller's path: a manager waits, so its clients may wait like the agent API's.
 */
const metricsApiEnvSchema = () =>
  z.object({
    CALLS_TABLE: name(),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    AWS_REGION: z._default(name(), 'eu-central-1'),
    SERVICE_LEVEL_SECONDS: serviceLevelSeconds(),
    /** The queues the live view shows (GetCurrentMetricData filters by their ids). */
    URGENT_QUEUE_ARN: z.optional(name()),
    GENERAL_QUEUE_ARN: z.optional(name()),
    CALLBACK_QUEUE_ARN: z.optional(name()),
    /** The Connect instance's id for GetCurrentMetricData; required in AWS, unset locally. */
    CONNECT_INSTANCE_ID: z.optional(name()),
    METRICS_API_REQUEST_TIMEOUT_MS: whole(1, 2000),
    METRICS_API_MAX_ATTEMPTS: whole(1, 3),
  });
export type MetricsApiEnv = z.infer<ReturnType<typeof metricsApiEnvSchema>>;

export const loadMetricsApiEnv = (source: Record<string, string | undefined> = process.env): MetricsApiEnv =>
  Object.freeze(metricsApiEnvSchema().parse(withoutEmpty(source)));

/**
 * Local mode (`hotline start`, `hotline metrics`): the metrics API on a local store's tables, with
 * the service level's threshold from the environment when it is set there.
 */
export const loadLocalMetricsApiEnv = (
  storeVars: Record<string, string>,
  source: Record<string, string | undefined> = process.env,
): MetricsApiEnv => loadMetricsApiEnv({ SERVICE_LEVEL_SECONDS: source.SERVICE_LEVEL_SECONDS, ...storeVars });

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
 *
 * Configuration is composed from fragments, one per concern (a DynamoDB client, a table, the
 * queues, the hash key, a retention, …); each function's schema is the fragments it reads and
 * nothing else, so a variable it would ignore is not part of its configuration, and CDK sets no
 * other (test/infra/function-environment.test.ts checks that against `lambdaEnvShapes`).
 *
 * Fragments and schemas are functions, built when a loader runs, not at import: this module is in
 * identify-caller's bundle, whose cold start is benchmarked, and esbuild can leave out a function
 * nobody calls but not a schema built at module level.
 */
const name = () => z.string().check(z.minLength(1));
/** A whole number from the environment (a string there), at least `minimum`, with a default. */
const whole = (minimum: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(minimum)), fallback);
const secretArn = () => z.string().check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/));

/** The variables a fragment reads, as its loader returns them. */
type EnvOf<Fragment extends (...args: never[]) => z.core.$ZodShape> = Readonly<
  z.infer<z.ZodMiniObject<ReturnType<Fragment>>>
>;

/** How long one request of an AWS SDK client may take, and how often it is tried: each function's own. */
export interface ClientBounds {
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

/** Where DynamoDB is: the region, and in local mode and tests DynamoDB Local (unset in AWS). */
const dynamoDbLocation = () => ({
  AWS_REGION: z._default(name(), 'eu-central-1'),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
});
export type DynamoDbLocationEnv = EnvOf<typeof dynamoDbLocation>;

/**
 * A function's DynamoDB client: where DynamoDB is, the socket timeout per request and the attempts,
 * with the function's own defaults (the caller's path has far less time than an API a person waits on).
 */
const dynamoDbClient = (defaults: ClientBounds) => ({
  ...dynamoDbLocation(),
  DYNAMODB_REQUEST_TIMEOUT_MS: whole(1, defaults.requestTimeoutMs),
  DYNAMODB_MAX_ATTEMPTS: whole(1, defaults.maxAttempts),
});
export type DynamoDbClientEnv = EnvOf<typeof dynamoDbClient>;

/** The options of `makeDocumentClient` (shared/adapters/dynamodb/client.ts) a configuration names. */
export const dynamoDbClientOptions = (env: DynamoDbClientEnv) => ({
  region: env.AWS_REGION,
  endpoint: env.DYNAMODB_ENDPOINT,
  requestTimeoutMs: env.DYNAMODB_REQUEST_TIMEOUT_MS,
  maxAttempts: env.DYNAMODB_MAX_ATTEMPTS,
});

/**
 * A function's Amazon Connect client: the instance's id (required in AWS, unset locally, where
 * the local runtime passes stand-ins and no Connect client is made) and the client's bounds.
 */
const connectClient = (defaults: ClientBounds) => ({
  CONNECT_INSTANCE_ID: z.optional(name()),
  CONNECT_REQUEST_TIMEOUT_MS: whole(1, defaults.requestTimeoutMs),
  CONNECT_MAX_ATTEMPTS: whole(1, defaults.maxAttempts),
});
export type ConnectClientEnv = EnvOf<typeof connectClient>;

/** The options of `makeConnectClient` (shared/adapters/connect/contact-attributes.ts) a configuration names. */
export const connectClientOptions = (env: ConnectClientEnv & { readonly AWS_REGION: string }) => ({
  region: env.AWS_REGION,
  requestTimeoutMs: env.CONNECT_REQUEST_TIMEOUT_MS,
  maxAttempts: env.CONNECT_MAX_ATTEMPTS,
});

/** The tables (their names come from CDK's `useTable`, by shared/adapters/dynamodb/tables.ts). */
const readModelTable = () => ({ READ_MODEL_TABLE: name() });
const callsTable = () => ({ CALLS_TABLE: name() });
const auditTable = () => ({ AUDIT_TABLE: name() });

/** A reader of the read model: how long a warm function trusts its copy of the active generation. */
const readModelReader = () => ({
  ...readModelTable(),
  READ_MODEL_CACHE_SECONDS: z._default(z.coerce.number().check(z.minimum(0)), 10),
});

/** How long call logs are kept before DynamoDB TTL removes them (GDPR retention). */
const callRetention = () => ({ CALL_RETENTION_DAYS: whole(1, 400) });
/** How long the audit trail keeps an entry: longer than the call logs it describes. */
const auditRetention = () => ({ AUDIT_RETENTION_DAYS: whole(1, DEFAULT_AUDIT_RETENTION_DAYS) });

/**
 * Where the hash key of numbers and names in keys comes from (shared/adapters/hash-keys-from-env.ts):
 * in AWS the Secrets Manager secret, read through the Parameters and Secrets extension with the
 * function's session token; locally the store's key file in HASH_KEY_DIR. One of the two is required.
 */
const hashKey = () => ({
  HASH_KEY_SECRET_ARN: z.optional(secretArn()),
  HASH_KEY_DIR: z.optional(name()),
  AWS_SESSION_TOKEN: z.optional(name()),
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
});
export type HashKeyEnv = EnvOf<typeof hashKey>;

/** The risk rules' thresholds (shared/domain/risk.ts). */
const riskThresholdsEnv = () => ({
  CRITICAL_EVICTION_DAYS: whole(0, 14),
  CRITICAL_HEARING_DAYS: whole(0, 7),
  HIGH_ARREARS_MONTHS: whole(1, 3),
});
type RiskThresholdsEnv = EnvOf<typeof riskThresholdsEnv>;

export const riskThresholds = (env: RiskThresholdsEnv): RiskThresholds => ({
  criticalEvictionDays: env.CRITICAL_EVICTION_DAYS,
  criticalHearingDays: env.CRITICAL_HEARING_DAYS,
  highArrearsMonths: env.HIGH_ARREARS_MONTHS,
});

/**
 * The public holidays on which the hotline is closed, `2026-12-08,2026-12-25,…`: CDK computes them
 * at synth (the same list becomes the Connect hours' overrides), so no Lambda loads a holiday
 * calendar. Unset: no holidays.
 */
const officeHoursEnv = () => ({
  OFFICE_CLOSED_DAYS: z._default(
    z.string().check(z.regex(/^(\d{4}-\d{2}-\d{2})?(,\d{4}-\d{2}-\d{2})*$/)),
    '',
  ),
});

/** The opening hours a function checks against: the weekly hours and the configured closed days. */
export const officeHoursFromEnv = (env: { readonly OFFICE_CLOSED_DAYS: string }): OfficeHours =>
  officeHoursWith(parseClosedDays(env.OFFICE_CLOSED_DAYS));

/** The Connect queues' ARNs, by queue: the call log names a queue by them, the live view filters by them. */
const queueArnsEnv = () => ({
  URGENT_QUEUE_ARN: z.optional(name()),
  GENERAL_QUEUE_ARN: z.optional(name()),
  CALLBACK_QUEUE_ARN: z.optional(name()),
});
type QueueArnsEnv = EnvOf<typeof queueArnsEnv>;

/** The configured queue ARNs by queue name. */
export const queueArns = (env: QueueArnsEnv): QueueArns => ({
  urgent: env.URGENT_QUEUE_ARN,
  general: env.GENERAL_QUEUE_ARN,
  callback: env.CALLBACK_QUEUE_ARN,
});

/** How long after a contact ended its agent still reads and records it, and may correct an outcome (contact-access.ts). */
const accessWindowsEnv = () => ({
  AGENT_ACCESS_MINUTES: whole(0, DEFAULT_ACCESS_WINDOWS.accessMinutes),
  OUTCOME_CORRECTION_MINUTES: whole(0, DEFAULT_ACCESS_WINDOWS.correctionMinutes),
});

export const accessWindows = (env: EnvOf<typeof accessWindowsEnv>): AccessWindows => ({
  accessMinutes: env.AGENT_ACCESS_MINUTES,
  correctionMinutes: env.OUTCOME_CORRECTION_MINUTES,
});

/** An empty variable means "not set": coercing '' would silently turn a threshold into 0. */
const withoutEmpty = (source: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));

type Source = Record<string, string | undefined>;

/**
 * identify-caller: the lookup on the caller's path. The whole lookup must answer within
 * LOOKUP_BUDGET_MS, or the caller is treated as `unavailable`: well under the flow's
 * InvocationTimeLimitSeconds (3 s) and the function timeout. Its DynamoDB client's socket timeout
 * lets two attempts fit inside that budget.
 */
const identifyCallerEnvSchema = () =>
  z.object({
    ...hashKey(),
    ...readModelReader(),
    ...callsTable(),
    ...dynamoDbClient({ requestTimeoutMs: 600, maxAttempts: 2 }),
    ...riskThresholdsEnv(),
    ...callRetention(),
    LOOKUP_BUDGET_MS: whole(1, 1500),
  });
export type IdentifyCallerEnv = Readonly<z.infer<ReturnType<typeof identifyCallerEnvSchema>>>;

export const loadIdentifyCallerEnv = (source: Source = process.env): IdentifyCallerEnv =>
  Object.freeze(identifyCallerEnvSchema().parse(withoutEmpty(source)));

/**
 * contact-events: completes call logs from Amazon Connect's contact events. Off the call path, so
 * its DynamoDB client may wait longer and try more often than the lookup's; a failure after that
 * goes back to EventBridge and Lambda for a retry, then to the dead-letter queue. The queues' ARNs
 * let the call log name the queue (unset: the ARN's last segment).
 */
const contactEventsEnvSchema = () =>
  z.object({
    ...callsTable(),
    ...dynamoDbClient({ requestTimeoutMs: 2000, maxAttempts: 3 }),
    ...callRetention(),
    ...queueArnsEnv(),
    ...officeHoursEnv(),
  });
export type ContactEventsEnv = Readonly<z.infer<ReturnType<typeof contactEventsEnvSchema>>>;

export const loadContactEventsEnv = (source: Source = process.env): ContactEventsEnv =>
  Object.freeze(contactEventsEnvSchema().parse(withoutEmpty(source)));

/**
 * read-model-import: the import function behind the import bucket. Only the read model's table (on
 * a bulk client whose bounds are the import's own, shared/adapters/dynamodb/import-wiring.ts); the
 * bucket it reads uploads from and writes reports to; the topic it tells. The margin is the time it
 * keeps before its timeout to stop an import that has not switched and still write the report.
 */
const readModelImportEnvSchema = () =>
  z.object({
    ...hashKey(),
    ...readModelTable(),
    ...dynamoDbLocation(),
    IMPORT_BUCKET: name(),
    IMPORT_TOPIC_ARN: name(),
    IMPORT_STOP_BEFORE_TIMEOUT_SECONDS: whole(1, 60),
  });
export type ReadModelImportEnv = Readonly<z.infer<ReturnType<typeof readModelImportEnvSchema>>>;

export const loadReadModelImportEnv = (source: Source = process.env): ReadModelImportEnv =>
  Object.freeze(readModelImportEnvSchema().parse(withoutEmpty(source)));

/**
 * agent-api: the caller context and outcomes behind API Gateway. It reads the read model as the
 * lookup does (risk thresholds, pointer cache), the call logs and outcomes, writes the audit trail,
 * and reads and writes the Connect contact. Not on the caller's path: the agent waits, so its
 * clients may wait longer than the lookup's.
 */
const agentApiEnvSchema = () =>
  z.object({
    ...hashKey(),
    ...readModelReader(),
    ...callsTable(),
    ...auditTable(),
    ...auditRetention(),
    ...dynamoDbClient({ requestTimeoutMs: 2000, maxAttempts: 3 }),
    ...connectClient({ requestTimeoutMs: 2000, maxAttempts: 3 }),
    ...riskThresholdsEnv(),
    ...officeHoursEnv(),
    ...accessWindowsEnv(),
  });
export type AgentApiEnv = Readonly<z.infer<ReturnType<typeof agentApiEnvSchema>>>;

export const loadAgentApiEnv = (source: Source = process.env): AgentApiEnv =>
  Object.freeze(agentApiEnvSchema().parse(withoutEmpty(source)));

/**
 * privacy-api: the data-protection office's export, erasure and audit reads. Rare and waited for by
 * a person, so its client may wait like the agent API's; an erasure that fails part-way is run
 * again. It reads the call logs' retention only to check that the audit trail outlives them.
 */
const privacyApiEnvSchema = () =>
  z
    .object({
      ...hashKey(),
      ...readModelTable(),
      ...callsTable(),
      ...auditTable(),
      ...dynamoDbClient({ requestTimeoutMs: 2000, maxAttempts: 3 }),
      ...callRetention(),
      ...auditRetention(),
    })
    .check(
      z.refine((env) => env.AUDIT_RETENTION_DAYS > env.CALL_RETENTION_DAYS, {
        message:
          'AUDIT_RETENTION_DAYS must be longer than CALL_RETENTION_DAYS: who saw a call outlives the call',
        path: ['AUDIT_RETENTION_DAYS'],
      }),
    );
export type PrivacyApiEnv = Readonly<z.infer<ReturnType<typeof privacyApiEnvSchema>>>;

export const loadPrivacyApiEnv = (source: Source = process.env): PrivacyApiEnv =>
  Object.freeze(privacyApiEnvSchema().parse(withoutEmpty(source)));

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
 * Connect (GetCurrentMetricData filters by the queues' ids). Not on the caller's path: a manager
 * waits, so its clients may wait like the agent API's.
 */
const metricsApiEnvSchema = () =>
  z.object({
    ...callsTable(),
    ...dynamoDbClient({ requestTimeoutMs: 2000, maxAttempts: 3 }),
    ...connectClient({ requestTimeoutMs: 2000, maxAttempts: 3 }),
    ...queueArnsEnv(),
    SERVICE_LEVEL_SECONDS: serviceLevelSeconds(),
  });
export type MetricsApiEnv = Readonly<z.infer<ReturnType<typeof metricsApiEnvSchema>>>;

export const loadMetricsApiEnv = (source: Source = process.env): MetricsApiEnv =>
  Object.freeze(metricsApiEnvSchema().parse(withoutEmpty(source)));

/**
 * Local mode (`hotline start`, `hotline metrics`): the metrics API on a local store's tables, with
 * the service level's threshold from the environment when it is set there.
 */
export const loadLocalMetricsApiEnv = (storeVars: Record<string, string>, source: Source = process.env) =>
  loadMetricsApiEnv({ SERVICE_LEVEL_SECONDS: source.SERVICE_LEVEL_SECONDS, ...storeVars });

/**
 * The API functions in AWS (agent-api, metrics-api, privacy-api): the secret CloudFront sends in its
 * origin header (shared/http/origin-verify.ts). Required: only the Lambda entries load this, and a
 * function deployed without it must fail its cold start rather than answer requests that bypassed
 * CloudFront. The local server has no CloudFront and never loads it.
 */
const originVerifyEnvSchema = () =>
  z.object({
    /** ARN of the Secrets Manager secret with the header's value (GetSecretValue on it only). */
    ORIGIN_VERIFY_SECRET_ARN: secretArn(),
    /** The version CloudFront sends (`-c originSecretVersion=…`); unset: the current one. */
    ORIGIN_VERIFY_SECRET_VERSION: z.optional(z.string().check(z.regex(SECRET_VERSION_ID_PATTERN))),
    AWS_REGION: z._default(name(), 'eu-central-1'),
  });
export type OriginVerifyEnv = Readonly<z.infer<ReturnType<typeof originVerifyEnvSchema>>>;

export const loadOriginVerifyEnv = (source: Source = process.env): OriginVerifyEnv => {
  const env = withoutEmpty(source);
  if (env.ORIGIN_VERIFY_SECRET_ARN === undefined) {
    throw new MissingConfigurationError('ORIGIN_VERIFY_SECRET_ARN');
  }
  return Object.freeze(originVerifyEnvSchema().parse(env));
};

/**
 * The variables each Lambda entry (functions/<name>/handler.ts) reads, by its
 * POWERTOOLS_SERVICE_NAME: the shapes of the schemas its loaders build (an API's includes the origin
 * check's). For the infra tests, which check that CDK sets these and no others; built on call, so
 * no bundle carries it.
 */
export const lambdaEnvShapes = () => {
  const api = <Shape extends z.core.$ZodShape>(shape: Shape) => ({
    ...shape,
    ...originVerifyEnvSchema().shape,
  });
  return {
    'identify-caller': identifyCallerEnvSchema().shape,
    'contact-events': contactEventsEnvSchema().shape,
    'read-model-import': readModelImportEnvSchema().shape,
    'agent-api': api(agentApiEnvSchema().shape),
    'metrics-api': api(metricsApiEnvSchema().shape),
    'privacy-api': api(privacyApiEnvSchema().shape),
  } satisfies Record<string, z.core.$ZodShape>;
};

/** Local mode (`hotline …`, `npm start`): where the store lives and how to reach the server. */
const localEnvSchema = () =>
  z.object({
    PORT: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(65_535)), 3000),
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    HOTLINE_DATA_DIR: z._default(name(), '.hotline'),
    /** Local table names are `<prefix>-ReadModel`, `<prefix>-Calls`, `<prefix>-Audit`. */
    HOTLINE_TABLE_PREFIX: z._default(z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/)), 'hotline'),
  });
export type LocalEnv = Readonly<z.infer<ReturnType<typeof localEnvSchema>>>;

export const loadLocalEnv = (source: Source = process.env): LocalEnv =>
  Object.freeze(localEnvSchema().parse(withoutEmpty(source)));

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
export type LocalAuthEnv = Readonly<z.infer<ReturnType<typeof localAuthEnvSchema>>>;

export const loadLocalAuthEnv = (source: Source = process.env): LocalAuthEnv =>
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

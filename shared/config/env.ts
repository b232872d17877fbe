// zod/mini: this module loads in every Lambda cold start; the mini build keeps the bundle small.
import * as z from 'zod/mini';
import type { RiskThresholds } from '../domain/risk.ts';

/** The only place that reads `process.env`. Every value has a purpose and, where sensible, a default. */
const name = () => z.string().check(z.minLength(1));
/** A whole number from the environment (a string there), at least `minimum`, with a default. */
const whole = (minimum: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(minimum)), fallback);

const EnvSchema = z.object({
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
const LocalEnvSchema = z.object({
  PORT: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(65_535)), 3000),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  HOTLINE_DATA_DIR: z._default(name(), '.hotline'),
  /** Local table names are `<prefix>-ReadModel`, `<prefix>-Calls`. */
  HOTLINE_TABLE_PREFIX: z._default(z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/)), 'hotline'),
});
export type LocalEnv = z.infer<typeof LocalEnvSchema>;

export const loadLocalEnv = (source: Record<string, string | undefined> = process.env): LocalEnv =>
  Object.freeze(LocalEnvSchema.parse(withoutEmpty(source)));

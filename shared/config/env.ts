import { z } from 'zod';
import type { RiskThresholds } from '../domain/risk.ts';

/** The only place that reads `process.env`. Every value has a purpose and, where sensible, a default. */
const EnvSchema = z.object({
  READ_MODEL_TABLE: z.string().min(1),
  CALLS_TABLE: z.string().min(1),
  /** Local mode and tests only: DynamoDB Local or another endpoint. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  CRITICAL_EVICTION_DAYS: z.coerce.number().int().nonnegative().default(14),
  CRITICAL_HEARING_DAYS: z.coerce.number().int().nonnegative().default(7),
  HIGH_ARREARS_MONTHS: z.coerce.number().int().positive().default(3),
  /** How long call logs are kept before DynamoDB TTL removes them (GDPR retention). */
  CALL_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
  /**
   * The whole lookup must answer within this budget, or the caller is treated as `unavailable`.
   * Well under the flow's InvocationTimeLimitSeconds (3 s) and the function timeout.
   */
  LOOKUP_BUDGET_MS: z.coerce.number().int().positive().default(1500),
  /** Per-request socket timeout of the DynamoDB client; two attempts fit inside the budget. */
  DYNAMODB_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(600),
  DYNAMODB_MAX_ATTEMPTS: z.coerce.number().int().positive().default(2),
  /** How long a warm function trusts its copy of the active read-model generation. */
  READ_MODEL_CACHE_SECONDS: z.coerce.number().nonnegative().default(10),
});
export type Env = z.infer<typeof EnvSchema>;

export const loadEnv = (source: Record<string, string | undefined> = process.env): Env =>
  Object.freeze(EnvSchema.parse(source));

export const riskThresholds = (env: Env): RiskThresholds => ({
  criticalEvictionDays: env.CRITICAL_EVICTION_DAYS,
  criticalHearingDays: env.CRITICAL_HEARING_DAYS,
  highArrearsMonths: env.HIGH_ARREARS_MONTHS,
});

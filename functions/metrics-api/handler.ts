import {
  makeSecretsManagerClient,
  SecretsManagerOriginSecret,
} from '../../shared/adapters/secrets-manager/origin-secret.ts';
import { loadMetricsApiEnv, loadOriginVerifyEnv } from '../../shared/config/env.ts';
import { onlyThroughCloudFront } from '../../shared/http/origin-verify.ts';
import { wireMetricsApi } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls, and the origin check reads its
// secret once. The origin configuration is loaded first: without it the function does not start.
const origin = loadOriginVerifyEnv();
const env = loadMetricsApiEnv();

export const handler = onlyThroughCloudFront(
  new SecretsManagerOriginSecret(
    makeSecretsManagerClient({
      region: origin.AWS_REGION,
      requestTimeoutMs: env.METRICS_API_REQUEST_TIMEOUT_MS,
      maxAttempts: env.METRICS_API_MAX_ATTEMPTS,
    }),
    origin.ORIGIN_VERIFY_SECRET_ARN,
    origin.ORIGIN_VERIFY_SECRET_VERSION,
  ),
  wireMetricsApi(env),
  'metrics',
);

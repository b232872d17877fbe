import {
  makeSecretsManagerClient,
  SecretsManagerOriginSecret,
} from '../../shared/adapters/secrets-manager/origin-secret.ts';
import { loadAgentApiEnv, loadOriginVerifyEnv } from '../../shared/config/env.ts';
import { onlyThroughCloudFront } from '../../shared/http/origin-verify.ts';
import { wireAgentApi } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls, and the origin check reads its
// secret once. The origin configuration is loaded first: without it the function does not start.
const origin = loadOriginVerifyEnv();
const env = loadAgentApiEnv();

export const handler = onlyThroughCloudFront(
  new SecretsManagerOriginSecret(
    makeSecretsManagerClient({
      region: origin.AWS_REGION,
      requestTimeoutMs: env.AGENT_API_REQUEST_TIMEOUT_MS,
      maxAttempts: env.AGENT_API_MAX_ATTEMPTS,
    }),
    origin.ORIGIN_VERIFY_SECRET_ARN,
    origin.ORIGIN_VERIFY_SECRET_VERSION,
  ),
  wireAgentApi(env),
  'agent',
);

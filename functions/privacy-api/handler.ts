import { loadPrivacyApiEnv } from '../../shared/config/env.ts';
import { cloudFrontOnly } from '../../shared/http/cloudfront-only.ts';
import { withLambdaContext } from '../../shared/observability/logger.ts';
import { wirePrivacyApi } from './wiring.ts';

// Built once per cold start; the origin check reads its secret once.
const env = loadPrivacyApiEnv();

export const handler = withLambdaContext(
  cloudFrontOnly('privacy', wirePrivacyApi(env), {
    requestTimeoutMs: env.PRIVACY_API_REQUEST_TIMEOUT_MS,
    maxAttempts: env.PRIVACY_API_MAX_ATTEMPTS,
  }),
);

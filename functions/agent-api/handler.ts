import { loadAgentApiEnv } from '../../shared/config/env.ts';
import { cloudFrontOnly } from '../../shared/http/cloudfront-only.ts';
import { withLambdaContext } from '../../shared/observability/logger.ts';
import { wireAgentApi } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls, and the origin check reads its
// secret once.
const env = loadAgentApiEnv();

export const handler = withLambdaContext(
  cloudFrontOnly('agent', wireAgentApi(env), {
    requestTimeoutMs: env.AGENT_API_REQUEST_TIMEOUT_MS,
    maxAttempts: env.AGENT_API_MAX_ATTEMPTS,
  }),
);

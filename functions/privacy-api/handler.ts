import { loadPrivacyApiEnv } from '../../shared/config/env.ts';
import { cloudFrontOnly } from '../../shared/http/cloudfront-only.ts';
import { withLambdaContext } from '../../shared/observability/logger.ts';
import { wirePrivacyApi } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls, and the origin check reads its
// secret once.
export const handler = withLambdaContext(cloudFrontOnly('privacy', wirePrivacyApi(loadPrivacyApiEnv())));

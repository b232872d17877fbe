import { loadPrivacyApiEnv } from '../../shared/config/env.ts';
import { wirePrivacyApi } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls.
export const handler = wirePrivacyApi(loadPrivacyApiEnv());

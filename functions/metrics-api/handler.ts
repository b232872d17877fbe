import { loadMetricsApiEnv } from '../../shared/config/env.ts';
import { wireMetricsApi } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls.
export const handler = wireMetricsApi(loadMetricsApiEnv());

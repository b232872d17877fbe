import { loadAgentApiEnv } from '../../shared/config/env.ts';
import { wireAgentApi } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls.
export const handler = wireAgentApi(loadAgentApiEnv());

import { loadIdentifyCallerEnv } from '../../shared/config/env.ts';
import { withLambdaContext } from '../../shared/observability/logger.ts';
import { wireIdentifyCaller } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls.
export const handler = withLambdaContext(wireIdentifyCaller(loadIdentifyCallerEnv()));

import { loadReadModelImportEnv } from '../../shared/config/env.ts';
import { withLambdaContext } from '../../shared/observability/logger.ts';
import { wireReadModelImport } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls.
export const handler = withLambdaContext(wireReadModelImport(loadReadModelImportEnv()));

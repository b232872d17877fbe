#!/usr/bin/env node
// `npx hotline …`: runs the TypeScript CLI through tsx, so no build step is needed locally.
import { register } from 'tsx/esm/api';

// Local mode runs on Node 20 here; the Lambdas run on nodejs24.x. The SDK's notice that its 2027
// releases need Node 22 is not actionable for a person running the CLI.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Handler INFO lines are for CloudWatch; on a terminal only warnings and errors show, unless asked.
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL ?? 'WARN';
// stdout is for results (`--json`, tables): the handlers' EMF metrics are for CloudWatch only, so
// Powertools' own switch turns them off (shared/observability/metrics.ts).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
register();
await import('../cli.ts');

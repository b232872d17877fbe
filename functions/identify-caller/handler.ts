import { makeLookupAdapters } from '../../shared/adapters/dynamodb/wiring.ts';
import { loadEnv, riskThresholds } from '../../shared/config/env.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import { makeIdentifyCaller } from '../../shared/use-cases/identify-caller.ts';
import { createIdentifyCallerHandler } from './create-handler.ts';

// Built once per cold start; the handler itself makes no SDK calls.
const env = loadEnv();
const { directory, enquiries } = makeLookupAdapters(env);

export const handler = createIdentifyCallerHandler(
  makeIdentifyCaller({
    directory,
    enquiries,
    clock: systemClock,
    thresholds: riskThresholds(env),
    budgetMs: env.LOOKUP_BUDGET_MS,
  }),
);

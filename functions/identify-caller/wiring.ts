import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeLookupAdapters } from '../../shared/adapters/dynamodb/wiring.ts';
import { type IdentifyCallerEnv, riskThresholds } from '../../shared/config/env.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import { makeIdentifyCaller } from '../../shared/use-cases/identify-caller.ts';
import { createIdentifyCallerHandler } from './create-handler.ts';

export interface IdentifyCallerWiringOptions {
  readonly clock?: Clock;
  readonly doc?: DynamoDBDocumentClient;
}

/**
 * identify-caller, composed from configuration. handler.ts calls it once per cold start; the local
 * call simulator composes it per simulated call, with the call's clock (and, for the fault
 * "DynamoDB unreachable", a configuration pointing nowhere).
 */
export const wireIdentifyCaller = (env: IdentifyCallerEnv, options: IdentifyCallerWiringOptions = {}) => {
  const clock = options.clock ?? systemClock;
  const { directory, enquiries } = makeLookupAdapters(env, clock, options.doc);
  return createIdentifyCallerHandler(
    makeIdentifyCaller({
      directory,
      enquiries,
      clock,
      thresholds: riskThresholds(env),
      budgetMs: env.LOOKUP_BUDGET_MS,
    }),
  );
};

import type { Env } from '../../config/env.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import { DynamoReadModelStore } from './read-model-store.ts';
import { makeLookupAdapters } from './wiring.ts';

/** The lookup adapters plus the import side, for the CLI, the local server and tests. */
export const makeDynamoAdapters = (env: Env, clock: Clock = systemClock) => {
  const lookup = makeLookupAdapters(env, clock);
  return {
    ...lookup,
    readModel: new DynamoReadModelStore(lookup.doc, env.READ_MODEL_TABLE, lookup.directory, clock),
  };
};

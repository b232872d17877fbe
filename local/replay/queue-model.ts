import { MAX_WAIT_SECONDS } from '../call-simulator.ts';
import type { Random } from '../demo/random.ts';

/**
 * A deliberately simple queue: no agents are modelled. A queued caller's wait is drawn from an
 * exponential distribution whose mean follows how busy the hour is; each caller brings a patience
 * of their own and hangs up when the wait outlasts it, so the longer the waits, the more callers
 * abandon. Urgent callers (priority 1 and 2) are taken first, so they wait less.
 */

/** The mean wait in the general queue in an hour of average load. */
export const MEAN_WAIT_SECONDS = 55;
/** Priority 1/2 ahead of 5: the urgent queue's mean wait as a share of the general one's. */
export const URGENT_WAIT_FACTOR = 0.3;
/** Even at the Monday peak, waits stop growing: agents from other teams step in. */
const MAX_LOAD = 4;
/** Nobody hangs up in the first seconds of music; after that, patience runs out at random. */
const MIN_PATIENCE_SECONDS = 20;
const MEAN_PATIENCE_SECONDS = 240;
/** A caller facing eviction holds on longer. */
const URGENT_PATIENCE_FACTOR = 1.5;

export interface QueueExperience {
  /** How long until an agent would answer. */
  readonly waitSeconds: number;
  /** How long the caller holds on before hanging up. */
  readonly patienceSeconds: number;
  /** Answered when the wait ends before the caller's patience. */
  readonly answered: boolean;
}

const exponential = (random: Random, mean: number): number => -mean * Math.log(1 - random.next());

const wholeSeconds = (seconds: number): number => Math.min(MAX_WAIT_SECONDS, Math.round(seconds));

/** `load`: the hour's arrivals relative to an average open hour (1). */
export const queueExperience = (
  random: Random,
  call: { readonly load: number; readonly urgent: boolean },
): QueueExperience => {
  const meanWait = MEAN_WAIT_SECONDS * Math.min(call.load, MAX_LOAD) * (call.urgent ? URGENT_WAIT_FACTOR : 1);
  const waitSeconds = wholeSeconds(exponential(random, meanWait));
  const patienceSeconds = wholeSeconds(
    MIN_PATIENCE_SECONDS +
      exponential(random, MEAN_PATIENCE_SECONDS * (call.urgent ? URGENT_PATIENCE_FACTOR : 1)),
  );
  return { waitSeconds, patienceSeconds, answered: waitSeconds <= patienceSeconds };
};

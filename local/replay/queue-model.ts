import { MAX_WAIT_SECONDS } from '../call-simulator.ts';
import type { Random } from '../demo/random.ts';

/**
 * A deliberately simple queue: no agents are modelled. A queued caller's wait is drawn from an
 * exponential distribution whose mean follows how busy the hour is; each caller brings a patience
 * of their own (exponential after a first few seconds nobody hangs up in) and hangs up when the
 * wait outlasts it, so the longer the waits, the more callers abandon. Urgent callers (priority 1
 * and 2) are taken first, so they wait less. An answered call then lasts a log-normal time with the
 * agent, longer for an urgent caller and a little shorter when the hotline is busy.
 *
 * The shapes follow the call-by-call analysis of a year of a bank's call center by Brown, Gans,
 * Mandelbaum et al., "Statistical Analysis of a Telephone Call Center: A Queueing-Science
 * Perspective" (JASA 100, 2005; http://fic.wharton.upenn.edu/fic/papers/04/p0417.html): service
 * times are log-normal, and patience is close to exponential past its first seconds. The
 * parameters are this hotline's assumptions, not measurements (docs/dashboard.md).
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

/** The median call with an agent, general queue: advice on a rent arrear, an allowance, a letter. */
export const MEDIAN_HANDLE_SECONDS = 300;
/** An urgent caller (a court date, an eviction set) takes longer: the letter is read out and explained. */
const URGENT_HANDLE_FACTOR = 1.6;
/** The spread of the log-normal (σ of the logarithm): about one call in six is over twice the median. */
const HANDLE_SIGMA = 0.55;
/**
 * With callers waiting, agents keep calls shorter: at load `l` the median is `l^-0.2` of its
 * value (a quarter shorter at the busiest hours, a fifth longer in the quietest).
 */
const HANDLE_LOAD_EXPONENT = -0.2;
/** No advice call is shorter than a minute, and none longer than an hour and a half. */
const MIN_HANDLE_SECONDS = 60;
const MAX_HANDLE_SECONDS = 90 * 60;

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

/** A standard normal draw (Box–Muller) from two uniform ones. */
const standardNormal = (random: Random): number =>
  Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());

/**
 * How long an answered call lasts with the agent, in whole seconds: log-normal around a median
 * that grows with the caller's urgency and shrinks with the hour's load.
 */
export const handleSeconds = (
  random: Random,
  call: { readonly load: number; readonly urgent: boolean },
): number => {
  const load = Math.min(Math.max(call.load, 0.25), MAX_LOAD);
  const median =
    MEDIAN_HANDLE_SECONDS * (call.urgent ? URGENT_HANDLE_FACTOR : 1) * load ** HANDLE_LOAD_EXPONENT;
  const seconds = median * Math.exp(HANDLE_SIGMA * standardNormal(random));
  return Math.round(Math.min(MAX_HANDLE_SECONDS, Math.max(MIN_HANDLE_SECONDS, seconds)));
};

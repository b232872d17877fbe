import type { CallFacts, Contribution } from '../domain/call-metrics.ts';

/** What the metric counters need of one call, and what they already hold of it. */
export interface CallCountState {
  readonly facts: CallFacts;
  /** The contribution the counters hold for this call (stored on its call log); none yet: undefined. */
  readonly counted?: Contribution | undefined;
}

export type CounterSync =
  /** The counters already held the call as it is: nothing was written. */
  | { readonly outcome: 'unchanged' }
  /**
   * The counters now hold the call; `days` counter items were changed, after `attempts` tries.
   * `first`: the call was not counted before (later syncs of the same call correct it).
   */
  | {
      readonly outcome: 'counted';
      readonly first: boolean;
      readonly days: number;
      readonly attempts: number;
    };

/** The per-day metric counters, kept in step with the call logs. */
export interface CallCounters {
  /**
   * Makes the counters hold `callContribution` of the call exactly once, whatever order and however
   * often it is called: the change from what is counted goes in together with the new record of
   * what is counted, or not at all. When the call changed meanwhile, starts again from the stored
   * call. Throws CounterConflictError when it keeps changing, StoreUnavailableError when the store
   * fails: either way the event should be delivered again.
   */
  sync(initialContactId: string, state: CallCountState): Promise<CounterSync>;
}

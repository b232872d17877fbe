import type { CallTimeline } from '../domain/call-timeline.ts';
import type { CallCountState } from './call-counters.ts';

/** The milestones one contact event adds to a call's log. */
export interface CallLogEntry {
  /**
   * The log the entry completes: the call's first contact id (the item identify-caller writes), or a
   * callback's own contact id (callLogIdOf).
   */
  readonly initialContactId: string;
  /** A queued callback, and the inbound call it was promised on; absent for the calls themselves. */
  readonly callback?: { readonly previousContactId?: string | undefined } | undefined;
  readonly contactId: string;
  /** Upper case, as Connect's flow event writes it (`VOICE`). */
  readonly channel: string;
  readonly initiated?: { readonly at: Date; readonly afterHours: boolean } | undefined;
  readonly queued?: { readonly at: Date; readonly queue?: string | undefined } | undefined;
  readonly answeredAt?: Date | undefined;
  readonly disconnected?: { readonly at: Date; readonly reason?: string | undefined } | undefined;
}

/** A call's log as it stands after an entry: its timeline, and what its counters need of it. */
export interface CompletedCallLog {
  readonly timeline: CallTimeline;
  readonly counting: CallCountState;
}

/** Completes call logs from what Amazon Connect reports after the call has started. */
export interface CallLogCompletion {
  /**
   * Adds `entry` to the call's log and returns the log as it now stands. Commutative and
   * idempotent: any order and any repetition of the same entries leave the same log. Creates the
   * log when the events come before identify-caller, never changing what identify-caller wrote.
   */
  complete(entry: CallLogEntry): Promise<CompletedCallLog>;
}

import { CALLBACK_INITIATION, type ContactProgress, callLogIdOf } from '../connect/contact-event.ts';
import type { CallTimeline } from '../domain/call-timeline.ts';
import { isOpen, type OfficeHours } from '../domain/office-hours.ts';
import type { CallCounters, CounterSync } from '../ports/call-counters.ts';
import type { CallLogCompletion, CallLogEntry } from '../ports/call-log-completion.ts';

export interface CompleteCallLogDeps {
  readonly calls: CallLogCompletion;
  /** The day counters the managers' figures are read from. */
  readonly counters: CallCounters;
  /** The name of the queue an ARN denotes (`urgent`, `general`, `callback`, or the queue id). */
  readonly queueName: (queueArn: string) => string;
  /** The hours the flow checks (its closed days come with the configuration). */
  readonly officeHours: OfficeHours;
}

export type CallLogCompletionResult =
  | { readonly outcome: 'recorded'; readonly timeline: CallTimeline; readonly counters: CounterSync }
  | { readonly outcome: 'ignored'; readonly reason: 'not_voice' | 'no_milestone' };

/**
 * Completes a call's log from one contact event: queue, wait, answer, handle time, abandonment, and
 * whether the call came in outside the opening hours (the same hours the flow checks: Mon–Fri
 * 09:00–17:00 Vienna, closed on public holidays). A queued callback completes a log of its own,
 * linked to the call it was promised on (callLogIdOf). Chats and tasks are not calls and are ignored.
 * Once the log is complete (the disconnect is known), the call's day counters are brought in step
 * with it: the first time, and again whenever a late event changes what the call counts for; a
 * repeated event changes nothing and writes nothing more. Throws when the store fails, so that the
 * event is delivered again.
 */
export const makeCompleteCallLog = (deps: CompleteCallLogDeps) => {
  const afterHours = (instant: Date): boolean => !isOpen(deps.officeHours, instant);

  return async (progress: ContactProgress): Promise<CallLogCompletionResult> => {
    if (progress.channel !== 'VOICE') return { outcome: 'ignored', reason: 'not_voice' };
    const { initiatedAt, queuedAt, queueArn, answeredAt, disconnectedAt } = progress;
    if (!initiatedAt && !queuedAt && !answeredAt && !disconnectedAt) {
      return { outcome: 'ignored', reason: 'no_milestone' };
    }
    const logId = callLogIdOf(progress);
    const entry: CallLogEntry = {
      initialContactId: logId,
      ...(progress.initiationMethod === CALLBACK_INITIATION
        ? { callback: { previousContactId: progress.previousContactId } }
        : {}),
      contactId: progress.contactId,
      channel: progress.channel,
      initiated: initiatedAt && { at: initiatedAt, afterHours: afterHours(initiatedAt) },
      queued: queuedAt && { at: queuedAt, queue: queueArn && deps.queueName(queueArn) },
      answeredAt,
      disconnected: disconnectedAt && { at: disconnectedAt, reason: progress.disconnectReason },
    };
    const log = await deps.calls.complete(entry);
    const counters = await deps.counters.sync(logId, log.counting);
    return { outcome: 'recorded', timeline: log.timeline, counters };
  };
};

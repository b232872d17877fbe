/**
 * A call's timeline, from the milestones Amazon Connect reports for it. The milestones are facts
 * that arrive late, twice or out of order; everything else is derived from them, the same way
 * every time, so the timeline does not depend on the order they came in.
 */
export interface CallMilestones {
  /**
   * Set on a queued callback's own log: a callback is not a call, its wait is not a caller's wait
   * (call-metrics.ts counts it apart), and `previousContactId` links it to the inbound call it was
   * promised on, when Connect names it.
   */
  readonly callback?: { readonly previousContactId?: string | undefined } | undefined;
  /** When the call reached the hotline (the earliest initiation seen). */
  readonly initiatedAt?: Date | undefined;
  /** Whether the hotline was closed at `initiatedAt`. */
  readonly afterHours?: boolean | undefined;
  /** The earliest time the call was queued, and the queue it was put in then. */
  readonly queuedAt?: Date | undefined;
  readonly queue?: string | undefined;
  /** The earliest time an agent took the call. */
  readonly answeredAt?: Date | undefined;
  /** The latest disconnect (after a transfer, the end of the last leg), and Connect's reason. */
  readonly disconnectedAt?: Date | undefined;
  readonly disconnectReason?: string | undefined;
}

export interface CallTimeline extends CallMilestones {
  /** Seconds in the queue: until an agent answered, or until the caller gave up. */
  readonly waitSeconds?: number | undefined;
  /** Seconds from the agent's answer to the disconnect. */
  readonly handleSeconds?: number | undefined;
  /** Queued, never answered, and gone (in the contact record: `Queue` set, no `ConnectedToAgentTimestamp`). */
  readonly abandoned: boolean;
}

/** Whole seconds from `from` to `to`, never negative (clocks of different legs may disagree a little). */
const secondsBetween = (from: Date, to: Date): number =>
  Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

export const deriveTimeline = (milestones: CallMilestones): CallTimeline => {
  const { queuedAt, answeredAt, disconnectedAt } = milestones;
  const waitEnd = answeredAt ?? disconnectedAt;
  return {
    ...milestones,
    waitSeconds: queuedAt && waitEnd ? secondsBetween(queuedAt, waitEnd) : undefined,
    handleSeconds: answeredAt && disconnectedAt ? secondsBetween(answeredAt, disconnectedAt) : undefined,
    abandoned: queuedAt !== undefined && answeredAt === undefined && disconnectedAt !== undefined,
  };
};

/**
 * What came of a call, as far as its timeline says, for labels that need no guessing:
 * - `answered`: an agent took it (the call may still be on);
 * - `abandoned`: it waited in a queue and the caller hung up before an agent answered;
 * - `not_queued`: it ended in the flow without reaching a queue (the closed message, a callback
 *   confirmed, a hang-up in the menus; `afterHours` tells the closed ones apart);
 * - `in_progress`: no disconnect reported yet: the call is still on, or its contact events have not
 *   arrived (EventBridge delivers them late, and on a best-effort basis).
 */
export const CALL_RESULTS = ['in_progress', 'answered', 'abandoned', 'not_queued'] as const;
export type CallResult = (typeof CALL_RESULTS)[number];

/** What came of a queued callback: the tenant was reached (an agent talked to them), or not after every attempt. */
export type CallbackResult = 'in_progress' | 'reached' | 'unreachable';

export const callbackResultOf = (timeline: CallTimeline): CallbackResult => {
  if (timeline.answeredAt !== undefined) return 'reached';
  return timeline.disconnectedAt === undefined ? 'in_progress' : 'unreachable';
};

export const callResultOf = (timeline: CallTimeline): CallResult => {
  if (timeline.answeredAt !== undefined) return 'answered';
  if (timeline.disconnectedAt === undefined) return 'in_progress';
  return timeline.queuedAt !== undefined ? 'abandoned' : 'not_queued';
};

/**
 * A call's timeline, from the milestones Amazon Connect reports for it. The milestones are facts
 * that arrive late, twice or out of order; everything else is derived from them, the same way
 * every time, so the timeline does not depend on the order they came in.
 */
export interface CallMilestones {
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
  /** Queued, never answered, and gone (CONNECT.md §5: `Queue` set, no `ConnectedToAgentTimestamp`). */
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

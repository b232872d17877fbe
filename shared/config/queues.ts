import * as z from 'zod';

/**
 * The hotline's Amazon Connect queues in one place: their names, how many contacts each may hold
 * ("Maximum contacts in queue"), and how the agents' routing profile serves them. CDK builds the
 * queues and the routing profile from this module, and `hotline doctor` checks a deployed instance
 * against it.
 *
 * Why these numbers (Amazon Connect administrator guide):
 * - A queue's maximum may not exceed the instance's "Concurrent active calls per instance" quota,
 *   which is 10 on a new instance; it counts every call in a flow, waiting in a queue or with an
 *   agent, and a call beyond it gets a fast busy tone before the flow even starts
 *   (https://docs.aws.amazon.com/connect/latest/adminguide/set-maximum-queue-limit.html,
 *   https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html,
 *   "How contacts are counted"). So no queue asks for more than the quota unless told the quota
 *   was raised (`concurrentCallsQuota`).
 * - `general` stops at 6 waiting callers: the 4 calls left of the 10 are for callers still in the
 *   flow, with an agent, or in `urgent`, so a full general queue cannot lock urgent callers out of
 *   the instance. The 7th general caller is offered a callback instead.
 * - `urgent` may hold as many as the quota allows: an urgent caller is never turned away by its
 *   own queue before the instance is full.
 * - `callback`: queued callbacks count towards their queue's limit, and a callback into a full queue
 *   takes the error branch (set-maximum-queue-limit.html, "What happens to calls when a queue is
 *   full"), so callbacks have a queue of their own and never take an urgent caller's place. A
 *   callback waiting in a callback queue is not counted against the concurrent-calls quota until it
 *   is offered to an agent (amazon-connect-service-limits.html, "How contacts are counted").
 */
export const HOTLINE_QUEUE_NAMES = ['urgent', 'general', 'callback'] as const;
export type HotlineQueueName = (typeof HOTLINE_QUEUE_NAMES)[number];

/** Service Quotas' code of "Concurrent active calls per instance" (service `connect`). */
export const CONCURRENT_CALLS_QUOTA_CODE = 'L-12AB7C57';
/** "Concurrent active calls per instance" of a new instance. */
export const DEFAULT_CONCURRENT_CALLS_QUOTA = 10;

export const DEFAULT_QUEUE_CAPACITIES: Readonly<Record<HotlineQueueName, number>> = Object.freeze({
  urgent: 10,
  general: 6,
  callback: 10,
});

export type QueueCapacities = Readonly<Record<HotlineQueueName, number>>;

/**
 * How the agents' routing profile serves the queues: a lower priority number is served first; equal
 * priorities are served oldest contact first, across queues
 * (https://docs.aws.amazon.com/connect/latest/adminguide/concepts-routing-profiles-priority.html,
 * https://docs.aws.amazon.com/connect/latest/adminguide/about-routing.html).
 * - `urgent` 1: an urgent caller always goes first, before any callback.
 * - `callback` and `general` 2, no delay: the oldest contact of the two goes first. A callback
 *   requested overnight has waited since the evening before, so at 09:00 the callbacks are worked
 *   before any general call that arrives then; a callback made when the queues were full waits its
 *   turn with the general callers who queued at that time, and neither starves the other.
 */
export const ROUTING_PROFILE_QUEUES: Readonly<
  Record<HotlineQueueName, { readonly priority: number; readonly delaySeconds: number }>
> = Object.freeze({
  urgent: { priority: 1, delaySeconds: 0 },
  callback: { priority: 2, delaySeconds: 0 },
  general: { priority: 2, delaySeconds: 0 },
});

const count = (name: string) =>
  z
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`);

export const QueueCapacityOptions = z.strictObject({
  urgent: count('urgentMaxContacts').optional(),
  general: count('generalMaxContacts').optional(),
  callback: count('callbackMaxContacts').optional(),
  /** The instance's quota, once an increase was granted. @default DEFAULT_CONCURRENT_CALLS_QUOTA */
  concurrentCallsQuota: count('concurrentCallsQuota').optional(),
});
export type QueueCapacityOptions = z.input<typeof QueueCapacityOptions>;

/** The option a queue's capacity is configured with (`-c <name>=N`). */
export const CAPACITY_OPTION: Readonly<Record<HotlineQueueName, string>> = Object.freeze({
  urgent: 'urgentMaxContacts',
  general: 'generalMaxContacts',
  callback: 'callbackMaxContacts',
});

/**
 * The queues' capacities from the defaults and what was configured. Throws a RangeError naming the
 * option, its value and what is allowed when a value is no whole number of at least 1, or when a
 * queue would hold more than the concurrent-calls quota (Connect refuses such a queue).
 */
export const queueCapacities = (options: QueueCapacityOptions = {}): QueueCapacities => {
  const parsed = QueueCapacityOptions.safeParse(options);
  if (!parsed.success) {
    throw new RangeError(
      `${parsed.error.issues.map((issue) => issue.message).join('; ')}; got ${JSON.stringify(options)}.`,
    );
  }
  const quota = parsed.data.concurrentCallsQuota ?? DEFAULT_CONCURRENT_CALLS_QUOTA;
  const capacities = Object.fromEntries(
    HOTLINE_QUEUE_NAMES.map((name) => [
      name,
      parsed.data[name] ?? Math.min(DEFAULT_QUEUE_CAPACITIES[name], quota),
    ]),
  ) as Record<HotlineQueueName, number>;
  for (const name of HOTLINE_QUEUE_NAMES) {
    if (capacities[name] > quota) {
      throw new RangeError(
        `${CAPACITY_OPTION[name]} is ${capacities[name]}, above the instance's ${quota} concurrent calls: Connect refuses a queue larger than that quota. Lower it, or give concurrentCallsQuota once Service Quotas has raised "Concurrent active calls per instance".`,
      );
    }
  }
  return Object.freeze(capacities);
};

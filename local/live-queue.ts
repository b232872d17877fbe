import type { LiveQueue, LiveQueueReport } from '../shared/http/metrics-api-contract.ts';
import { QUEUE_NAMES } from '../shared/http/metrics-api-contract.ts';
import { type Clock, systemClock } from '../shared/ports/clock.ts';
import type { LiveQueueMetrics } from '../shared/ports/live-queue.ts';
import type { CallReport } from './call-simulator.ts';

/**
 * Local mode has no Connect instance to ask for real-time metrics: the local server feeds this queue
 * with the calls it simulates, and the metrics API's live view reads it through the same port as
 * Amazon Connect's (ConnectLiveQueue). What it models, and no more:
 * - a call the flow queued (urgent or general) waits in its queue from the moment it is placed, for
 *   the wait its call log reports, one simulated second per real second, at most `capSeconds`;
 * - an answered call then keeps one agent busy for its handle time, likewise scaled and capped;
 * - `agentsOnline` agents serve every queue (one routing profile), reported once, as Connect's
 *   ungrouped summary counts them; available = online − busy, never below 0, whatever the queues
 *   say (the simulator does not hold calls back for agents);
 * - callbacks are not shown: the simulator does not create the callback contact Connect would;
 * - a call joins when the server places it, whatever instant it was placed for (a call dated for
 *   an open hour, so that it is queued at all): the live view shows what the simulator does now.
 *   `hotline replay` writes to the store directly and never joins.
 * In memory only, like the agent page's list of recent calls.
 */
export interface LocalLiveQueueOptions {
  readonly agentsOnline?: number;
  /** Real seconds per simulated second. @default 1 */
  readonly scale?: number;
  /** The longest a call stays in the queue, or keeps an agent busy, in real seconds. @default 120 */
  readonly capSeconds?: number;
  readonly clock?: Clock;
}

interface Contact {
  readonly queue: LiveQueue['queue'];
  readonly placedAt: number;
  /** When it leaves the queue: answered, or the caller gave up. */
  readonly leavesQueueAt: number;
  /** When its agent is free again; equal to `leavesQueueAt` for a call nobody answered. */
  readonly agentFreeAt: number;
}

export const LOCAL_AGENTS_ONLINE = 3;

export class LocalLiveQueue implements LiveQueueMetrics {
  private contacts: Contact[] = [];
  private readonly agentsOnline: number;
  private readonly scale: number;
  private readonly capMs: number;
  private readonly clock: Clock;

  constructor(options: LocalLiveQueueOptions = {}) {
    this.agentsOnline = options.agentsOnline ?? LOCAL_AGENTS_ONLINE;
    this.scale = options.scale ?? 1;
    this.capMs = (options.capSeconds ?? 120) * 1000;
    this.clock = options.clock ?? systemClock;
  }

  /** A call the simulator placed: queued calls join their queue now. */
  placed(report: CallReport): void {
    const { queue, callLog } = report;
    if (report.result !== 'queued' || queue === null || callLog === null) return;
    const now = this.clock.now().getTime();
    const scaled = (seconds: number | null) => Math.min((seconds ?? 0) * 1000 * this.scale, this.capMs);
    const leavesQueueAt = now + scaled(callLog.waitSeconds);
    const agentFreeAt = callLog.answered ? leavesQueueAt + scaled(callLog.handleSeconds) : leavesQueueAt;
    this.contacts.push({ queue, placedAt: now, leavesQueueAt, agentFreeAt });
  }

  async current(): Promise<LiveQueueReport> {
    const at = this.clock.now();
    const now = at.getTime();
    this.contacts = this.contacts.filter((contact) => contact.agentFreeAt > now);
    const busy = this.contacts.filter((c) => c.leavesQueueAt <= now && c.agentFreeAt > now).length;
    return {
      at: at.toISOString(),
      queues: QUEUE_NAMES.map((queue): LiveQueue => {
        const waiting = this.contacts.filter((c) => c.queue === queue && c.leavesQueueAt > now);
        const oldest = Math.min(...waiting.map((c) => c.placedAt));
        return {
          queue,
          contactsInQueue: waiting.length,
          oldestContactAgeSeconds: waiting.length > 0 ? Math.round((now - oldest) / 1000) : null,
        };
      }),
      agents: { available: Math.max(0, this.agentsOnline - busy), online: this.agentsOnline },
    };
  }
}

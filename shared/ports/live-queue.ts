import type { LiveQueueReport } from '../http/metrics-api-contract.ts';

/** The queues as they are now: who waits, for how long, and how many agents are there. */
export interface LiveQueueMetrics {
  current(): Promise<LiveQueueReport>;
}

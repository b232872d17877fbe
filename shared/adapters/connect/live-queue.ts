import {
  type ConnectClient,
  type CurrentMetric,
  type CurrentMetricResult,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
} from '@aws-sdk/client-connect';
import type { QueueArns, QueueName } from '../../connect/contact-event.ts';
import type { LiveAgents, LiveQueue, LiveQueueReport } from '../../http/metrics-api-contract.ts';
import type { Clock } from '../../ports/clock.ts';
import type { LiveQueueMetrics } from '../../ports/live-queue.ts';

/**
 * What the live view shows per queue, asked grouped by queue
 * (GetCurrentMetricData, https://docs.aws.amazon.com/connect/latest/APIReference/API_GetCurrentMetricData.html).
 */
export const QUEUE_METRICS: readonly CurrentMetric[] = [
  { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
  // Grouped by queue, Connect answers in seconds (ungrouped, in milliseconds despite the unit).
  { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
];

/**
 * The agents, asked without a grouping over the same queues: "If no Grouping is included in the
 * request, a summary of metrics is returned" (same page), in which an agent counts once. Grouped
 * by queue, an agent whose routing profile serves two of the queues counts in both.
 */
export const AGENT_METRICS: readonly CurrentMetric[] = [
  { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
  { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
];

/** The queue id inside a queue ARN (`…:instance/<instance>/queue/<id>`). */
export const queueIdOf = (queueArn: string): string => queueArn.split('/').pop() ?? queueArn;

const metricValue = (result: CurrentMetricResult | undefined, name: string): number =>
  result?.Collections?.find((data) => data.Metric?.Name === name)?.Value ?? 0;

/**
 * The hotline's queues right now, from Amazon Connect's real-time metrics: two GetCurrentMetricData
 * over the configured queues (voice only), sent together: one grouped by queue for who waits where,
 * one ungrouped for the agents, each once. A queue Connect leaves out of the answer has nobody
 * waiting: it is reported with zeroes rather than dropped; an empty summary ("MetricResult list is
 * empty: The request cannot find any data") means no agent is online.
 */
export class ConnectLiveQueue implements LiveQueueMetrics {
  constructor(
    private readonly connect: ConnectClient,
    private readonly instanceId: string,
    private readonly queues: QueueArns,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<LiveQueueReport> {
    const configured = (Object.entries(this.queues) as [QueueName, string | undefined][]).flatMap(
      ([queue, arn]) => (arn ? [{ queue, id: queueIdOf(arn) }] : []),
    );
    const at = this.clock.now().toISOString();
    if (configured.length === 0) return { at, queues: [], agents: { available: 0, online: 0 } };
    const request = {
      InstanceId: this.instanceId,
      Filters: { Queues: configured.map(({ id }) => id), Channels: ['VOICE'] },
    } satisfies Partial<GetCurrentMetricDataCommandInput>;
    const [byQueue, summary] = await Promise.all([
      this.allResults({ ...request, Groupings: ['QUEUE'], CurrentMetrics: [...QUEUE_METRICS] }),
      this.allResults({ ...request, CurrentMetrics: [...AGENT_METRICS] }),
    ]);
    // The summary is one result without a queue dimension; a grouped one would count agents per queue.
    const total = summary.find((result) => result.Dimensions?.Queue === undefined);
    const agents: LiveAgents = {
      available: metricValue(total, 'AGENTS_AVAILABLE'),
      online: metricValue(total, 'AGENTS_ONLINE'),
    };
    return {
      at,
      queues: configured.map(({ queue, id }): LiveQueue => {
        const result = byQueue.find((r) => r.Dimensions?.Queue?.Id === id);
        const contactsInQueue = metricValue(result, 'CONTACTS_IN_QUEUE');
        return {
          queue,
          contactsInQueue,
          oldestContactAgeSeconds:
            contactsInQueue > 0 ? Math.round(metricValue(result, 'OLDEST_CONTACT_AGE')) : null,
        };
      }),
      agents,
    };
  }

  /** Every page of one request (a NextToken is valid for the same request parameters only). */
  private async allResults(input: GetCurrentMetricDataCommandInput): Promise<CurrentMetricResult[]> {
    const results: CurrentMetricResult[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.connect.send(
        new GetCurrentMetricDataCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      results.push(...(page.MetricResults ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return results;
  }
}

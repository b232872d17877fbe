import {
  type ConnectClient,
  type CurrentMetric,
  type CurrentMetricResult,
  GetCurrentMetricDataCommand,
} from '@aws-sdk/client-connect';
import type { QueueArns, QueueName } from '../../connect/contact-event.ts';
import type { LiveQueue, LiveQueueReport } from '../../http/metrics-api-contract.ts';
import type { Clock } from '../../ports/clock.ts';
import type { LiveQueueMetrics } from '../../ports/live-queue.ts';

/** What the live view shows per queue (GetCurrentMetricData, https://docs.aws.amazon.com/connect/latest/APIReference/API_GetCurrentMetricData.html). */
export const LIVE_METRICS: readonly CurrentMetric[] = [
  { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
  // Grouped by queue, Connect answers in seconds (ungrouped, in milliseconds despite the unit).
  { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
  { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
  { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
];

/** The queue id inside a queue ARN (`…:instance/<instance>/queue/<id>`). */
export const queueIdOf = (queueArn: string): string => queueArn.split('/').pop() ?? queueArn;

const metricValue = (result: CurrentMetricResult | undefined, name: string): number =>
  result?.Collections?.find((data) => data.Metric?.Name === name)?.Value ?? 0;

/**
 * The hotline's queues right now, from Amazon Connect's real-time metrics: one GetCurrentMetricData
 * for the configured queues, grouped by queue (voice only). A queue Connect leaves out of the answer
 * has nobody waiting and no agents: it is reported with zeroes rather than dropped.
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
    if (configured.length === 0) return { at, queues: [] };
    const results: CurrentMetricResult[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.connect.send(
        new GetCurrentMetricDataCommand({
          InstanceId: this.instanceId,
          Filters: { Queues: configured.map(({ id }) => id), Channels: ['VOICE'] },
          Groupings: ['QUEUE'],
          CurrentMetrics: [...LIVE_METRICS],
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      results.push(...(page.MetricResults ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return {
      at,
      queues: configured.map(({ queue, id }): LiveQueue => {
        const result = results.find((r) => r.Dimensions?.Queue?.Id === id);
        const contactsInQueue = metricValue(result, 'CONTACTS_IN_QUEUE');
        return {
          queue,
          contactsInQueue,
          oldestContactAgeSeconds:
            contactsInQueue > 0 ? Math.round(metricValue(result, 'OLDEST_CONTACT_AGE')) : null,
          agentsAvailable: metricValue(result, 'AGENTS_AVAILABLE'),
          agentsOnline: metricValue(result, 'AGENTS_ONLINE'),
        };
      }),
    };
  }
}

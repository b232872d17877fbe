import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { DayCounts } from '../../domain/call-metrics.ts';
import type { IsoDate } from '../../domain/vienna-calendar.ts';
import type { DayCountsRead, MetricsCounters } from '../../ports/metrics-counters.ts';
import { fromMetricsDayItem, metricsKeys } from './entities/metrics-day.ts';
import { toStoreError } from './errors.ts';

/**
 * The day counters of a period: one Query per calendar year it touches (`METRICS#<yyyy>`, `sk
 * BETWEEN` the period's first and last day in that year). A year is at most 366 items of about
 * 1–2 KB, well under a page's 1 MB, so a year is one request whatever the number of calls; the
 * pages are followed all the same, and every request is counted.
 */
export class DynamoMetricsCounters implements MetricsCounters {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async readDays(from: IsoDate, to: IsoDate): Promise<DayCountsRead> {
    const days: DayCounts[] = [];
    let requests = 0;
    try {
      for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
        const first = `${year}-01-01` > from ? (`${year}-01-01` as IsoDate) : from;
        const last = `${year}-12-31` < to ? (`${year}-12-31` as IsoDate) : to;
        const pages = paginateQuery(
          { client: this.doc },
          {
            TableName: this.table,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
            ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
            ExpressionAttributeValues: {
              ':pk': metricsKeys.year(year).pk,
              ':first': metricsKeys.daySk(first),
              ':last': metricsKeys.daySk(last),
            },
          },
        );
        for await (const page of pages) {
          requests++;
          for (const item of page.Items ?? []) days.push(fromMetricsDayItem(item));
        }
      }
    } catch (error) {
      throw toStoreError(error);
    }
    return { days, requests };
  }
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { wireGetMetrics } from '../../functions/metrics-api/wiring.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import {
  dynamoDbClientOptions,
  loadLocalEnv,
  loadLocalMetricsApiEnv,
  type MetricsApiEnv,
} from '../../shared/config/env.ts';
import { MetricsQuery, type MetricsReport, toMetricsCsv } from '../../shared/http/metrics-api-contract.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import { defaultMetricsPeriod } from '../../shared/use-cases/get-metrics.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { parseCalendarDay } from '../option-values.ts';
import { openStore } from '../store.ts';
import { UsageError } from '../usage.ts';

export type MetricsFormat = 'table' | 'json' | 'csv';

export interface MetricsOptions {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly granularity?: string | undefined;
  readonly format: MetricsFormat;
}

/**
 * The query the options stand for, checked by the API's own schema. Without dates: this year up to
 * today (Vienna); `--to` alone: from 1 January of its year; `--from` alone: up to today.
 */
const queryOf = (options: MetricsOptions, clock: Clock): MetricsQuery => {
  // The same strict day as every command's: a German date or a time is refused with the day to write.
  if (options.from !== undefined) parseCalendarDay(options.from, '--from');
  if (options.to !== undefined) parseCalendarDay(options.to, '--to');
  const period = defaultMetricsPeriod(clock);
  const to = options.to ?? period.to;
  const from = options.from ?? (options.to ? `${options.to.slice(0, 4)}-01-01` : period.from);
  const parsed = MetricsQuery.safeParse({
    from,
    to,
    ...(options.granularity === undefined ? {} : { granularity: options.granularity }),
    format: options.format === 'csv' ? 'csv' : 'json',
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    throw new UsageError([...new Set(problems)].join('; '));
  }
  return parsed.data;
};

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);
const seconds = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} s`);
const count = (n: number) => n.toLocaleString('en-GB');
const tally = (counts: Readonly<Record<string, number>>) =>
  Object.keys(counts).length === 0
    ? '–'
    : Object.entries(counts)
        .map(([key, n]) => `${key} ${count(n)}`)
        .join(' · ');

/** The totals as a short table for a person; the series is in `--json` and `--csv`. */
export const renderMetricsTable = (report: MetricsReport): string => {
  const { totals: t, period, yearToDate: ytd } = report;
  const rows: [string, string][] = [
    ['calls', `${count(t.calls)} (urgent ${count(t.urgent)}, ${percent(t.urgentShare)})`],
    ['after hours', count(t.afterHours)],
    ['answered', count(t.answered)],
    ['abandoned', `${count(t.abandoned)} (${percent(t.abandonRate)} of queued)`],
    ['callbacks queued', count(t.callbacksQueued)],
    ['average wait', `${seconds(t.averageWaitSeconds)} (urgent ${seconds(t.urgentAverageWaitSeconds)})`],
    [
      `service level ≤ ${period.serviceLevelSeconds} s`,
      `${percent(t.serviceLevel)} (urgent ${percent(t.urgentServiceLevel)})`,
    ],
    ['average handle time', seconds(t.averageHandleSeconds)],
    ['with outcome', count(t.withOutcome)],
    ['outcomes', tally(t.outcomes)],
    ['consultations booked', count(t.consultations)],
    ['housing secured / lost', `${count(t.secured)} / ${count(t.lost)} (${percent(t.successRate)} secured)`],
    [
      `year to date ${ytd.year}`,
      `${count(ytd.secured)} / ${count(ytd.lost)} (${percent(ytd.successRate)} secured)`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `hotline metrics ${period.from} to ${period.to}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    `  (read with ${report.reads.requests} DynamoDB request${report.reads.requests === 1 ? '' : 's'})`,
    '',
  ].join('\n');
};

/**
 * The figures as `hotline metrics` prints them, read through the same use case as the metrics API:
 * `json` is byte for byte the API's JSON body, `csv` its CSV.
 */
export const metricsOutput = async (
  env: MetricsApiEnv,
  options: MetricsOptions,
  deps: { readonly clock?: Clock; readonly doc?: DynamoDBDocumentClient } = {},
): Promise<string> => {
  const clock = deps.clock ?? systemClock;
  const query = queryOf(options, clock);
  const report = await wireGetMetrics(env, { clock, doc: deps.doc })(query);
  if (options.format === 'csv') return toMetricsCsv(report);
  if (options.format === 'json') return `${JSON.stringify(report)}\n`;
  return renderMetricsTable(report);
};

const METRICS_OPTIONS = defineOptions({
  from: {
    type: 'string',
    value: 'DAY',
    meaning: 'the first Vienna calendar day, YYYY-MM-DD (default 1 January)',
  },
  to: {
    type: 'string',
    value: 'DAY',
    meaning: 'the last Vienna calendar day, YYYY-MM-DD, included (default today)',
  },
  granularity: {
    type: 'string',
    value: 'G',
    meaning: 'the series by hour, day, week or month (default from the period)',
  },
  json: { type: 'boolean', default: false, meaning: "print the metrics API's JSON body" },
  csv: { type: 'boolean', default: false, meaning: "print the metrics API's CSV series" },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default .hotline/)' },
});

/** `hotline metrics [--from DATE] [--to DATE] [--granularity G] [--json | --csv]`: the managers' figures. */
export const metricsCommand = async (args: string[]): Promise<void> => {
  const { values } = parseCommandArgs(METRICS_OPTIONS, args);
  if (values.json && values.csv) throw new UsageError('give --json or --csv, not both');
  const options: MetricsOptions = {
    from: values.from,
    to: values.to,
    granularity: values.granularity,
    format: values.json ? 'json' : values.csv ? 'csv' : 'table',
  };
  // Checked before DynamoDB Local is started: a wrong date is said at once.
  queryOf(options, systemClock);
  const store = await openStore({ local: loadLocalEnv(), dataDir: values.data });
  const env = loadLocalMetricsApiEnv(store.envVars);
  const doc = makeDocumentClient(dynamoDbClientOptions(env));
  try {
    process.stdout.write(await metricsOutput(env, options, { doc }));
  } finally {
    doc.destroy();
    await store.close();
  }
};

export const metricsDescriptor: CommandDescriptor = {
  name: 'metrics',
  usage: ['metrics [--from DAY] [--to DAY] [--granularity hour|day|week|month] [--json | --csv]'],
  summary: "the managers' figures for a period, read through the metrics API's use case",
  description:
    "The managers' figures for a period (default: 1 January to today, Vienna) read through the metrics API's " +
    "use case: a short table of the totals, the API's JSON body (--json), or its CSV series (--csv). " +
    'A day is a Vienna calendar day, YYYY-MM-DD; --to is included.',
  options: METRICS_OPTIONS,
  examples: [
    { command: 'hotline metrics --from 2026-11-01 --to 2026-11-30', shows: 'November 2026 in Vienna' },
  ],
  run: metricsCommand,
};

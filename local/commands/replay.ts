import * as z from 'zod';
import { loadLocalEnv } from '../../shared/config/env.ts';
import { addDays, daysBetween, type IsoDate, viennaDate } from '../../shared/domain/vienna-calendar.ts';
import { logger } from '../../shared/observability/logger.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { parseCalendarDay } from '../option-values.ts';
import { ensureDemoReadModel } from '../replay/demo-read-model.ts';
import {
  DEFAULT_CONCURRENCY,
  MAX_CALLS,
  MAX_CONCURRENCY,
  type ReplayResult,
  type ReplaySummary,
  replayYear,
} from '../replay/replay.ts';
import { calendarYear, MAX_PERIOD_DAYS, type ReplayPeriod, yearEndingOn } from '../replay/schedule.ts';
import { openStore } from '../store.ts';
import { UsageError } from '../usage.ts';
import { progressReporter } from './progress.ts';

/** A year of calls, as the team answers it (more than 10,000 enquiries a year: docs/tenancy-data.md, "The volumes"). */
const DEFAULT_CALLS = 10_000;
/** The same seed gives the same calls, so two replays can be compared. */
const DEFAULT_SEED = 1;
const PROGRESS_BAR_WIDTH = 30;

/** One clear line for the first bad option, as the other commands say it. */
const optionValue = <T>(
  schema: z.core.$ZodType<T, string>,
  value: string,
  option: string,
  wanted: string,
): T => {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new UsageError(`${option} must be ${wanted}, got "${value}"`);
  return parsed.data;
};

/** Digits only: a plain coercion would take `''`, `1e3` and `0x10` too. */
const whole = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

/**
 * The period to replay: `--year`, or `--from`/`--to` (without `--to`, up to yesterday; without
 * `--from`, the twelve months up to `--to`); a year at most.
 */
export const replayPeriodOf = (
  values: { year?: string; from?: string; to?: string },
  today: IsoDate,
): ReplayPeriod => {
  if (values.year !== undefined) {
    if (values.from !== undefined || values.to !== undefined)
      throw new UsageError('give either --year or --from/--to, not both');
    return calendarYear(optionValue(whole(2000, 2100), values.year, '--year', 'a year such as 2025'));
  }
  const to = values.to === undefined ? addDays(today, -1) : parseCalendarDay(values.to, '--to');
  if (values.from === undefined) return yearEndingOn(to);
  const from = parseCalendarDay(values.from, '--from');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (daysBetween(from, to) >= MAX_PERIOD_DAYS)
    throw new UsageError(
      `--from ${from} to ${to} spans more than ${MAX_PERIOD_DAYS} days: replay a year at most`,
    );
  return { from, to };
};

const n = (value: number) => value.toLocaleString('en');

/** The replay went through, but not every call did: the summary says how many. */
export class ReplayIncompleteError extends Error {
  constructor(result: ReplayResult) {
    const { failed, disconnected, unexpectedRoutes } = result.summary;
    const first = result.calls.find((call) => call.error !== null)?.error;
    super(
      `of ${n(result.calls.length)} calls ${n(failed)} failed, ${n(disconnected)} were dropped and ` +
        `${n(unexpectedRoutes)} took another route than planned` +
        (first ? `; the first failure: ${first}` : ''),
    );
    this.name = 'ReplayIncompleteError';
  }
}

const describe = (summary: ReplaySummary): string =>
  [
    `replayed ${n(summary.placed)} calls from ${summary.period.from} to ${summary.period.to} in ${(summary.elapsedMs / 1000).toFixed(1)} s (${summary.concurrency} at a time, seed ${summary.seed})`,
    `queued     ${n(summary.queued)} (urgent ${n(summary.urgent)}): answered ${n(summary.answered)}, abandoned ${n(summary.abandoned)}`,
    `closed     ${n(summary.callbacks + summary.closed)}: callback ${n(summary.callbacks)}, opening hours only ${n(summary.closed)}`,
    `callbacks  ${n(summary.callbacks)}: tenant reached ${n(summary.callbacksAnswered)}, not reached ${n(summary.callbacksUnreachable)}`,
    `outcomes   ${n(summary.outcomesRecorded)}: consultations booked ${n(summary.consultationsBooked)}, cases closed ${n(summary.housingSecured + summary.housingLost)} (housing secured ${n(summary.housingSecured)}, lost ${n(summary.housingLost)})`,
    '',
  ].join('\n');

const REPLAY_OPTIONS = defineOptions({
  calls: {
    type: 'string',
    value: 'N',
    meaning: `how many calls (default ${n(DEFAULT_CALLS)}, at most ${n(MAX_CALLS)})`,
  },
  seed: {
    type: 'string',
    value: 'S',
    meaning: `the same seed gives the same calls (default ${DEFAULT_SEED})`,
  },
  year: { type: 'string', value: 'YYYY', meaning: 'replay this calendar year' },
  from: {
    type: 'string',
    value: 'DAY',
    meaning: 'the first Vienna calendar day, YYYY-MM-DD (default a year before --to)',
  },
  to: {
    type: 'string',
    value: 'DAY',
    meaning: 'the last Vienna calendar day, YYYY-MM-DD, included (default yesterday)',
  },
  concurrency: {
    type: 'string',
    value: 'C',
    meaning: `calls at a time (default ${DEFAULT_CONCURRENCY}, at most ${MAX_CONCURRENCY})`,
  },
  'shuffle-events': {
    type: 'boolean',
    default: false,
    meaning: 'deliver contact events twice and out of order',
  },
  'in-memory': {
    type: 'boolean',
    default: false,
    meaning: "a DynamoDB Local of the replay's own that ends with it",
  },
  json: { type: 'boolean', default: false, meaning: 'print the summary as one JSON document' },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default .hotline/)' },
});

/**
 * `hotline replay [--calls N] [--seed S] [--year YYYY | --from DATE --to DATE] [--concurrency C]
 * [--shuffle-events] [--in-memory] [--json]`: a synthetic year of calls through the flow, the handlers and the
 * agent API into the local store (replay/replay.ts), with a progress bar on stderr. On a store
 * without a read model it first seeds the demo data, as `npm start` does.
 */
export const replayCommand = async (args: string[]): Promise<void> => {
  const { values } = parseCommandArgs(REPLAY_OPTIONS, args);
  const calls = optionValue(
    whole(1, MAX_CALLS),
    values.calls ?? String(DEFAULT_CALLS),
    '--calls',
    `a whole number from 1 to ${n(MAX_CALLS)}`,
  );
  const seed = optionValue(
    whole(0, 0xffff_ffff),
    values.seed ?? String(DEFAULT_SEED),
    '--seed',
    'a whole number from 0 to 4294967295',
  );
  const concurrency = optionValue(
    whole(1, MAX_CONCURRENCY),
    values.concurrency ?? String(DEFAULT_CONCURRENCY),
    '--concurrency',
    `a whole number from 1 to ${MAX_CONCURRENCY}`,
  );
  const now = new Date();
  const period = replayPeriodOf(values, viennaDate(now));

  // In memory: a DynamoDB Local of the replay's own that ends with it (to measure, or to try it out).
  const inMemory = values['in-memory'];
  const store = await openStore({
    local: loadLocalEnv(),
    dataDir: values.data,
    inMemory,
    exclusive: inMemory,
  });
  // Every call's handlers would log at INFO: thousands of lines that would bury the progress bar.
  logger.setLogLevel('WARN');
  try {
    const readModel = await ensureDemoReadModel(store.env, {
      now,
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
    const progress = progressReporter('replaying', { unit: 'calls', barWidth: PROGRESS_BAR_WIDTH });
    const result = await replayYear({
      env: store.env,
      auditTable: store.envVars.AUDIT_TABLE ?? '',
      readModel,
      calls,
      seed,
      period,
      concurrency,
      shuffleEvents: values['shuffle-events'],
      onProgress: ({ placed, total }) => progress.update({ written: placed, total }),
    });
    progress.done();
    process.stdout.write(values.json ? `${JSON.stringify(result.summary)}\n` : describe(result.summary));
    const { failed, disconnected, unexpectedRoutes } = result.summary;
    if (failed + disconnected + unexpectedRoutes > 0) throw new ReplayIncompleteError(result);
  } finally {
    await store.close();
  }
};

export const replayDescriptor: CommandDescriptor = {
  name: 'replay',
  usage: [
    'replay [--calls N] [--seed S] [--year YYYY | --from DAY --to DAY] [--concurrency C] [--shuffle-events] [--in-memory] [--json]',
  ],
  summary: 'a synthetic year of calls through the flow, the handlers and the agent API into the store',
  description:
    'A synthetic year of calls (default 10,000 over the twelve months ending yesterday) through the flow, the real ' +
    'handlers and the agent API into the store, with a progress bar on stderr; prints what came of them. ' +
    'A day is a Vienna calendar day, YYYY-MM-DD; a year at most.',
  options: REPLAY_OPTIONS,
  examples: [
    {
      command: 'hotline replay --year 2025 --seed 7',
      shows: 'the year 2025, the same calls for the same seed',
    },
  ],
  run: replayCommand,
};

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { type IdentifyCallerEnv, loadAgentApiEnv, riskThresholds } from '../../shared/config/env.ts';
import { formatClosedDays } from '../../shared/domain/office-hours.ts';
import type { RiskLevel } from '../../shared/domain/risk.ts';
import { IsoDateSchema } from '../../shared/domain/tenancy.ts';
import { daysBetween, viennaDate } from '../../shared/domain/vienna-calendar.ts';
import { type CallReport, DEFAULT_TALK_SECONDS, makeCallSimulator } from '../call-simulator.ts';
import { officeHoursOn } from '../contact-events-feed.ts';
import { type DemoDataOptions, generateDemoData } from '../demo/demo-data.ts';
import { makeReplayAgent } from './agent.ts';
import { type CallerKind, callerPoolOf } from './callers.ts';
import { ensureDemoReadModel } from './demo-read-model.ts';
import type { PlannedOutcome } from './outcome-plan.ts';
import {
  MAX_PERIOD_DAYS,
  type ReplayPeriod,
  type ScheduledCall,
  scheduleCalls,
  yearEndingYesterday,
} from './schedule.ts';

/**
 * `hotline replay`: a synthetic year of calls (schedule.ts) placed through the call simulator (the
 * deployed flow JSON, identify-caller, the contact events to contact-events) against the local
 * store, a bounded number at a time, with each answered call's outcome recorded through the agent
 * API as an agent would. Simulated instants only: nothing waits in real time.
 */

/**
 * Calls in flight at once. Measured on 2 cores against DynamoDB Local (1,000–2,000 calls): 4 at a
 * time leaves it idle between requests (about 1.5 × slower); from 8 to 32 it is saturated and the
 * times are within noise of each other.
 */
export const DEFAULT_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 256;
export const MAX_CALLS = 1_000_000;
/** The flow's prompts before the queue, and the agent's minute to record the outcome after the call. */
const AFTER_CALL_WORK_SECONDS = 2 * 60;

export const ReplayOptionsSchema = z
  .object({
    calls: z.number().int().min(1).max(MAX_CALLS),
    seed: z.number().int().min(0).max(0xffff_ffff),
    period: z.object({ from: IsoDateSchema, to: IsoDateSchema }).optional(),
    concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).default(DEFAULT_CONCURRENCY),
    shuffleEvents: z.boolean().default(false),
    outcomes: z.boolean().default(true),
  })
  .refine(
    ({ period }) =>
      !period || (period.from <= period.to && daysBetween(period.from, period.to) < MAX_PERIOD_DAYS),
    {
      message: `period: from must not be after to, and the period at most ${MAX_PERIOD_DAYS} days`,
      path: ['period'],
    },
  );

export interface ReplayOptions extends z.input<typeof ReplayOptionsSchema> {
  /** Where the local store's tables are. */
  readonly env: IdentifyCallerEnv;
  /** The audit trail the replay's agent records its reads and outcomes in (AUDIT_TABLE). */
  readonly auditTable: string;
  /** Shared by every call and the agent, so sockets are reused. @default one of its own, closed at the end */
  readonly doc?: DynamoDBDocumentClient;
  /**
   * The demo data the store holds: callers are drawn from it. @default found by ensureDemoReadModel
   * (which seeds it first on an empty store), before the clock starts
   */
  readonly readModel?: DemoDataOptions;
  /** Today, for the default period (the twelve months ending yesterday). @default now */
  readonly now?: Date;
  readonly onProgress?: (progress: { readonly placed: number; readonly total: number }) => void;
}

/** What happened to one call: the plan, and what the flow and the agent made of it. */
export interface ReplayedCall {
  readonly index: number;
  readonly at: string;
  readonly kind: CallerKind;
  readonly contactId: string | null;
  readonly planned: ScheduledCall['expected'];
  /** What the simulator reported; null when the call failed. */
  readonly result: CallReport['result'] | null;
  readonly queue: CallReport['queue'];
  readonly riskLevel: RiskLevel | null;
  readonly tenancyId: string | null;
  readonly answered: boolean;
  readonly abandoned: boolean;
  /** How long an answered call lasted with the agent; null for any other. */
  readonly handleSeconds: number | null;
  /** A callback's own contact and whether it reached the tenant; null without a callback. */
  readonly callback: { readonly contactId: string; readonly reached: boolean } | null;
  /** What the agent recorded through the agent API; null when nothing was. */
  readonly outcome: PlannedOutcome | null;
  /** Why the call or its outcome failed. */
  readonly error: string | null;
}

export interface ReplaySummary {
  readonly period: ReplayPeriod;
  readonly seed: number;
  readonly concurrency: number;
  readonly placed: number;
  readonly queued: number;
  readonly urgent: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly callbacks: number;
  /** Of the callbacks, those that reached the tenant, and those that reached nobody. */
  readonly callbacksAnswered: number;
  readonly callbacksUnreachable: number;
  readonly closed: number;
  /** Calls the flow ended without a queue, a callback or the closed message: dropped callers (must be 0). */
  readonly disconnected: number;
  readonly outcomesRecorded: number;
  readonly consultationsBooked: number;
  readonly housingSecured: number;
  readonly housingLost: number;
  /** Calls the flow routed otherwise than the caller's plan expected (the replay's own check). */
  readonly unexpectedRoutes: number;
  /** Calls that failed (an error in the flow, the handlers or the agent API). */
  readonly failed: number;
  readonly elapsedMs: number;
}

export interface ReplayResult {
  readonly summary: ReplaySummary;
  /** Per call, in time order: for tests and benchmarks, never printed. */
  readonly calls: readonly ReplayedCall[];
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What `process.env` would hold for `env`, for the configuration loaders of other functions. */
const envVarsOf = (env: IdentifyCallerEnv): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );

const secondsLater = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

const summarise = (
  options: { period: ReplayPeriod; seed: number; concurrency: number },
  calls: readonly ReplayedCall[],
  elapsedMs: number,
): ReplaySummary => {
  const count = (test: (call: ReplayedCall) => boolean) => calls.filter(test).length;
  return {
    ...options,
    placed: count((call) => call.result !== null),
    queued: count((call) => call.result === 'queued'),
    urgent: count((call) => call.queue === 'urgent'),
    answered: count((call) => call.answered),
    abandoned: count((call) => call.abandoned),
    callbacks: count((call) => call.result === 'callback'),
    callbacksAnswered: count((call) => call.callback?.reached === true),
    callbacksUnreachable: count((call) => call.callback?.reached === false),
    closed: count((call) => call.result === 'closed'),
    disconnected: count((call) => call.result === 'disconnected'),
    outcomesRecorded: count((call) => call.outcome !== null),
    consultationsBooked: count((call) => call.outcome?.followUp?.kind === 'consultation'),
    housingSecured: count((call) => call.outcome?.caseResolution === 'housing_secured'),
    housingLost: count((call) => call.outcome?.caseResolution === 'housing_lost'),
    unexpectedRoutes: count(
      (call) =>
        call.result !== null &&
        (call.result !== call.planned.result ||
          call.queue !== call.planned.queue ||
          call.riskLevel !== call.planned.riskLevel),
    ),
    failed: count((call) => call.error !== null),
    elapsedMs,
  };
};

export const replayYear = async (options: ReplayOptions): Promise<ReplayResult> => {
  const parsed = ReplayOptionsSchema.parse(options);
  const readModel = options.readModel ?? (await ensureDemoReadModel(options.env, { now: options.now }));
  const started = performance.now();
  const period = parsed.period ?? yearEndingYesterday(viennaDate(options.now ?? new Date()));
  const hours = officeHoursOn(period.from);
  const schedule = scheduleCalls({
    calls: parsed.calls,
    seed: parsed.seed,
    period,
    hours,
    pool: callerPoolOf(generateDemoData(readModel).files),
    thresholds: riskThresholds(options.env),
  });

  const doc =
    options.doc ??
    makeDocumentClient({
      region: options.env.AWS_REGION,
      endpoint: options.env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 5_000,
      maxAttempts: 3,
    });
  const simulate = makeCallSimulator({
    env: options.env,
    doc,
    readCallLog: false,
    ...(parsed.shuffleEvents ? { shuffleEvents: { seed: parsed.seed } } : {}),
  });
  const agent = parsed.outcomes
    ? makeReplayAgent({
        env: loadAgentApiEnv({
          ...envVarsOf(options.env),
          AUDIT_TABLE: options.auditTable,
          OFFICE_CLOSED_DAYS: formatClosedDays(hours.closedDays),
        }),
        doc,
      })
    : undefined;

  const replayOne = async (call: ScheduledCall): Promise<ReplayedCall> => {
    const fact = {
      index: call.index,
      at: call.at.toISOString(),
      kind: call.kind,
      planned: call.expected,
    };
    let report: CallReport;
    try {
      report = await simulate({
        from: call.from,
        keys: [...call.keys],
        at: call.at,
        // An answered call lasts the time the schedule drew for it.
        answer:
          'afterSeconds' in call.answer && call.handleSeconds !== null
            ? { ...call.answer, talkSeconds: call.handleSeconds }
            : call.answer,
        callbackAnswer: call.callbackAnswer,
      });
    } catch (error) {
      return {
        ...fact,
        contactId: null,
        result: null,
        queue: null,
        riskLevel: null,
        tenancyId: null,
        answered: false,
        abandoned: false,
        handleSeconds: null,
        callback: null,
        outcome: null,
        error: messageOf(error),
      };
    }
    const queued = report.result === 'queued';
    // What the simulator was told: a queued call with a wait is answered, one with a patience abandoned.
    const waited = 'afterSeconds' in call.answer ? call.answer.afterSeconds : null;
    const answered = queued && waited !== null;
    let error: string | null = null;
    let outcome: PlannedOutcome | null = null;
    if (agent && answered && call.outcome) {
      try {
        const ended = secondsLater(
          call.at,
          (waited ?? 0) + (call.handleSeconds ?? DEFAULT_TALK_SECONDS) + AFTER_CALL_WORK_SECONDS,
        );
        outcome = await agent.recordOutcome(report.contactId, ended, call.outcome);
      } catch (failure) {
        error = messageOf(failure);
      }
    }
    return {
      ...fact,
      contactId: report.contactId,
      result: report.result,
      queue: report.queue,
      riskLevel: report.riskLevel,
      tenancyId: report.tenancyId,
      answered,
      abandoned: queued && !answered,
      handleSeconds: answered ? (call.handleSeconds ?? DEFAULT_TALK_SECONDS) : null,
      callback: report.callback && {
        contactId: report.callback.contactId,
        reached: call.callbackAnswer === 'reached',
      },
      outcome,
      error,
    };
  };

  // A fixed number of workers take the calls in time order: at most `concurrency` in flight.
  const replayed: ReplayedCall[] = [];
  let next = 0;
  let placed = 0;
  const worker = async () => {
    while (next < schedule.length) {
      const call = schedule[next++];
      if (!call) break;
      replayed[call.index] = await replayOne(call);
      placed += 1;
      options.onProgress?.({ placed, total: schedule.length });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parsed.concurrency, schedule.length) }, worker));
  } finally {
    if (!options.doc) doc.destroy();
  }
  const summary = summarise(
    { period, seed: parsed.seed, concurrency: parsed.concurrency },
    replayed,
    Math.round(performance.now() - started),
  );
  return { summary, calls: replayed };
};

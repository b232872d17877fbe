import type { OfficeHours } from '../../shared/domain/office-hours.ts';
import { DEFAULT_RISK_THRESHOLDS, type RiskLevel, type RiskThresholds } from '../../shared/domain/risk.ts';
import { openCaseOf } from '../../shared/domain/tenancy.ts';
import { addDays, type IsoDate, isIsoDate } from '../../shared/domain/vienna-calendar.ts';
import type { CallAnswer } from '../call-simulator.ts';
import { seededRandom } from '../demo/random.ts';
import { arrivals, type ReplayPeriod } from './arrivals.ts';
import { type CallerKind, type CallerPool, drawCaller, type ExpectedRoute } from './callers.ts';
import { type PlannedOutcome, planOutcome, withCaseResolutions } from './outcome-plan.ts';
import { handleSeconds, type QueueExperience, queueExperience } from './queue-model.ts';

/**
 * A replayed year, planned before a single call is placed: a pure function of the seed, the period,
 * the opening hours and the read model, so the same options always give the same calls.
 */

export type { ReplayPeriod };

/** The longest period one replay covers (a leap year): the opening hours are computed once, for two years from its start. */
export const MAX_PERIOD_DAYS = 366;

export interface ScheduleOptions {
  readonly calls: number;
  readonly seed: number;
  readonly period: ReplayPeriod;
  /** The hotline's hours over the period, public holidays included (hotlineOfficeHours of its first day). */
  readonly hours: OfficeHours;
  readonly pool: CallerPool;
  /** @default DEFAULT_RISK_THRESHOLDS */
  readonly thresholds?: RiskThresholds;
}

export interface ScheduledCall {
  /** Position in time order, from 0. */
  readonly index: number;
  readonly at: Date;
  readonly kind: CallerKind;
  readonly from: string;
  readonly keys: readonly string[];
  /** The tenancy and open case the flow should identify; null: an unidentified caller. */
  readonly tenancyId: string | null;
  readonly caseId: string | null;
  /** What the flow should do with the call; the replay checks it against what it did. */
  readonly expected: Omit<ExpectedRoute, 'file'>;
  /** Queued calls only: the wait and the caller's patience. */
  readonly queue: QueueExperience | null;
  /** What the simulator makes of a queued call: answered after the wait, or abandoned. */
  readonly answer: Exclude<CallAnswer, 'abandon'>;
  /** Answered calls only: how long the call lasts with the agent (log-normal, queue-model.ts). */
  readonly handleSeconds: number | null;
  /** Answered calls only: what the agent records. */
  readonly outcome: PlannedOutcome | null;
  /** A callback the flow creates: whether it reaches the tenant (CALLBACK_REACH_SHARE of them do). */
  readonly callbackAnswer: 'reached' | 'unreachable';
}

/** Callbacks that reach the tenant at one of the three attempts; the rest reach nobody. */
export const CALLBACK_REACH_SHARE = 0.85;
/** Callbacks draw from a stream of their own, so the rest of a seed's year stays as it was. */
const CALLBACK_STREAM = 0x0ca11bac;
/** Handle times too: drawing them left every other draw of a seed's year where it was. */
const HANDLE_STREAM = 0x0da7a11e;

/** The twelve months that end on `last`, both included. */
export const yearEndingOn = (last: IsoDate): ReplayPeriod => {
  const sameDayLastYear = `${Number(last.slice(0, 4)) - 1}${last.slice(4)}`;
  // 29 February has no twin a year before: the year then starts on 1 March.
  const from = isIsoDate(sameDayLastYear) ? addDays(sameDayLastYear, 1) : addDays(last, -365);
  return { from, to: last };
};

/** What `hotline replay` covers by default: the twelve months that end yesterday (Vienna calendar). */
export const yearEndingYesterday = (today: IsoDate): ReplayPeriod => yearEndingOn(addDays(today, -1));

export const calendarYear = (year: number): ReplayPeriod => ({
  from: `${year}-01-01` as IsoDate,
  to: `${year}-12-31` as IsoDate,
});

const isUrgent = (level: RiskLevel) => level !== 'normal';

export const scheduleCalls = (options: ScheduleOptions): ScheduledCall[] => {
  const random = seededRandom(options.seed);
  const callbacks = seededRandom((options.seed ^ CALLBACK_STREAM) >>> 0);
  const handles = seededRandom((options.seed ^ HANDLE_STREAM) >>> 0);
  const thresholds = options.thresholds ?? DEFAULT_RISK_THRESHOLDS;
  const planned = arrivals(random, options).map((arrival, index): ScheduledCall => {
    const caller = drawCaller(random, options.pool, { at: arrival.at, open: arrival.open, thresholds });
    const { file, ...expected } = caller.expected;
    const queue =
      expected.result === 'queued'
        ? queueExperience(random, { load: arrival.load, urgent: isUrgent(expected.riskLevel) })
        : null;
    const answered = queue?.answered === true;
    const urgent = isUrgent(expected.riskLevel);
    return {
      index,
      at: arrival.at,
      kind: caller.kind,
      from: caller.from,
      keys: caller.keys,
      tenancyId: file?.tenancy.tenancyId ?? null,
      caseId: (file && openCaseOf(file)?.caseId) ?? null,
      expected,
      queue,
      answer:
        queue === null || answered
          ? { afterSeconds: queue?.waitSeconds ?? 0 }
          : { abandonAfterSeconds: queue.patienceSeconds },
      callbackAnswer:
        expected.result === 'callback' && !callbacks.chance(CALLBACK_REACH_SHARE) ? 'unreachable' : 'reached',
      handleSeconds: answered ? handleSeconds(handles, { load: arrival.load, urgent }) : null,
      outcome: answered
        ? planOutcome(random, {
            file,
            riskLevel: expected.riskLevel,
            courtLetterReported: expected.courtLetterReported,
            at: arrival.at,
            hours: options.hours,
          })
        : null,
    };
  });
  return withCaseResolutions(random, planned);
};

import type { OfficeHours } from '../../shared/domain/office-hours.ts';
import type { AgentCaseResolution, FollowUp, OutcomeCode } from '../../shared/domain/outcomes.ts';
import type { RiskLevel } from '../../shared/domain/risk.ts';
import { openCaseOf, type TenancyFile } from '../../shared/domain/tenancy.ts';
import { addDays, viennaDate } from '../../shared/domain/vienna-calendar.ts';
import type { Random } from '../demo/random.ts';
import { isOpenDay, viennaWallClock } from './arrivals.ts';

/**
 * What an agent records after an answered call, in the team's proportions (docs/tenancy-data.md,
 * "The volumes"): of 10,000 enquiries a year, 3,700 led to a personal consultation, and three of
 * four cases closed kept the flat.
 */

/** Booked a consultation, by the caller's risk; an unidentified caller is asked to come in less often. */
const CONSULTATION_SHARE: Readonly<Record<RiskLevel | 'unidentified', number>> = {
  critical: 0.7,
  high: 0.55,
  normal: 0.44,
  unidentified: 0.33,
};
/** Support agents arrange on the phone; a share of the callers it applies to. */
const SUPPORT_SHARE = {
  housingAllowance: 0.3,
  instalmentPlan: 0.3,
  fundApplication: 0.2,
  courtLetterExplained: 0.6,
  authorityEscort: 0.03,
  referralSocialWelfare: 0.08,
  referralYouthWelfare: 0.1,
} as const;
/** Of callers that needed nothing else, how many are to be called back rather than informed. */
const CALLBACK_NEEDED_SHARE = 0.2;
/** Of tenants with an open case, how many have it closed by an agent in the year (at their last call). */
export const CASE_CLOSED_SHARE = 0.5;
/** docs/tenancy-data.md: 835 flats secured, a 75 % success rate. */
export const HOUSING_SECURED_SHARE = 0.75;
/** Consultations start on the hour or the half hour, the last at 16:30. */
const FIRST_CONSULTATION_MINUTE = 9 * 60;
const CONSULTATION_STARTS = 16;
/** An open day is never more than a couple of weeks away (Christmas, Easter). */
const MAX_DAYS_TO_OPEN_DAY = 21;

export interface PlannedOutcome {
  readonly codes: readonly OutcomeCode[];
  readonly followUp?: FollowUp;
  /** Set on the one call that closes the tenant's open case (see withCaseResolutions). */
  readonly caseResolution?: AgentCaseResolution;
}

/**
 * A consultation on the next day the hotline opens after the call, at a free half-hour slot, so that
 * the agent API accepts it (inside the opening hours).
 */
export const nextConsultationSlot = (random: Random, after: Date, hours: OfficeHours): Date => {
  const callDay = viennaDate(after);
  for (let days = 1; days <= MAX_DAYS_TO_OPEN_DAY; days++) {
    const day = addDays(callDay, days);
    if (isOpenDay(hours, day)) {
      const minute = FIRST_CONSULTATION_MINUTE + 30 * random.int(0, CONSULTATION_STARTS - 1);
      return viennaWallClock(day, minute * 60);
    }
  }
  throw new RangeError(`the hotline does not open within ${MAX_DAYS_TO_OPEN_DAY} days of ${callDay}`);
};

/** The codes and follow-up of one answered call, from what the agent learns of the caller. */
export const planOutcome = (
  random: Random,
  call: {
    readonly file: TenancyFile | undefined;
    readonly riskLevel: RiskLevel;
    readonly courtLetterReported: boolean;
    readonly at: Date;
    readonly hours: OfficeHours;
  },
): PlannedOutcome => {
  const { file } = call;
  const openCase = file && openCaseOf(file);
  const codes: OutcomeCode[] = [];
  const add = (code: OutcomeCode, share: number) => {
    if (random.chance(share)) codes.push(code);
  };
  if (openCase) {
    add('housing_allowance', SUPPORT_SHARE.housingAllowance);
    add('instalment_plan', SUPPORT_SHARE.instalmentPlan);
    add('fund_application', SUPPORT_SHARE.fundApplication);
  }
  if (
    call.courtLetterReported ||
    (openCase && openCase.stage !== 'arrears' && openCase.stage !== 'reminder')
  ) {
    add('court_letter_explained', SUPPORT_SHARE.courtLetterExplained);
  }
  add('authority_escort', SUPPORT_SHARE.authorityEscort);
  add('referral_social_welfare', SUPPORT_SHARE.referralSocialWelfare);
  if ((file?.tenancy.children ?? 0) > 0) add('referral_youth_welfare', SUPPORT_SHARE.referralYouthWelfare);

  const consultation = random.chance(CONSULTATION_SHARE[file ? call.riskLevel : 'unidentified']);
  if (consultation) {
    codes.push('appointment_booked');
    return {
      codes,
      followUp: {
        kind: 'consultation',
        at: nextConsultationSlot(random, call.at, call.hours).toISOString(),
      },
    };
  }
  if (codes.length > 0) return { codes };
  return random.chance(CALLBACK_NEEDED_SHARE)
    ? { codes: ['callback_needed'], followUp: { kind: 'callback' } }
    : { codes: ['information_only'] };
};

/**
 * Closes the open case of CASE_CLOSED_SHARE of the tenants that got through to an agent, at their
 * last answered call of the year, as housing secured three times in four: at most one resolution
 * per case, and none that a later call of the same tenant would contradict.
 */
export const withCaseResolutions = <
  T extends { readonly outcome: PlannedOutcome | null; readonly caseId: string | null },
>(
  random: Random,
  calls: readonly T[],
): T[] => {
  const lastAnswered = new Map<string, number>();
  calls.forEach((call, index) => {
    if (call.outcome && call.caseId) lastAnswered.set(call.caseId, index);
  });
  const closing = new Map<number, AgentCaseResolution>();
  for (const index of lastAnswered.values()) {
    if (random.chance(CASE_CLOSED_SHARE)) {
      closing.set(index, random.chance(HOUSING_SECURED_SHARE) ? 'housing_secured' : 'housing_lost');
    }
  }
  return calls.map((call, index) => {
    const caseResolution = closing.get(index);
    return caseResolution && call.outcome ? { ...call, outcome: { ...call.outcome, caseResolution } } : call;
  });
};

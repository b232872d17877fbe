import type { EvictionCase } from './tenancy.ts';
import { daysBetween, type IsoDate } from './vienna-calendar.ts';

export const RISK_LEVELS = ['critical', 'high', 'normal'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Why a caller got their level; stable codes, shown to agents and counted by managers. */
export type RiskReason =
  | 'eviction_imminent'
  | 'court_hearing_imminent'
  | 'advanced_stage'
  | 'arrears_months'
  | 'court_letter_reported';

export interface RiskThresholds {
  /** An eviction date 0..N days ahead is critical. */
  readonly criticalEvictionDays: number;
  /** A court hearing 0..N days ahead is critical. */
  readonly criticalHearingDays: number;
  /** This many months in arrears or more is high. */
  readonly highArrearsMonths: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  criticalEvictionDays: 14,
  criticalHearingDays: 7,
  highArrearsMonths: 3,
};

export interface RiskAssessment {
  readonly level: RiskLevel;
  readonly reasons: readonly RiskReason[];
}

const HIGH_STAGES: ReadonlySet<EvictionCase['stage']> = new Set([
  'termination',
  'lawsuit',
  'judgment',
  'eviction_scheduled',
]);

const within = (today: IsoDate, date: IsoDate | undefined, maxDays: number): boolean => {
  if (date === undefined) return false;
  const ahead = daysBetween(today, date);
  return ahead >= 0 && ahead <= maxDays; // a past date does not make a case critical
};

/**
 * docs/architecture.md, "Eviction-risk rules". `today` is the Vienna calendar date of the call. The keypad
 * answer ("I hold a court letter or an eviction date") raises anyone to at least high, because
 * the read model can lag behind the court.
 */
export const assessRisk = (input: {
  readonly openCase: EvictionCase | undefined;
  readonly today: IsoDate;
  readonly thresholds: RiskThresholds;
  readonly courtLetterReported?: boolean;
}): RiskAssessment => {
  const { openCase, today, thresholds } = input;
  const critical: RiskReason[] = [];
  const high: RiskReason[] = [];
  if (openCase?.status === 'open') {
    if (within(today, openCase.evictionDate, thresholds.criticalEvictionDays))
      critical.push('eviction_imminent');
    if (within(today, openCase.courtHearingDate, thresholds.criticalHearingDays))
      critical.push('court_hearing_imminent');
    if (HIGH_STAGES.has(openCase.stage)) high.push('advanced_stage');
    if (openCase.monthsInArrears >= thresholds.highArrearsMonths) high.push('arrears_months');
  }
  if (input.courtLetterReported === true) high.push('court_letter_reported');
  if (critical.length > 0) return { level: 'critical', reasons: [...critical, ...high] };
  if (high.length > 0) return { level: 'high', reasons: high };
  return { level: 'normal', reasons: [] };
};

import { describe, expect, it } from 'vitest';
import { loadIdentifyCallerEnv, riskThresholds } from '../../shared/config/env.ts';
import { assessRisk, DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from '../../shared/domain/risk.ts';
import { CASE_STAGES, type CaseStage, type EvictionCase } from '../../shared/domain/tenancy.ts';
import { addDays, type IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { anEvictionCase } from '../fixtures/tenancy-files.ts';

const TODAY = '2026-11-25' as IsoDate;
const daysAhead = (days: number): IsoDate => addDays(TODAY, days);

/** An open case that on its own rates `normal`: early stage, few months in arrears, no dates. */
const aQuietCase = (overrides: Partial<EvictionCase> = {}): EvictionCase =>
  anEvictionCase({ status: 'open', stage: 'arrears', monthsInArrears: 0, ...overrides });

const rate = (
  openCase: EvictionCase | undefined,
  options: { thresholds?: RiskThresholds; courtLetterReported?: boolean } = {},
) =>
  assessRisk({
    openCase,
    today: TODAY,
    thresholds: options.thresholds ?? DEFAULT_RISK_THRESHOLDS,
    courtLetterReported: options.courtLetterReported,
  });

describe('assessRisk: eviction date', () => {
  it.each([0, 1, 7, 13, 14])('rates an eviction %i days ahead as critical', (days) => {
    // Prepare
    const openCase = aQuietCase({ evictionDate: daysAhead(days) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'critical', reasons: ['eviction_imminent'] });
  });

  it.each([15, 30, 365])('does not rate an eviction %i days ahead as critical', (days) => {
    // Prepare
    const openCase = aQuietCase({ evictionDate: daysAhead(days) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });

  it.each([1, 2, 400])('does not rate an eviction date %i days in the past as critical', (days) => {
    // Prepare
    const openCase = aQuietCase({ evictionDate: daysAhead(-days) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk.level).toBe('normal');
    expect(risk.reasons).not.toContain('eviction_imminent');
  });
});

describe('assessRisk: court hearing', () => {
  it.each([0, 1, 6, 7])('rates a court hearing %i days ahead as critical', (days) => {
    // Prepare
    const openCase = aQuietCase({ courtHearingDate: daysAhead(days) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'critical', reasons: ['court_hearing_imminent'] });
  });

  it.each([8, 14, 15])('does not rate a court hearing %i days ahead as critical', (days) => {
    // Prepare
    const openCase = aQuietCase({ courtHearingDate: daysAhead(days) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });

  it('does not rate a court hearing yesterday as critical', () => {
    // Prepare
    const openCase = aQuietCase({ courtHearingDate: daysAhead(-1) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });

  it('lists both reasons when eviction and hearing are both imminent', () => {
    // Prepare
    const openCase = aQuietCase({ evictionDate: daysAhead(10), courtHearingDate: daysAhead(2) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'critical', reasons: ['eviction_imminent', 'court_hearing_imminent'] });
  });
});

describe('assessRisk: stage and arrears', () => {
  const HIGH: readonly CaseStage[] = ['termination', 'lawsuit', 'judgment', 'eviction_scheduled'];
  const EARLY: readonly CaseStage[] = ['arrears', 'reminder'];

  it('covers every case stage in one of the two lists', () => {
    // Assess
    expect([...EARLY, ...HIGH].sort()).toEqual([...CASE_STAGES].sort());
  });

  it.each(HIGH)('rates an open case at stage %s as high', (stage) => {
    // Prepare
    const openCase = aQuietCase({ stage });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'high', reasons: ['advanced_stage'] });
  });

  it.each(EARLY)('rates an open case at stage %s as normal', (stage) => {
    // Prepare
    const openCase = aQuietCase({ stage });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });

  it('rates a case at eviction_scheduled with a past eviction date as high, not critical', () => {
    // Prepare
    const openCase = aQuietCase({ stage: 'eviction_scheduled', evictionDate: daysAhead(-3) });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'high', reasons: ['advanced_stage'] });
  });

  it.each([3, 4, 12])('rates %i months in arrears as high', (months) => {
    // Prepare
    const openCase = aQuietCase({ monthsInArrears: months });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'high', reasons: ['arrears_months'] });
  });

  it.each([0, 1, 2])('rates %i months in arrears as normal', (months) => {
    // Prepare
    const openCase = aQuietCase({ monthsInArrears: months });
    // Act
    const risk = rate(openCase);
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });

  it('lists every reason in order: critical ones first, then high ones', () => {
    // Prepare
    const openCase = aQuietCase({
      stage: 'lawsuit',
      monthsInArrears: 5,
      evictionDate: daysAhead(3),
      courtHearingDate: daysAhead(1),
    });
    // Act
    const risk = rate(openCase, { courtLetterReported: true });
    // Assess
    expect(risk).toEqual({
      level: 'critical',
      reasons: [
        'eviction_imminent',
        'court_hearing_imminent',
        'advanced_stage',
        'arrears_months',
        'court_letter_reported',
      ],
    });
  });
});

describe('assessRisk: closed or missing case', () => {
  it('ignores a closed case, however alarming its data', () => {
    // Prepare
    const closed = aQuietCase({
      status: 'closed',
      resolution: 'housing_lost',
      stage: 'eviction_scheduled',
      monthsInArrears: 9,
      evictionDate: daysAhead(1),
      courtHearingDate: daysAhead(1),
    });
    // Act
    const risk = rate(closed);
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });

  it('rates a caller without an open case as normal', () => {
    // Act
    const risk = rate(undefined);
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });
});

describe('assessRisk: court letter reported on the keypad', () => {
  it('raises a caller without any case to high', () => {
    // Act
    const risk = rate(undefined, { courtLetterReported: true });
    // Assess
    expect(risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
  });

  it('raises a caller with a quiet open case from normal to high', () => {
    // Act
    const risk = rate(aQuietCase(), { courtLetterReported: true });
    // Assess
    expect(risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
  });

  it('raises a caller whose only case is closed to high', () => {
    // Act
    const risk = rate(aQuietCase({ status: 'closed', resolution: 'other' }), { courtLetterReported: true });
    // Assess
    expect(risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
  });

  it('never lowers a critical caller', () => {
    // Prepare
    const openCase = aQuietCase({ evictionDate: daysAhead(0) });
    // Act
    const risk = rate(openCase, { courtLetterReported: true });
    // Assess
    expect(risk).toEqual({ level: 'critical', reasons: ['eviction_imminent', 'court_letter_reported'] });
  });

  it('adds its reason to a caller who is already high', () => {
    // Act
    const risk = rate(aQuietCase({ stage: 'judgment' }), { courtLetterReported: true });
    // Assess
    expect(risk).toEqual({ level: 'high', reasons: ['advanced_stage', 'court_letter_reported'] });
  });

  it('changes nothing when the caller says no', () => {
    // Act
    const risk = rate(aQuietCase(), { courtLetterReported: false });
    // Assess
    expect(risk).toEqual({ level: 'normal', reasons: [] });
  });
});

describe('assessRisk: thresholds from configuration', () => {
  it('reads the default thresholds of docs/architecture.md when nothing is configured', () => {
    // Act
    const thresholds = riskThresholds(
      loadIdentifyCallerEnv({ READ_MODEL_TABLE: 'rm', CALLS_TABLE: 'calls' }),
    );
    // Assess
    expect(thresholds).toEqual({ criticalEvictionDays: 14, criticalHearingDays: 7, highArrearsMonths: 3 });
    expect(thresholds).toEqual(DEFAULT_RISK_THRESHOLDS);
  });

  it('moves the eviction boundary to a configured 21 days', () => {
    // Prepare
    const thresholds = riskThresholds(
      loadIdentifyCallerEnv({ READ_MODEL_TABLE: 'rm', CALLS_TABLE: 'calls', CRITICAL_EVICTION_DAYS: '21' }),
    );
    // Act
    const at21 = rate(aQuietCase({ evictionDate: daysAhead(21) }), { thresholds });
    const at22 = rate(aQuietCase({ evictionDate: daysAhead(22) }), { thresholds });
    // Assess
    expect(at21.level).toBe('critical');
    expect(at22.level).toBe('normal');
  });

  it('moves the hearing boundary to a configured 3 days', () => {
    // Prepare
    const thresholds = riskThresholds(
      loadIdentifyCallerEnv({ READ_MODEL_TABLE: 'rm', CALLS_TABLE: 'calls', CRITICAL_HEARING_DAYS: '3' }),
    );
    // Act
    const at3 = rate(aQuietCase({ courtHearingDate: daysAhead(3) }), { thresholds });
    const at4 = rate(aQuietCase({ courtHearingDate: daysAhead(4) }), { thresholds });
    // Assess
    expect(at3.level).toBe('critical');
    expect(at4.level).toBe('normal');
  });

  it('moves the arrears boundary to a configured 2 months', () => {
    // Prepare
    const thresholds = riskThresholds(
      loadIdentifyCallerEnv({ READ_MODEL_TABLE: 'rm', CALLS_TABLE: 'calls', HIGH_ARREARS_MONTHS: '2' }),
    );
    // Act
    const at2 = rate(aQuietCase({ monthsInArrears: 2 }), { thresholds });
    const at1 = rate(aQuietCase({ monthsInArrears: 1 }), { thresholds });
    // Assess
    expect(at2).toEqual({ level: 'high', reasons: ['arrears_months'] });
    expect(at1.level).toBe('normal');
  });

  it('with a zero-day eviction window, rates only an eviction today as critical', () => {
    // Prepare
    const thresholds: RiskThresholds = { ...DEFAULT_RISK_THRESHOLDS, criticalEvictionDays: 0 };
    // Act
    const today = rate(aQuietCase({ evictionDate: daysAhead(0) }), { thresholds });
    const tomorrow = rate(aQuietCase({ evictionDate: daysAhead(1) }), { thresholds });
    // Assess
    expect(today.level).toBe('critical');
    expect(tomorrow.level).toBe('normal');
  });

  it.each([
    ['CRITICAL_EVICTION_DAYS', '-1'],
    ['CRITICAL_EVICTION_DAYS', 'fourteen'],
    ['CRITICAL_HEARING_DAYS', '2.5'],
    ['HIGH_ARREARS_MONTHS', '0'],
  ])('refuses %s=%s', (name, value) => {
    // Act
    const load = () => loadIdentifyCallerEnv({ READ_MODEL_TABLE: 'rm', CALLS_TABLE: 'calls', [name]: value });
    // Assess
    expect(load).toThrow();
  });
});

describe('assessRisk: an empty threshold variable', () => {
  // z.coerce.number() turns '' into 0: an empty value (a deploy template that sets the variable to '')
  // must not shrink the critical window to "today only".
  const attempt = (variables: Record<string, string>) => {
    try {
      return {
        thresholds: riskThresholds(
          loadIdentifyCallerEnv({ READ_MODEL_TABLE: 'rm', CALLS_TABLE: 'calls', ...variables }),
        ),
      };
    } catch (error) {
      return { error };
    }
  };

  it.each([
    ['CRITICAL_EVICTION_DAYS', 'criticalEvictionDays'],
    ['CRITICAL_HEARING_DAYS', 'criticalHearingDays'],
  ])('does not read an empty %s as a zero-day window', (name, field) => {
    // Act
    const outcome = attempt({ [name]: '' });
    // Assess: refused or defaulted, either is fine; a 0-day window is not
    expect(outcome).not.toMatchObject({ thresholds: { [field]: 0 } });
  });
});

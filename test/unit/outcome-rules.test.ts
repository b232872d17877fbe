import { describe, expect, it } from 'vitest';
import {
  FOLLOW_UP_CODES,
  FOLLOW_UP_HORIZON_DAYS,
  FOLLOW_UP_KIND_OF_CODE,
  followUpProblems,
  OUTCOME_CODES,
} from '../../shared/domain/outcomes.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
const daysAhead = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

describe('outcome rules: one act for a code and its follow-up', () => {
  it('pairs each follow-up kind with one code, both ways', () => {
    // Act
    const pairs = Object.entries(FOLLOW_UP_CODES);
    // Assess
    expect(pairs).toEqual([
      ['consultation', 'appointment_booked'],
      ['callback', 'callback_needed'],
    ]);
    for (const [kind, code] of pairs) {
      expect(OUTCOME_CODES).toContain(code);
      expect(FOLLOW_UP_KIND_OF_CODE[code]).toBe(kind);
    }
    expect(Object.keys(FOLLOW_UP_KIND_OF_CODE)).toHaveLength(pairs.length);
  });

  it('accepts a follow-up on the last day of the horizon and refuses one a minute later', () => {
    // Prepare
    const last = daysAhead(FOLLOW_UP_HORIZON_DAYS);
    const beyond = new Date(Date.parse(last) + 60_000).toISOString();
    // Act
    const atLast = followUpProblems(
      { codes: ['callback_needed'], followUp: { kind: 'callback', at: last } },
      { now: NOW },
    );
    const atBeyond = followUpProblems(
      { codes: ['callback_needed'], followUp: { kind: 'callback', at: beyond } },
      { now: NOW },
    );
    // Assess
    expect(atLast).toEqual([]);
    expect(atBeyond).toEqual(['followUp.at']);
  });

  it('refuses a follow-up at this very instant: it must lie ahead', () => {
    const problems = followUpProblems(
      { codes: ['appointment_booked'], followUp: { kind: 'consultation', at: NOW.toISOString() } },
      { now: NOW },
    );
    expect(problems).toEqual(['followUp.at']);
  });

  it('names every problem once', () => {
    // A consultation in the past without its code: both paths, each once.
    const problems = followUpProblems(
      { codes: ['information_only'], followUp: { kind: 'consultation', at: daysAhead(-1) } },
      { now: NOW },
    );
    expect(problems.sort()).toEqual(['codes', 'followUp.at']);
  });

  it('needs nothing of outcomes without a follow-up code or follow-up', () => {
    expect(followUpProblems({ codes: ['information_only', 'housing_allowance'] }, { now: NOW })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { OutcomeCode } from '../../shared/domain/outcomes.ts';
import {
  SUPPORT_HINT_RULES,
  type SupportFacts,
  supportFactsOf,
  supportHints,
} from '../../shared/domain/support-hints.ts';
import type { EvictionCase, IsoDate } from '../../shared/domain/tenancy.ts';
import { anEvictionCase, aTenancyFile } from '../fixtures/tenancy-files.ts';

const rule = (id: string) => {
  const found = SUPPORT_HINT_RULES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

const facts = (
  options: { openCase?: Partial<EvictionCase> | null; children?: number; claimed?: OutcomeCode[] } = {},
): SupportFacts => {
  const tenancy = { ...aTenancyFile().tenancy, children: options.children ?? 0 };
  return {
    tenancy,
    openCase: options.openCase === null ? undefined : anEvictionCase(options.openCase ?? {}),
    claimed: new Set(options.claimed ?? []),
  };
};

describe('support hints: each rule', () => {
  it.each([
    ['housing_allowance', 'housing_allowance'],
    ['arrears_fund', 'fund_application'],
    ['instalment_plan', 'instalment_plan'],
  ] as const)('%s applies to arrears until %s is recorded', (id, code) => {
    expect(rule(id).applies(facts({ openCase: { arrearsEur: 900 } }))).toBe(true);
    expect(rule(id).applies(facts({ openCase: { arrearsEur: 900 }, claimed: [code] }))).toBe(false);
  });

  it.each(['housing_allowance', 'arrears_fund', 'instalment_plan'])(
    '%s does not apply without arrears or without an open case',
    (id) => {
      expect(rule(id).applies(facts({ openCase: { arrearsEur: 0 } }))).toBe(false);
      expect(rule(id).applies(facts({ openCase: null }))).toBe(false);
    },
  );

  it('youth_welfare applies to children in the household at lawsuit stage or later', () => {
    expect(rule('youth_welfare').applies(facts({ children: 2, openCase: { stage: 'lawsuit' } }))).toBe(true);
    expect(
      rule('youth_welfare').applies(facts({ children: 2, openCase: { stage: 'eviction_scheduled' } })),
    ).toBe(true);
  });

  it('youth_welfare does not apply before a lawsuit, without children, or once referred', () => {
    expect(rule('youth_welfare').applies(facts({ children: 2, openCase: { stage: 'termination' } }))).toBe(
      false,
    );
    expect(rule('youth_welfare').applies(facts({ children: 0, openCase: { stage: 'judgment' } }))).toBe(
      false,
    );
    expect(
      rule('youth_welfare').applies(
        facts({ children: 2, openCase: { stage: 'judgment' }, claimed: ['referral_youth_welfare'] }),
      ),
    ).toBe(false);
  });

  it('court_letter applies from a lawsuit on, or with a hearing date, until it is explained', () => {
    expect(rule('court_letter').applies(facts({ openCase: { stage: 'lawsuit' } }))).toBe(true);
    expect(
      rule('court_letter').applies(
        facts({ openCase: { stage: 'reminder', courtHearingDate: '2026-12-01' as IsoDate } }),
      ),
    ).toBe(true);
    expect(
      rule('court_letter').applies(
        facts({ openCase: { stage: 'judgment' }, claimed: ['court_letter_explained'] }),
      ),
    ).toBe(false);
  });

  it('court_letter does not apply before the court is involved', () => {
    expect(rule('court_letter').applies(facts({ openCase: { stage: 'termination' } }))).toBe(false);
    expect(rule('court_letter').applies(facts({ openCase: null }))).toBe(false);
  });

  it('every rule has an id and a German and an English text', () => {
    const ids = SUPPORT_HINT_RULES.map((candidate) => candidate.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const candidate of SUPPORT_HINT_RULES) {
      expect(candidate.text.de.length).toBeGreaterThan(0);
      expect(candidate.text.en.length).toBeGreaterThan(0);
    }
  });
});

describe('support hints: from the context', () => {
  it('counts outcome codes of every recent call as claimed', () => {
    // Prepare
    const file = aTenancyFile({ cases: [{ arrearsEur: 500, stage: 'reminder' }] });
    const calls = [
      { contactId: 'c-2', receivedAt: '2026-11-25T10:00:00.000Z' },
      {
        contactId: 'c-1',
        receivedAt: '2026-11-20T10:00:00.000Z',
        outcome: {
          codes: ['housing_allowance' as const],
          recordedAt: '2026-11-20T10:05:00.000Z',
          revision: 1,
        },
      },
    ];
    // Act
    const hints = supportHints(supportFactsOf({ tenancy: file.tenancy, openCase: file.cases[0], calls }));
    // Assess
    expect(hints.map((hint) => hint.id)).toEqual(['arrears_fund', 'instalment_plan']);
  });

  it('gives no hints about a case already closed from the hotline', () => {
    const file = aTenancyFile({ cases: [{ arrearsEur: 500, stage: 'lawsuit' }] });
    const openCase = file.cases[0];
    const hints = supportHints(
      supportFactsOf({
        tenancy: file.tenancy,
        openCase,
        caseResolution: {
          caseId: openCase?.caseId ?? '',
          tenancyId: file.tenancy.tenancyId,
          resolution: 'housing_secured',
          contactId: 'c-1',
          recordedAt: '2026-11-25T10:00:00.000Z',
        },
        calls: [],
      }),
    );
    expect(hints).toEqual([]);
  });

  it('brings the court-letter hint when the caller reported a letter on the keypad, even if an earlier call explained one', () => {
    // Prepare: no court involvement on file; an earlier call explained a letter.
    const file = aTenancyFile({ cases: [{ arrearsEur: 0, stage: 'reminder' }] });
    const calls = [
      {
        contactId: 'c-1',
        receivedAt: '2026-11-20T10:00:00.000Z',
        outcome: {
          codes: ['court_letter_explained' as const],
          recordedAt: '2026-11-20T10:05:00.000Z',
          revision: 1,
        },
      },
    ];
    // Act
    const reported = supportHints(
      supportFactsOf({ tenancy: file.tenancy, openCase: file.cases[0], calls, courtLetterReported: true }),
    );
    const silent = supportHints(supportFactsOf({ tenancy: file.tenancy, openCase: file.cases[0], calls }));
    // Assess
    expect(reported.map((hint) => hint.id)).toEqual(['court_letter']);
    expect(silent).toEqual([]);
  });

  it("drops the reported court letter's hint once this call's outcome says it was explained", () => {
    const hints = supportHints(
      supportFactsOf({
        calls: [],
        courtLetterReported: true,
        outcome: { codes: ['court_letter_explained', 'information_only'] },
      }),
    );
    expect(hints).toEqual([]);
  });

  it('answers each hint with its id and both texts', () => {
    const hints = supportHints(facts({ openCase: { arrearsEur: 100 } }));
    expect(hints[0]).toEqual({ id: 'housing_allowance', text: rule('housing_allowance').text });
  });
});

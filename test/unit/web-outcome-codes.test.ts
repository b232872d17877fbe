import { describe, expect, it } from 'vitest';
import { OUTCOME_CODES as DOMAIN_CODES } from '../../shared/domain/outcomes.ts';
import { OUTCOME_LABELS, OUTCOME_CODES as PAGE_CODES } from '../../web/outcome-codes.js';

describe('the agent page’s outcome codes', () => {
  it('are exactly the codes the agent API accepts, in the same order', () => {
    expect(PAGE_CODES).toEqual([...DOMAIN_CODES]);
  });

  it('have a German and an English label each', () => {
    for (const code of PAGE_CODES) {
      expect(OUTCOME_LABELS[code]?.de.trim()).not.toBe('');
      expect(OUTCOME_LABELS[code]?.en.trim()).not.toBe('');
    }
  });
});

import * as z from 'zod/mini';
import type { Contribution } from '../../../domain/call-metrics.ts';
import { isIsoDate } from '../../../domain/vienna-calendar.ts';

/**
 * What a call or an outcome adds to the day counters, as items store it: the call log remembers
 * its own contribution (`counted`), and a day counter item holds the sums, one attribute per counter.
 */

/** Counter names become attribute names and placeholders: letters, digits and `_` only. */
export const COUNTER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const Day = z.string().check(z.refine(isIsoDate, 'a calendar day YYYY-MM-DD'));
const Counts = z.record(z.string().check(z.regex(COUNTER_NAME)), z.number());

/** A contribution as a call log stores it: `{ day, counts }`, a map. */
export const ContributionRecord = z.object({ day: Day, counts: Counts });

export const toContributionValue = (contribution: Contribution) => ({
  day: contribution.day,
  counts: { ...contribution.counts },
});

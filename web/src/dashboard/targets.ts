/**
 * The city's targets for the figures it publishes: the one place to change them (docs/dashboard.md,
 * "Targets"). Counts are per year and shown pro rata for a period (a 30-day period's target is
 * 30/365 of the year's); rates are shares (0.75 = 75 %). The defaults are the volumes the
 * case-management team reports for a year (docs/tenancy-data.md, "The volumes"): more than 10,000
 * enquiries, about 3,700 consultations, about 835 flats secured, three in four of the cases that end.
 */
import * as z from 'zod/mini';

const Targets = z.strictObject({
  callsPerYear: z.number().check(z.nonnegative()),
  consultationsPerYear: z.number().check(z.nonnegative()),
  securedPerYear: z.number().check(z.nonnegative()),
  successRate: z.number().check(z.minimum(0), z.maximum(1)),
});
export type Targets = z.infer<typeof Targets>;

/** Checked once, when the page loads: a share above 1 or a negative count is a mistake in this file. */
export const TARGETS: Targets = Targets.parse({
  callsPerYear: 10_000,
  consultationsPerYear: 3_700,
  securedPerYear: 835,
  successRate: 0.75,
});

/** A yearly count's share for a period of `days` days, rounded to a whole number. */
export const proRata = (perYear: number, days: number): number => Math.round((perYear * days) / 365);

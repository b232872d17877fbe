// How long a period is before the dashboard first shows it by the week. The page uses it when a
// period is opened; the bench and the browser tests use it to know what the page will draw on a
// given day (this year is short from 1 January to 2 April).
import { daysBetween, isIsoDate } from '../../../shared/domain/vienna-calendar.ts';
import type { Granularity } from '../../../shared/http/metrics-api-contract.ts';

/** A period longer than a quarter is shown by the week unless asked otherwise: 52 bars, not 365. */
export const LONG_PERIOD_DAYS = 92;

/** The granularity a period is first shown at: weeks for a long one, days otherwise. */
export const defaultGranularity = (from: string, to: string): Granularity =>
  isIsoDate(from) && isIsoDate(to) && daysBetween(from, to) + 1 > LONG_PERIOD_DAYS ? 'week' : 'day';

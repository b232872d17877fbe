import * as z from 'zod/mini';
import type { RiskLevel } from '../domain/risk.ts';
import type { CaseStage } from '../domain/tenancy.ts';
import { daysBetween, type IsoDate, viennaDate } from '../domain/vienna-calendar.ts';
import type { Identification, IdentifyCallerQuery } from '../use-cases/identify-caller.ts';
import type { ContactFlowEvent, StringMap } from './contact-flow-event.ts';

/**
 * How long the flow waits for identify-caller (InvokeLambdaFunction InvocationTimeLimitSeconds).
 * The function times out a second earlier and the lookup gives up after LOOKUP_BUDGET_MS (1.5 s),
 * so a slow store costs the caller well under this and never the Error branch.
 */
export const IDENTIFY_CALLER_INVOCATION_LIMIT_SECONDS = 4;
export const IDENTIFY_CALLER_FUNCTION_TIMEOUT_SECONDS = 3;

/**
 * The contract between the contact flow and identify-caller, in one place: the parameters the
 * flow sends (`Details.Parameters`) and the flat attributes it gets back in `$.External`.
 */
export const IdentifyCallerParameters = z.object({
  /** `phone` (default): by the caller's number; `tenancy`: by the tenancy number keyed in. */
  lookup: z._default(z.enum(['phone', 'tenancy']), 'phone'),
  /** The keypad input, passed by the flow as `$.StoredCustomerInput`. */
  tenancyNumber: z.optional(z.string()),
  /**
   * `true` when the caller pressed 1 for "I hold a court letter or an eviction date". Connect writes
   * booleans as `True`/`False` (CONNECT.md §1), so the case does not matter.
   */
  courtLetter: z.optional(
    z
      .pipe(
        z.string(),
        z.transform((value) => value.toLowerCase()),
      )
      .check(z.refine((value) => value === 'true' || value === 'false', 'must be true or false')),
  ),
});

/** Every key is always present: Compare cannot test for a missing value (CONNECT.md §1). */
export const IDENTIFY_CALLER_KEYS = [
  'lookupStatus',
  'identifiedBy',
  'matchCount',
  'tenancyId',
  'caseId',
  'caseStage',
  'riskLevel',
  'riskReasons',
  'preferredLanguage',
  'summary',
] as const;
export type IdentifyCallerAttributes = Record<(typeof IDENTIFY_CALLER_KEYS)[number], string>;

/** What the flow gets when the event itself cannot be read or anything unexpected fails. */
export const FALLBACK_ATTRIBUTES: IdentifyCallerAttributes = Object.freeze({
  lookupStatus: 'unavailable',
  identifiedBy: 'none',
  matchCount: '0',
  tenancyId: '',
  caseId: '',
  caseStage: '',
  riskLevel: 'normal' satisfies RiskLevel,
  riskReasons: '',
  preferredLanguage: 'de',
  summary: 'Abfrage nicht möglich',
});

export const toQuery = (
  event: ContactFlowEvent,
  parameters: z.infer<typeof IdentifyCallerParameters>,
): IdentifyCallerQuery => {
  const contact = event.Details.ContactData;
  return {
    contactId: contact.ContactId,
    initialContactId: contact.InitialContactId || contact.ContactId,
    channel: contact.Channel,
    mode: parameters.lookup,
    callerNumber: contact.CustomerEndpoint?.Address ?? undefined,
    keyedTenancyNumber: parameters.tenancyNumber,
    courtLetterReported: parameters.courtLetter === 'true',
  };
};

const STAGE_DE: Record<CaseStage, string> = {
  arrears: 'Mietrückstand',
  reminder: 'Mahnung',
  termination: 'Kündigung',
  lawsuit: 'Räumungsklage',
  judgment: 'Räumungsurteil',
  eviction_scheduled: 'Räumungstermin festgesetzt',
};

/** `€ 1.234`, as de-AT writes whole euros; by hand, to keep ICU out of the Lambda's cold start. */
const euros = (amount: number): string =>
  `€ ${Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;

const inDays = (today: IsoDate, date: IsoDate): string => {
  const days = daysBetween(today, date);
  if (days === 0) return 'heute';
  if (days === 1) return 'morgen';
  return days > 0 ? `in ${days} Tagen` : `vor ${-days} Tagen`;
};

/**
 * A one-line German summary for the agent's screen. Case facts only: no name, address or number,
 * because contact attributes are kept in Connect's contact records.
 */
export const agentSummary = (identification: Identification): string => {
  const { status, openCase, matchCount } = identification;
  if (status === 'ambiguous') return `Nummer gehört zu ${matchCount} Mietverhältnissen`;
  if (status === 'not_found') return 'Nicht im Bestand gefunden';
  if (status === 'anonymous') return 'Rufnummer unterdrückt';
  if (status === 'invalid_input') return 'Eingabe ungültig';
  if (status === 'unavailable') return 'Abfrage nicht möglich';
  if (!openCase) return 'Mietverhältnis ohne offenen Fall';
  const today = viennaDate(identification.at);
  const parts = [
    `Offener Fall: ${STAGE_DE[openCase.stage]}`,
    `Rückstand ${euros(openCase.arrearsEur)} (${openCase.monthsInArrears} Mon.)`,
  ];
  if (openCase.courtHearingDate) parts.push(`Verhandlung ${inDays(today, openCase.courtHearingDate)}`);
  if (openCase.evictionDate) parts.push(`Räumung ${inDays(today, openCase.evictionDate)}`);
  return parts.join(' · ');
};

export const toAttributes = (identification: Identification): StringMap & IdentifyCallerAttributes => {
  const { file, openCase, risk, status, mode } = identification;
  return {
    lookupStatus: status,
    identifiedBy: status === 'found' ? (mode === 'phone' ? 'phone' : 'keypad') : 'none',
    matchCount: String(identification.matchCount),
    tenancyId: file?.tenancy.tenancyId ?? '',
    caseId: openCase?.caseId ?? '',
    caseStage: openCase?.stage ?? '',
    riskLevel: risk.level,
    riskReasons: risk.reasons.join(','),
    preferredLanguage: file?.tenancy.preferredLanguage ?? 'de',
    summary: agentSummary(identification),
  };
};

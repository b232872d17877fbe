import * as z from 'zod/mini';
import type { RiskLevel } from '../domain/risk.ts';
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
   * booleans as `True`/`False` (docs/amazon-connect.md, "The flow language"), so the case does not matter.
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

/**
 * Every key is always present: Compare cannot test for a missing value (docs/amazon-connect.md, "The flow language").
 *
 * The flow stores each key as a contact attribute, and Connect keeps those with the contact record
 * for 24 months, beyond anything we can delete (docs/privacy.md). So they carry ids, status and
 * the risk level the flow routes on, and nothing of the case: no stage, no risk reasons, no
 * amounts, dates, names or addresses. The agent page reads the case from the agent API.
 */
export const IDENTIFY_CALLER_KEYS = [
  'lookupStatus',
  'identifiedBy',
  'matchCount',
  'tenancyId',
  'caseId',
  'riskLevel',
  'preferredLanguage',
] as const;
export type IdentifyCallerAttributes = Record<(typeof IDENTIFY_CALLER_KEYS)[number], string>;

/** What the flow gets when the event itself cannot be read or anything unexpected fails. */
export const FALLBACK_ATTRIBUTES: IdentifyCallerAttributes = Object.freeze({
  lookupStatus: 'unavailable',
  identifiedBy: 'none',
  matchCount: '0',
  tenancyId: '',
  caseId: '',
  riskLevel: 'normal' satisfies RiskLevel,
  preferredLanguage: 'de',
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

export const toAttributes = (identification: Identification): StringMap & IdentifyCallerAttributes => {
  const { file, openCase, risk, status, mode } = identification;
  return {
    lookupStatus: status,
    identifiedBy: status === 'found' ? (mode === 'phone' ? 'phone' : 'keypad') : 'none',
    matchCount: String(identification.matchCount),
    tenancyId: file?.tenancy.tenancyId ?? '',
    caseId: openCase?.caseId ?? '',
    riskLevel: risk.level,
    preferredLanguage: file?.tenancy.preferredLanguage ?? 'de',
  };
};

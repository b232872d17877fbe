// zod/mini: the agent API Lambda parses every body with these schemas.
import * as z from 'zod/mini';
import { type CallTimeline, callResultOf } from '../domain/call-timeline.ts';
import { AgentCaseResolution, OutcomeCode, type RecordedOutcome } from '../domain/outcomes.ts';
import { type ListedTenancy, TenancyIdSchema } from '../domain/tenancy.ts';
import type { DeskContext } from '../use-cases/agent-desk.ts';
import type { FindCandidatesResult } from '../use-cases/find-candidates.ts';
import type { RecordOutcomeResult } from '../use-cases/record-outcome.ts';

/**
 * The agent API's contract in one place: routes, the group that may call it, the outcome body, and
 * the JSON it answers. The agent page (next) and the CDK routes are built against this module.
 *
 * - `GET  /api/contacts/{contactId}/context`  → 200 ContextResponse
 * - `POST /api/contacts/{contactId}/outcomes` → 200 OutcomeResponse (a repeat answers the same)
 * - `PUT  /api/contacts/{contactId}/tenancy`  → 200 ContextResponse: attaches the tenancy the caller
 *   named to a call whose caller was not found (AttachTenancyBody); 404 for an unknown tenancy, 409
 *   when the caller's own number or tenancy number found another one; a repeat answers the same.
 * - `POST /api/contacts/{contactId}/candidates` → 200 CandidatesResponse: the tenancies a caller the
 *   flow did not find may be, by name and postal code (FindCandidatesBody; POST, so that a name is
 *   never part of a URL and its access logs); 409 when the flow identified the caller already.
 *
 * `{contactId}` is the call's initial contact id (the key identify-caller logs the call under;
 * Connect Streams: `contact.getInitialContactId()`, which equals the contact id without transfers).
 * Errors: 400 `{message, fields}` (field paths, never values), 401, 403, 404, 405, 409, 500 `{message}`.
 */
export const AGENT_GROUP = 'agents';

/** Each route's name is the last segment of its path. */
export const ROUTE_KEYS = {
  context: 'GET /api/contacts/{contactId}/context',
  outcomes: 'POST /api/contacts/{contactId}/outcomes',
  tenancy: 'PUT /api/contacts/{contactId}/tenancy',
  candidates: 'POST /api/contacts/{contactId}/candidates',
  identity: 'POST /api/contacts/{contactId}/identity',
} as const;
export type RouteName = keyof typeof ROUTE_KEYS;
export const ROUTE_NAMES = Object.keys(ROUTE_KEYS) as RouteName[];
export const isRouteName = (segment: string): segment is RouteName => Object.hasOwn(ROUTE_KEYS, segment);
/** The HTTP method of a route, from its key. */
export const routeMethod = (name: RouteName): string => ROUTE_KEYS[name].split(' ')[0] ?? '';

/** Connect contact ids are UUIDs; anything of this shape is looked up, anything else is a 400. */
export const CONTACT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

export const NOTE_MAX_LENGTH = 500;

const instant = () => z.iso.datetime({ offset: true });

const FollowUpBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('consultation'), at: instant() }),
  z.strictObject({ kind: z.literal('callback'), at: z.optional(instant()) }),
]);

export const RecordOutcomeBody = z.strictObject({
  codes: z.array(OutcomeCode).check(
    z.minLength(1),
    z.refine((codes) => new Set(codes).size === codes.length, 'must not repeat a code'),
  ),
  /** Trimmed; at most 500 characters. */
  note: z.optional(z.string().check(z.trim(), z.maxLength(NOTE_MAX_LENGTH))),
  /**
   * One act with its code (FOLLOW_UP_CODES): a consultation needs `appointment_booked` and lies
   * inside the opening hours, a callback needs `callback_needed`; a time lies ahead, within
   * FOLLOW_UP_HORIZON_DAYS (checked by the use case, with the clock).
   */
  followUp: z.optional(FollowUpBody),
  /** Only when the caller's tenancy has an open case. */
  caseResolution: z.optional(AgentCaseResolution),
  /** Chosen by the page per submission; a retry sends the same one. */
  requestId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,64}$/))),
  /** The revision being corrected (0: none yet); if another was stored meanwhile, 409. */
  expectedRevision: z.optional(z.int().check(z.minimum(0))),
});
export type RecordOutcomeBody = z.infer<typeof RecordOutcomeBody>;

/** The tenancy an agent identified for the call: the tenancy number the caller told them. */
export const AttachTenancyBody = z.strictObject({ tenancyId: TenancyIdSchema });
export type AttachTenancyBody = z.infer<typeof AttachTenancyBody>;

/** What a caller says to be found by: their name (any of its words), postal code, and street if need be. */
export const FindCandidatesBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(100)),
  postalCode: z.string().check(z.regex(/^\d{4}$/)),
  street: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
});
export type FindCandidatesBody = z.infer<typeof FindCandidatesBody>;

/** A tenancy the caller may be, as the agent reads it out to tell them apart. */
const candidateView = (candidate: ListedTenancy) => ({
  tenancyId: candidate.tenancyId,
  tenantName: candidate.tenantName,
  address: candidate.address,
  postalCode: candidate.postalCode,
});

/** The answer of a search: `tooMany` asks for more of the name, `more` for the street. */
export const toCandidatesResponse = (result: FindCandidatesResult) =>
  result.kind === 'too_many'
    ? { candidates: [], more: false, tooMany: true }
    : { candidates: result.candidates.map(candidateView), more: result.more, tooMany: false };

export interface OutcomeView {
  readonly revision: number;
  readonly codes: readonly string[];
  readonly note: string | null;
  readonly followUp: { readonly kind: string; readonly at: string | null } | null;
  readonly caseResolution: string | null;
  readonly recordedAt: string;
}

const outcomeView = (outcome: RecordedOutcome): OutcomeView => ({
  revision: outcome.revision,
  codes: outcome.codes,
  note: outcome.note ?? null,
  followUp: outcome.followUp ? { kind: outcome.followUp.kind, at: outcome.followUp.at ?? null } : null,
  caseResolution: outcome.caseResolution ?? null,
  recordedAt: outcome.recordedAt,
});

const instantOrNull = (at: Date | undefined): string | null => at?.toISOString() ?? null;

/**
 * What the call log knows of a call's course, from Amazon Connect's contact events: `result`
 * (call-timeline.ts CALL_RESULTS) says what came of it; `afterHours` is null until the initiation is
 * reported, `queue` is `urgent`, `general`, `callback` (a full queue's callback) or another queue's id.
 */
const callCourse = (timeline: CallTimeline) => ({
  result: callResultOf(timeline),
  afterHours: timeline.afterHours ?? null,
  queue: timeline.queue ?? null,
  queuedAt: instantOrNull(timeline.queuedAt),
  answeredAt: instantOrNull(timeline.answeredAt),
  disconnectedAt: instantOrNull(timeline.disconnectedAt),
  disconnectReason: timeline.disconnectReason ?? null,
  waitSeconds: timeline.waitSeconds ?? null,
  handleSeconds: timeline.handleSeconds ?? null,
});

/** The caller context as JSON: absent facts are `null`, so the page has one shape to render. */
/**
 * The header the agent page names the contact it holds by, when that is not the call's initial
 * contact (a transferred call): the agent API asks Connect about that one.
 */
export const HELD_CONTACT_HEADER = 'x-connect-contact-id';

/**
 * The context as the agent page gets it. While `withheld` (the caller's identity not yet confirmed)
 * it keeps who the caller seems to be, how they were identified and the risk with its reasons, and
 * leaves out the address and household, the case's facts, earlier calls and the support hints
 * (which tell of the case): what a stranger with a spoofed number or a guessed tenancy number must
 * not hear read out.
 */
export const toContextResponse = ({ context, withheld }: DeskContext) => {
  const { tenancy, openCase, caseResolution } = withheld
    ? { tenancy: context.tenancy, openCase: undefined, caseResolution: undefined }
    : context;
  const shownCalls = withheld ? [] : context.calls;
  return {
    contactId: context.contactId,
    receivedAt: context.receivedAt ?? null,
    identification: context.identification,
    /** When `ambiguous`: who the caller may be, for the agent to ask name and address. */
    candidates: (context.candidates ?? []).map(candidateView),
    identity: {
      confirmed: context.identityConfirmed !== undefined,
      confirmedAt: context.identityConfirmed?.at ?? null,
      withheld,
    },
    tenancy: tenancy
      ? {
          tenancyId: tenancy.tenancyId,
          tenantName: tenancy.tenantName,
          address: withheld ? null : tenancy.address,
          postalCode: withheld ? null : tenancy.postalCode,
          householdSize: withheld ? null : tenancy.householdSize,
          children: withheld ? null : tenancy.children,
          preferredLanguage: tenancy.preferredLanguage,
        }
      : null,
    openCase: openCase
      ? {
          caseId: openCase.caseId,
          stage: openCase.stage,
          arrearsEur: openCase.arrearsEur,
          monthsInArrears: openCase.monthsInArrears,
          courtHearingDate: openCase.courtHearingDate ?? null,
          evictionDate: openCase.evictionDate ?? null,
          caseWorker: openCase.caseWorker,
          openedOn: openCase.openedOn,
          resolution: caseResolution
            ? { resolution: caseResolution.resolution, recordedAt: caseResolution.recordedAt }
            : null,
        }
      : null,
    risk: { level: context.risk.level, reasons: context.risk.reasons },
    calls: shownCalls.map((call) => ({
      contactId: call.contactId,
      receivedAt: call.receivedAt,
      current: call.contactId === context.contactId,
      ...callCourse(call.timeline),
      outcome: call.outcome
        ? {
            revision: call.outcome.revision,
            codes: call.outcome.codes,
            note: call.outcome.note ?? null,
            caseResolution: call.outcome.caseResolution ?? null,
            recordedAt: call.outcome.recordedAt,
          }
        : null,
    })),
    outcome: context.outcome ? outcomeView(context.outcome) : null,
    hints: withheld ? [] : context.hints.map((hint) => ({ id: hint.id, text: hint.text })),
  };
};
export type ContextResponse = ReturnType<typeof toContextResponse>;
export type CandidatesResponse = ReturnType<typeof toCandidatesResponse>;

export const toOutcomeResponse = (contactId: string, result: RecordOutcomeResult) => ({
  contactId,
  outcome: outcomeView(result.outcome),
  contactAttributes: result.contactAttributes,
});
export type OutcomeResponse = ReturnType<typeof toOutcomeResponse>;

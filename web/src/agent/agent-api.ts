/**
 * The agent API as the page calls it (shared/http/agent-api-contract.ts): each answer is parsed
 * here, at the page's edge, with a schema the compiler holds to the contract's own type, so a
 * change of the contract that the page does not follow fails to compile.
 */
import * as z from 'zod/mini';
import {
  type CandidatesResponse,
  type ContextResponse,
  HELD_CONTACT_HEADER,
  type OutcomeResponse,
  ROUTE_KEYS,
} from '../../../shared/http/agent-api-contract.ts';
import { pathOf } from '../shell/routes.ts';

const nullable = <T extends z.core.SomeType>(schema: T) => z.nullable(schema);

const OutcomeView = z.object({
  revision: z.number(),
  codes: z.array(z.string()),
  note: nullable(z.string()),
  followUp: nullable(z.object({ kind: z.string(), at: nullable(z.string()) })),
  caseResolution: nullable(z.string()),
  recordedAt: z.string(),
});

/** A tenancy the caller may be (a shared number's, or one found by name). */
const CandidateAnswer = z.object({
  tenancyId: z.string(),
  tenantName: z.string(),
  address: z.string(),
  postalCode: z.string(),
});
export type CandidateAnswer = z.infer<typeof CandidateAnswer>;

export const ContextAnswer = z.object({
  contactId: z.string(),
  receivedAt: nullable(z.string()),
  identification: z.object({
    status: z.enum(['found', 'ambiguous', 'not_found', 'no_number']),
    method: z.enum(['keypad', 'phone', 'agent', 'none']),
    matchCount: z.number(),
  }),
  identity: z.object({ confirmed: z.boolean(), confirmedAt: nullable(z.string()), withheld: z.boolean() }),
  candidates: z.array(CandidateAnswer),
  /** The address and household are null while the file is withheld (identity not yet confirmed). */
  tenancy: nullable(
    z.object({
      tenancyId: z.string(),
      tenantName: z.string(),
      address: nullable(z.string()),
      postalCode: nullable(z.string()),
      householdSize: nullable(z.number()),
      children: nullable(z.number()),
      preferredLanguage: z.string(),
    }),
  ),
  openCase: nullable(
    z.object({
      caseId: z.string(),
      stage: z.enum(['arrears', 'reminder', 'termination', 'lawsuit', 'judgment', 'eviction_scheduled']),
      arrearsEur: z.number(),
      monthsInArrears: z.number(),
      courtHearingDate: nullable(z.string()),
      evictionDate: nullable(z.string()),
      caseWorker: z.string(),
      openedOn: z.string(),
      resolution: nullable(z.object({ resolution: z.string(), recordedAt: z.string() })),
    }),
  ),
  risk: z.object({
    level: z.enum(['critical', 'high', 'normal']),
    reasons: z.array(
      z.enum([
        'eviction_imminent',
        'court_hearing_imminent',
        'advanced_stage',
        'arrears_months',
        'court_letter_reported',
      ]),
    ),
  }),
  calls: z.array(
    z.object({
      contactId: z.string(),
      receivedAt: z.string(),
      current: z.boolean(),
      result: z.enum(['in_progress', 'answered', 'abandoned', 'not_queued']),
      afterHours: nullable(z.boolean()),
      queue: nullable(z.string()),
      queuedAt: nullable(z.string()),
      answeredAt: nullable(z.string()),
      disconnectedAt: nullable(z.string()),
      disconnectReason: nullable(z.string()),
      waitSeconds: nullable(z.number()),
      handleSeconds: nullable(z.number()),
      outcome: nullable(
        z.object({
          revision: z.number(),
          codes: z.array(z.string()),
          note: nullable(z.string()),
          caseResolution: nullable(z.string()),
          recordedAt: z.string(),
        }),
      ),
    }),
  ),
  outcome: nullable(OutcomeView),
  hints: z.array(z.object({ id: z.string(), text: z.object({ de: z.string(), en: z.string() }) })),
});
export type ContextAnswer = z.infer<typeof ContextAnswer>;

export const CandidatesAnswer = z.object({
  candidates: z.array(CandidateAnswer),
  more: z.boolean(),
  tooMany: z.boolean(),
});

export const OutcomeAnswer = z.object({ contactId: z.string(), outcome: OutcomeView });
const ValidationAnswer = z.object({ fields: z.optional(z.array(z.string())) });

/**
 * Fails to compile when the contract's answers no longer fit the page's schemas: a field removed,
 * renamed or of another type (the contract's branded ids and dates are strings on the wire).
 */
type Writable<T> = T extends string | number | boolean
  ? T
  : T extends readonly (infer U)[]
    ? Writable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Writable<T[K]> }
      : T;
type Fits<A, B> = [Writable<A>] extends [B] ? true : false;
const contextFitsContract: Fits<ContextResponse, ContextAnswer> = true;
const outcomeFitsContract: Fits<OutcomeResponse, z.infer<typeof OutcomeAnswer>> = true;
const candidatesFitContract: Fits<CandidatesResponse, z.infer<typeof CandidatesAnswer>> = true;
void contextFitsContract;
void candidatesFitContract;
void outcomeFitsContract;

const contactPath = (routeKey: string, contactId: string): string => pathOf(routeKey, { contactId });

export type Api = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * The API as the agent of a transferred call uses it: every request names the contact they hold
 * (HELD_CONTACT_HEADER), which the agent API checks belongs to the call and admits them by. Without
 * a held contact, `api` itself.
 */
export const holdingContact =
  (api: Api, heldContactId: string | undefined): Api =>
  (path, init) => {
    if (heldContactId === undefined) return api(path, init);
    const headers = new Headers(init?.headers);
    headers.set(HELD_CONTACT_HEADER, heldContactId);
    return api(path, { ...init, headers });
  };

/** Why the API refused a contact (shared/domain/contact-access.ts), for the page to say what to do. */
const RefusalAnswer = z.object({ reason: z.optional(z.string()) });

export type ContextResult =
  | { readonly kind: 'ok'; readonly context: ContextAnswer }
  | { readonly kind: 'forbidden'; readonly reason: string | undefined }
  | { readonly kind: 'not_found' | 'failed' };

/** Reads an answer with a context in it: the same for a read, an identity confirmation and an attach. */
const contextResult = async (response: Response): Promise<ContextResult> => {
  if (response.status === 404) return { kind: 'not_found' };
  const answer: unknown = await response.json().catch(() => null);
  if (response.status === 403)
    return { kind: 'forbidden', reason: RefusalAnswer.safeParse(answer).data?.reason };
  if (!response.ok) return { kind: 'failed' };
  const parsed = ContextAnswer.safeParse(answer);
  return parsed.success ? { kind: 'ok', context: parsed.data } : { kind: 'failed' };
};

export const fetchContext = async (api: Api, contactId: string): Promise<ContextResult> =>
  contextResult(await api(contactPath(ROUTE_KEYS.context, contactId)));

/** The agent checked who is calling: recorded and audited; the answer is the whole file. */
export const confirmIdentity = async (api: Api, contactId: string): Promise<ContextResult> =>
  contextResult(
    await api(contactPath(ROUTE_KEYS.identity, contactId), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
  );

export type SaveResult =
  | { readonly kind: 'saved'; readonly outcome: z.infer<typeof OutcomeView> }
  | { readonly kind: 'invalid'; readonly fields: readonly string[] }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'forbidden'; readonly reason: string | undefined }
  | { readonly kind: 'failed' };

export const saveOutcome = async (api: Api, contactId: string, body: unknown): Promise<SaveResult> => {
  const response = await api(contactPath(ROUTE_KEYS.outcomes, contactId), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (response.status === 400)
    return { kind: 'invalid', fields: ValidationAnswer.safeParse(answer).data?.fields ?? [] };
  if (response.status === 409) return { kind: 'conflict' };
  if (response.status === 403)
    return { kind: 'forbidden', reason: RefusalAnswer.safeParse(answer).data?.reason };
  const parsed = OutcomeAnswer.safeParse(answer);
  return response.ok && parsed.success ? { kind: 'saved', outcome: parsed.data.outcome } : { kind: 'failed' };
};

export type AttachResult =
  | { readonly kind: 'ok'; readonly context: ContextAnswer }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'failed' };

/** Attaches the tenancy the agent identified (by the caller's tenancy number) to the call. */
export const attachTenancy = async (
  api: Api,
  contactId: string,
  tenancyId: string,
): Promise<AttachResult> => {
  const response = await api(contactPath(ROUTE_KEYS.tenancy, contactId), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenancyId }),
  });
  if (response.status === 400) return { kind: 'invalid' };
  if (response.status === 404) return { kind: 'not_found' };
  if (response.status === 409) return { kind: 'conflict' };
  const parsed = ContextAnswer.safeParse(await response.json().catch(() => null));
  return response.ok && parsed.success ? { kind: 'ok', context: parsed.data } : { kind: 'failed' };
};

export type CandidatesResult =
  | { readonly kind: 'ok'; readonly answer: z.infer<typeof CandidatesAnswer> }
  | { readonly kind: 'invalid' | 'conflict' | 'failed' };

/** The tenancies a caller the flow did not find may be, by the name, postal code and street they give. */
export const findCandidates = async (
  api: Api,
  contactId: string,
  search: { readonly name: string; readonly postalCode: string; readonly street?: string | undefined },
): Promise<CandidatesResult> => {
  const response = await api(contactPath(ROUTE_KEYS.candidates, contactId), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(search),
  });
  if (response.status === 400) return { kind: 'invalid' };
  if (response.status === 409) return { kind: 'conflict' };
  const parsed = CandidatesAnswer.safeParse(await response.json().catch(() => null));
  return response.ok && parsed.success ? { kind: 'ok', answer: parsed.data } : { kind: 'failed' };
};

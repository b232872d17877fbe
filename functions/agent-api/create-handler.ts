import * as z from 'zod/mini';
import { SUPERVISOR_GROUP } from '../../shared/domain/contact-access.ts';
import {
  AccessRefusedError,
  CaseAlreadyResolvedError,
  ContactNotFoundError,
  InvalidOutcomeError,
  InvalidSearchError,
  StaleOutcomeError,
  TenancyConflictError,
  TenancyNotFoundError,
} from '../../shared/domain/errors.ts';
import {
  AGENT_GROUP,
  AttachTenancyBody,
  CONTACT_ID_PATTERN,
  FindCandidatesBody,
  HELD_CONTACT_HEADER,
  isRouteName,
  RecordOutcomeBody,
  ROUTE_KEYS,
  type RouteName,
  routeMethod,
  toCandidatesResponse,
  toContextResponse,
  toOutcomeResponse,
} from '../../shared/http/agent-api-contract.ts';
import {
  admit,
  type HttpApiEvent,
  type HttpResult,
  json,
  parseBody,
} from '../../shared/http/http-api-event.ts';
import { logger } from '../../shared/observability/logger.ts';
import {
  countMetric,
  type HandlerMetrics,
  METRIC_NAMES,
  METRICS_SERVICES,
  metricsFor,
} from '../../shared/observability/metrics.ts';
import type { AgentDesk, DeskRequest } from '../../shared/use-cases/agent-desk.ts';

/** The agent API's use cases, each for one signed-in user (shared/use-cases/agent-desk.ts). */
export type AgentApiUseCases = Pick<
  AgentDesk,
  'context' | 'confirmIdentity' | 'attachTenancy' | 'findCandidates' | 'recordOutcome'
>;

/** The identity confirmation carries nothing but the click: an empty JSON object. */
const ConfirmIdentityBody = z.strictObject({});

/** Matched on the path's end, so the same function serves explicit routes, `$default` and named stages. */
const PATH = /\/contacts\/([^/]+)\/([^/]+)$/;

type Match =
  | { readonly kind: 'route'; readonly name: RouteName; readonly contactId: string | undefined }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'method_not_allowed' };

const decoded = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // a malformed escape is a bad contact id, answered as such
  }
};

const matchRoute = (event: HttpApiEvent): Match => {
  const match = PATH.exec(event.rawPath);
  const name = match?.[2];
  if (!match?.[1] || name === undefined || !isRouteName(name)) return { kind: 'not_found' };
  if (event.requestContext.http.method.toUpperCase() !== routeMethod(name))
    return { kind: 'method_not_allowed' };
  return { kind: 'route', name, contactId: event.pathParameters?.contactId ?? decoded(match[1]) };
};

const invalid = (fields: readonly string[], contactId?: string): HttpResult => {
  logger.warn('invalid agent api request', { contactId, fields });
  return json(400, { message: 'invalid request', fields });
};

/** Every error becomes a response here, once: details go to the log, the answer stays generic. */
const toErrorResult = (error: unknown, contactId: string): HttpResult => {
  if (error instanceof InvalidOutcomeError || error instanceof InvalidSearchError)
    return invalid(error.fields, contactId);
  // The reason says what to do (ask a supervisor, have the mapping set); no data of the contact.
  if (error instanceof AccessRefusedError) {
    return json(403, { message: 'not your contact', reason: error.reason });
  }
  if (error instanceof ContactNotFoundError) return json(404, { message: 'contact not found' });
  if (error instanceof TenancyNotFoundError) return json(404, { message: 'tenancy not found' });
  if (error instanceof TenancyConflictError) {
    return json(409, { message: 'the call is attached to another tenancy' });
  }
  if (error instanceof StaleOutcomeError) {
    return json(409, { message: 'the outcome was changed meanwhile: reload it and try again' });
  }
  if (error instanceof CaseAlreadyResolvedError) {
    return json(409, { message: 'the case was already resolved from another call' });
  }
  logger.error('agent api request failed', { contactId, error });
  return json(500, { message: 'internal error' });
};

/**
 * The agent API: parse, authorise, call one use case, map. The group check repeats what the API
 * Gateway authoriser enforces (defence in depth), and is what protects the local server.
 */
export const createAgentApiHandler =
  (useCases: AgentApiUseCases, metrics: HandlerMetrics = metricsFor(METRICS_SERVICES.agentApi)) =>
  async (event: unknown): Promise<HttpResult> => {
    // Powertools' ColdStart metric: on the environment's first invocation only, at once.
    metrics.captureColdStartMetric();
    const admitted = admit(event, [AGENT_GROUP, SUPERVISOR_GROUP], 'agent', 'for agents only');
    if (!admitted.ok) return admitted.result;
    const { request, user } = admitted;
    const route = matchRoute(request);
    if (route.kind === 'not_found') return json(404, { message: 'not found' });
    if (route.kind === 'method_not_allowed') return json(405, { message: 'method not allowed' });
    const { contactId } = route;
    if (contactId === undefined || !CONTACT_ID_PATTERN.test(contactId)) return invalid(['contactId']);

    const held = request.headers?.[HELD_CONTACT_HEADER];
    if (held !== undefined && !CONTACT_ID_PATTERN.test(held)) return invalid([HELD_CONTACT_HEADER]);
    const desk: DeskRequest = {
      actor: { subject: user.sub, groups: user.groups, connectUserId: user.connectUserId },
      route: ROUTE_KEYS[route.name],
      contactId,
      heldContactId: held,
    };

    // contactId goes on each line, not appended to the shared logger: overlapping requests (the
    // local server runs many at once) would otherwise label each other's lines.
    try {
      if (route.name === 'context') {
        return json(200, toContextResponse(await useCases.context(desk)));
      }
      if (route.name === 'identity') {
        const confirm = parseBody(request, ConfirmIdentityBody);
        if (!confirm.ok) return invalid(confirm.fields, contactId);
        return json(200, toContextResponse(await useCases.confirmIdentity(desk)));
      }
      if (route.name === 'tenancy') {
        const attach = parseBody(request, AttachTenancyBody);
        if (!attach.ok) return invalid(attach.fields, contactId);
        return json(200, toContextResponse(await useCases.attachTenancy(desk, attach.body.tenancyId)));
      }
      if (route.name === 'candidates') {
        const search = parseBody(request, FindCandidatesBody);
        if (!search.ok) return invalid(search.fields, contactId);
        return json(200, toCandidatesResponse(await useCases.findCandidates(desk, search.body)));
      }
      const body = parseBody(request, RecordOutcomeBody);
      if (!body.ok) return invalid(body.fields, contactId);
      const { requestId, expectedRevision, ...outcome } = body.body;
      const result = await useCases.recordOutcome(desk, { outcome, requestId, expectedRevision });
      // EMF: outcomes written; a repeated request that wrote nothing is not counted again.
      if (result.written) {
        countMetric(metrics, METRIC_NAMES.outcomeRecorded);
        metrics.publishStoredMetrics();
      }
      return json(200, toOutcomeResponse(contactId, result));
    } catch (error) {
      return toErrorResult(error, contactId);
    }
  };

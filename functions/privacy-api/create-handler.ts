import {
  admit,
  fieldPaths,
  type HttpApiEvent,
  type HttpResult,
  json,
  parseBody,
} from '../../shared/http/http-api-event.ts';
import {
  AuditQuery,
  ErasureBody,
  PRIVACY_GROUP,
  PRIVACY_ROUTE_KEYS,
  type PrivacyRouteName,
  startOfViennaDay,
  TenancyParameter,
} from '../../shared/http/privacy-api-contract.ts';
import { logger } from '../../shared/observability/logger.ts';
import type { PrivacyDesk, PrivacyRequest } from '../../shared/use-cases/privacy-desk.ts';

export type PrivacyApiUseCases = Pick<PrivacyDesk, 'exportData' | 'erase' | 'readAudit'>;

/** Matched on the path's end, so the same function serves explicit routes, `$default` and named stages. */
const PATH = /\/privacy\/tenancies\/([^/]+)(?:\/(erasure|audit))?$/;

const ROUTE_OF_SEGMENT: Readonly<Record<string, PrivacyRouteName>> = {
  '': 'export',
  erasure: 'erasure',
  audit: 'audit',
};

const invalid = (fields: readonly string[]): HttpResult => {
  logger.warn('invalid privacy api request', { fields });
  return json(400, { message: 'invalid request', fields });
};

const methodOf = (name: PrivacyRouteName): string => PRIVACY_ROUTE_KEYS[name].split(' ')[0] ?? 'GET';

type Match =
  | { readonly ok: true; readonly name: PrivacyRouteName; readonly tenancyId: string }
  | { readonly ok: false; readonly result: HttpResult };

const matchRoute = (event: HttpApiEvent): Match => {
  const match = PATH.exec(event.rawPath);
  const name = match ? ROUTE_OF_SEGMENT[match[2] ?? ''] : undefined;
  if (!match?.[1] || name === undefined) return { ok: false, result: json(404, { message: 'not found' }) };
  if (event.requestContext.http.method.toUpperCase() !== methodOf(name)) {
    return { ok: false, result: json(405, { message: 'method not allowed' }) };
  }
  return { ok: true, name, tenancyId: event.pathParameters?.tenancyId ?? match[1] };
};

/** The query string as AuditQuery sees it; a parameter given twice is a mistake, not a choice. */
const parseAuditQuery = (rawQueryString: string | undefined) => {
  const params = new URLSearchParams(rawQueryString ?? '');
  const repeated = [...new Set([...params.keys()].filter((key) => params.getAll(key).length > 1))];
  if (repeated.length > 0) return { ok: false as const, fields: repeated };
  const parsed = AuditQuery.safeParse(Object.fromEntries(params));
  return parsed.success
    ? { ok: true as const, query: parsed.data }
    : { ok: false as const, fields: fieldPaths(parsed.error) };
};

/**
 * The privacy API: parse, authorise (the `privacy` group only: the data-protection office, not the
 * agents or supervisors who work the calls), call one use case, map. Errors become a response here,
 * once; the log names the route, never the tenancy's data.
 */
export const createPrivacyApiHandler =
  (useCases: PrivacyApiUseCases) =>
  async (event: unknown): Promise<HttpResult> => {
    const admitted = admit(event, PRIVACY_GROUP, 'privacy', 'for the privacy office only');
    if (!admitted.ok) return admitted.result;
    const { request: http, user } = admitted;
    const route = matchRoute(http);
    if (!route.ok) return route.result;
    const parameter = TenancyParameter.safeParse({ tenancyId: route.tenancyId });
    if (!parameter.success) return invalid(['tenancyId']);
    const request: PrivacyRequest = {
      actor: { subject: user.sub, groups: user.groups },
      route: PRIVACY_ROUTE_KEYS[route.name],
      tenancyId: parameter.data.tenancyId,
    };
    try {
      if (route.name === 'export') return json(200, await useCases.exportData(request));
      if (route.name === 'erasure') {
        const body = parseBody(http, ErasureBody);
        if (!body.ok) return invalid(body.fields);
        return json(200, await useCases.erase(request));
      }
      const query = parseAuditQuery(http.rawQueryString);
      if (!query.ok) return invalid(query.fields);
      const from = query.query.from === undefined ? undefined : startOfViennaDay(query.query.from);
      return json(200, await useCases.readAudit({ ...request, from }));
    } catch (error) {
      logger.error('privacy api request failed', { error, route: route.name });
      return json(500, { message: 'internal error' });
    }
  };

import { admit, fieldPaths, type HttpResult, json } from '../../shared/http/http-api-event.ts';
import {
  type LiveQueueReport,
  MANAGER_GROUP,
  MetricsQuery,
  type MetricsReport,
  toMetricsCsv,
} from '../../shared/http/metrics-api-contract.ts';
import { logger } from '../../shared/observability/logger.ts';

export interface MetricsApiUseCases {
  readonly getMetrics: (query: MetricsQuery) => Promise<MetricsReport>;
  readonly liveQueue: () => Promise<LiveQueueReport>;
}

/** Matched on the path's end, so the same function serves explicit routes, `$default` and named stages. */
const PATH = /\/metrics(\/live)?$/;

const invalid = (fields: readonly string[]): HttpResult => {
  logger.warn('invalid metrics api request', { fields });
  return json(400, { message: 'invalid request', fields });
};

type QueryParse =
  | { readonly ok: true; readonly query: MetricsQuery }
  | { readonly ok: false; readonly fields: string[] };

/** The query string as MetricsQuery sees it; a parameter given twice is a mistake, not a choice. */
const parseQuery = (rawQueryString: string | undefined): QueryParse => {
  const params = new URLSearchParams(rawQueryString ?? '');
  const repeated = [...new Set([...params.keys()].filter((key) => params.getAll(key).length > 1))];
  if (repeated.length > 0) return { ok: false, fields: repeated };
  const parsed = MetricsQuery.safeParse(Object.fromEntries(params));
  return parsed.success ? { ok: true, query: parsed.data } : { ok: false, fields: fieldPaths(parsed.error) };
};

/** The series as the CSV the dashboard downloads, named after its period. */
export const csvResult = (report: MetricsReport): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="hotline-metrics-${report.period.from}-${report.period.to}.csv"`,
    'cache-control': 'no-store',
  },
  body: toMetricsCsv(report),
});

/**
 * The metrics API: parse, authorise (managers only: agents see one caller, managers aggregates),
 * call one use case, map. Every error becomes a response here, once: details go to the log.
 */
export const createMetricsApiHandler =
  (useCases: MetricsApiUseCases) =>
  async (event: unknown): Promise<HttpResult> => {
    const admitted = admit(event, MANAGER_GROUP, 'metrics', 'for managers only');
    if (!admitted.ok) return admitted.result;
    const { request } = admitted;
    const route = PATH.exec(request.rawPath);
    if (!route) return json(404, { message: 'not found' });
    if (request.requestContext.http.method.toUpperCase() !== 'GET') {
      return json(405, { message: 'method not allowed' });
    }
    try {
      if (route[1] === '/live') return json(200, await useCases.liveQueue());
      const query = parseQuery(request.rawQueryString);
      if (!query.ok) return invalid(query.fields);
      const report = await useCases.getMetrics(query.query);
      return query.query.format === 'csv' ? csvResult(report) : json(200, report);
    } catch (error) {
      logger.error('metrics api request failed', { error, live: route[1] === '/live' });
      return json(500, { message: 'internal error' });
    }
  };

import { viennaDate } from '../shared/domain/vienna-calendar.ts';
import { localContactEventsEnvVars } from './contact-events-feed.ts';

/**
 * The Lambda handlers the local runtime can run, by function name. Each is the very module that
 * CDK bundles; it reads its configuration from the environment at import, as in AWS. What CDK adds
 * to that environment from the Connect instance (closed days, queue ARNs) comes from the local
 * flow's references instead.
 */
type Handler = (event: unknown) => Promise<unknown>;

interface LocalFunction {
  readonly load: () => Promise<{ handler: Handler }>;
  /** Variables CDK sets besides the tables. */
  readonly env?: () => Record<string, string>;
}

const FUNCTIONS: Record<string, LocalFunction> = {
  'identify-caller': { load: () => import('../functions/identify-caller/handler.ts') },
  'contact-events': {
    load: () => import('../functions/contact-events/handler.ts'),
    env: () => localContactEventsEnvVars(viennaDate(new Date())),
  },
  // Locally there is no Connect instance (no CONNECT_INSTANCE_ID, with which handler.ts refuses to
  // start): the same wiring, with the outcome codes recorded instead of sent to Connect. A process
  // of its own answered no call: no agent is any contact's, so only supervisors are admitted.
  'agent-api': {
    load: async () => {
      const [
        { wireAgentApi },
        { loadAgentApiEnv },
        { RecordingContactAttributes },
        { LocalContactAssignments },
      ] = await Promise.all([
        import('../functions/agent-api/wiring.ts'),
        import('../shared/config/env.ts'),
        import('./recording-contact-attributes.ts'),
        import('./contact-assignments.ts'),
      ]);
      return {
        handler: wireAgentApi(loadAgentApiEnv(), {
          contactAttributes: new RecordingContactAttributes(),
          contactAssignments: new LocalContactAssignments(),
        }),
      };
    },
    env: () => ({
      OFFICE_CLOSED_DAYS: localContactEventsEnvVars(viennaDate(new Date())).OFFICE_CLOSED_DAYS ?? '',
    }),
  },
  // No Connect instance for the live view either: the same wiring, with the local simulated queues
  // (empty in a process of its own: calls placed through a running server feed that server's).
  'metrics-api': {
    load: async () => {
      const [{ wireMetricsApi }, { loadMetricsApiEnv }, { LocalLiveQueue }] = await Promise.all([
        import('../functions/metrics-api/wiring.ts'),
        import('../shared/config/env.ts'),
        import('./live-queue.ts'),
      ]);
      return { handler: wireMetricsApi(loadMetricsApiEnv(), { liveQueue: new LocalLiveQueue() }) };
    },
  },
  'privacy-api': {
    load: async () => {
      const [{ wirePrivacyApi }, { loadPrivacyApiEnv }] = await Promise.all([
        import('../functions/privacy-api/wiring.ts'),
        import('../shared/config/env.ts'),
      ]);
      return { handler: wirePrivacyApi(loadPrivacyApiEnv()) };
    },
  },
};

export const functionNames = (): string[] => Object.keys(FUNCTIONS);

export class UnknownFunctionError extends Error {
  constructor(name: string) {
    super(`unknown function "${name}": choose one of ${functionNames().join(', ')}`);
    this.name = 'UnknownFunctionError';
  }
}

/**
 * Sets the function's environment, as Lambda would, then loads its handler once. A handler that
 * returns nothing (contact-events: EventBridge ignores the result) answers null, as Lambda reports it.
 */
export const loadHandler = async (name: string, envVars: Record<string, string>): Promise<Handler> => {
  const fn = FUNCTIONS[name];
  if (!fn) throw new UnknownFunctionError(name);
  // The answer goes to stdout: no EMF line may go there (shared/observability/metrics.ts).
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  Object.assign(process.env, fn.env?.() ?? {}, envVars);
  const { handler } = await fn.load();
  return async (event) => (await handler(event)) ?? null;
};

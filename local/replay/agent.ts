import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { wireAgentApi } from '../../functions/agent-api/wiring.ts';
import type { AgentApiEnv } from '../../shared/config/env.ts';
import { ROUTE_KEYS } from '../../shared/http/agent-api-contract.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { createLocalAuth, DEMO_USERS } from '../auth.ts';
import { LocalContactAssignments } from '../contact-assignments.ts';
import { toHttpApiEvent } from '../http-adapter.ts';
import { RecordingContactAttributes } from '../recording-contact-attributes.ts';
import type { PlannedOutcome } from './outcome-plan.ts';

/**
 * The phone agent of a replay: signs in as the demo agent and records each answered call's outcome
 * through the agent API's own handler, with the HTTP API event API Gateway would send, at the
 * moment the call ended: the handler's clock is the call's time.
 */

/** The agent API refused what the replay's agent asked: a bug in the plan or in the API. */
export class ReplayOutcomeError extends Error {
  constructor(contactId: string, statusCode: number, message: string) {
    super(`the agent API answered ${statusCode} for the call ${contactId}: ${message}`);
    this.name = 'ReplayOutcomeError';
  }
}

const ErrorBody = z.object({ message: z.string(), fields: z.array(z.string()).optional() });

const describeError = (body: string): string => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'a body that is not JSON';
  }
  const parsed = ErrorBody.safeParse(value);
  if (!parsed.success) return 'an unexpected body';
  return parsed.data.fields
    ? `${parsed.data.message} (${parsed.data.fields.join(', ')})`
    : parsed.data.message;
};

/** What the agent page reads of the context before closing a case: whether it is closed already. */
const CaseContext = z.object({
  openCase: z.object({ resolution: z.object({ resolution: z.string() }).nullable() }).nullable(),
});

export interface ReplayAgent {
  /**
   * Records `outcome` for the call `contactId`, with the agent's clock at `at`, and answers what was
   * recorded: before closing a case the agent looks at the caller's context, and a case an earlier
   * replay closed stays as it is.
   */
  recordOutcome(contactId: string, at: Date, outcome: PlannedOutcome): Promise<PlannedOutcome>;
  /** What would have gone to Connect's UpdateContactAttributes. */
  readonly contactAttributes: RecordingContactAttributes;
}

export const makeReplayAgent = (deps: {
  readonly env: AgentApiEnv;
  readonly doc: DynamoDBDocumentClient;
}): ReplayAgent => {
  const contactAttributes = new RecordingContactAttributes();
  // The replay's agent answers every call it records: each is theirs, as Connect would say.
  const contactAssignments = new LocalContactAssignments();
  // One key for every call's sign-in: the agent stays the same person all year.
  const secret = randomBytes(32);
  const { username, password } = DEMO_USERS.agent;

  /**
   * The agent API as it runs at the call's time. Calls overlap (bounded concurrency), so each one
   * gets the handler composed with its own clock: that costs microseconds, less than any per-call
   * context (AsyncLocalStorage) would on every promise of the process.
   */
  const agentAt = (at: Date) => {
    const clock = fixedClock(at);
    return {
      agentApi: wireAgentApi(deps.env, { clock, doc: deps.doc, contactAttributes, contactAssignments }),
      auth: createLocalAuth({ clock, secret }),
    };
  };

  /** One request as the agent page sends it, through API Gateway's event; the parsed JSON answer. */
  const send = async (
    { agentApi, auth }: ReturnType<typeof agentAt>,
    route: 'identity' | 'outcomes',
    contactId: string,
    body?: unknown,
  ): Promise<unknown> => {
    const { idToken } = auth.signIn(username, password);
    const routeKey = ROUTE_KEYS[route];
    const event = toHttpApiEvent(
      {
        method: routeKey.split(' ')[0] ?? 'GET',
        routeKey,
        rawPath: `/api/contacts/${encodeURIComponent(contactId)}/${route}`,
        pathParameters: { contactId },
        headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      auth,
    );
    const result = await agentApi(event);
    if (result.statusCode !== 200) {
      throw new ReplayOutcomeError(contactId, result.statusCode, describeError(result.body));
    }
    return JSON.parse(result.body);
  };

  const recordOutcome = async (
    contactId: string,
    at: Date,
    planned: PlannedOutcome,
  ): Promise<PlannedOutcome> => {
    const agent = agentAt(at);
    contactAssignments.assign(contactId, DEMO_USERS.agent.connectUserId, at);
    let outcome = planned;
    if (planned.caseResolution) {
      // The case shows once the agent has checked who is calling, as on the agent page.
      const { openCase } = CaseContext.parse(await send(agent, 'identity', contactId, {}));
      if (!openCase || openCase.resolution) {
        const { caseResolution: _closedAlready, ...rest } = planned;
        outcome = rest;
      }
    }
    await send(agent, 'outcomes', contactId, { ...outcome, requestId: `replay-${contactId}` });
    return outcome;
  };

  return { recordOutcome, contactAttributes };
};

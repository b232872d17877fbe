import { describe, expect, it } from 'vitest';
import { type AgentApiUseCases, createAgentApiHandler } from '../../functions/agent-api/create-handler.ts';
import { createContactEventsHandler } from '../../functions/contact-events/create-handler.ts';
import { createIdentifyCallerHandler } from '../../functions/identify-caller/create-handler.ts';
import { createMetricsApiHandler } from '../../functions/metrics-api/create-handler.ts';
import {
  createPrivacyApiHandler,
  type PrivacyApiUseCases,
} from '../../functions/privacy-api/create-handler.ts';
import { createReadModelImportHandler } from '../../functions/read-model-import/create-handler.ts';
import { type LambdaContext, withLambdaContext } from '../../shared/observability/logger.ts';
import { aContactFlowEvent } from '../fixtures/tenancy-files.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const logs = captureLogsOfEachTest();

const unused = async (): Promise<never> => {
  throw new Error('the use case is not reached by a malformed event');
};

/** Each Lambda's handler as its entry (functions/<name>/handler.ts) wraps it, minus the SDK clients. */
const HANDLERS = [
  ['identify-caller', createIdentifyCallerHandler(unused)],
  ['contact-events', createContactEventsHandler(unused)],
  ['agent-api', createAgentApiHandler({} as AgentApiUseCases)],
  ['metrics-api', createMetricsApiHandler({ getMetrics: unused, liveQueue: unused })],
  ['privacy-api', createPrivacyApiHandler({} as PrivacyApiUseCases)],
  ['read-model-import', createReadModelImportHandler(unused, { bucket: 'imports', stopBeforeTimeoutMs: 1 })],
] as const;

const aContext = (name: string, requestId: string): LambdaContext => ({
  awsRequestId: requestId,
  functionName: name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${name}`,
  memoryLimitInMB: '1024',
});

describe('every handler logs with the Lambda context', () => {
  it.each(HANDLERS)(
    '%s: each line of an invocation carries its request id and cold start',
    async (name, create) => {
      // Prepare
      const handler = withLambdaContext(create as (event: unknown) => Promise<unknown>);
      // Act: a malformed event, which every handler logs and answers without a use case
      await handler({}, aContext(name, `${name}-first`));
      await handler({}, aContext(name, `${name}-second`));
      // Assess
      const lines = logs.entries();
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.map((line) => line.function_request_id)).toEqual(
        expect.arrayContaining([`${name}-first`, `${name}-second`]),
      );
      for (const line of lines) {
        expect(line).toMatchObject({ function_name: name, cold_start: expect.any(Boolean) });
      }
      expect(lines.at(-1)?.function_request_id).toBe(`${name}-second`);
    },
  );
});

describe('overlapping invocations', () => {
  it('label each line with its own contact, whichever finishes first', async () => {
    // Prepare: the first call's lookup fails only after the second one has started and failed
    const FIRST = 'c0ffee00-0000-4000-8000-0000000000a1';
    const SECOND = 'c0ffee00-0000-4000-8000-0000000000b2';
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const handler = createIdentifyCallerHandler(async (query) => {
      if (query.contactId === FIRST) await firstHeld;
      throw new Error('lookup failed');
    });
    // Act
    const first = handler(aContactFlowEvent({ contactId: FIRST }));
    await handler(aContactFlowEvent({ contactId: SECOND }));
    releaseFirst();
    await first;
    // Assess
    const failures = logs.entries().filter((line) => line.message === 'caller identification failed');
    expect(failures.map((line) => line.contactId)).toEqual([SECOND, FIRST]);
  });
});

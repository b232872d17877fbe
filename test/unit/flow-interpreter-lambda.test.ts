import { describe, expect, it } from 'vitest';
import { createIdentifyCallerHandler } from '../../functions/identify-caller/create-handler.ts';
import { type CallTrace, type LambdaHandler, runFlow } from '../../local/flow-interpreter/index.ts';
import { ContactFlowEvent } from '../../shared/connect/contact-flow-event.ts';
import type { FlowAction } from '../../shared/flow/flow-language.ts';
import type { IdentifyCallerQuery } from '../../shared/use-cases/identify-caller.ts';
import { aCall, action, aFlow, aWorld, hangUp, LAMBDA_ARN, QUEUES, say } from '../fixtures/flows.ts';

const OTHER_ARN = 'arn:aws:lambda:eu-central-1:111111111111:function:other';

const invoke = (
  Identifier: string,
  parameters: Record<string, unknown> = {},
  NextAction = 'ok',
): FlowAction =>
  action(
    Identifier,
    'InvokeLambdaFunction',
    {
      LambdaFunctionARN: LAMBDA_ARN,
      InvocationTimeLimitSeconds: '3',
      ResponseValidation: { ResponseType: 'STRING_MAP' },
      ...parameters,
    },
    { NextAction, Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }] },
  );

const save = (Identifier: string, Attributes: Record<string, string>, NextAction = 'ok') =>
  action(
    Identifier,
    'UpdateContactAttributes',
    { Attributes },
    {
      NextAction,
      Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }],
    },
  );

const run = (
  actions: FlowAction[],
  lambdas: Record<string, LambdaHandler>,
  call = aCall(),
): Promise<CallTrace> =>
  runFlow(aFlow([...actions, say('ok', 'ok'), say('failed', 'failed'), hangUp()]), call, aWorld({ lambdas }));

/** A handler that records each event it receives and answers with `answer`. */
const recording = (answer: (attempt: number) => Promise<unknown>) => {
  const events: unknown[] = [];
  const handler: LambdaHandler = (event) => {
    events.push(event);
    return answer(events.length);
  };
  return { events, handler };
};

const never = () => new Promise<unknown>(() => {});

describe('runFlow InvokeLambdaFunction', () => {
  it('sends the Connect event with the contact data and the resolved parameters', async () => {
    // Prepare
    const { events, handler } = recording(async () => ({ route: 'URGENT' }));
    const actions = [
      save('set', { language: 'tr' }, 'queue'),
      action('queue', 'UpdateContactTargetQueue', { QueueId: QUEUES.general }, { NextAction: 'lookup' }),
      invoke('lookup', {
        LambdaInvocationAttributes: { callerNumber: '$.CustomerEndpoint.Address', mode: 'phone' },
      }),
    ];

    // Act
    await run(actions, { [LAMBDA_ARN]: handler }, aCall({ contactId: 'c-7', instanceArn: 'arn:instance' }));

    // Assess
    expect(events).toEqual([
      {
        Name: 'ContactFlowEvent',
        Details: {
          ContactData: {
            Attributes: { language: 'tr' },
            Channel: 'VOICE',
            ContactId: 'c-7',
            CustomerEndpoint: { Address: '+436641234567', Type: 'TELEPHONE_NUMBER' },
            CustomerId: null,
            Description: null,
            InitialContactId: 'c-7',
            InitiationMethod: 'INBOUND',
            InstanceARN: 'arn:instance',
            LanguageCode: 'en-US',
            MediaStreams: { Customer: { Audio: null } },
            Name: null,
            PreviousContactId: 'c-7',
            Queue: { ARN: QUEUES.general, Name: 'general' },
            References: {},
            SystemEndpoint: { Address: '+4319999999', Type: 'TELEPHONE_NUMBER' },
          },
          Parameters: { callerNumber: '+436641234567', mode: 'phone' },
        },
      },
    ]);
    expect(ContactFlowEvent.safeParse(events[0]).success).toBe(true);
  });

  it('sends no customer endpoint and no queue for a withheld caller at the start of the call', async () => {
    // Prepare
    const { events, handler } = recording(async () => ({}));

    // Act
    await run([invoke('lookup')], { [LAMBDA_ARN]: handler }, aCall({ customerNumber: 'anonymous' }));

    // Assess
    expect(events[0]).toMatchObject({
      Details: { ContactData: { CustomerEndpoint: null, Queue: null }, Parameters: {} },
    });
  });

  it('runs the real identify-caller handler, which reads the event', async () => {
    // Prepare
    const queries: IdentifyCallerQuery[] = [];
    const handler = createIdentifyCallerHandler(async (query) => {
      queries.push(query);
      return {
        at: new Date('2026-11-25T10:00:00Z'),
        status: 'not_found',
        mode: query.mode,
        matchCount: 0,
        risk: { level: 'normal', reasons: [] },
      };
    });

    // Act
    const trace = await run(
      [
        invoke('lookup', { LambdaInvocationAttributes: { lookup: 'phone' } }, 'save'),
        save('save', { status: '$.External.lookupStatus' }),
      ],
      { [LAMBDA_ARN]: handler },
      aCall({ contactId: 'c-9' }),
    );

    // Assess
    expect(queries).toEqual([
      expect.objectContaining({
        contactId: 'c-9',
        callerNumber: '+436641234567',
        mode: 'phone',
        channel: 'VOICE',
      }),
    ]);
    expect(trace.attributes).toEqual({ status: 'not_found' });
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 1, outcome: 'ok' }]);
  });

  it('keeps only the latest response in $.External', async () => {
    // Prepare
    const lambdas = {
      [LAMBDA_ARN]: async () => ({ first: 'one' }),
      [OTHER_ARN]: async () => ({ second: 'two' }),
    };
    const actions = [
      invoke('a', {}, 'save-a'),
      save('save-a', { first: '$.External.first' }, 'b'),
      invoke('b', { LambdaFunctionARN: OTHER_ARN }, 'save-b'),
      save('save-b', { second: '$.External.second' }, 'stale'),
      save('stale', { stale: '$.External.first' }),
    ];

    // Act
    const trace = await run(actions, lambdas);

    // Assess
    expect(trace.attributes).toEqual({ first: 'one', second: 'two' });
    expect(trace.prompts).toEqual(['failed']);
    expect(trace.errors).toEqual([{ action: 'stale', errorType: 'NoMatchingError' }]);
  });

  it('retries a throwing function three times, then takes the error branch', async () => {
    // Prepare
    const { events, handler } = recording(async () => {
      throw new Error('boom');
    });

    // Act
    const trace = await run([invoke('lookup')], { [LAMBDA_ARN]: handler });

    // Assess
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 4, outcome: 'error' }]);
    expect(events).toHaveLength(4);
    expect(trace.prompts).toEqual(['failed']);
    expect(trace.errors).toEqual([{ action: 'lookup', errorType: 'NoMatchingError' }]);
  });

  it('counts a synchronous throw as a failed attempt', async () => {
    // Prepare
    const handler: LambdaHandler = () => {
      throw new Error('sync boom');
    };

    // Act
    const trace = await run([invoke('lookup')], { [LAMBDA_ARN]: handler });

    // Assess
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 4, outcome: 'error' }]);
  });

  it('succeeds on the second attempt after one failure', async () => {
    // Prepare
    const { handler } = recording(async (attempt) => {
      if (attempt === 1) throw new Error('cold start');
      return { route: 'URGENT' };
    });

    // Act
    const trace = await run([invoke('lookup', {}, 'save'), save('save', { route: '$.External.route' })], {
      [LAMBDA_ARN]: handler,
    });

    // Assess
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 2, outcome: 'ok' }]);
    expect(trace.attributes).toEqual({ route: 'URGENT' });
    expect(trace.prompts).toEqual(['ok']);
  });

  // Connect takes the error branch as soon as the time limit passes; its retries (up to three
  // within 8 s) are for errors the function returns or throws
  // (https://docs.aws.amazon.com/connect/latest/adminguide/invoke-lambda-function-block.html).
  it.each(['1', '3', '8'])(
    'takes the error branch after one attempt of a function that never answers within %s s',
    async (limit) => {
      // Prepare
      const { events, handler } = recording(never);

      // Act
      const trace = await run([invoke('lookup', { InvocationTimeLimitSeconds: limit })], {
        [LAMBDA_ARN]: handler,
      });

      // Assess
      expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 1, outcome: 'timeout' }]);
      expect(events).toHaveLength(1);
      expect(trace.prompts).toEqual(['failed']);
    },
  );

  it('ignores an answer that arrives after the time limit', async () => {
    // Prepare: the first attempt answers after 60 ms, past its 10 ms limit (1 s × 0.01); a retry would fail.
    const { events, handler } = recording(async (attempt) => {
      if (attempt > 1) throw new Error('down');
      await new Promise((resolve) => setTimeout(resolve, 60));
      return { route: 'LATE' };
    });

    // Act
    const trace = await run(
      [
        invoke('lookup', { InvocationTimeLimitSeconds: '1' }, 'save'),
        save('save', { route: '$.External.route' }),
      ],
      {
        [LAMBDA_ARN]: handler,
      },
    );

    // Assess: the timeout took the error branch at once, and the late answer reached nothing.
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 1, outcome: 'timeout' }]);
    expect(events).toHaveLength(1);
    expect(trace.attributes).toEqual({});
  });

  it.each([
    ['a number value', { count: 3 }],
    ['a nested object', { caller: { risk: 'high' } }],
    ['more than 32 KB', { summary: 'x'.repeat(33 * 1024) }],
    ['a bare string', 'garbage'],
    ['nothing', undefined],
    ['null', null],
    ['an array', ['URGENT']],
  ])('refuses a STRING_MAP response with %s without retrying', async (_name, response) => {
    // Prepare
    const { events, handler } = recording(async () => response);

    // Act
    const trace = await run([invoke('lookup')], { [LAMBDA_ARN]: handler });

    // Assess
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 1, outcome: 'invalid_response' }]);
    expect(events).toHaveLength(1);
    expect(trace.prompts).toEqual(['failed']);
  });

  it('treats a missing ResponseValidation as STRING_MAP', async () => {
    // Prepare
    const lambdas = { [LAMBDA_ARN]: async () => ({ nested: { a: 'b' } }) };

    // Act
    const trace = await run([invoke('lookup', { ResponseValidation: undefined })], lambdas);

    // Assess
    expect(trace.lambdaCalls[0]?.outcome).toBe('invalid_response');
  });

  it('accepts any JSON with ResponseType JSON and reads numbers as text', async () => {
    // Prepare
    const lambdas = { [LAMBDA_ARN]: async () => ({ count: 3, nested: { a: 'b' } }) };

    // Act
    const trace = await run(
      [
        invoke('lookup', { ResponseValidation: { ResponseType: 'JSON' } }, 'save'),
        save('save', { count: '$.External.count' }),
      ],
      lambdas,
    );

    // Assess
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 1, outcome: 'ok' }]);
    expect(trace.attributes).toEqual({ count: '3' });
  });

  it('takes the error branch, without retries, for a function the world does not have', async () => {
    // Act
    const trace = await run([invoke('lookup')], {});

    // Assess
    expect(trace.lambdaCalls).toEqual([{ arn: LAMBDA_ARN, attempts: 1, outcome: 'error' }]);
    expect(trace.prompts).toEqual(['failed']);
  });

  it('does not invoke the function when a parameter path does not exist', async () => {
    // Prepare
    const { events, handler } = recording(async () => ({}));

    // Act
    const trace = await run(
      [invoke('lookup', { LambdaInvocationAttributes: { tenancy: '$.StoredCustomerInput' } })],
      {
        [LAMBDA_ARN]: handler,
      },
    );

    // Assess
    expect(events).toEqual([]);
    expect(trace.lambdaCalls).toEqual([]);
    expect(trace.errors).toEqual([{ action: 'lookup', errorType: 'NoMatchingError' }]);
  });

  it('gives the function a copy of the contact data', async () => {
    // Prepare
    const handler: LambdaHandler = async (event) => {
      Object.assign(
        (event as { Details: { ContactData: { Attributes: object } } }).Details.ContactData.Attributes,
        {
          injected: 'yes',
        },
      );
      return {};
    };

    // Act
    const trace = await run([save('set', { kept: 'yes' }, 'lookup'), invoke('lookup')], {
      [LAMBDA_ARN]: handler,
    });

    // Assess
    expect(trace.attributes).toEqual({ kept: 'yes' });
  });
});

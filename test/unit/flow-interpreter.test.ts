import { describe, expect, it } from 'vitest';
import {
  type CallTrace,
  FlowRuntimeError,
  FlowValidationError,
  runFlow,
} from '../../local/flow-interpreter/index.ts';
import type { FlowAction } from '../../shared/flow/flow-language.ts';
import {
  aCall,
  action,
  aFlow,
  aWorld,
  CLOSED_INSTANT,
  HOURS_ARN,
  hangUp,
  OFFICE_HOURS,
  QUEUES,
  say,
  sayOr,
} from '../fixtures/flows.ts';

const setAttributes = (
  Identifier: string,
  Attributes: Record<string, string>,
  NextAction = 'bye',
  failed = 'failed',
) =>
  action(
    Identifier,
    'UpdateContactAttributes',
    { TargetContact: 'Current', Attributes },
    { NextAction, Errors: [{ NextAction: failed, ErrorType: 'NoMatchingError' }] },
  );

const compare = (
  value: string,
  conditions: [string, string, string][],
  errors: [string, string][] = [['NoMatchingCondition', 'no-match']],
) =>
  action(
    'compare',
    'Compare',
    { ComparisonValue: value },
    {
      NextAction: 'no-match',
      Conditions: conditions.map(([Operator, operand, NextAction]) => ({
        NextAction,
        Condition: { Operator, Operands: [operand] },
      })),
      Errors: errors.map(([ErrorType, NextAction]) => ({ ErrorType, NextAction })),
    },
  );

const setQueue = (Identifier: string, QueueId: string, NextAction: string) =>
  action(
    Identifier,
    'UpdateContactTargetQueue',
    { QueueId },
    { NextAction, Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }] },
  );

const transfer = action(
  'transfer',
  'TransferContactToQueue',
  {},
  {
    NextAction: 'failed',
    Errors: [
      { NextAction: 'full', ErrorType: 'QueueAtCapacity' },
      { NextAction: 'failed', ErrorType: 'NoMatchingError' },
    ],
  },
);

const hoursCheck = (Parameters: Record<string, unknown> = {}) =>
  action('hours', 'CheckHoursOfOperation', Parameters, {
    NextAction: 'closed',
    Conditions: [
      { NextAction: 'open', Condition: { Operator: 'Equals', Operands: ['True'] } },
      { NextAction: 'closed', Condition: { Operator: 'Equals', Operands: ['False'] } },
    ],
    Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }],
  });

/** Endings that name the way a test flow went. */
const endings: FlowAction[] = ['failed', 'no-match', 'open', 'closed', 'full', 'yes', 'no'].map((id) =>
  say(id, id),
);

const run = (actions: FlowAction[], call = aCall(), world = aWorld()): Promise<CallTrace> =>
  runFlow(aFlow([...actions, ...endings, hangUp()]), call, world);

/** Where the call ended up: the last prompt (each ending says its own name). */
const lastPrompt = (trace: CallTrace) => trace.prompts.at(-1);

describe('runFlow transitions', () => {
  it('follows NextAction on success and ends disconnected', async () => {
    // Act
    const trace = await run([say('hello', 'Hallo', 'yes')]);

    // Assess
    expect(trace.path).toEqual(['hello', 'yes', 'bye']);
    expect(trace.prompts).toEqual(['Hallo', 'yes']);
    expect(trace.result).toBe('disconnected');
    expect(trace.errors).toEqual([]);
  });

  it('takes the first condition that holds, in order', async () => {
    // Act
    const trace = await run([
      compare('$.Channel', [
        ['TextStartsWith', 'V', 'yes'],
        ['Equals', 'VOICE', 'no'],
      ]),
    ]);

    // Assess
    expect(trace.path).toEqual(['compare', 'yes', 'bye']);
  });

  it('takes the NoMatchingCondition branch when no condition holds', async () => {
    // Act
    const trace = await run([compare('$.Channel', [['Equals', 'CHAT', 'yes']])]);

    // Assess
    expect(lastPrompt(trace)).toBe('no-match');
    expect(trace.errors).toEqual([{ action: 'compare', errorType: 'NoMatchingCondition' }]);
  });

  it('lets NoMatchingError catch an error without its own branch', async () => {
    // Act
    const trace = await run([
      compare('$.Channel', [['Equals', 'CHAT', 'yes']], [['NoMatchingError', 'failed']]),
    ]);

    // Assess
    expect(lastPrompt(trace)).toBe('failed');
    expect(trace.errors).toEqual([{ action: 'compare', errorType: 'NoMatchingCondition' }]);
  });

  it('prefers the error type’s own branch over NoMatchingError', async () => {
    // Prepare
    const world = aWorld({ queues: { [QUEUES.general]: { name: 'general', atCapacity: true } } });

    // Act
    const trace = await run([setQueue('queue', QUEUES.general, 'transfer'), transfer], aCall(), world);

    // Assess
    expect(lastPrompt(trace)).toBe('full');
    expect(trace.errors).toEqual([{ action: 'transfer', errorType: 'QueueAtCapacity' }]);
  });

  it('stops with a FlowRuntimeError carrying the trace when an error has no branch', async () => {
    // Prepare
    const flow = aFlow([
      action(
        'compare',
        'Compare',
        { ComparisonValue: '$.Channel' },
        {
          NextAction: 'bye',
          Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['CHAT'] } }],
        },
      ),
      hangUp(),
    ]);

    // Act
    const attempt = runFlow(flow, aCall(), aWorld());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(FlowRuntimeError);
    await expect(attempt).rejects.toMatchObject({
      message: 'compare raised NoMatchingCondition and has no branch for it',
      action: 'compare',
      trace: { path: ['compare'] },
    });
  });

  it('stops a flow that loops for ever at maxSteps, naming the last actions', async () => {
    // Prepare
    const flow = aFlow([say('ping', 'ping', 'pong'), say('pong', 'pong', 'ping')]);

    // Act
    const attempt = runFlow(flow, aCall(), aWorld({ maxSteps: 20 }));

    // Assess
    await expect(attempt).rejects.toThrow(/loop guard: more than 20 actions; the last were .*ping → pong$/);
    await expect(attempt).rejects.toMatchObject({
      trace: { path: expect.arrayContaining(['ping', 'pong']) },
    });
  });

  it('validates the flow before running it', async () => {
    // Act
    const attempt = run([action('spin', 'Teleport', {}, { NextAction: 'bye' })]);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(FlowValidationError);
    await expect(attempt).rejects.toThrow('spin: unsupported action type "Teleport"');
  });
});

describe('runFlow condition operators', () => {
  it.each([
    ['Equals', 'abc', 'abc', true],
    ['Equals', 'abc', 'ABC', false],
    ['TextStartsWith', 'abcdef', 'abc', true],
    ['TextStartsWith', 'abcdef', 'def', false],
    ['TextEndsWith', 'abcdef', 'def', true],
    ['TextEndsWith', 'abcdef', 'abc', false],
    ['TextContains', 'abcdef', 'cd', true],
    ['TextContains', 'abcdef', 'x', false],
    ['NumberGreaterThan', '10', '9', true],
    ['NumberGreaterThan', '9', '9', false],
    ['NumberGreaterOrEqualTo', '9', '9', true],
    ['NumberGreaterOrEqualTo', '8.5', '9', false],
    ['NumberLessThan', '-1', '0', true],
    ['NumberLessThan', '0', '0', false],
    ['NumberLessOrEqualTo', '3', '3', true],
    ['NumberLessOrEqualTo', '4', '3', false],
    ['NumberGreaterThan', 'ten', '9', false],
    ['NumberLessThan', '', '9', false],
    ['NumberLessOrEqualTo', '3', 'three', false],
  ])('%s: %j against %j holds: %s', async (operator, value, operand, holds) => {
    // Act
    const trace = await run([
      setAttributes('set', { value }, 'compare'),
      compare('$.Attributes.value', [[operator, operand, 'yes']]),
    ]);

    // Assess
    expect(lastPrompt(trace)).toBe(holds ? 'yes' : 'no-match');
  });
});

describe('runFlow references', () => {
  it('resolves every system reference', async () => {
    // Prepare
    const actions = [
      action('lang', 'UpdateContactData', { LanguageCode: 'de-AT' }, { NextAction: 'queue' }),
      setQueue('queue', QUEUES.urgent, 'set'),
      setAttributes('set', {
        contact: '$.ContactId',
        initial: '$.InitialContactId',
        channel: '$.Channel',
        language: '$.LanguageCode',
        caller: '$.CustomerEndpoint.Address',
        dialled: '$.SystemEndpoint.Address',
        queueName: '$.Queue.Name',
        queueArn: '$.Queue.ARN',
      }),
    ];

    // Act
    const trace = await run(
      actions,
      aCall({ contactId: 'c-42', customerNumber: '+436601112233', systemNumber: '+4312345' }),
    );

    // Assess
    expect(trace.attributes).toEqual({
      contact: 'c-42',
      initial: 'c-42',
      channel: 'VOICE',
      language: 'de-AT',
      caller: '+436601112233',
      dialled: '+4312345',
      queueName: 'urgent',
      queueArn: QUEUES.urgent,
    });
  });

  it('reads $.Attributes and $.FlowAttributes as set earlier in the call', async () => {
    // Prepare
    const actions = [
      setAttributes('first', { name: 'Maria' }, 'flow'),
      action(
        'flow',
        'UpdateFlowAttributes',
        { FlowAttributes: { attempt: { Value: '2' } } },
        { NextAction: 'second', Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }] },
      ),
      setAttributes('second', { copy: '$.Attributes.name', attempt: '$.FlowAttributes.attempt' }),
    ];

    // Act
    const trace = await run(actions);

    // Assess
    expect(trace.attributes).toEqual({ name: 'Maria', copy: 'Maria', attempt: '2' });
  });

  it('takes NoMatchingError when a whole-value path does not exist, and sets none of the attributes', async () => {
    // Act
    const trace = await run([setAttributes('set', { fine: 'static', broken: '$.Attributes.missing' })]);

    // Assess
    expect(lastPrompt(trace)).toBe('failed');
    expect(trace.attributes).toEqual({});
    expect(trace.errors).toEqual([{ action: 'set', errorType: 'NoMatchingError' }]);
  });

  it('treats a withheld caller id as no customer address', async () => {
    // Act
    const withheld = await run(
      [setAttributes('set', { caller: '$.CustomerEndpoint.Address' })],
      aCall({ customerNumber: 'anonymous' }),
    );
    const none = await run(
      [setAttributes('set', { caller: '$.CustomerEndpoint.Address' })],
      aCall({ customerNumber: null }),
    );

    // Assess
    expect(lastPrompt(withheld)).toBe('failed');
    expect(lastPrompt(none)).toBe('failed');
  });

  it('replaces paths embedded in text, a missing one by nothing', async () => {
    // Act
    const trace = await run([
      setAttributes('set', { name: 'Maria' }, 'hello'),
      say(
        'hello',
        'Hallo $.Attributes.name, Sie rufen $.SystemEndpoint.Address an.$.Attributes.missing Danke.',
      ),
    ]);

    // Assess
    expect(trace.prompts).toEqual(['Hallo Maria, Sie rufen +4319999999 an. Danke.']);
  });

  it('keeps the punctuation right after an embedded path', async () => {
    // Act
    const trace = await run([
      setAttributes('set', { name: 'Maria' }, 'hello'),
      say('hello', 'Auf Wiederhören, $.Attributes.name.'),
    ]);

    // Assess
    expect(trace.prompts).toEqual(['Auf Wiederhören, Maria.']);
  });

  it('takes NoMatchingError for a prompt that is exactly one missing path', async () => {
    // Act
    const trace = await run([sayOr('hello', '$.Attributes.greeting', 'yes', 'failed')]);

    // Assess
    expect(trace.prompts).toEqual(['failed']);
  });

  it('reduces SSML to the text the caller hears', async () => {
    // Act
    const trace = await run([
      setAttributes('set', { name: 'Maria' }, 'hello'),
      action(
        'hello',
        'MessageParticipant',
        {
          SSML: '<speak>Hallo <emphasis>$.Attributes.name</emphasis>.<break time="1s"/>Tom &amp; Jerry</speak>',
        },
        { NextAction: 'bye' },
      ),
    ]);

    // Assess
    expect(trace.prompts).toEqual(['Hallo Maria. Tom & Jerry']);
  });

  it('refuses attributes above 32 KB in total and keeps the earlier ones', async () => {
    // Act
    const trace = await run([
      setAttributes('first', { a: 'x'.repeat(20_000) }, 'second'),
      setAttributes('second', { b: 'y'.repeat(13_000) }),
    ]);

    // Assess
    expect(lastPrompt(trace)).toBe('failed');
    expect(Object.keys(trace.attributes)).toEqual(['a']);
  });

  it('treats a missing comparison value as no match', async () => {
    // Act
    const trace = await run([compare('$.Attributes.route', [['Equals', 'URGENT', 'yes']])]);

    // Assess
    expect(lastPrompt(trace)).toBe('no-match');
  });
});

describe('runFlow hours of operation', () => {
  const checkAt = (at: Date, parameters: Record<string, unknown> = { HoursOfOperationId: HOURS_ARN }) =>
    run([hoursCheck(parameters)], aCall({ at }));

  it.each([
    ['a weekday at 11:00 Vienna time', '2026-11-25T10:00:00Z', 'open'],
    ['a weekday at 08:59 Vienna time', '2026-11-25T07:59:00Z', 'closed'],
    ['a weekday at 17:00 Vienna time', '2026-11-25T16:00:00Z', 'closed'],
    ['a Saturday', '2026-11-28T10:00:00Z', 'closed'],
    ['a closed holiday', '2026-12-08T10:00:00Z', 'closed'],
    ['16:30 UTC in summer (18:30 in Vienna)', '2026-07-01T16:30:00Z', 'closed'],
    ['07:30 UTC in summer (09:30 in Vienna)', '2026-07-01T07:30:00Z', 'open'],
  ])('is %s: %s → %s', async (_name, at, expected) => {
    // Act
    const trace = await checkAt(new Date(at));

    // Assess
    expect(trace.hoursChecks).toEqual([expected]);
    expect(lastPrompt(trace)).toBe(expected);
  });

  it('uses the working queue’s hours when no hours are named', async () => {
    // Act
    const open = await run([setQueue('queue', QUEUES.general, 'hours'), hoursCheck()]);
    const closed = await run(
      [setQueue('queue', QUEUES.general, 'hours'), hoursCheck()],
      aCall({ at: CLOSED_INSTANT }),
    );

    // Assess
    expect(open.hoursChecks).toEqual(['open']);
    expect(closed.hoursChecks).toEqual(['closed']);
  });

  it('takes NoMatchingError without hours to check', async () => {
    // Act
    const noQueue = await run([hoursCheck()]);
    const unknown = await run([hoursCheck({ HoursOfOperationId: 'arn:unknown' })]);

    // Assess
    expect(lastPrompt(noQueue)).toBe('failed');
    expect(lastPrompt(unknown)).toBe('failed');
    expect(noQueue.hoursChecks).toEqual([]);
  });

  it('finds hours by their bare id', async () => {
    // Act
    const trace = await run(
      [hoursCheck({ HoursOfOperationId: 'office' })],
      aCall(),
      aWorld({ hours: { [HOURS_ARN]: OFFICE_HOURS } }),
    );

    // Assess
    expect(trace.hoursChecks).toEqual(['open']);
  });
});

describe('runFlow queues', () => {
  it('queues the contact at the default priority 5', async () => {
    // Act
    const trace = await run([setQueue('queue', QUEUES.general, 'transfer'), transfer]);

    // Assess
    expect(trace.result).toBe('queued');
    expect(trace.queue).toEqual({ arn: QUEUES.general, name: 'general' });
    expect(trace.priority).toBe(5);
    expect(trace.path).toEqual(['queue', 'transfer']);
  });

  it('queues at the priority set by UpdateContactRoutingBehavior', async () => {
    // Act
    const trace = await run([
      setQueue('queue', QUEUES.urgent, 'priority'),
      action('priority', 'UpdateContactRoutingBehavior', { QueuePriority: '1' }, { NextAction: 'transfer' }),
      transfer,
    ]);

    // Assess
    expect(trace.queue?.name).toBe('urgent');
    expect(trace.priority).toBe(1);
  });

  it('has no queue and no priority before a queue is set', async () => {
    // Act
    const trace = await run([say('hello', 'Hallo')]);

    // Assess
    expect(trace.queue).toBeNull();
    expect(trace.priority).toBeNull();
  });

  it('takes the error branch for an unknown queue', async () => {
    // Act
    const trace = await run([
      setQueue('queue', 'arn:aws:connect:eu-central-1:1:instance/x/queue/nope', 'transfer'),
      transfer,
    ]);

    // Assess
    expect(lastPrompt(trace)).toBe('failed');
    expect(trace.queue).toBeNull();
  });

  it('takes NoMatchingError when transferring without a working queue', async () => {
    // Act
    const trace = await run([transfer]);

    // Assess
    expect(trace.errors).toEqual([{ action: 'transfer', errorType: 'NoMatchingError' }]);
    expect(trace.result).toBe('disconnected');
  });

  it('takes QueueAtCapacity for a full queue', async () => {
    // Prepare
    const world = aWorld({ queues: { [QUEUES.general]: { name: 'general', atCapacity: true } } });

    // Act
    const trace = await run([setQueue('queue', QUEUES.general, 'transfer'), transfer], aCall(), world);

    // Assess
    expect(lastPrompt(trace)).toBe('full');
    expect(trace.result).toBe('disconnected');
  });
});

describe('runFlow callbacks', () => {
  const callbackNumber = (CallbackNumber: string, NextAction = 'callback') =>
    action(
      'cb-number',
      'UpdateContactCallbackNumber',
      { CallbackNumber },
      { NextAction, Errors: [{ NextAction: 'failed', ErrorType: 'InvalidCallbackNumber' }] },
    );
  const createCallback = (QueueId: string = QUEUES.callback) =>
    action(
      'callback',
      'CreateCallbackContact',
      { QueueId, InitialCallDelaySeconds: '5', MaximumConnectionAttempts: '2', RetryDelaySeconds: '600' },
      { NextAction: 'yes', Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }] },
    );

  it('calls back the caller id and ends as callback when the flow hangs up', async () => {
    // Act
    const trace = await run([callbackNumber('$.CustomerEndpoint.Address'), createCallback()]);

    // Assess
    expect(trace.result).toBe('callback');
    expect(trace.callback).toEqual({
      number: '+436641234567',
      queue: { arn: QUEUES.callback, name: 'callback' },
    });
    expect(trace.path).toEqual(['cb-number', 'callback', 'yes', 'bye']);
  });

  it('defaults the callback number to the caller id', async () => {
    // Act
    const trace = await run([createCallback()]);

    // Assess
    expect(trace.callback?.number).toBe('+436641234567');
  });

  it('refuses a withheld caller id as callback number', async () => {
    // Act
    const trace = await run(
      [callbackNumber('$.CustomerEndpoint.Address'), createCallback()],
      aCall({ customerNumber: null }),
    );

    // Assess
    expect(trace.errors).toEqual([{ action: 'cb-number', errorType: 'InvalidCallbackNumber' }]);
    expect(trace.callback).toBeNull();
    expect(trace.result).toBe('disconnected');
  });

  it('refuses a callback number that is not E.164', async () => {
    // Act
    const trace = await run([
      setAttributes('set', { number: '06641234567' }, 'cb-number'),
      callbackNumber('$.Attributes.number'),
      createCallback(),
    ]);

    // Assess
    expect(trace.errors).toEqual([{ action: 'cb-number', errorType: 'InvalidCallbackNumber' }]);
  });

  it('takes NoMatchingError for a full or unknown callback queue', async () => {
    // Prepare
    const world = aWorld({ queues: { [QUEUES.callback]: { name: 'callback', atCapacity: true } } });

    // Act
    const full = await run([createCallback()], aCall(), world);
    const unknown = await run([createCallback('arn:aws:connect:eu-central-1:1:instance/x/queue/nope')]);

    // Assess
    expect(full.errors).toEqual([{ action: 'callback', errorType: 'NoMatchingError' }]);
    expect(unknown.errors).toEqual([{ action: 'callback', errorType: 'NoMatchingError' }]);
    expect(full.result).toBe('disconnected');
  });
});

import { describe, expect, it } from 'vitest';
import { type FlowProblem, FlowValidationError, validateFlow } from '../../local/flow-interpreter/index.ts';
import { CONNECT_EXAMPLE_FLOW } from '../fixtures/connect-example-flow.ts';
import { action, aFlow, hangUp, say } from '../fixtures/flows.ts';

/** The problems `validateFlow` reports for `json`, or fails the test when it accepts it. */
const problemsOf = (json: unknown): readonly FlowProblem[] => {
  try {
    validateFlow(json);
  } catch (error) {
    if (error instanceof FlowValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the flow to be refused');
};

const menu = (
  parameters: Record<string, unknown> = {},
  errors = [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }],
) =>
  action(
    'menu',
    'GetParticipantInput',
    { Text: 'Press 1', StoreInput: 'False', InputTimeLimitSeconds: '5', ...parameters },
    {
      NextAction: 'bye',
      Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['1'] } }],
      Errors: errors,
    },
  );

const lambda = (parameters: Record<string, unknown>) =>
  action(
    'lookup',
    'InvokeLambdaFunction',
    {
      LambdaFunctionARN: 'arn:aws:lambda:eu-central-1:1:function:f',
      InvocationTimeLimitSeconds: '3',
      ...parameters,
    },
    { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
  );

describe('validateFlow', () => {
  it('accepts the example inbound flow (test/fixtures/connect-example-flow.ts)', () => {
    // Act
    const flow = validateFlow(CONNECT_EXAMPLE_FLOW);

    // Assess
    expect(flow.StartAction).toBe('log');
    expect(flow.Actions).toHaveLength(18);
  });

  it('refuses a document that is not a flow at all', () => {
    // Act
    const problems = problemsOf({ Actions: 'none' });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.identifier).toBeNull();
    expect(problems[0]?.message).toContain('StartAction');
  });

  it('refuses another Version', () => {
    // Act
    const problems = problemsOf({ ...aFlow([hangUp()]), Version: '2020-01-01' });

    // Assess
    expect(problems).toEqual([
      { identifier: null, message: 'Version must be "2019-10-30", got "2020-01-01"' },
    ]);
  });

  it('refuses a StartAction that is no action', () => {
    // Act
    const problems = problemsOf(aFlow([hangUp()], 'nowhere'));

    // Assess
    expect(problems).toEqual([{ identifier: null, message: 'StartAction "nowhere" is not an action' }]);
  });

  it('refuses transitions to unknown actions, naming each', () => {
    // Prepare
    const flow = aFlow([
      action(
        'route',
        'Compare',
        { ComparisonValue: '$.Attributes.x' },
        {
          NextAction: 'gone-1',
          Conditions: [{ NextAction: 'gone-2', Condition: { Operator: 'Equals', Operands: ['a'] } }],
          Errors: [{ NextAction: 'gone-3', ErrorType: 'NoMatchingCondition' }],
        },
      ),
      hangUp(),
    ]);

    // Act
    const problems = problemsOf(flow);

    // Assess
    expect(problems).toEqual(
      ['gone-1', 'gone-2', 'gone-3'].map((target) => ({
        identifier: 'route',
        message: `transition to unknown action "${target}"`,
      })),
    );
  });

  it('refuses duplicate, too long, reserved and ill-formed identifiers', () => {
    // Prepare
    const long = 'x'.repeat(51);
    const flow = aFlow([
      say('hello', 'Hi'),
      say('hello', 'Hi again'),
      say(long, 'Hi'),
      say('a:b', 'Hi'),
      say('toString', 'Hi'),
      hangUp(),
    ]);

    // Act
    const problems = problemsOf(flow);

    // Assess
    expect(problems).toEqual([
      { identifier: 'hello', message: 'identifier is not unique' },
      { identifier: long, message: 'identifier is 51 characters long, at most 50 allowed' },
      { identifier: 'a:b', message: 'identifier contains the forbidden character ":"' },
      { identifier: 'toString', message: 'identifier is a reserved name' },
    ]);
  });

  it.each(['%', ':', '(', '\\', '/', ')', '=', '$', ',', ';', '[', ']', '{', '}'])(
    'refuses the character %s in an identifier',
    (character) => {
      // Act
      const problems = problemsOf(aFlow([say(`a${character}b`, 'Hi'), hangUp()]));

      // Assess
      expect(problems).toContainEqual({
        identifier: `a${character}b`,
        message: `identifier contains the forbidden character "${character}"`,
      });
    },
  );

  it('accepts spaces and unicode in identifiers', () => {
    // Act
    const flow = validateFlow(aFlow([say('Grüß Gott', 'Hi'), hangUp()]));

    // Assess
    expect(flow.Actions[0]?.Identifier).toBe('Grüß Gott');
  });

  it('refuses more than 250 actions', () => {
    // Prepare
    const actions = Array.from({ length: 251 }, (_, i) => say(`a${i}`, 'Hi', i === 250 ? 'a0' : `a${i + 1}`));

    // Act
    const problems = problemsOf(aFlow(actions));

    // Assess
    expect(problems).toEqual([{ identifier: null, message: '251 actions, at most 250 allowed' }]);
  });

  it('refuses an unsupported action type, naming the type and the identifier', () => {
    // Act
    const problems = problemsOf(
      aFlow([action('spin', 'Teleport', { LoopCount: '3' }, { NextAction: 'bye' }), hangUp()]),
    );

    // Assess
    expect(problems).toEqual([{ identifier: 'spin', message: 'unsupported action type "Teleport"' }]);
  });

  it('refuses EndFlowExecution in an inbound flow', () => {
    // Act
    const problems = problemsOf(aFlow([action('end', 'EndFlowExecution')]));

    // Assess
    expect(problems).toEqual([
      {
        identifier: 'end',
        message: expect.stringContaining('EndFlowExecution is not allowed in an inbound flow'),
      },
    ]);
  });

  it('refuses a TransferContactToQueue without a NextAction, which every console export carries', () => {
    // Act
    const problems = problemsOf(
      aFlow([
        action(
          'transfer',
          'TransferContactToQueue',
          {},
          {
            Errors: [
              { NextAction: 'bye', ErrorType: 'QueueAtCapacity' },
              { NextAction: 'bye', ErrorType: 'NoMatchingError' },
            ],
          },
        ),
        hangUp(),
      ]),
    );

    // Assess
    expect(problems).toEqual([
      {
        identifier: 'transfer',
        message: 'TransferContactToQueue needs a NextAction, as every console export carries one',
      },
    ]);
  });

  it('requires a NoMatchingError branch on a menu', () => {
    // Act
    const problems = problemsOf(
      aFlow([menu({}, [{ NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' }]), hangUp()]),
    );

    // Assess
    expect(problems).toEqual([
      { identifier: 'menu', message: 'a menu (StoreInput "False") needs a NoMatchingError error branch' },
    ]);
  });

  it('allows menu conditions on single keys with Equals only', () => {
    // Prepare
    const flow = aFlow([
      action(
        'menu',
        'GetParticipantInput',
        { Text: 'Press', StoreInput: 'False' },
        {
          NextAction: 'bye',
          Conditions: [
            { NextAction: 'bye', Condition: { Operator: 'TextStartsWith', Operands: ['1'] } },
            { NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['12'] } },
          ],
          Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }],
        },
      ),
      hangUp(),
    ]);

    // Act
    const problems = problemsOf(flow);

    // Assess
    expect(problems.map((p) => p.message)).toEqual([
      'a menu compares keys with Equals only, got TextStartsWith',
      'a menu condition compares one key of 0-9 * #, got ["12"]',
    ]);
  });

  it.each([
    ['one condition', [['Equals', 'True']]],
    [
      'three conditions',
      [
        ['Equals', 'True'],
        ['Equals', 'False'],
        ['Equals', 'Maybe'],
      ],
    ],
    [
      'another operator',
      [
        ['TextContains', 'True'],
        ['Equals', 'False'],
      ],
    ],
  ])('refuses an hours check with %s', (_name, conditions) => {
    // Prepare
    const flow = aFlow([
      action(
        'hours',
        'CheckHoursOfOperation',
        {},
        {
          NextAction: 'bye',
          Conditions: conditions.map(([Operator = '', operand = '']) => ({
            NextAction: 'bye',
            Condition: { Operator, Operands: [operand] },
          })),
          Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }],
        },
      ),
      hangUp(),
    ]);

    // Act
    const problems = problemsOf(flow);

    // Assess
    expect(problems).toContainEqual({
      identifier: 'hours',
      message: 'CheckHoursOfOperation needs exactly two conditions: Equals "True" and Equals "False"',
    });
  });

  it('refuses JSONPaths in static parameters', () => {
    // Prepare
    const flow = aFlow([
      lambda({
        InvocationTimeLimitSeconds: '$.Attributes.limit',
        ResponseValidation: { ResponseType: '$.Attributes.t' },
      }),
      menu({ StoreInput: '$.Attributes.store', InputTimeLimitSeconds: '$.Attributes.wait' }),
      action(
        'callback',
        'CreateCallbackContact',
        { MaximumConnectionAttempts: '$.Attributes.n', RetryDelaySeconds: '600' },
        { NextAction: 'bye' },
      ),
      hangUp(),
    ]);

    // Act
    const problems = problemsOf(flow);

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        { identifier: 'lookup', message: 'InvocationTimeLimitSeconds must be static, not a JSONPath' },
        { identifier: 'lookup', message: 'ResponseValidation must be static, not a JSONPath' },
        { identifier: 'menu', message: 'StoreInput must be static, not a JSONPath' },
        { identifier: 'menu', message: 'InputTimeLimitSeconds must be static, not a JSONPath' },
        { identifier: 'callback', message: 'MaximumConnectionAttempts must be static, not a JSONPath' },
      ]),
    );
  });

  it.each(['0', '9', 'three'])('refuses a Lambda time limit of %s', (limit) => {
    // Act
    const problems = problemsOf(aFlow([lambda({ InvocationTimeLimitSeconds: limit }), hangUp()]));

    // Assess
    expect(problems).toEqual([
      {
        identifier: 'lookup',
        message: `InvocationTimeLimitSeconds must be a whole number 1–8, got "${limit}"`,
      },
    ]);
  });

  it.each(['1', '8'])('accepts a Lambda time limit of %s', (limit) => {
    // Act
    const flow = validateFlow(aFlow([lambda({ InvocationTimeLimitSeconds: limit }), hangUp()]));

    // Assess
    expect(flow.Actions[0]?.Parameters.InvocationTimeLimitSeconds).toBe(limit);
  });

  it('refuses references that do not exist and a callback number that is not one JSONPath', () => {
    // Prepare
    const flow = aFlow([
      say('hello', 'Hi $.BadValue'),
      action('cb', 'UpdateContactCallbackNumber', { CallbackNumber: '+436641234567' }, { NextAction: 'bye' }),
      hangUp(),
    ]);

    // Act
    const problems = problemsOf(flow);

    // Assess
    expect(problems).toEqual([
      { identifier: 'hello', message: 'Parameters.Text refers to unknown $.BadValue' },
      { identifier: 'cb', message: 'CallbackNumber must be one JSONPath' },
    ]);
  });

  it('refuses error types an action never raises and conditions on actions without a result', () => {
    // Prepare
    const flow = aFlow([
      action(
        'hello',
        'MessageParticipant',
        { Text: 'Hi' },
        {
          NextAction: 'bye',
          Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['x'] } }],
          Errors: [{ NextAction: 'bye', ErrorType: 'QueueAtCapacity' }],
        },
      ),
      hangUp(),
    ]);

    // Act
    const problems = problemsOf(flow);

    // Assess
    expect(problems).toEqual([
      { identifier: 'hello', message: 'MessageParticipant has no result to test, so no Conditions' },
      { identifier: 'hello', message: 'MessageParticipant never raises QueueAtCapacity' },
    ]);
  });

  it('reports every problem of a flow together', () => {
    // Prepare
    const flow = {
      Version: '2019-10-30',
      StartAction: 'missing',
      Actions: [
        action('spin', 'Teleport', {}, { NextAction: 'bye' }),
        lambda({ InvocationTimeLimitSeconds: '20' }),
        say('hello', 'Hi', 'nowhere'),
        { Identifier: 'broken', Type: 'MessageParticipant' },
        hangUp(),
      ],
    };

    // Act
    const attempt = () => validateFlow(flow);

    // Assess
    expect(attempt).toThrow(FlowValidationError);
    expect(problemsOf(flow)).toEqual([
      { identifier: 'broken', message: expect.stringContaining('malformed action') },
      { identifier: null, message: 'StartAction "missing" is not an action' },
      { identifier: 'spin', message: 'unsupported action type "Teleport"' },
      { identifier: 'lookup', message: 'InvocationTimeLimitSeconds must be a whole number 1–8, got "20"' },
      { identifier: 'hello', message: 'transition to unknown action "nowhere"' },
    ]);
    expect(attempt).toThrow(/5 problem\(s\)[\s\S]*spin: unsupported action type "Teleport"/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ACTION_TYPES,
  FlowRuntimeError,
  FlowValidationError,
  runAnyFlow,
  runFlow,
  validateFlow,
} from '../../local/flow-interpreter/index.ts';
import { ACTION_RUNS } from '../fixtures/flow-language/actions.ts';
import { VALIDATOR_RULES } from '../fixtures/flow-language/rules.ts';
import { aCall, action, aFlow, aWorld, QUEUES, say } from '../fixtures/flows.ts';

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof FlowValidationError) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error('expected the flow to be refused');
};

describe('validateFlow, rule by rule of the Flow language reference', () => {
  it.each(VALIDATOR_RULES.map((r) => [r.rule, r] as const))(
    'accepts a flow that keeps the rule: %s',
    (_rule, r) => {
      // Act
      const flow = validateFlow(r.accepted, { type: r.acceptedAs ?? 'CONTACT_FLOW' });

      // Assess
      expect(flow.Actions).toHaveLength(r.accepted.Actions.length);
    },
  );

  it.each(VALIDATOR_RULES.map((r) => [r.rule, r] as const))(
    'refuses a flow that breaks the rule: %s',
    (_rule, r) => {
      // Act
      const problems = problemsOf(() => validateFlow(r.refused, { type: r.refusedAs ?? 'CONTACT_FLOW' }));

      // Assess
      expect(problems).toEqual([expect.stringContaining(r.problem)]);
    },
  );
});

describe('runAnyFlow, action type by action type', () => {
  it('has a run for every supported action type', () => {
    // Assess
    expect(new Set(ACTION_RUNS.map((r) => r.type))).toEqual(new Set(ACTION_TYPES));
  });

  it.each(ACTION_RUNS.map((r) => [r.type, r] as const))('runs %s', async (type, r) => {
    // Act
    const trace = await runAnyFlow(r.flow, aCall(r.call), aWorld(r.world), { type: r.flowType });

    // Assess
    expect(r.flow.Actions.some((a) => a.Type === type)).toBe(true);
    expect(trace).toMatchObject(r.expected);
  });

  it('starts with the working queue the contact arrives with, as a whisper flow does', async () => {
    // Prepare
    const whisper = aFlow([
      say('whisper', 'Call from $.Queue.Name', 'end'),
      action('end', 'EndFlowExecution'),
    ]);

    // Act
    const trace = await runAnyFlow(
      whisper,
      aCall({ queue: { arn: QUEUES.urgent, name: 'urgent' } }),
      aWorld(),
      {
        type: 'AGENT_WHISPER',
      },
    );

    // Assess
    expect(trace).toMatchObject({
      result: 'ended',
      prompts: ['Call from urgent'],
      queue: { name: 'urgent' },
    });
  });

  it('finds the handler of a Lambda ARN built at runtime by its function name', async () => {
    // Prepare: the ARN, with an alias, comes from a flow attribute, as console exports build it.
    const flow = aFlow([
      action(
        'arns',
        'UpdateFlowAttributes',
        { FlowAttributes: { fn: { Value: 'arn:aws:lambda:$.AwsRegion:111111111111:function:lookup:LIVE' } } },
        { NextAction: 'lookup' },
      ),
      action(
        'lookup',
        'InvokeLambdaFunction',
        { LambdaFunctionARN: '$.FlowAttributes.fn', InvocationTimeLimitSeconds: '3' },
        { NextAction: 'said', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
      ),
      say('said', 'route $.External.route'),
      action('bye', 'DisconnectParticipant'),
    ]);

    // Act
    const trace = await runAnyFlow(
      flow,
      aCall(),
      aWorld({ lambdas: { lookup: async () => ({ route: 'URGENT' }) } }),
    );

    // Assess
    expect(trace.prompts).toEqual(['route URGENT']);
    expect(trace.lambdaCalls).toEqual([
      { arn: 'arn:aws:lambda:eu-central-1:111111111111:function:lookup:LIVE', attempts: 1, outcome: 'ok' },
    ]);
  });

  it('keeps runFlow to the results of a hotline call: a transfer away stops it with the trace', async () => {
    // Prepare
    const flow = aFlow([
      action(
        'away',
        'TransferToFlow',
        { ContactFlowId: 'elsewhere' },
        { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] },
      ),
      action('bye', 'DisconnectParticipant'),
    ]);

    // Act
    const attempt = runFlow(flow, aCall(), aWorld());
    const trace = await runAnyFlow(flow, aCall(), aWorld());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(FlowRuntimeError);
    await expect(attempt).rejects.toMatchObject({
      message: 'the call ended as transferred, not queued, callback or disconnected',
      trace: { path: ['away'] },
    });
    expect(trace).toMatchObject({ result: 'transferred', transferredTo: 'elsewhere', path: ['away'] });
  });

  it('refuses an unknown action type, naming it', () => {
    // Act
    const problems = problemsOf(() =>
      validateFlow({
        Version: '2019-10-30',
        StartAction: 'x',
        Actions: [{ Identifier: 'x', Type: 'CheckStaffing', Parameters: {}, Transitions: {} }],
      }),
    );

    // Assess
    expect(problems).toEqual(['unsupported action type "CheckStaffing"']);
  });
});

import * as z from 'zod';
import { PROMPTS } from '../flow/prompts.ts';
import type { InboundFlowReferences } from '../flow/references.ts';
import type { HeardPrompt, LookupAnswer, Scenario } from '../flow/scenarios.ts';
import {
  type Observation,
  type OverriddenFlowAction,
  TESTING_LANGUAGE_VERSION,
  type TestAction,
  TestCaseDocument,
  type TestCaseDocumentInput,
} from './testing-language.ts';

/**
 * Compiles a scenario of shared/flow/scenarios.ts into a Connect test case
 * (https://docs.aws.amazon.com/connect/latest/APIReference/testing-language.html): on
 * TestInitiated it substitutes identify-caller's answers (one override per invocation: Connect
 * consumes them first in, first out), the hours, and a full queue's transfer; then it observes every
 * prompt in order, pressing the scenario's keys after it, the Lambda invocations and the hours check;
 * and it asserts how the call ends. A queued call ends the test on the transfer itself, so that no
 * simulated contact is ever offered to an agent.
 */

/** What the hotline keeps in `Metadata` (non-runtime data for Connect): the local run reads it. */
export const HotlineMetadata = z.object({
  scenario: z.string().min(1),
  description: z.string().default(''),
  /** The caller id of the local run (Connect's entry point names its own). */
  from: z.string().min(1),
  /** The instant of the local run. */
  at: z.iso.datetime({ offset: true }),
});
export type HotlineMetadata = z.infer<typeof HotlineMetadata>;

/** The prefix of the stack outputs that carry the deployed test cases' ARNs. */
export const TEST_CASE_OUTPUT_PREFIX = 'TestCase';

/** `recognised-critical` → `TestCaseRecognisedCritical`: the stack output (and construct id) of its case. */
export const testCaseOutputKey = (scenario: string): string =>
  TEST_CASE_OUTPUT_PREFIX +
  scenario
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** The key under `Metadata` that holds HotlineMetadata. */
export const METADATA_KEY = 'hotline';

/** Texts that carry a variable part (the number read back) are matched by inclusion. */
const INCLUDED_PROMPTS = new Set(['callbackConfirmed']);

/** Substitutes the answer of one flow action (OverrideSystemBehavior with a mocked response). */
const overrideOf = (
  id: string,
  actionType: OverriddenFlowAction['ActionType'],
  actionParameters: OverriddenFlowAction['ActionParameters'],
  response: Extract<OverriddenFlowAction['Strategy'], { Type: 'MockResponse' }>['Response'],
): TestAction => ({
  Identifier: id,
  Type: 'OverrideSystemBehavior',
  Parameters: {
    ActionType: 'OverrideSystemBehavior',
    Behavior: {
      Type: 'FlowAction',
      Properties: {
        ActionType: actionType,
        ActionParameters: actionParameters,
        Strategy: { Type: 'MockResponse', Response: response },
      },
    },
  },
  Transitions: {},
});

const lambdaOverride = (id: string, refs: InboundFlowReferences, lookup: LookupAnswer): TestAction =>
  overrideOf(
    id,
    'InvokeLambdaFunction',
    { LambdaFunctionARN: refs.identifyCallerArn },
    lookup.kind === 'error'
      ? { Type: 'Error', Error: { Value: lookup.error } }
      : {
          Type: 'ExecutionResult',
          ExecutionResult: {
            LoadedData: lookup.kind === 'raw' ? lookup.loadedData : JSON.stringify(lookup.attributes),
          },
        },
  );

const hoursOverride = (id: string, refs: InboundFlowReferences, hours: Scenario['hours']): TestAction =>
  overrideOf(
    id,
    'CheckHoursOfOperation',
    { HoursOfOperationId: refs.hoursArn },
    { Type: 'ExecutionResult', ExecutionResult: { Value: hours === 'open' ? 'InHours' : 'OutOfHours' } },
  );

const fullQueueOverride = (id: string, queueArn: string): TestAction =>
  overrideOf(
    id,
    'TransferContactToQueue',
    { QueueId: queueArn },
    { Type: 'Error', Error: { Value: 'QueueAtCapacity' } },
  );

/** Chains a list of actions in order (each one's NextAction is the one after it). */
const chained = (actions: readonly TestAction[]): TestAction[] =>
  actions.map((action, index) => {
    const next = actions[index + 1];
    return { ...action, Transitions: next ? { NextAction: next.Identifier } : {} } as TestAction;
  });

const press = (id: string, keys: string): TestAction => ({
  Identifier: id,
  Type: 'SendInstruction',
  Parameters: {
    ActionType: 'SendInstruction',
    Actor: 'Customer',
    Instruction: { Type: 'DtmfInput', Properties: { Value: keys } },
  },
  Transitions: {},
});

const assertEquals = (id: string, namespace: string, operand: string): TestAction => ({
  Identifier: id,
  Type: 'Assert',
  Parameters: { Namespace: namespace, Operator: 'Equals', Operand: operand },
  Transitions: {},
});

const END_TEST: TestAction = {
  Identifier: 'end-test',
  Type: 'TestControl',
  Parameters: { ActionType: 'TestControl', Command: { Type: 'EndTest' } },
  Transitions: {},
};

type Draft = Omit<Observation, 'Transitions' | 'Usage'>;

const promptObservation = (index: number, heard: HeardPrompt): Draft => ({
  Identifier: `prompt-${index + 1}-${heard.prompt}`,
  Event: {
    Identifier: `prompt-${index + 1}-${heard.prompt}-played`,
    Type: 'MessageReceived',
    Actor: 'System',
    Properties: {
      Text: PROMPTS[heard.language][heard.prompt],
      MatchingCriteria: { Type: INCLUDED_PROMPTS.has(heard.prompt) ? 'Inclusion' : 'Similarity' },
    },
  },
  Actions: heard.press === undefined ? [] : [press(`prompt-${index + 1}-press`, heard.press)],
});

const actionObservation = (
  id: string,
  actionType: 'InvokeLambdaFunction' | 'CheckHoursOfOperation' | 'TransferContactToQueue',
  parameters: Record<string, string>,
  actions: TestAction[] = [],
): Draft => ({
  Identifier: id,
  Event: {
    Identifier: `${id}-started`,
    Type: 'FlowActionStarted',
    Actor: 'System',
    Properties: { ActionType: actionType, ActionParameters: parameters },
  },
  Actions: actions,
});

const queueArnOf = (refs: InboundFlowReferences, queue: 'urgent' | 'general') =>
  queue === 'urgent' ? refs.urgentQueueArn : refs.generalQueueArn;

export const compileScenario = (scenario: Scenario, refs: InboundFlowReferences): TestCaseDocument => {
  const overrides = chained([
    ...scenario.lookups.map((lookup, i) => lambdaOverride(`identify-caller-answer-${i + 1}`, refs, lookup)),
    hoursOverride('hours', refs, scenario.hours),
    ...scenario.fullQueues.map((queue) => fullQueueOverride(`${queue}-queue-full`, queueArnOf(refs, queue))),
  ]);
  const asserts = Object.entries(scenario.attributes).map(([key, value]) =>
    assertEquals(`assert-${key}`, `$.Attributes.${key}`, value),
  );
  const drafts: Draft[] = [
    {
      Identifier: 'test-initiated',
      Event: { Identifier: 'test-initiated-event', Type: 'TestInitiated', Actor: 'System', Properties: {} },
      Actions: overrides,
    },
  ];
  // identify-caller runs after the greeting, and again after each tenancy number keyed in.
  let lookups = 0;
  const lookup = () => {
    lookups += 1;
    if (lookups <= scenario.lookups.length)
      drafts.push(
        actionObservation(`identify-caller-${lookups}`, 'InvokeLambdaFunction', {
          LambdaFunctionARN: refs.identifyCallerArn,
        }),
      );
  };
  let hoursChecked = false;
  scenario.heard.forEach((heard, index) => {
    if (!hoursChecked && (heard.prompt === 'queued' || heard.prompt === 'closed')) {
      hoursChecked = true;
      drafts.push(
        actionObservation('check-hours', 'CheckHoursOfOperation', { HoursOfOperationId: refs.hoursArn }),
      );
    }
    drafts.push(promptObservation(index, heard));
    if (heard.prompt === 'greeting' || (heard.prompt === 'askTenancyNumber' && heard.press !== undefined))
      lookup();
  });
  if (scenario.end.result === 'queued') {
    // Any transfer matches (no QueueId): a transfer to the wrong queue must still end the test
    // before an agent is offered the contact; the assert on $.Queue.ARN fails the case instead.
    drafts.push(
      actionObservation(
        'transfer',
        'TransferContactToQueue',
        {},
        chained([
          assertEquals('assert-queue', '$.Queue.ARN', queueArnOf(refs, scenario.end.queue)),
          ...asserts,
          END_TEST,
        ]),
      ),
    );
  } else {
    const last = drafts.at(-1);
    if (last) last.Actions = chained([...last.Actions, ...asserts]);
    drafts.push({
      Identifier: 'test-completed',
      Event: { Identifier: 'test-completed-event', Type: 'TestCompleted', Actor: 'System', Properties: {} },
      Actions: [],
    });
  }
  const document: TestCaseDocumentInput = {
    Version: TESTING_LANGUAGE_VERSION,
    Metadata: {
      [METADATA_KEY]: {
        scenario: scenario.name,
        description: scenario.description,
        from: scenario.from,
        at: scenario.at,
      } satisfies HotlineMetadata,
    },
    Observations: drafts.map((draft, index) => ({
      ...draft,
      Transitions: { NextObservations: drafts[index + 1] ? [drafts[index + 1]?.Identifier ?? ''] : [] },
    })),
  };
  // What we deploy is what the runner reads: the compiler's output passes the same schema.
  return TestCaseDocument.parse(document);
};

import * as z from 'zod';
import { CONDITION_OPERATORS } from '../flow/flow-language.ts';

/**
 * Amazon Connect's testing language, as far as the hotline writes and reads it: the test cases
 * `CreateTestCase` / `AWS::Connect::TestCase` take as `Content` and the local runner evaluates.
 * https://docs.aws.amazon.com/connect/latest/APIReference/testing-language.html and the pages under
 * it (concepts, events, actions, example).
 *
 * The version is the one the documentation's observation skeleton and example carry; it is the
 * same string as the flow language's.
 */
export const TESTING_LANGUAGE_VERSION = '2019-10-30';

const Identifier = z.string().min(1).max(100);

/** `Inclusion`: the message contains the text; `Similarity`: semantic match (locally: the same words). */
export const MatchingCriteria = z.strictObject({ Type: z.enum(['Similarity', 'Inclusion']) });

const TestInitiated = z.strictObject({
  Identifier,
  Type: z.literal('TestInitiated'),
  Actor: z.literal('System'),
  Properties: z.strictObject({}),
});

const TestCompleted = z.strictObject({
  Identifier,
  Type: z.literal('TestCompleted'),
  Actor: z.literal('System'),
  Properties: z.strictObject({}),
});

/** A prompt the system plays; Text, SSML and PromptId exclude one another. */
const MessageReceived = z.strictObject({
  Identifier,
  Type: z.literal('MessageReceived'),
  Actor: z.literal('System'),
  Properties: z
    .strictObject({
      Text: z.string().min(1).optional(),
      SSML: z.string().min(1).optional(),
      PromptId: z.string().min(1).optional(),
      MatchingCriteria: MatchingCriteria.optional(),
    })
    .refine(
      (p) => [p.Text, p.SSML, p.PromptId].filter((v) => v !== undefined).length === 1,
      'a message names exactly one of Text, SSML or PromptId',
    ),
});

/** The flow actions the documentation lets a test observe, with the parameters that name them. */
export const OBSERVABLE_ACTION_TYPES = [
  'InvokeLambdaFunction',
  'CheckHoursOfOperation',
  'TransferContactToQueue',
  'ConnectParticipantWithLexBot',
] as const;

const FlowActionStarted = z.strictObject({
  Identifier,
  Type: z.literal('FlowActionStarted'),
  Actor: z.literal('System'),
  Properties: z.strictObject({
    ActionType: z.enum(OBSERVABLE_ACTION_TYPES),
    ActionParameters: z.record(z.string(), z.unknown()).default({}),
  }),
});

export const TestEvent = z.discriminatedUnion('Type', [
  TestInitiated,
  TestCompleted,
  MessageReceived,
  FlowActionStarted,
]);
export type TestEvent = z.infer<typeof TestEvent>;

const ActionTransitions = z.strictObject({ NextAction: z.string().optional() });

const SendInstruction = z.strictObject({
  Identifier,
  Type: z.literal('SendInstruction'),
  Parameters: z.strictObject({
    ActionType: z.literal('SendInstruction'),
    Actor: z.literal('Customer'),
    Instruction: z.strictObject({
      Type: z.literal('DtmfInput'),
      // Keys as the caller presses them: digits, * and #.
      Properties: z.strictObject({
        Value: z.union([z.string().regex(/^[0-9*#]+$/, 'DTMF: digits, * and # only'), z.number().int()]),
      }),
    }),
  }),
  Transitions: ActionTransitions,
});

export const ASSERT_OPERATORS = [...CONDITION_OPERATORS, 'Exists'] as const;

const Assert = z.strictObject({
  Identifier,
  Type: z.literal('Assert'),
  Parameters: z
    .strictObject({
      Namespace: z.string().startsWith('$.'),
      Operator: z.enum(ASSERT_OPERATORS),
      Operand: z.string().optional(),
    })
    .refine(
      (p) => p.Operator === 'Exists' || p.Operand !== undefined,
      'every operator but Exists needs an Operand',
    ),
  Transitions: ActionTransitions,
});

const ExecutionResult = z.strictObject({
  Type: z.literal('ExecutionResult'),
  ExecutionResult: z.strictObject({
    DelaySeconds: z.number().nonnegative().optional(),
    /** A Lambda's answer, serialized JSON. */
    LoadedData: z.string().optional(),
    /** CheckHoursOfOperation: `InHours` or `OutOfHours`. */
    Value: z.string().optional(),
  }),
});

const ErrorResult = z.strictObject({
  Type: z.literal('Error'),
  Error: z.strictObject({
    DelaySeconds: z.number().nonnegative().optional(),
    Value: z.enum(['TimeLimitExceeded', 'NoMatchingError', 'QueueAtCapacity']),
  }),
});

export const OverrideStrategy = z.discriminatedUnion('Type', [
  z.strictObject({
    Type: z.literal('MockResponse'),
    Response: z.discriminatedUnion('Type', [ExecutionResult, ErrorResult]),
  }),
  z.strictObject({ Type: z.literal('SubstituteResource'), SubstituteArn: z.string().min(1) }),
]);

const OverrideSystemBehavior = z.strictObject({
  Identifier,
  Type: z.literal('OverrideSystemBehavior'),
  Parameters: z.strictObject({
    ActionType: z.literal('OverrideSystemBehavior'),
    Behavior: z.strictObject({
      Type: z.literal('FlowAction'),
      Properties: z.strictObject({
        ActionType: z.enum([
          'InvokeLambdaFunction',
          'CheckHoursOfOperation',
          'TransferContactToQueue',
          'DequeueAndTransferToQueue',
          'ConnectParticipantWithLexBot',
        ]),
        ActionParameters: z.record(z.string(), z.unknown()),
        Strategy: OverrideStrategy,
      }),
    }),
  }),
  Transitions: ActionTransitions,
});
/** What an OverrideSystemBehavior substitutes: the flow action, its parameters and the answer. */
export type OverriddenFlowAction = z.infer<
  typeof OverrideSystemBehavior
>['Parameters']['Behavior']['Properties'];

const TestControl = z.strictObject({
  Identifier,
  Type: z.literal('TestControl'),
  Parameters: z.strictObject({
    ActionType: z.literal('TestControl'),
    Command: z.strictObject({ Type: z.literal('EndTest') }),
  }),
  Transitions: ActionTransitions,
});

export const TestAction = z.discriminatedUnion('Type', [
  SendInstruction,
  Assert,
  OverrideSystemBehavior,
  TestControl,
]);
export type TestAction = z.infer<typeof TestAction>;

export const Observation = z.strictObject({
  Identifier,
  Event: TestEvent,
  Actions: z.array(TestAction).default([]),
  /** Omitted by the hotline: Connect applies `Exactly` once. */
  Usage: z
    .strictObject({ Type: z.string().min(1), Times: z.number().int().positive().optional() })
    .optional(),
  Transitions: z.strictObject({ NextObservations: z.array(Identifier).default([]) }).default({
    NextObservations: [],
  }),
});
export type Observation = z.infer<typeof Observation>;

export const TestCaseDocument = z
  .strictObject({
    Version: z.literal(TESTING_LANGUAGE_VERSION),
    /** Non-runtime data: Connect ignores it; the hotline keeps the scenario's name and instant here. */
    Metadata: z.record(z.string(), z.unknown()).default({}),
    Observations: z.array(Observation).min(1),
  })
  .superRefine((doc, ctx) => {
    const ids = doc.Observations.map((o) => o.Identifier);
    const known = new Set(ids);
    if (known.size !== ids.length)
      ctx.addIssue({ code: 'custom', message: 'observation identifiers repeat' });
    doc.Observations.forEach((o, index) => {
      for (const next of o.Transitions.NextObservations)
        if (!known.has(next))
          ctx.addIssue({
            code: 'custom',
            path: ['Observations', index, 'Transitions', 'NextObservations'],
            message: `no observation "${next}"`,
          });
      const actionIds = new Set(o.Actions.map((a) => a.Identifier));
      for (const action of o.Actions)
        if (action.Transitions.NextAction && !actionIds.has(action.Transitions.NextAction))
          ctx.addIssue({
            code: 'custom',
            path: ['Observations', index, 'Actions'],
            message: `no action "${action.Transitions.NextAction}" in observation "${o.Identifier}"`,
          });
    });
    if (doc.Observations[0]?.Event.Type !== 'TestInitiated')
      ctx.addIssue({
        code: 'custom',
        path: ['Observations', 0],
        message: 'the first observation is TestInitiated',
      });
  });
export type TestCaseDocument = z.infer<typeof TestCaseDocument>;
export type TestCaseDocumentInput = z.input<typeof TestCaseDocument>;

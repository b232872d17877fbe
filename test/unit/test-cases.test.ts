import { describe, expect, it } from 'vitest';
import { compileScenario, HotlineMetadata, METADATA_KEY } from '../../shared/connect/test-cases.ts';
import { TESTING_LANGUAGE_VERSION, TestCaseDocument } from '../../shared/connect/testing-language.ts';
import { PROMPTS } from '../../shared/flow/prompts.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';
import { INBOUND_FLOW_SCENARIOS, type Scenario } from '../../shared/flow/scenarios.ts';

const scenario = (name: string): Scenario => {
  const found = INBOUND_FLOW_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};
const compiled = (name: string) => compileScenario(scenario(name), PLACEHOLDER_REFERENCES);
const overridesOf = (document: TestCaseDocument) =>
  (document.Observations[0]?.Actions ?? []).flatMap((a) =>
    a.Type === 'OverrideSystemBehavior' ? [a.Parameters.Behavior.Properties] : [],
  );

describe('the scenario table', () => {
  it('names each scenario once', () => {
    const names = INBOUND_FLOW_SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each([
    ['recognised caller', 'recognised-critical'],
    ['shared number', 'shared-number'],
    ['withheld number', 'withheld-keypad'],
    ['keypad entry', 'keypad-unknown-twice'],
    ['court letter', 'court-letter'],
    ['closed with callback', 'closed-callback'],
    ['closed without callback', 'closed-no-callback'],
    ['holiday', 'holiday'],
    ['queue full', 'general-queue-full'],
    ['identify-caller throws', 'fault-lambda-throws'],
    ['identify-caller too slow', 'fault-lambda-slow'],
    ['identify-caller answers garbage', 'fault-lambda-garbage'],
    ['identify-caller answers non-strings', 'fault-lambda-non-strings'],
    ['the store unreachable', 'fault-store-unavailable'],
  ])('covers the branch "%s"', (_branch, name) => {
    expect(INBOUND_FLOW_SCENARIOS.map((s) => s.name)).toContain(name);
  });
});

describe('compiling a scenario into a Connect test case', () => {
  it('compiles every scenario into a document of the testing language', () => {
    for (const s of INBOUND_FLOW_SCENARIOS) {
      const document = compileScenario(s, PLACEHOLDER_REFERENCES);
      expect(TestCaseDocument.safeParse(JSON.parse(JSON.stringify(document))).success).toBe(true);
      expect(document.Version).toBe(TESTING_LANGUAGE_VERSION);
      expect(HotlineMetadata.parse(document.Metadata[METADATA_KEY])).toMatchObject({ scenario: s.name });
    }
  });

  it('observes the prompts in order, pressing the keys after the prompt that asks', () => {
    const document = compiled('court-letter');
    const prompts = document.Observations.flatMap((o) =>
      o.Event.Type === 'MessageReceived' ? [o.Event.Properties.Text] : [],
    );
    expect(prompts).toEqual([
      PROMPTS.de.greeting,
      PROMPTS.de.offerLanguages,
      PROMPTS.de.askCourtLetter,
      PROMPTS.de.queued,
    ]);
    const asking = document.Observations.find(
      (o) => o.Event.Type === 'MessageReceived' && o.Event.Properties.Text === PROMPTS.de.askCourtLetter,
    );
    expect(asking?.Actions).toEqual([
      expect.objectContaining({
        Type: 'SendInstruction',
        Parameters: expect.objectContaining({
          Instruction: { Type: 'DtmfInput', Properties: { Value: '1' } },
        }),
      }),
    ]);
  });

  it("substitutes identify-caller's answers in invocation order, and the hours", () => {
    const overrides = overridesOf(compiled('shared-number'));
    expect(overrides.map((o) => o.ActionType)).toEqual([
      'InvokeLambdaFunction',
      'InvokeLambdaFunction',
      'CheckHoursOfOperation',
    ]);
    const [first, second, hours] = overrides;
    expect(first?.ActionParameters).toEqual({ LambdaFunctionARN: PLACEHOLDER_REFERENCES.identifyCallerArn });
    const answer = (o: typeof first) =>
      o?.Strategy.Type === 'MockResponse' && o.Strategy.Response.Type === 'ExecutionResult'
        ? JSON.parse(o.Strategy.Response.ExecutionResult.LoadedData ?? '')
        : undefined;
    expect(answer(first)).toMatchObject({ lookupStatus: 'ambiguous' });
    expect(answer(second)).toMatchObject({ lookupStatus: 'found', identifiedBy: 'keypad' });
    expect(hours?.Strategy).toEqual({
      Type: 'MockResponse',
      Response: { Type: 'ExecutionResult', ExecutionResult: { Value: 'InHours' } },
    });
  });

  it('makes a full queue meet QueueAtCapacity, and a failing Lambda fail', () => {
    expect(overridesOf(compiled('general-queue-full'))).toContainEqual({
      ActionType: 'TransferContactToQueue',
      ActionParameters: { QueueId: PLACEHOLDER_REFERENCES.generalQueueArn },
      Strategy: { Type: 'MockResponse', Response: { Type: 'Error', Error: { Value: 'QueueAtCapacity' } } },
    });
    expect(overridesOf(compiled('fault-lambda-slow'))[0]?.Strategy).toEqual({
      Type: 'MockResponse',
      Response: { Type: 'Error', Error: { Value: 'TimeLimitExceeded' } },
    });
  });

  it('ends a queued case on the transfer, asserting the queue, before any agent could take it', () => {
    const last = compiled('recognised-critical').Observations.at(-1);
    expect(last?.Event).toMatchObject({
      Type: 'FlowActionStarted',
      Properties: { ActionType: 'TransferContactToQueue' },
    });
    expect(last?.Actions.map((a) => a.Type)).toEqual(['Assert', 'Assert', 'Assert', 'Assert', 'TestControl']);
    expect(last?.Actions[0]?.Parameters).toEqual({
      Namespace: '$.Queue.ARN',
      Operator: 'Equals',
      Operand: PLACEHOLDER_REFERENCES.urgentQueueArn,
    });
    expect(last?.Transitions.NextObservations).toEqual([]);
  });
});

describe('the testing-language schema', () => {
  const valid = () => JSON.parse(JSON.stringify(compiled('recognised-critical')));

  it.each([
    ['another version', (d: Record<string, unknown>) => ({ ...d, Version: '2025-06-21' }), 'Version'],
    [
      'a transition to no observation',
      (d: { Observations: { Transitions: object }[] }) => {
        d.Observations[0] = { ...d.Observations[0], Transitions: { NextObservations: ['nowhere'] } };
        return d;
      },
      'no observation "nowhere"',
    ],
    [
      'MatchingCriteria as a bare string',
      (d: { Observations: { Event: { Properties: Record<string, unknown> } }[] }) => {
        const prompt = d.Observations[1];
        if (prompt) prompt.Event.Properties.MatchingCriteria = 'Similarity';
        return d;
      },
      'MatchingCriteria',
    ],
    [
      'an Assert without an operand',
      (d: { Observations: { Actions: { Type: string; Parameters: Record<string, unknown> }[] }[] }) => {
        const assert = d.Observations.at(-1)?.Actions[0];
        if (assert) delete assert.Parameters.Operand;
        return d;
      },
      'needs an Operand',
    ],
    [
      'a first observation other than TestInitiated',
      (d: { Observations: unknown[] }) => ({ ...d, Observations: d.Observations.slice(1) }),
      'the first observation is TestInitiated',
    ],
  ])('refuses %s', (_what, mutate, message) => {
    const result = TestCaseDocument.safeParse(mutate(valid()));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toContain(
      message,
    );
  });
});

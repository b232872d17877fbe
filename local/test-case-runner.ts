import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdentifyCallerEnv } from '../shared/config/env.ts';
import { HotlineMetadata, METADATA_KEY } from '../shared/connect/test-cases.ts';
import {
  type Observation,
  type TestAction,
  TestCaseDocument,
  type TestEvent,
} from '../shared/connect/testing-language.ts';
import { type OfficeHours, WEEKDAYS } from '../shared/domain/office-hours.ts';
import type { FlowAction, FlowDocument } from '../shared/flow/flow-language.ts';
import { buildInboundFlow } from '../shared/flow/inbound-flow.ts';
import { PLACEHOLDER_REFERENCES } from '../shared/flow/references.ts';
import {
  type CallOverrides,
  type CallReport,
  InvalidCallError,
  makeCallSimulator,
  type QueueName,
} from './call-simulator.ts';
import { conditionHolds, isOperator, type LambdaHandler } from './flow-interpreter/index.ts';

/**
 * Runs Connect test cases (shared/connect/testing-language.ts) through the local interpreter: the
 * call is the call simulator's (the real identify-caller against the local store, unless the case
 * substitutes its answers), and the case's observations are matched against what the call did,
 * event by event, as Connect matches them against a simulated contact: each observation waits for
 * the next event of its kind after the one before, so a prompt or an action the flow no longer
 * reaches fails the case.
 *
 * What the local run cannot know it says so and fails the case: a substituted resource
 * (SubstituteResource), a PromptId, an assertion about data the interpreter does not keep. Asserts
 * read the contact as the call ended, which is the contact at the observation for the last
 * observation of a call (where the generated cases assert).
 */

export type CaseStatus = 'PASSED' | 'FAILED';

/** One case's verdict, shaped like Connect's execution summary (GetTestCaseExecutionSummary). */
export interface CaseVerdict {
  readonly name: string;
  readonly status: CaseStatus;
  readonly observations: { readonly total: number; readonly passed: number; readonly failed: number };
  /** Why it failed: the first failing observation, or why the case could not run. */
  readonly failures: readonly string[];
}

/** A system event of the call, in the order Connect would emit it. */
type TimelineEvent =
  | { readonly type: 'TestInitiated' | 'TestCompleted' }
  | { readonly type: 'FlowActionStarted'; readonly action: FlowAction; readonly queueArn: string | null }
  | { readonly type: 'MessageReceived'; readonly text: string; readonly inputIndex: number | null };

/** Actions that speak to the caller: one prompt each. */
const PROMPTING = new Set(['MessageParticipant', 'GetParticipantInput', 'MessageParticipantIteratively']);

class CaseCannotRunError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CaseCannotRunError';
  }
}

const timelineOf = (flow: FlowDocument, report: CallReport): TimelineEvent[] => {
  const actions = new Map(flow.Actions.map((action) => [action.Identifier, action]));
  const events: TimelineEvent[] = [{ type: 'TestInitiated' }];
  let prompt = 0;
  let input = 0;
  let queueArn: string | null = null;
  for (const id of report.path) {
    const action = actions.get(id);
    if (!action) throw new CaseCannotRunError(`the call took action "${id}", which the flow does not have`);
    if (action.Type === 'UpdateContactTargetQueue' && typeof action.Parameters.QueueId === 'string')
      queueArn = action.Parameters.QueueId;
    events.push({ type: 'FlowActionStarted', action, queueArn });
    if (PROMPTING.has(action.Type)) {
      const text = report.prompts[prompt];
      prompt += 1;
      if (text === undefined) continue;
      events.push({
        type: 'MessageReceived',
        text,
        inputIndex: action.Type === 'GetParticipantInput' ? input++ : null,
      });
    }
  }
  if (prompt !== report.prompts.length)
    throw new CaseCannotRunError('the prompts of the call do not line up with the actions that played them');
  events.push({ type: 'TestCompleted' });
  return events;
};

const words = (text: string) =>
  text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** Why an event does not match the observed event, or null when it does. */
const mismatch = (expected: TestEvent, event: TimelineEvent): string | null => {
  if (expected.Type !== event.type) return 'another kind of event';
  if (expected.Type === 'MessageReceived' && event.type === 'MessageReceived') {
    const { Text, SSML, PromptId, MatchingCriteria } = expected.Properties;
    if (PromptId !== undefined) throw new CaseCannotRunError('a PromptId cannot be matched in the local run');
    const want = words(Text ?? SSML ?? '');
    const heard = words(event.text);
    const ok = MatchingCriteria?.Type === 'Inclusion' ? heard.includes(want) : heard === want;
    return ok ? null : 'another message';
  }
  if (expected.Type === 'FlowActionStarted' && event.type === 'FlowActionStarted') {
    if (event.action.Type !== expected.Properties.ActionType) return 'another action';
    const actual: Record<string, unknown> = { ...event.action.Parameters };
    // Connect transfers to the working queue when the action names none.
    if (event.action.Type === 'TransferContactToQueue' && actual.QueueId === undefined)
      actual.QueueId = event.queueArn;
    for (const [key, value] of Object.entries(expected.Properties.ActionParameters))
      if (JSON.stringify(actual[key]) !== JSON.stringify(value)) return `another ${key}`;
    return null;
  }
  return null;
};

const describeEvent = (event: TestEvent): string => {
  switch (event.Type) {
    case 'MessageReceived':
      return `the message "${event.Properties.Text ?? event.Properties.SSML ?? event.Properties.PromptId}"`;
    case 'FlowActionStarted':
      return `${event.Properties.ActionType} ${JSON.stringify(event.Properties.ActionParameters)}`;
    default:
      return event.Type;
  }
};

/** The actions of an observation in the order their transitions chain them. */
const inOrder = (actions: readonly TestAction[]): TestAction[] => {
  const targets = new Set(actions.map((a) => a.Transitions.NextAction).filter(Boolean));
  const byId = new Map(actions.map((a) => [a.Identifier, a]));
  const ordered: TestAction[] = [];
  const seen = new Set<string>();
  for (const start of actions.filter((a) => !targets.has(a.Identifier))) {
    let current: TestAction | undefined = start;
    while (current && !seen.has(current.Identifier)) {
      seen.add(current.Identifier);
      ordered.push(current);
      current = current.Transitions.NextAction ? byId.get(current.Transitions.NextAction) : undefined;
    }
  }
  // Whatever a cycle left out still runs, in document order.
  return [...ordered, ...actions.filter((a) => !seen.has(a.Identifier))];
};

const dtmfOf = (observation: Observation): string | undefined => {
  const keys = observation.Actions.flatMap((action) =>
    action.Type === 'SendInstruction' ? [String(action.Parameters.Instruction.Properties.Value)] : [],
  );
  return keys.length ? keys.join('') : undefined;
};

/** An Assert's test: `Exists`, or a flow-language condition, judged as the interpreter judges one. */
const compare = (operator: string, actual: string | undefined, operand: string | undefined): boolean => {
  if (operator === 'Exists') return actual !== undefined && actual !== '';
  if (actual === undefined || operand === undefined || !isOperator(operator)) return false;
  return conditionHolds(operator, actual, operand);
};

const QUEUE_ARNS: Readonly<Record<QueueName, string>> = {
  urgent: PLACEHOLDER_REFERENCES.urgentQueueArn,
  general: PLACEHOLDER_REFERENCES.generalQueueArn,
  callback: PLACEHOLDER_REFERENCES.callbackQueueArn,
};

/** What an Assert's namespace reads of the call as it ended. */
const valueAt = (namespace: string, report: CallReport, from: string): string | undefined => {
  if (namespace.startsWith('$.Attributes.')) return report.contactAttributes[namespace.slice(13)];
  switch (namespace) {
    case '$.Queue.ARN':
      return report.queue ? QUEUE_ARNS[report.queue] : undefined;
    case '$.Queue.Name':
      return report.queue ?? undefined;
    case '$.LanguageCode':
      return report.languageCode;
    case '$.CustomerEndpoint.Address':
      return from === 'anonymous' ? undefined : from;
    default:
      throw new CaseCannotRunError(`the namespace ${namespace} is not available in the local run`);
  }
};

const ALWAYS_OPEN: OfficeHours = {
  name: 'always open (test case)',
  description: 'InHours, as the test case substitutes it',
  timeZone: 'Europe/Vienna',
  weekly: WEEKDAYS.map((day) => ({ day, start: { hours: 0, minutes: 0 }, end: { hours: 24, minutes: 0 } })),
  closedDays: [],
};
const NEVER_OPEN: OfficeHours = { ...ALWAYS_OPEN, name: 'never open (test case)', weekly: [] };

type LambdaAnswer = { readonly error: 'NoMatchingError' | 'TimeLimitExceeded' } | { readonly data: unknown };

interface Substitutions {
  readonly lambdaAnswers: LambdaAnswer[];
  readonly hours: OfficeHours | undefined;
  readonly fullQueues: QueueName[];
  readonly slow: boolean;
}

/** Every OverrideSystemBehavior of the case, in order (Connect consumes one per use, first in first out). */
const substitutionsOf = (document: TestCaseDocument): Substitutions => {
  const lambdaAnswers: LambdaAnswer[] = [];
  let hours: OfficeHours | undefined;
  const fullQueues: QueueName[] = [];
  for (const observation of document.Observations)
    for (const action of inOrder(observation.Actions)) {
      if (action.Type !== 'OverrideSystemBehavior') continue;
      const { ActionType, ActionParameters, Strategy } = action.Parameters.Behavior.Properties;
      if (Strategy.Type === 'SubstituteResource')
        throw new CaseCannotRunError(`a substituted ${ActionType} resource cannot be run locally`);
      const response = Strategy.Response;
      if (ActionType === 'InvokeLambdaFunction') {
        if (ActionParameters.LambdaFunctionARN !== PLACEHOLDER_REFERENCES.identifyCallerArn) continue;
        if (response.Type === 'Error') {
          if (response.Error.Value === 'QueueAtCapacity')
            throw new CaseCannotRunError('a Lambda cannot fail with QueueAtCapacity');
          lambdaAnswers.push({ error: response.Error.Value });
        } else {
          try {
            lambdaAnswers.push({ data: JSON.parse(response.ExecutionResult.LoadedData ?? '{}') });
          } catch (error) {
            throw new CaseCannotRunError('a Lambda answer (LoadedData) is not JSON', { cause: error });
          }
        }
      } else if (ActionType === 'CheckHoursOfOperation') {
        const value = response.Type === 'ExecutionResult' ? response.ExecutionResult.Value : undefined;
        if (value !== 'InHours' && value !== 'OutOfHours')
          throw new CaseCannotRunError('an hours check can be substituted with InHours or OutOfHours only');
        // The inbound flow checks the hours once; a second substitution would never be used.
        hours ??= value === 'InHours' ? ALWAYS_OPEN : NEVER_OPEN;
      } else if (ActionType === 'TransferContactToQueue') {
        const queue = (Object.keys(QUEUE_ARNS) as QueueName[]).find(
          (name) => QUEUE_ARNS[name] === ActionParameters.QueueId,
        );
        if (!queue || response.Type !== 'Error' || response.Error.Value !== 'QueueAtCapacity')
          throw new CaseCannotRunError(
            'a queue transfer can be substituted with QueueAtCapacity on a known queue only',
          );
        fullQueues.push(queue);
      } else {
        throw new CaseCannotRunError(`${ActionType} is not in the inbound flow`);
      }
    }
  return {
    lambdaAnswers,
    hours,
    fullQueues,
    slow: lambdaAnswers.some((a) => 'error' in a && a.error === 'TimeLimitExceeded'),
  };
};

/**
 * identify-caller as the case substitutes it: each invocation takes the next answer; with none left
 * the wired handler answers. The interpreter retries a failed invocation with the same event, and
 * a retry belongs to the invocation the substitution answered, so it fails the same way.
 */
const substitutedLambda =
  (answers: readonly LambdaAnswer[]) =>
  (wired: LambdaHandler): LambdaHandler => {
    const queue = [...answers];
    let failed: { readonly event: string; readonly answer: LambdaAnswer } | undefined;
    return async (event) => {
      const key = JSON.stringify(event);
      const answer = failed?.event === key ? failed.answer : queue.shift();
      if (answer === undefined) return wired(event);
      if ('data' in answer) return answer.data;
      failed = { event: key, answer };
      if (answer.error === 'TimeLimitExceeded') return new Promise<never>(() => {});
      throw new Error('substituted Lambda failure');
    };
  };

interface Evaluation {
  readonly passed: number;
  readonly failure: string | null;
  /** Keys the observations press at the call's input prompts, by prompt: what the next run needs. */
  readonly keys: readonly string[];
}

/** Matches the observations against the call, from the first, following their transitions. */
const evaluate = (
  document: TestCaseDocument,
  timeline: readonly TimelineEvent[],
  report: CallReport,
  from: string,
): Evaluation => {
  const byId = new Map(document.Observations.map((o) => [o.Identifier, o]));
  const keys: string[] = [];
  let passed = 0;
  let position = 0;
  let active: Observation[] = document.Observations.slice(0, 1);
  while (active.length > 0) {
    let matched: { observation: Observation; index: number } | undefined;
    for (let index = position; index < timeline.length && !matched; index += 1) {
      const event = timeline[index];
      const observation = event && active.find((o) => mismatch(o.Event, event) === null);
      if (observation) matched = { observation, index };
    }
    if (!matched) {
      const expected = active.map((o) => `"${o.Identifier}" (${describeEvent(o.Event)})`).join(' or ');
      return { passed, failure: `observation ${expected}: never observed`, keys };
    }
    const { observation, index } = matched;
    position = index + 1;
    const event = timeline[index];
    const pressed = dtmfOf(observation);
    if (pressed !== undefined && event?.type === 'MessageReceived' && event.inputIndex !== null)
      keys[event.inputIndex] = pressed;
    for (const action of inOrder(observation.Actions)) {
      if (action.Type === 'TestControl') return { passed: passed + 1, failure: null, keys };
      if (action.Type !== 'Assert') continue;
      const { Namespace, Operator, Operand } = action.Parameters;
      const actual = valueAt(Namespace, report, from);
      if (!compare(Operator, actual, Operand))
        return {
          passed,
          failure: `observation "${observation.Identifier}": ${Namespace} ${Operator} ${Operand ?? ''} failed (found ${actual === undefined ? 'nothing' : JSON.stringify(actual)})`,
          keys,
        };
    }
    passed += 1;
    active = observation.Transitions.NextObservations.flatMap((id) => byId.get(id) ?? []);
  }
  return { passed, failure: null, keys };
};

export interface TestCaseRunnerDeps {
  /** The local store identify-caller reads, when a case does not substitute its answers. */
  readonly env: IdentifyCallerEnv;
  readonly doc?: DynamoDBDocumentClient;
  /** @default the inbound flow with the placeholder references */
  readonly flow?: FlowDocument;
}

const failedVerdict = (name: string, total: number, passed: number, failure: string): CaseVerdict => ({
  name,
  status: 'FAILED',
  observations: { total, passed, failed: total - passed },
  failures: [failure],
});

/**
 * Returns a runner of one case: `name` labels the verdict, `content` is the document as read (a
 * case that does not parse fails, as Connect refuses to publish it).
 */
export const makeTestCaseRunner = (deps: TestCaseRunnerDeps) => {
  const flow = deps.flow ?? buildInboundFlow(PLACEHOLDER_REFERENCES);
  const common = { env: deps.env, flow, readCallLog: false, ...(deps.doc ? { doc: deps.doc } : {}) };
  const call = makeCallSimulator(common);
  // A case that lets the Lambda outlast its limit runs in scaled time: 4 s become 40 ms.
  const callInFastTime = makeCallSimulator({ ...common, timeScale: 0.01 });

  return async (name: string, content: unknown): Promise<CaseVerdict> => {
    const parsed = TestCaseDocument.safeParse(content);
    if (!parsed.success)
      return failedVerdict(
        name,
        0,
        0,
        `not a test case: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ')}`,
      );
    const document = parsed.data;
    const total = document.Observations.length;
    const meta = HotlineMetadata.safeParse(document.Metadata[METADATA_KEY]);
    const from = meta.success ? meta.data.from : 'anonymous';
    const at = meta.success ? meta.data.at : new Date().toISOString();
    try {
      const substitutions = substitutionsOf(document);
      const overrides: CallOverrides = {
        identifyCaller: substitutedLambda(substitutions.lambdaAnswers),
        ...(substitutions.hours ? { hours: substitutions.hours } : {}),
      };
      const simulate = substitutions.slow ? callInFastTime : call;
      // The keys are known only as the call reaches each prompt: run, learn the keys pressed at the
      // prompts reached, and run again until the call asks for no key the run did not have.
      let keys: readonly string[] = [];
      for (let round = 0; ; round += 1) {
        const report = await simulate(
          { from, at, keys: [...keys], fullQueues: substitutions.fullQueues },
          overrides,
        );
        const result = evaluate(document, timelineOf(flow, report), report, from);
        const learned = Array.from({ length: result.keys.length }, (_, i) => result.keys[i] ?? '');
        const same = learned.length <= keys.length && learned.every((key, i) => key === keys[i]);
        if (same || round > total) {
          return result.failure
            ? failedVerdict(name, total, result.passed, result.failure)
            : { name, status: 'PASSED', observations: { total, passed: total, failed: 0 }, failures: [] };
        }
        keys = learned;
      }
    } catch (error) {
      if (error instanceof CaseCannotRunError || error instanceof InvalidCallError)
        return failedVerdict(name, total, 0, error.message);
      throw error;
    }
  };
};

/** One line per case, like Connect's execution summary, and the reasons under a failed one. */
export const formatVerdict = (verdict: CaseVerdict): string =>
  [
    `${verdict.status.padEnd(6)} ${verdict.name}  (${verdict.observations.passed}/${verdict.observations.total} observations passed)`,
    ...verdict.failures.map((failure) => `       ${failure}`),
  ].join('\n');

export const formatTotals = (verdicts: readonly CaseVerdict[]): string => {
  const passed = verdicts.filter((v) => v.status === 'PASSED').length;
  return `${passed} passed, ${verdicts.length - passed} failed`;
};

import type { FlowAction } from '../../shared/flow/flow-language.ts';
import { CUSTOMER_QUEUE, type FlowType, HOLD, INBOUND, MODULE, TRANSFER, WHISPER } from './flow-types.ts';
import { containsPath, looksLikeWholePath, parseWholeReference } from './jsonpath.ts';

const REF = 'https://docs.aws.amazon.com/connect/latest/APIReference';

/**
 * The action types the local interpreter runs: those of an inbound hotline, those public console
 * exports use most, and the ones exports carry without a local effect. Anything else is refused by
 * name. Each action's rules follow its page of the Flow language reference
 * (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html; the pages are
 * named `<group>-<lowercased type>.html`, group `contact-actions`, `flow-control-actions`,
 * `interactions` or `participant-actions`), cited as `REF/<page>` below.
 */
export const ACTION_TYPES = [
  'InvokeLambdaFunction',
  'UpdateContactAttributes',
  'Compare',
  'GetParticipantInput',
  'MessageParticipant',
  'CheckHoursOfOperation',
  'UpdateContactTargetQueue',
  'UpdateContactRoutingBehavior',
  'TransferContactToQueue',
  'UpdateContactCallbackNumber',
  'CreateCallbackContact',
  'UpdateContactData',
  'UpdateFlowLoggingBehavior',
  'DisconnectParticipant',
  'UpdateContactTextToSpeechVoice',
  'UpdateFlowAttributes',
  'UpdateContactEventHooks',
  'UpdateContactRecordingBehavior',
  'TransferToFlow',
  'InvokeFlowModule',
  'EndFlowModuleExecution',
  'EndFlowExecution',
  'Loop',
  'MessageParticipantIteratively',
  'CheckMetricData',
  'DistributeByPercentage',
  'Wait',
  'TagContact',
  'UntagContact',
  'UpdateContactRoutingCriteria',
  'UpdateContactMediaStreamingBehavior',
  'UpdateContactRecordingAndAnalyticsBehavior',
  'UpdatePreviousContactParticipantState',
  'ShowView',
  'ConnectParticipantWithLexBot',
  'TransferContactToAgent',
  'DequeueContactAndTransferToQueue',
  'CreateTask',
  'CreateWisdomSession',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const isActionType = (type: string): type is ActionType =>
  (ACTION_TYPES as readonly string[]).includes(type);

export const NO_MATCHING_ERROR = 'NoMatchingError';
export const NO_MATCHING_CONDITION = 'NoMatchingCondition';

type Report = (message: string) => void;

interface ActionSpec {
  /** Error types the action raises besides `NoMatchingError`, which every action may branch on. */
  readonly errors: readonly string[];
  /** The action has a result for `Conditions` to test. */
  readonly hasResult: boolean;
  /** The action ends the flow (on success), so it needs no `NextAction`. */
  readonly ends: boolean;
  /** Parameters that must be static (counts, times, switches): no JSONPath anywhere inside. */
  readonly staticOnly: readonly string[];
  /** Parameters that must be exactly one JSONPath. */
  readonly onePath: readonly string[];
  /** Parameters that are static or exactly one JSONPath (no text with embedded paths). */
  readonly staticOrOnePath: readonly string[];
  /** The flow types the action is available in, and the page that says so; absent: every type. */
  readonly flowTypes?: { readonly allowed: readonly FlowType[]; readonly source: string };
  readonly check?: (action: FlowAction, report: Report) => void;
}

const spec = (partial: Partial<ActionSpec>): ActionSpec => ({
  errors: [],
  hasResult: false,
  ends: false,
  staticOnly: [],
  onePath: [],
  staticOrOnePath: [],
  ...partial,
});

/** A whole number written as text or as a number; `undefined` for anything else. */
export const staticInteger = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const checkInteger = (
  parameters: Readonly<Record<string, unknown>>,
  name: string,
  range: { min: number; max?: number; required?: boolean },
  report: Report,
) => {
  const value = parameters[name];
  if (value === undefined) {
    if (range.required) report(`${name} is required`);
    return;
  }
  if (typeof value === 'string' && containsPath(value)) return; // reported as not static
  const n = staticInteger(value);
  const wanted = range.max === undefined ? `≥ ${range.min}` : `${range.min}–${range.max}`;
  if (n === undefined || n < range.min || (range.max !== undefined && n > range.max))
    report(`${name} must be a whole number ${wanted}, got ${JSON.stringify(value)}`);
};

const checkString = (
  parameters: Readonly<Record<string, unknown>>,
  name: string,
  required: boolean,
  report: Report,
) => {
  const value = parameters[name];
  if (value === undefined) {
    if (required) report(`${name} is required`);
  } else if (typeof value !== 'string' || value.trim() === '') {
    report(`${name} must be non-empty text, got ${JSON.stringify(value)}`);
  }
};

const checkOneOf = (
  parameters: Readonly<Record<string, unknown>>,
  name: string,
  allowed: readonly string[],
  required: boolean,
  report: Report,
) => {
  const value = parameters[name];
  if (value === undefined) {
    if (required) report(`${name} is required (${allowed.join(' or ')})`);
  } else if (typeof value !== 'string' || !allowed.includes(value)) {
    report(`${name} must be ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
  }
};

const checkStringMap = (
  parameters: Readonly<Record<string, unknown>>,
  name: string,
  required: boolean,
  report: Report,
) => {
  const value = parameters[name];
  if (value === undefined) {
    if (required) report(`${name} is required`);
  } else if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    report(`${name} must be an object of text values`);
  }
};

export const PROMPT_PARAMETERS = ['Text', 'SSML', 'PromptId', 'Media'] as const;

/**
 * A `PromptId` is "either statically defined or a single valid JSONPath identifier"
 * (REF/participant-actions-getparticipantinput.html, REF/participant-actions-messageparticipant.html):
 * an ID or ARN, or one path, never text with a path inside.
 */
const checkPromptId = (value: unknown, where: string, report: Report) => {
  if (typeof value !== 'string' || !containsPath(value)) return;
  if (!looksLikeWholePath(value) || parseWholeReference(value) === null)
    report(`${where} must be a prompt ID or ARN or one JSONPath, got ${JSON.stringify(value)}`);
};

const checkPrompt = (parameters: Readonly<Record<string, unknown>>, report: Report) => {
  const given = PROMPT_PARAMETERS.filter((name) => parameters[name] !== undefined);
  if (given.length !== 1) {
    report(`exactly one of ${PROMPT_PARAMETERS.join(', ')} is required, got ${given.length}`);
    return;
  }
  const [name] = given;
  if (name !== 'Media' && name !== undefined) checkString(parameters, name, true, report);
  checkPromptId(parameters.PromptId, 'PromptId', report);
};

/** Keys a menu can compare: one DTMF key. */
const KEY_PATTERN = /^[0-9*#]$/;

const hasError = (action: FlowAction, errorType: string): boolean =>
  (action.Transitions.Errors ?? []).some((e) => e.ErrorType === errorType);

/**
 * REF/participant-actions-getparticipantinput.html: `StoreInput` is optional and absent means
 * False; stored input needs `InputValidation` and has no conditions, so no NoMatchingCondition.
 */
const checkGetParticipantInput = (action: FlowAction, report: Report) => {
  const { Parameters: p, Transitions: t } = action;
  checkPrompt(p, report);
  checkOneOf(p, 'StoreInput', ['True', 'False'], false, report);
  checkInteger(p, 'InputTimeLimitSeconds', { min: 1 }, report);
  const store = p.StoreInput === 'True';
  const validation = p.InputValidation;
  if (!store) {
    if (validation !== undefined) report('InputValidation is only allowed with StoreInput "True"');
    if (!hasError(action, NO_MATCHING_ERROR))
      report('a menu (StoreInput "False") needs a NoMatchingError error branch');
    for (const condition of t.Conditions ?? []) {
      const { Operator, Operands } = condition.Condition;
      if (Operator !== 'Equals') report(`a menu compares keys with Equals only, got ${Operator}`);
      if (!Operands.every((o) => KEY_PATTERN.test(o)))
        report(`a menu condition compares one key of 0-9 * #, got ${JSON.stringify(Operands)}`);
    }
    return;
  }
  if ((t.Conditions ?? []).length > 0) report('stored input (StoreInput "True") has no conditions');
  if (hasError(action, NO_MATCHING_CONDITION))
    report('stored input (StoreInput "True") has no conditions, so no NoMatchingCondition branch');
  if (t.NextAction === undefined) report('stored input (StoreInput "True") needs a NextAction');
  if (validation === undefined) {
    report('stored input (StoreInput "True") needs InputValidation');
    return;
  }
  if (!isRecord(validation)) {
    report('InputValidation must be an object');
    return;
  }
  const phone = validation.PhoneNumberValidation;
  const custom = validation.CustomValidation;
  if ((phone === undefined) === (custom === undefined)) {
    report('InputValidation needs exactly one of PhoneNumberValidation, CustomValidation');
    return;
  }
  if (phone !== undefined) {
    if (!isRecord(phone)) return report('PhoneNumberValidation must be an object');
    checkOneOf(phone, 'NumberFormat', ['Local', 'E164'], true, report);
    if (phone.NumberFormat === 'Local') {
      if (typeof phone.CountryCode !== 'string' || !/^[A-Z]{2}$/.test(phone.CountryCode))
        report(
          `PhoneNumberValidation.CountryCode must be a two-letter country, got ${JSON.stringify(phone.CountryCode)}`,
        );
    }
  } else {
    if (!isRecord(custom)) return report('CustomValidation must be an object');
    checkInteger(custom, 'MaximumLength', { min: 1, max: 20, required: true }, report);
  }
};

const COUNTS = ['no', 'one', 'two', 'three'];

/** Conditions that are exactly `Equals` on each of `operands`, once each, and nothing else. */
const checkExactResults = (action: FlowAction, operands: readonly string[], report: Report) => {
  const conditions = action.Transitions.Conditions ?? [];
  const given = conditions.map((c) =>
    c.Condition.Operator === 'Equals' ? c.Condition.Operands.join(',') : '?',
  );
  const exact = given.length === operands.length && operands.every((operand) => given.includes(operand));
  if (!exact)
    report(
      `${action.Type} needs exactly ${COUNTS[operands.length] ?? operands.length} conditions: ${operands.map((o) => `Equals "${o}"`).join(' and ')}`,
    );
};

/** Only `Equals` conditions, whose operands are among `allowed`, including every one of `required`. */
const checkEqualsResults = (
  action: FlowAction,
  allowed: readonly string[] | null,
  required: readonly string[],
  report: Report,
) => {
  const conditions = action.Transitions.Conditions ?? [];
  for (const { Condition } of conditions) {
    if (Condition.Operator !== 'Equals')
      report(`${action.Type} conditions use Equals only, got ${Condition.Operator}`);
    else if (allowed && !Condition.Operands.every((o) => allowed.includes(o)))
      report(`${action.Type} results are ${allowed.join(', ')}, got ${JSON.stringify(Condition.Operands)}`);
  }
  const operands = conditions.flatMap((c) => c.Condition.Operands);
  for (const operand of required)
    if (!operands.includes(operand)) report(`${action.Type} needs a condition Equals "${operand}"`);
};

/** REF/flow-control-actions-checkhoursofoperation.html: "True" and "False", no other conditions. */
const checkHours = (action: FlowAction, report: Report) => {
  checkString(action.Parameters, 'HoursOfOperationId', false, report);
  checkExactResults(action, ['True', 'False'], report);
};

const checkLambda = (action: FlowAction, report: Report) => {
  const p = action.Parameters;
  checkString(p, 'LambdaFunctionARN', true, report);
  checkInteger(p, 'InvocationTimeLimitSeconds', { min: 1, max: 8, required: true }, report);
  if (p.InvocationType === 'ASYNCHRONOUS')
    report('InvocationType ASYNCHRONOUS needs a Wait block; the local interpreter runs SYNCHRONOUS only');
  else checkOneOf(p, 'InvocationType', ['SYNCHRONOUS'], false, report);
  checkStringMap(p, 'LambdaInvocationAttributes', false, report);
  const validation = p.ResponseValidation;
  if (validation !== undefined) {
    if (!isRecord(validation)) report('ResponseValidation must be an object');
    else checkOneOf(validation, 'ResponseType', ['STRING_MAP', 'JSON'], true, report);
  }
};

const checkRouting = (action: FlowAction, report: Report) => {
  const p = action.Parameters;
  if ((p.QueuePriority === undefined) === (p.QueueTimeAdjustmentSeconds === undefined))
    report('exactly one of QueuePriority, QueueTimeAdjustmentSeconds is required');
  checkInteger(p, 'QueuePriority', { min: 1 }, report);
  checkInteger(p, 'QueueTimeAdjustmentSeconds', { min: Number.MIN_SAFE_INTEGER }, report);
};

/** REF/contact-actions-updatecontacttargetqueue.html: a queue or an agent (whose queue is meant). */
const checkTargetQueue = (action: FlowAction, report: Report) => {
  const p = action.Parameters;
  if ((p.QueueId === undefined) === (p.AgentId === undefined))
    report('exactly one of QueueId, AgentId is required');
  checkString(p, 'QueueId', false, report);
  checkString(p, 'AgentId', false, report);
};

const checkFlowAttributes = (action: FlowAction, report: Report) => {
  const attributes = action.Parameters.FlowAttributes;
  if (!isRecord(attributes)) return report('FlowAttributes must be an object');
  for (const [name, entry] of Object.entries(attributes))
    if (!isRecord(entry) || typeof entry.Value !== 'string')
      report(`FlowAttributes.${name} must be { "Value": text }`);
};

/**
 * REF/flow-control-actions-loop.html: `LoopCount` 0–100, static or one JSONPath; exactly the
 * conditions ContinueLooping and DoneLooping.
 */
const checkLoop = (action: FlowAction, report: Report) => {
  const count = action.Parameters.LoopCount;
  if (typeof count === 'string' && containsPath(count)) {
    if (!looksLikeWholePath(count))
      report(`LoopCount must be static or one JSONPath, got ${JSON.stringify(count)}`);
  } else checkInteger(action.Parameters, 'LoopCount', { min: 0, max: 100, required: true }, report);
  checkExactResults(action, [LOOP_CONTINUE, LOOP_DONE], report);
};

/**
 * REF/flow-control-actions-distributebypercentage.html: a chain of less-than comparisons, each
 * bound above the one before, none above 100. Console exports write the operator `NumberLessThan`
 * (the page says "NumericLessThan", which is no operator of the language).
 */
const checkDistribution = (action: FlowAction, report: Report) => {
  let previous = 0;
  for (const { Condition } of action.Transitions.Conditions ?? []) {
    const bound = staticInteger(Condition.Operands[0]);
    if (Condition.Operator !== 'NumberLessThan')
      report(`DistributeByPercentage compares with NumberLessThan only, got ${Condition.Operator}`);
    else if (bound === undefined || bound <= previous || bound > 100)
      report(
        `DistributeByPercentage bounds must rise from one condition to the next and stay within 100, got ${JSON.stringify(Condition.Operands)}`,
      );
    else previous = bound;
  }
};

/** REF/participant-actions-messageparticipantiteratively.html */
const checkMessageLoop = (action: FlowAction, report: Report) => {
  const messages = action.Parameters.Messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    report('Messages must be a list of at least one message');
  } else {
    messages.forEach((message: unknown, index) => {
      if (!isRecord(message)) {
        report(`Messages.${index} must be an object`);
        return;
      }
      const given = PROMPT_PARAMETERS.filter((name) => message[name] !== undefined);
      if (given.length !== 1)
        report(`Messages.${index} needs exactly one of ${PROMPT_PARAMETERS.join(', ')}, got ${given.length}`);
      checkPromptId(message.PromptId, `Messages.${index}.PromptId`, report);
    });
  }
  checkInteger(action.Parameters, 'InterruptFrequencySeconds', { min: 1 }, report);
  checkEqualsResults(action, [MESSAGES_INTERRUPTED], [], report);
};

/**
 * REF/flow-control-actions-wait.html: "WaitCompleted" and every listed event are conditions, with
 * Equals only. The page names the time `TimeoutSeconds`; console exports write `TimeLimitSeconds`.
 */
const checkWait = (action: FlowAction, report: Report) => {
  const p = action.Parameters;
  const name = p.TimeLimitSeconds !== undefined ? 'TimeLimitSeconds' : 'TimeoutSeconds';
  const time = p[name];
  if (typeof time === 'string' && containsPath(time)) {
    if (!looksLikeWholePath(time)) report(`${name} must be static or one JSONPath`);
  } else checkInteger(p, name, { min: 1, max: 604_800, required: true }, report);
  const events = Array.isArray(p.Events) ? p.Events.filter((e): e is string => typeof e === 'string') : [];
  for (const event of events)
    if (!WAIT_EVENTS.includes(event)) report(`Wait cannot wait for ${JSON.stringify(event)}`);
  checkEqualsResults(action, [WAIT_COMPLETED, ...WAIT_EVENTS], [WAIT_COMPLETED, ...events], report);
};

const checkTags = (action: FlowAction, report: Report) => {
  checkStringMap(action.Parameters, 'Tags', true, report);
  const tags = action.Parameters.Tags;
  if (isRecord(tags) && Object.keys(tags).length === 0) report('Tags must name at least one tag');
};

const checkUntag = (action: FlowAction, report: Report) => {
  const keys = action.Parameters.TagKeys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string' && k !== ''))
    report('TagKeys must be a list of tag names');
};

const checkTransferToFlow = (action: FlowAction, report: Report) =>
  checkString(action.Parameters, 'ContactFlowId', true, report);

const checkModule = (action: FlowAction, report: Report) =>
  checkString(action.Parameters, 'FlowModuleId', true, report);

const checkMetric = (action: FlowAction, report: Report) => {
  checkString(action.Parameters, 'MetricType', true, report);
  checkString(action.Parameters, 'QueueId', false, report);
  checkString(action.Parameters, 'AgentId', false, report);
};

const checkMediaStreaming = (action: FlowAction, report: Report) =>
  checkOneOf(action.Parameters, 'MediaStreamingState', ['Enabled', 'Disabled'], true, report);

const checkRoutingCriteria = (action: FlowAction, report: Report) => {
  const criteria = action.Parameters.RoutingCriteria;
  if (typeof criteria === 'string' && looksLikeWholePath(criteria)) return; // set from a Lambda's JSON
  if (!isRecord(criteria) || !Array.isArray(criteria.Steps) || criteria.Steps.length === 0)
    report('RoutingCriteria must be { "Steps": [...] } with at least one step, or one JSONPath');
};

const CALLBACK_SECONDS = { min: 1, max: 259_200 };

export const LOOP_CONTINUE = 'ContinueLooping';
export const LOOP_DONE = 'DoneLooping';
export const MESSAGES_INTERRUPTED = 'MessagesInterrupted';
export const WAIT_COMPLETED = 'WaitCompleted';
const WAIT_EVENTS: readonly string[] = ['CustomerReturned', 'BotParticipantDisconnected'];

const only = (allowed: readonly (readonly FlowType[])[], page: string) => ({
  allowed: allowed.flat(),
  source: `${REF}/${page}`,
});

export const ACTION_SPECS: Readonly<Record<ActionType, ActionSpec>> = {
  InvokeLambdaFunction: spec({
    staticOnly: ['InvocationTimeLimitSeconds', 'InvocationType', 'ResponseValidation'],
    check: checkLambda,
  }),
  UpdateContactAttributes: spec({
    staticOnly: ['TargetContact'],
    check: (a, report) => {
      checkStringMap(a.Parameters, 'Attributes', true, report);
      checkOneOf(a.Parameters, 'TargetContact', ['Current', 'Related'], false, report);
    },
  }),
  Compare: spec({ hasResult: true, errors: [NO_MATCHING_CONDITION], onePath: ['ComparisonValue'] }),
  GetParticipantInput: spec({
    hasResult: true,
    errors: [NO_MATCHING_CONDITION, 'InputTimeLimitExceeded', 'InvalidPhoneNumber'],
    staticOnly: [
      'StoreInput',
      'InputTimeLimitSeconds',
      'InputValidation',
      'InputEncryption',
      'DTMFConfiguration',
    ],
    check: checkGetParticipantInput,
  }),
  MessageParticipant: spec({ check: (a, report) => checkPrompt(a.Parameters, report) }),
  // No NoMatchingCondition: both results have their condition.
  CheckHoursOfOperation: spec({
    hasResult: true,
    check: checkHours,
    flowTypes: only(
      [INBOUND, TRANSFER, CUSTOMER_QUEUE, MODULE],
      'flow-control-actions-checkhoursofoperation.html',
    ),
  }),
  UpdateContactTargetQueue: spec({ check: checkTargetQueue }),
  UpdateContactRoutingBehavior: spec({
    staticOnly: ['QueuePriority', 'QueueTimeAdjustmentSeconds'],
    check: checkRouting,
  }),
  // Success ends the flow, yet every console export carries a NextAction here (pointing at an
  // error target) and often no Parameters; a flow without a NextAction is what a hand-written flow
  // gets wrong, so it is refused.
  TransferContactToQueue: spec({
    ends: true,
    errors: ['QueueAtCapacity'],
    check: (a, report) => {
      if (a.Transitions.NextAction === undefined)
        report('TransferContactToQueue needs a NextAction, as every console export carries one');
    },
  }),
  UpdateContactCallbackNumber: spec({
    errors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'],
    onePath: ['CallbackNumber'],
  }),
  CreateCallbackContact: spec({
    staticOnly: ['InitialCallDelaySeconds', 'RetryDelaySeconds', 'MaximumConnectionAttempts'],
    check: (a, report) => {
      checkString(a.Parameters, 'QueueId', false, report);
      checkInteger(a.Parameters, 'InitialCallDelaySeconds', CALLBACK_SECONDS, report);
      checkInteger(a.Parameters, 'RetryDelaySeconds', CALLBACK_SECONDS, report);
      checkInteger(a.Parameters, 'MaximumConnectionAttempts', { min: 1 }, report);
    },
  }),
  UpdateContactData: spec({
    check: (a, report) => {
      for (const name of ['LanguageCode', 'Name', 'Description'])
        if (a.Parameters[name] !== undefined && typeof a.Parameters[name] !== 'string')
          report(`${name} must be text`);
    },
  }),
  UpdateFlowLoggingBehavior: spec({
    staticOnly: ['FlowLoggingBehavior'],
    check: (a, report) =>
      checkOneOf(a.Parameters, 'FlowLoggingBehavior', ['Enabled', 'Disabled'], true, report),
  }),
  DisconnectParticipant: spec({ ends: true }),
  UpdateContactTextToSpeechVoice: spec({}),
  UpdateFlowAttributes: spec({ check: checkFlowAttributes }),
  UpdateContactEventHooks: spec({}),
  UpdateContactRecordingBehavior: spec({}),
  TransferToFlow: spec({
    ends: true,
    staticOrOnePath: ['ContactFlowId'],
    check: checkTransferToFlow,
    flowTypes: only([INBOUND, TRANSFER, MODULE], 'flow-control-actions-transfertoflow.html'),
  }),
  InvokeFlowModule: spec({
    staticOrOnePath: ['FlowModuleId'],
    check: checkModule,
    flowTypes: only([INBOUND], 'contact-actions-invokeflowmodule.html'),
  }),
  EndFlowModuleExecution: spec({
    ends: true,
    flowTypes: only([MODULE], 'contact-actions-endflowmoduleexecution.html'),
  }),
  // "Available only in whisper flows and customer queue flows"; always terminal, no conditions.
  EndFlowExecution: spec({
    ends: true,
    flowTypes: only([WHISPER, CUSTOMER_QUEUE], 'flow-control-actions-endflowexecution.html'),
  }),
  Loop: spec({ hasResult: true, check: checkLoop }),
  MessageParticipantIteratively: spec({
    hasResult: true,
    ends: true,
    staticOnly: ['InterruptFrequencySeconds'],
    check: checkMessageLoop,
    flowTypes: only([CUSTOMER_QUEUE, HOLD], 'participant-actions-messageparticipantiteratively.html'),
  }),
  CheckMetricData: spec({
    hasResult: true,
    errors: [NO_MATCHING_CONDITION],
    staticOnly: ['MetricType'],
    check: checkMetric,
    flowTypes: only([INBOUND, TRANSFER, CUSTOMER_QUEUE, MODULE], 'flow-control-actions-checkmetricdata.html'),
  }),
  DistributeByPercentage: spec({
    hasResult: true,
    errors: [NO_MATCHING_CONDITION],
    check: checkDistribution,
    flowTypes: only(
      [INBOUND, TRANSFER, CUSTOMER_QUEUE, MODULE],
      'flow-control-actions-distributebypercentage.html',
    ),
  }),
  Wait: spec({
    hasResult: true,
    errors: ['ParticipantNotFound'],
    staticOnly: ['Events'],
    check: checkWait,
  }),
  TagContact: spec({ check: checkTags }),
  UntagContact: spec({ check: checkUntag }),
  UpdateContactRoutingCriteria: spec({ check: checkRoutingCriteria }),
  UpdateContactMediaStreamingBehavior: spec({
    staticOnly: ['MediaStreamingState', 'MediaStreamType', 'Participants'],
    check: checkMediaStreaming,
  }),
  UpdateContactRecordingAndAnalyticsBehavior: spec({}),
  UpdatePreviousContactParticipantState: spec({}),
  ShowView: spec({
    hasResult: true,
    errors: [NO_MATCHING_CONDITION, 'TimeLimitExceeded'],
    check: (a, report) => {
      if (!isRecord(a.Parameters.ViewResource) || typeof a.Parameters.ViewResource.Id !== 'string')
        report('ViewResource must be { "Id": a view ARN }');
    },
  }),
  ConnectParticipantWithLexBot: spec({ hasResult: true, errors: [NO_MATCHING_CONDITION] }),
  TransferContactToAgent: spec({
    ends: true,
    flowTypes: only([TRANSFER], 'contact-actions-transfercontacttoagent.html'),
  }),
  DequeueContactAndTransferToQueue: spec({
    ends: true,
    flowTypes: only([CUSTOMER_QUEUE], 'contact-actions-dequeuecontactandtransfertoqueue.html'),
  }),
  CreateTask: spec({}),
  CreateWisdomSession: spec({
    check: (a, report) => checkString(a.Parameters, 'WisdomAssistantArn', true, report),
  }),
};

/** Every flow type is allowed unless the action's page restricts it. */
export const allowedIn = (type: ActionType, flowType: FlowType): boolean => {
  const restriction = ACTION_SPECS[type].flowTypes;
  return restriction === undefined || restriction.allowed.includes(flowType);
};

import type { FlowAction } from '../../shared/flow/flow-language.ts';
import { containsPath } from './jsonpath.ts';

/**
 * The action types the local interpreter runs: those of an inbound hotline (CONNECT.md §2) plus
 * the ones console exports carry without a local effect. Anything else is refused by name.
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
  readonly check?: (action: FlowAction, report: Report) => void;
}

const spec = (partial: Partial<ActionSpec>): ActionSpec => ({
  errors: [],
  hasResult: false,
  ends: false,
  staticOnly: [],
  onePath: [],
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

const checkPrompt = (parameters: Readonly<Record<string, unknown>>, report: Report) => {
  const given = PROMPT_PARAMETERS.filter((name) => parameters[name] !== undefined);
  if (given.length !== 1) {
    report(`exactly one of ${PROMPT_PARAMETERS.join(', ')} is required, got ${given.length}`);
    return;
  }
  const [name] = given;
  if (name !== 'Media' && name !== undefined) checkString(parameters, name, true, report);
};

/** Keys a menu can compare: one DTMF key. */
const KEY_PATTERN = /^[0-9*#]$/;

const checkGetParticipantInput = (action: FlowAction, report: Report) => {
  const { Parameters: p, Transitions: t } = action;
  checkPrompt(p, report);
  checkOneOf(p, 'StoreInput', ['True', 'False'], true, report);
  checkInteger(p, 'InputTimeLimitSeconds', { min: 1 }, report);
  const store = p.StoreInput === 'True';
  const validation = p.InputValidation;
  if (!store) {
    if (validation !== undefined) report('InputValidation is only allowed with StoreInput "True"');
    if (!(t.Errors ?? []).some((e) => e.ErrorType === NO_MATCHING_ERROR))
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
  if (t.NextAction === undefined) report('stored input (StoreInput "True") needs a NextAction');
  if (validation === undefined) return;
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

const checkHours = (action: FlowAction, report: Report) => {
  checkString(action.Parameters, 'HoursOfOperationId', false, report);
  const conditions = action.Transitions.Conditions ?? [];
  const operands = conditions.map((c) =>
    c.Condition.Operator === 'Equals' ? c.Condition.Operands.join(',') : '?',
  );
  if (conditions.length !== 2 || !operands.includes('True') || !operands.includes('False'))
    report('CheckHoursOfOperation needs exactly two conditions: Equals "True" and Equals "False"');
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

const checkFlowAttributes = (action: FlowAction, report: Report) => {
  const attributes = action.Parameters.FlowAttributes;
  if (!isRecord(attributes)) return report('FlowAttributes must be an object');
  for (const [name, entry] of Object.entries(attributes))
    if (!isRecord(entry) || typeof entry.Value !== 'string')
      report(`FlowAttributes.${name} must be { "Value": text }`);
};

const CALLBACK_SECONDS = { min: 1, max: 259_200 };

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
  CheckHoursOfOperation: spec({ hasResult: true, errors: [NO_MATCHING_CONDITION], check: checkHours }),
  UpdateContactTargetQueue: spec({
    check: (a, report) => checkString(a.Parameters, 'QueueId', true, report),
  }),
  UpdateContactRoutingBehavior: spec({
    staticOnly: ['QueuePriority', 'QueueTimeAdjustmentSeconds'],
    check: checkRouting,
  }),
  // Success ends the flow, yet every console export carries a NextAction here (pointing at an
  // error target); a flow without one is what a hand-written flow gets wrong, so it is refused.
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
};

import * as z from 'zod';
import {
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowDocument,
} from '../../shared/flow/flow-language.ts';
import { ACTION_SPECS, allowedIn, isActionType, NO_MATCHING_ERROR } from './action-catalogue.ts';
import { isOperator } from './conditions.ts';
import { type FlowProblem, FlowValidationError } from './errors.ts';
import type { FlowType } from './flow-types.ts';
import { containsPath, looksLikeWholePath, parseWholeReference, unknownReferences } from './jsonpath.ts';

/** Flow-language limits (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html). */
export const MAX_ACTIONS = 250;
export const MAX_IDENTIFIER_LENGTH = 50;
const FORBIDDEN_IDENTIFIER_CHARACTERS = /[%:()\\/=$,;[\]{}]/;
const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);

const Document = z.looseObject({
  Version: z.unknown(),
  StartAction: z.string(),
  Actions: z.array(z.unknown()),
});

const Action = z.looseObject({
  Identifier: z.string(),
  Type: z.string(),
  // Console exports leave Parameters out of actions that take none (TransferContactToQueue).
  Parameters: z.record(z.string(), z.unknown()).default({}),
  Transitions: z.looseObject({
    NextAction: z.string().optional(),
    Conditions: z
      .array(
        z.looseObject({
          NextAction: z.string(),
          Condition: z.looseObject({ Operator: z.string(), Operands: z.array(z.string()) }),
        }),
      )
      .optional(),
    Errors: z.array(z.looseObject({ NextAction: z.string(), ErrorType: z.string() })).optional(),
  }),
});

const Identified = z.looseObject({ Identifier: z.string() });

const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');

/** Every string inside a parameter value, with its dotted path. */
const stringsIn = (value: unknown, path: string): { path: string; text: string }[] => {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${path}.${i}`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, `${path}.${k}`));
  return [];
};

const checkIdentifier = (identifier: string, report: (message: string) => void) => {
  if (identifier.length === 0) report('identifier is empty');
  if (identifier.length > MAX_IDENTIFIER_LENGTH)
    report(`identifier is ${identifier.length} characters long, at most ${MAX_IDENTIFIER_LENGTH} allowed`);
  const forbidden = FORBIDDEN_IDENTIFIER_CHARACTERS.exec(identifier);
  if (forbidden) report(`identifier contains the forbidden character "${forbidden[0]}"`);
  if (RESERVED_IDENTIFIERS.has(identifier)) report('identifier is a reserved name');
};

const FLOW_TYPE_NAMES: Readonly<Record<FlowType, string>> = {
  CONTACT_FLOW: 'an inbound flow',
  CUSTOMER_QUEUE: 'a customer queue flow',
  CUSTOMER_HOLD: 'a customer hold flow',
  CUSTOMER_WHISPER: 'a customer whisper flow',
  AGENT_HOLD: 'an agent hold flow',
  AGENT_WHISPER: 'an agent whisper flow',
  OUTBOUND_WHISPER: 'an outbound whisper flow',
  AGENT_TRANSFER: 'a transfer to agent flow',
  QUEUE_TRANSFER: 'a transfer to queue flow',
  FLOW_MODULE: 'a flow module',
};

const checkAction = (
  action: FlowAction,
  flowType: FlowType,
  exists: (id: string) => boolean,
  report: (message: string) => void,
) => {
  const { Type, Parameters, Transitions } = action;
  if (!isActionType(Type)) {
    report(`unsupported action type "${Type}"`);
    return;
  }
  const spec = ACTION_SPECS[Type];
  if (!allowedIn(Type, flowType) && spec.flowTypes) {
    report(
      `${Type} is not allowed in ${FLOW_TYPE_NAMES[flowType]} (${flowType}), only in ${spec.flowTypes.allowed.join(', ')} (${spec.flowTypes.source})`,
    );
    return;
  }

  const targets = [
    ...(Transitions.NextAction === undefined ? [] : [Transitions.NextAction]),
    ...(Transitions.Conditions ?? []).map((c) => c.NextAction),
    ...(Transitions.Errors ?? []).map((e) => e.NextAction),
  ];
  for (const target of new Set(targets))
    if (!exists(target)) report(`transition to unknown action "${target}"`);
  if (Transitions.NextAction === undefined && !spec.ends && !spec.hasResult)
    report(`${Type} needs a NextAction`);

  const conditions = Transitions.Conditions ?? [];
  if (conditions.length > 0 && !spec.hasResult) report(`${Type} has no result to test, so no Conditions`);
  for (const { Condition } of conditions) {
    if (!isOperator(Condition.Operator)) report(`unknown condition operator "${Condition.Operator}"`);
    if (Condition.Operands.length !== 1)
      report(`condition ${Condition.Operator} takes one operand, got ${Condition.Operands.length}`);
  }
  const seen = new Set<string>();
  for (const { ErrorType } of Transitions.Errors ?? []) {
    if (seen.has(ErrorType)) report(`error branch ${ErrorType} is given twice`);
    seen.add(ErrorType);
    if (ErrorType !== NO_MATCHING_ERROR && !spec.errors.includes(ErrorType))
      report(`${Type} never raises ${ErrorType}`);
  }

  for (const { path, text } of stringsIn(Parameters, 'Parameters'))
    for (const reference of unknownReferences(text)) report(`${path} refers to unknown ${reference}`);
  for (const name of spec.staticOnly)
    if (stringsIn(Parameters[name], name).some(({ text }) => containsPath(text)))
      report(`${name} must be static, not a JSONPath`);
  for (const name of spec.onePath) {
    const value = Parameters[name];
    if (typeof value !== 'string' || !looksLikeWholePath(value)) report(`${name} must be one JSONPath`);
    else if (!parseWholeReference(value) && unknownReferences(value).length === 0)
      report(`${name} must be one JSONPath, got ${JSON.stringify(value)}`);
  }
  for (const name of spec.staticOrOnePath) {
    const value = Parameters[name];
    if (typeof value === 'string' && containsPath(value) && !parseWholeReference(value))
      report(`${name} must be static or one JSONPath, got ${JSON.stringify(value)}`);
  }
  spec.check?.(action, report);
};

/**
 * Documents validateFlow returned, with the flow type they were checked as: frozen, so they stay
 * valid, and not checked again by runFlow.
 */
const validated = new WeakMap<FlowDocument, FlowType>();

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/** Whether `flow` is a document validateFlow returned (a simulator runs one flow for every call). */
export const isValidatedFlow = (flow: unknown, type: FlowType = 'CONTACT_FLOW'): flow is FlowDocument =>
  typeof flow === 'object' && flow !== null && validated.get(flow as FlowDocument) === type;

export interface ValidateOptions {
  /** The flow type the document is checked as (some actions are allowed in some types only). @default CONTACT_FLOW */
  readonly type?: FlowType;
}

/**
 * Checks flow-language JSON the way publishing it in Connect would, as far as the Flow language
 * reference says (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html), and
 * the local interpreter's own limits (supported action types, synchronous Lambdas). Throws a
 * `FlowValidationError` listing every problem found; answers the checked document, frozen.
 */
export const validateFlow = (json: unknown, options: ValidateOptions = {}): FlowDocument => {
  const flowType = options.type ?? 'CONTACT_FLOW';
  const problems: FlowProblem[] = [];
  const document = Document.safeParse(json);
  if (!document.success)
    throw new FlowValidationError([{ identifier: null, message: describeIssues(document.error) }]);
  const { Version, StartAction, Actions } = document.data;
  const flowProblem = (message: string) => problems.push({ identifier: null, message });

  if (Version !== FLOW_LANGUAGE_VERSION)
    flowProblem(`Version must be "${FLOW_LANGUAGE_VERSION}", got ${JSON.stringify(Version)}`);
  if (Actions.length > MAX_ACTIONS) flowProblem(`${Actions.length} actions, at most ${MAX_ACTIONS} allowed`);

  const actions: FlowAction[] = [];
  const identifiers = new Set<string>();
  Actions.forEach((raw, index) => {
    const parsed = Action.safeParse(raw);
    const identifier = Identified.safeParse(raw).data?.Identifier ?? null;
    const report = (message: string) =>
      problems.push({ identifier: identifier ?? `Actions[${index}]`, message });
    if (identifier !== null) {
      if (identifiers.has(identifier)) report('identifier is not unique');
      identifiers.add(identifier);
      checkIdentifier(identifier, report);
    }
    if (!parsed.success) report(`malformed action: ${describeIssues(parsed.error)}`);
    else actions.push(parsed.data);
  });

  if (!identifiers.has(StartAction)) flowProblem(`StartAction "${StartAction}" is not an action`);
  for (const action of actions)
    checkAction(
      action,
      flowType,
      (id) => identifiers.has(id),
      (message) => problems.push({ identifier: action.Identifier, message }),
    );

  if (problems.length > 0) throw new FlowValidationError(problems);
  const checked: FlowDocument = deepFreeze({ Version: FLOW_LANGUAGE_VERSION, StartAction, Actions: actions });
  validated.set(checked, flowType);
  return checked;
};

/**
 * The Amazon Connect flow language (Version 2019-10-30), as far as the hotline uses it
 * (docs/amazon-connect.md, "The flow language"; https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html). Numbers and booleans are strings in
 * the language itself, so parameters are typed loosely here and checked where they are read.
 */
export const FLOW_LANGUAGE_VERSION = '2019-10-30';

/**
 * The condition operators of the flow language, each with one string operand
 * (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html); the testing
 * language's Assert takes the same and `Exists`.
 */
export const CONDITION_OPERATORS = [
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface FlowCondition {
  readonly NextAction: string;
  readonly Condition: { readonly Operator: string; readonly Operands: readonly string[] };
}

export interface FlowError {
  readonly NextAction: string;
  readonly ErrorType: string;
}

export interface FlowTransitions {
  readonly NextAction?: string;
  readonly Conditions?: readonly FlowCondition[];
  readonly Errors?: readonly FlowError[];
}

export interface FlowAction {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: FlowTransitions;
}

export interface FlowDocument {
  readonly Version: typeof FLOW_LANGUAGE_VERSION;
  readonly StartAction: string;
  readonly Actions: readonly FlowAction[];
}

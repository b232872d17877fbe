import {
  CONDITION_OPERATORS,
  type ConditionOperator,
  type FlowCondition,
} from '../../shared/flow/flow-language.ts';

type Operator = ConditionOperator;

export const isOperator = (name: string): name is Operator =>
  (CONDITION_OPERATORS as readonly string[]).includes(name);

/** A finite number written as text (`"3"`, `"-1.5"`); blank text is not a number. */
const asNumber = (text: string): number | undefined => {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
};

const compareNumbers = (value: string, operand: string, test: (a: number, b: number) => boolean): boolean => {
  const a = asNumber(value);
  const b = asNumber(operand);
  return a !== undefined && b !== undefined && test(a, b);
};

/** Whether `value` meets the condition; number operators are false unless both sides are numbers. */
export const conditionHolds = (operator: Operator, value: string, operand: string): boolean => {
  switch (operator) {
    case 'Equals':
      return value === operand;
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    case 'TextContains':
      return value.includes(operand);
    case 'NumberGreaterThan':
      return compareNumbers(value, operand, (a, b) => a > b);
    case 'NumberGreaterOrEqualTo':
      return compareNumbers(value, operand, (a, b) => a >= b);
    case 'NumberLessThan':
      return compareNumbers(value, operand, (a, b) => a < b);
    case 'NumberLessOrEqualTo':
      return compareNumbers(value, operand, (a, b) => a <= b);
  }
};

/** The first condition that holds (conditions are ordered), or `undefined`. */
export const firstMatch = (conditions: readonly FlowCondition[], value: string): FlowCondition | undefined =>
  conditions.find((c) => {
    const { Operator, Operands } = c.Condition;
    const operand = Operands[0];
    return isOperator(Operator) && operand !== undefined && conditionHolds(Operator, value, operand);
  });

import type { CallTrace } from './types.ts';

/** One thing wrong with a flow; `identifier` is `null` for the document itself. */
export interface FlowProblem {
  readonly identifier: string | null;
  readonly message: string;
}

export const formatFlowProblem = (problem: FlowProblem): string =>
  problem.identifier === null ? problem.message : `${problem.identifier}: ${problem.message}`;

/** The flow JSON is not one Connect would publish (or not one the local interpreter can run). */
export class FlowValidationError extends Error {
  readonly problems: readonly FlowProblem[];
  constructor(problems: readonly FlowProblem[], options?: ErrorOptions) {
    super(
      `flow refused: ${problems.length} problem(s)\n${problems.map((p) => `- ${formatFlowProblem(p)}`).join('\n')}`,
      options,
    );
    this.name = 'FlowValidationError';
    this.problems = problems;
  }
}

/**
 * The run cannot go on: an error with no branch to take, a success with no next action, the
 * loop guard, or simulated input that no caller could type. `trace` is the call so far.
 */
export class FlowRuntimeError extends Error {
  readonly action: string | null;
  readonly trace: CallTrace | undefined;
  constructor(
    message: string,
    details: { action: string | null; trace?: CallTrace },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FlowRuntimeError';
    this.action = details.action;
    this.trace = details.trace;
  }
}

/**
 * Simulated input that no caller could type at that prompt (two keys where the flow takes one): a
 * mistake in the request, not in the flow. `answer` is its position among the call's keys, from 1.
 */
export class ImpossibleInputError extends FlowRuntimeError {
  readonly answer: number;
  readonly expected: string;
  constructor(details: { action: string; trace?: CallTrace; answer: number; expected: string }) {
    super(`answer ${details.answer} to the prompt of ${details.action} is not ${details.expected}`, details);
    this.name = 'ImpossibleInputError';
    this.answer = details.answer;
    this.expected = details.expected;
  }
}

/**
 * The local flow interpreter: runs flow-language JSON for one simulated inbound voice call
 * (CONNECT.md §8). Where Connect's behaviour is unverified, it decides as follows:
 *
 * - Time: the clock stands still at `SimulatedCall.at`; only Lambda time limits are real waits.
 * - An error with no branch (not even `NoMatchingError`) stops the run with a `FlowRuntimeError`
 *   that carries the trace so far, so a flow defect surfaces instead of a silent hang-up.
 * - A whole-value JSONPath that does not exist takes the action's `NoMatchingError`, except in
 *   Compare (no condition matches: `NoMatchingCondition`) and UpdateContactCallbackNumber
 *   (`InvalidCallbackNumber`); a path embedded in text is replaced by nothing.
 * - A withheld caller id has no `$.CustomerEndpoint.Address` and the Lambda event's
 *   `CustomerEndpoint` is `null`.
 * - Lambda: every attempt gets the time limit; thrown errors and timeouts are retried up to three
 *   times within 8 s (a timeout uses its whole limit); bad responses are not retried. Without
 *   `ResponseValidation` the response must be a STRING_MAP. `$.External` is cleared as each
 *   invocation starts. An ARN the world lacks is an unreachable function: one failed attempt.
 * - Stored input longer than `MaximumLength` takes `NoMatchingError`; a validated phone number
 *   is stored in E.164.
 * - CreateCallbackContact goes on to its NextAction (the flow tells the caller, then hangs up);
 *   a call that ends after a callback was created ends as `callback`.
 * - `trace.errors` names the error raised, also when the `NoMatchingError` branch took it.
 */
export { ACTION_TYPES } from './action-catalogue.ts';
export {
  type FlowProblem,
  FlowRuntimeError,
  FlowValidationError,
  formatFlowProblem,
  ImpossibleInputError,
} from './errors.ts';
export { DEFAULT_MAX_STEPS, DEFAULT_PRIORITY, runFlow } from './interpreter.ts';
export type {
  CallResult,
  CallTrace,
  ErrorTaken,
  FlowWorld,
  LambdaCall,
  LambdaHandler,
  LambdaOutcome,
  QueueRef,
  SimulatedCall,
  SimulatedQueue,
} from './types.ts';
export { validateFlow } from './validate.ts';

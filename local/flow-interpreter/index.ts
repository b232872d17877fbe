/**
 * The local flow interpreter: runs flow-language JSON
 * (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html) for one simulated
 * inbound voice call. Where Connect's behaviour is unverified, it decides as follows:
 *
 * - Time: the clock stands still at `SimulatedCall.at`; only Lambda time limits are real waits.
 * - An error with no branch (not even `NoMatchingError`) stops the run with a `FlowRuntimeError`
 *   that carries the trace so far, so a flow defect surfaces instead of a silent hang-up.
 * - A whole-value JSONPath that does not exist takes the action's `NoMatchingError`, except in
 *   Compare (no condition matches: `NoMatchingCondition`) and UpdateContactCallbackNumber
 *   (`InvalidCallbackNumber`); a path embedded in text is replaced by nothing.
 * - A withheld caller id has no `$.CustomerEndpoint.Address` and the Lambda event's
 *   `CustomerEndpoint` is `null`.
 * - Lambda: every attempt gets the time limit; thrown errors are retried up to three times within
 *   8 s; a timeout takes the error branch at once and bad responses are not retried. Without
 *   `ResponseValidation` the response must be a STRING_MAP. `$.External` is cleared as each
 *   invocation starts. An ARN the world lacks is an unreachable function: one failed attempt.
 * - Stored input longer than `MaximumLength` takes `NoMatchingError`; a validated phone number
 *   is stored in E.164.
 * - CreateCallbackContact goes on to its NextAction (the flow tells the caller, then hangs up);
 *   a call that ends after a callback was created ends as `callback`.
 * - `trace.errors` names the error raised, also when the `NoMatchingError` branch took it.
 * - Other flows: TransferToFlow and InvokeFlowModule find `world.flows` by ARN, id or name; a
 *   flow not given ends the run as `transferred`, a module not given takes the error branch. Each
 *   flow and module has its own `$.FlowAttributes`; path entries of another flow read `name:id`.
 * - Actions that need what a simulated voice call lacks (ShowView, a Lex bot) take their error
 *   branch; Wait runs its time out; CheckMetricData answers `world.metrics` (default 0);
 *   routing criteria, media streaming, recording and tasks have no local effect.
 */
export { ACTION_TYPES, type ActionType } from './action-catalogue.ts';
export { conditionHolds, isOperator } from './conditions.ts';
export {
  type FlowProblem,
  FlowRuntimeError,
  FlowValidationError,
  formatFlowProblem,
  ImpossibleInputError,
} from './errors.ts';
export { FLOW_TYPES, type FlowType, isFlowType } from './flow-types.ts';
export { DEFAULT_MAX_STEPS, DEFAULT_PRIORITY, type RunOptions, runAnyFlow, runFlow } from './interpreter.ts';
export type {
  CallResult,
  CallTrace,
  ErrorTaken,
  FlowTrace,
  FlowWorld,
  LambdaCall,
  LambdaHandler,
  LambdaOutcome,
  OtherFlow,
  QueueRef,
  RunResult,
  SimulatedCall,
  SimulatedQueue,
} from './types.ts';
export { type ValidateOptions, validateFlow } from './validate.ts';

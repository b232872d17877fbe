import type { OfficeHours } from '../../shared/domain/office-hours.ts';
import type { FlowDocument } from '../../shared/flow/flow-language.ts';
import type { FlowType } from './flow-types.ts';

/**
 * One simulated inbound voice call: who calls, which number they dialled, when, and what they
 * key in. The clock does not advance during the call: every hours check sees `at`, however long
 * the Lambdas take (their time limits are real waits, scaled by `FlowWorld.timeScale`).
 */
export interface SimulatedCall {
  readonly contactId: string;
  /** The caller id; `null`, `"anonymous"` or another withheld spelling when the number is withheld. */
  readonly customerNumber: string | null;
  /** The number the caller dialled. */
  readonly systemNumber: string;
  /** The call's instant; CheckHoursOfOperation checks it. */
  readonly at: Date;
  /**
   * What the caller keys in, one entry per GetParticipantInput, consumed in order. A menu
   * (StoreInput False) takes one key of `0-9 * #`; stored input takes the digits typed (the
   * terminating `#` is implied and may be written). An empty string, or no entry left, is no input.
   */
  readonly keys: readonly string[];
  /** @default a placeholder instance ARN */
  readonly instanceArn?: string;
  /**
   * The working queue the contact arrives with: a queue, whisper, hold or transfer flow runs for a
   * contact that already has one. @default none, as for a new inbound call
   */
  readonly queue?: QueueRef;
}

export type LambdaHandler = (event: unknown) => Promise<unknown>;

export interface SimulatedQueue {
  readonly name: string;
  /** A full queue: TransferContactToQueue takes `QueueAtCapacity`, CreateCallbackContact errors. */
  readonly atCapacity?: boolean;
  /** The queue's hours of operation, for a CheckHoursOfOperation without `HoursOfOperationId`. */
  readonly hoursArn?: string;
}

/**
 * Another flow or module of the instance, for TransferToFlow and InvokeFlowModule: found by its ARN,
 * its id (the ARN's last segment), or its name, as exports refer to them.
 */
export interface OtherFlow {
  readonly content: FlowDocument;
  readonly type: FlowType;
  readonly arn?: string;
  readonly id?: string;
  readonly name?: string;
}

/** The instance the flow runs in: what its ARNs refer to. */
export interface FlowWorld {
  /** Lambda ARN (or function name, for ARNs a flow builds at runtime) → the real handler function. */
  readonly lambdas: Readonly<Record<string, LambdaHandler>>;
  readonly queues: Readonly<Record<string, SimulatedQueue>>;
  readonly hours: Readonly<Record<string, OfficeHours>>;
  /** Multiplies every real wait (the Lambda time limits and retry budget). @default 1 */
  readonly timeScale?: number;
  /** Loop guard: the most actions one call may take. @default 500 */
  readonly maxSteps?: number;
  /** The flows and modules TransferToFlow and InvokeFlowModule may reach. @default none */
  readonly flows?: readonly OtherFlow[];
  /** CheckMetricData's answer per `MetricType`. @default 0 for every metric (no agents, empty queue) */
  readonly metrics?: Readonly<Record<string, number>>;
  /** A number in [0, 1) for DistributeByPercentage. @default Math.random */
  readonly random?: () => number;
}

export interface QueueRef {
  readonly arn: string;
  readonly name: string;
}

export type LambdaOutcome = 'ok' | 'error' | 'timeout' | 'invalid_response';

export interface LambdaCall {
  readonly arn: string;
  readonly attempts: number;
  readonly outcome: LambdaOutcome;
}

export interface ErrorTaken {
  readonly action: string;
  /** The error raised (e.g. `InputTimeLimitExceeded`), also when it took the `NoMatchingError` branch. */
  readonly errorType: string;
}

/** How a call through the hotline's own kind of inbound flow ends. */
export type CallResult = 'queued' | 'callback' | 'disconnected';

/**
 * How a run of any flow ends: also `transferred`, by TransferToFlow to a flow not given (or to an
 * agent), and `ended`, by EndFlowExecution or a message loop nothing interrupts (the contact waits
 * for an agent, which no simulated agent is).
 */
export type RunResult = CallResult | 'transferred' | 'ended';

/** What happened on the call, for assertions, `hotline call` and `hotline run-flow`. */
export interface FlowTrace {
  readonly result: RunResult;
  /** The working queue at the end (the queue the contact went to when queued). */
  readonly queue: QueueRef | null;
  /** The routing priority, 5 unless changed; `null` while no queue is set. */
  readonly priority: number | null;
  /** Every text the caller heard, in order (SSML reduced to its text). */
  readonly prompts: readonly string[];
  /** The identifiers of the actions taken, in order. */
  readonly path: readonly string[];
  /** Contact attributes at the end. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly callback: { readonly number: string; readonly queue: QueueRef } | null;
  /** The contact's language (`$.LanguageCode`) and Polly voice at the end; `voice` null while unset. */
  readonly languageCode: string;
  readonly voice: { readonly name: string; readonly engine: string | null } | null;
  readonly hoursChecks: readonly ('open' | 'closed')[];
  readonly lambdaCalls: readonly LambdaCall[];
  /** Every error branch taken, in order. */
  readonly errors: readonly ErrorTaken[];
  /** The flow (as the TransferToFlow named it) or agent a `transferred` run went to; else `null`. */
  readonly transferredTo: string | null;
  /** Tags set by TagContact (and not removed by UntagContact). */
  readonly tags: Readonly<Record<string, string>>;
}

/** A trace of a run that ended as a hotline call does (what `runFlow` answers). */
export interface CallTrace extends FlowTrace {
  readonly result: CallResult;
}

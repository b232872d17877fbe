import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The replay's floor: the DynamoDB requests the replay sent, sent again by a bare client with no
 * flow, handler or use case in between, at the same concurrency and against the same DynamoDB
 * Local. The replay's time over the floor's is what our code costs on top of the store.
 */

/** One request as sent: the command's class (GetCommand, UpdateCommand, …) and its input. */
export interface TracedRequest {
  readonly command: new (input: never) => object;
  readonly input: unknown;
}

type Send = DynamoDBDocumentClient['send'];

/**
 * Runs `work`, recording every command any document client of the process sends meanwhile, in the
 * order sent. The replay builds its clients itself (the simulator's, the contact-event feed's, the
 * agent's), so the recording sits on the class, for the duration of `work` only; it keeps a
 * reference per request and nothing else, so it costs the timed run no measurable time.
 */
export const recordingDocumentClientRequests = async <T>(
  work: () => Promise<T>,
): Promise<{ readonly result: T; readonly trace: readonly TracedRequest[] }> => {
  const trace: TracedRequest[] = [];
  const prototype = DynamoDBDocumentClient.prototype as { send: Send };
  const original = prototype.send;
  if (Object.hasOwn(prototype, 'send')) throw new Error('document client requests are already recorded');
  prototype.send = function (this: DynamoDBDocumentClient, ...args: Parameters<Send>) {
    const [command] = args;
    trace.push({ command: command.constructor as TracedRequest['command'], input: command.input });
    return original.apply(this, args);
  } as Send;
  try {
    return { result: await work(), trace };
  } finally {
    delete (prototype as { send?: Send }).send;
  }
};

export interface TraceReplay {
  readonly requests: number;
  /** Requests DynamoDB refused (a condition that held the first time fails the second). */
  readonly refused: number;
  readonly elapsedMs: number;
}

/**
 * Sends `trace` again through `doc`, `concurrency` requests at a time, in the recorded order. A
 * refusal (a conditional write that already happened) costs DynamoDB the same work and is counted,
 * not retried.
 */
export const replayTrace = async (
  doc: DynamoDBDocumentClient,
  trace: readonly TracedRequest[],
  concurrency: number,
): Promise<TraceReplay> => {
  let next = 0;
  let refused = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < trace.length) {
      const request = trace[next++];
      if (request === undefined) return;
      try {
        // The class was taken from a command the client sent, so it is one the client sends.
        await doc.send(new request.command(request.input as never) as Parameters<Send>[0]);
      } catch (error) {
        if (
          !(error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException)
        )
          throw error;
        refused++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { requests: trace.length, refused, elapsedMs: performance.now() - started };
};

import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { wireIdentifyCaller } from '../functions/identify-caller/wiring.ts';
import { makeDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import type { IdentifyCallerEnv } from '../shared/config/env.ts';
import { nextOpening, type OfficeHours } from '../shared/domain/office-hours.ts';
import { parseCallerNumber } from '../shared/domain/phone.ts';
import type { RiskLevel } from '../shared/domain/risk.ts';
import { viennaDate } from '../shared/domain/vienna-calendar.ts';
import type { FlowDocument } from '../shared/flow/flow-language.ts';
import { buildInboundFlow } from '../shared/flow/inbound-flow.ts';
import { PLACEHOLDER_REFERENCES } from '../shared/flow/references.ts';
import { logger } from '../shared/observability/logger.ts';
import { type Clock, fixedClock } from '../shared/ports/clock.ts';
import { COURT_LETTER_REPORTED_ATTRIBUTE } from '../shared/ports/contact-attributes.ts';
import {
  type CallLogReport,
  contactEventsOf,
  duplicatedAndShuffled,
  forwardedByRule,
  makeContactEventsFeed,
  officeHoursOn,
  type SimulatedContact,
} from './contact-events-feed.ts';
import { type Random, seededRandom } from './demo/random.ts';
import type { CallTrace, LambdaHandler } from './flow-interpreter/index.ts';
import { ImpossibleInputError, runFlow, validateFlow } from './flow-interpreter/index.ts';
import { parseCallInstant } from './option-values.ts';
import { FAULTS, type Fault } from './simulated-faults.ts';

type LambdaFault = Extract<Fault, `lambda-${string}`>;
const isLambdaFault = (fault: Fault): fault is LambdaFault => fault.startsWith('lambda-');

/** What Connect hands over as the caller id under `garbage-caller-id`. */
const GARBAGE_CALLER_ID = '+43 (0)1 abc\u0000;DROP';

export const QUEUE_NAMES = ['urgent', 'general', 'callback'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** A queued caller's wait when the call says nothing: a short, plausible one. */
export const DEFAULT_ANSWER_AFTER_SECONDS = 40;
/** How long a caller who gives up (`answer: 'abandon'`) waits first. */
export const DEFAULT_ABANDON_AFTER_SECONDS = 90;
/** The longest wait a simulated call may ask for: four hours. */
export const MAX_WAIT_SECONDS = 4 * 3600;
/** How long an answered call lasts with the agent when the call says nothing. */
export const DEFAULT_TALK_SECONDS = 6 * 60;
/** How fast prompts are spoken, to time the flow: about 14 characters a second. */
const SPOKEN_CHARACTERS_PER_SECOND = 14;

const waitSeconds = (option: string) =>
  z
    .number({ error: `${option}: a number of seconds` })
    .int(`${option}: whole seconds`)
    .min(0, `${option}: not negative`)
    .max(MAX_WAIT_SECONDS, `${option}: at most ${MAX_WAIT_SECONDS} seconds`);

/**
 * What becomes of a queued call: an agent answers after a wait, or the caller hangs up first
 * (`'abandon'`: after DEFAULT_ABANDON_AFTER_SECONDS). Calls that are not queued ignore it.
 */
export const CallAnswer = z.union(
  [
    z.strictObject({
      afterSeconds: waitSeconds('answer.afterSeconds'),
      /** How long the agent then talks with the caller (the replay draws it). */
      talkSeconds: waitSeconds('answer.talkSeconds').optional(),
    }),
    z.strictObject({ abandonAfterSeconds: waitSeconds('answer.abandonAfterSeconds') }),
    z.literal('abandon'),
  ],
  { error: 'answer: { afterSeconds }, { abandonAfterSeconds } or "abandon"' },
);
export type CallAnswer = z.input<typeof CallAnswer>;

/** The number everyone dials: the hotline's own number in the local world. */
export const HOTLINE_NUMBER = '+43140008000';

/** One simulated inbound call, as the CLI, the simulator page and the tests describe it. */
export const SimulatedCallRequest = z.object({
  /** The caller's number in any notation, or `anonymous` for a withheld number. */
  from: z.string().trim().min(1, 'from: give a phone number or anonymous'),
  /** Answers to the flow's keypad prompts, in order; an empty answer is silence. */
  keys: z
    .array(z.string().regex(/^[0-9*#]*$/, 'keys: digits, * and # only'))
    .max(20)
    .default([]),
  /**
   * The call's instant; default now. Text is read by the CLI's one rule (ISO-8601 date and time,
   * Vienna time without an offset), so the page and `--at` cannot disagree: `02.12.2026`, which a
   * bare Date reads as 12 February, is refused.
   */
  at: z
    .union([z.date(), z.string()])
    .transform((value, context) => {
      if (value instanceof Date) return value;
      try {
        return parseCallInstant(value, 'at');
      } catch (error) {
        context.issues.push({ code: 'custom', message: (error as Error).message, input: value });
        return z.NEVER;
      }
    })
    .optional(),
  faults: z.array(z.enum(FAULTS)).default([]),
  fullQueues: z.array(z.enum(QUEUE_NAMES)).default([]),
  /** A queued call is answered after a wait, or abandoned; the call's time advances from `at`. */
  answer: CallAnswer.default({ afterSeconds: DEFAULT_ANSWER_AFTER_SECONDS }),
  /** A callback the flow created reaches the tenant, or nobody picks up at any attempt. */
  callbackAnswer: z.enum(['reached', 'unreachable']).default('reached'),
});
export type SimulatedCallRequest = z.input<typeof SimulatedCallRequest>;

/**
 * What `hotline call --json` prints (docs/cli.md), plus what the simulator page shows.
 * Of the caller it has what the flow left on the contact: ids, status, risk level and the caller's
 * own court-letter answer. The case itself (stage, reasons, amounts, dates) is the agent API's to
 * show, on the agent page, as in AWS: contact attributes carry no case facts.
 */
export interface CallReport {
  readonly contactId: string;
  readonly at: string;
  readonly identifiedBy: 'phone' | 'keypad' | 'none';
  readonly tenancyId: string | null;
  readonly caseId: string | null;
  readonly riskLevel: RiskLevel;
  /** The caller pressed 1 for "court letter or eviction date" (the flow's courtLetterReported). */
  readonly courtLetterReported: boolean;
  readonly queue: 'urgent' | 'general' | null;
  readonly priority: number | null;
  readonly result: 'queued' | 'callback' | 'closed' | 'disconnected';
  readonly prompts: string[];
  /** The language the caller heard and the Polly voice (with its engine) that spoke it. */
  readonly languageCode: string;
  readonly voice: { readonly name: string; readonly engine: string | null } | null;
  readonly path: string[];
  /**
   * The callback the flow created: its queue, the callback contact Connect makes of it (a contact
   * of its own, linked to this call), and that contact's call log once its events were delivered.
   */
  readonly callback: {
    readonly queue: string;
    readonly contactId: string;
    readonly callLog: CallLogReport | null;
  } | null;
  /** The last lookup's status (what the flow routed on), as the contact attribute holds it. */
  readonly lookupStatus: string | null;
  /**
   * Every lookup identify-caller answered, in order: by the caller's number, then by the tenancy
   * number keyed in when the number was not enough (a shared number asks for it).
   */
  readonly lookups: readonly LookupReport[];
  /** What the flow left on the contact, as Connect keeps it (GetContactAttributes). */
  readonly contactAttributes: Readonly<Record<string, string>>;
  /**
   * The call log contact-events completed from the call's contact events; null if none was stored
   * (or the simulator was told not to read it back: `readCallLog: false`).
   */
  readonly callLog: CallLogReport | null;
}

/** One answer of identify-caller on the call: which lookup, its status and how many tenancies matched. */
export interface LookupReport {
  readonly by: 'phone' | 'tenancy';
  readonly status: string;
  readonly matchCount: number;
}

const LookupAnswer = z.object({ lookupStatus: z.string(), matchCount: z.coerce.number().catch(0) });
const LookupEvent = z.object({
  Details: z.object({ Parameters: z.object({ lookup: z.enum(['phone', 'tenancy']).catch('phone') }) }),
});

/** identify-caller as the flow calls it, noting each answer the flow received for the report. */
const noting = (handler: LambdaHandler, lookups: LookupReport[]): LambdaHandler => {
  return async (event) => {
    const answer = await handler(event);
    const parsedAnswer = LookupAnswer.safeParse(answer);
    const parsedEvent = LookupEvent.safeParse(event);
    if (parsedAnswer.success)
      lookups.push({
        by: parsedEvent.success ? parsedEvent.data.Details.Parameters.lookup : 'phone',
        status: parsedAnswer.data.lookupStatus,
        matchCount: parsedAnswer.data.matchCount,
      });
    return answer;
  };
};

export class InvalidCallError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidCallError';
  }
}

const FLOW = validateFlow(buildInboundFlow(PLACEHOLDER_REFERENCES));

const QUEUE_ARNS: Record<QueueName, string> = {
  urgent: PLACEHOLDER_REFERENCES.urgentQueueArn,
  general: PLACEHOLDER_REFERENCES.generalQueueArn,
  callback: PLACEHOLDER_REFERENCES.callbackQueueArn,
};

/** Longer than any Lambda time limit in the flow (8 s at most), scaled like the interpreter's waits. */
const SLOW_LAMBDA_MS = 9_000;

const faulty = (fault: LambdaFault, timeScale: number): LambdaHandler => {
  switch (fault) {
    case 'lambda-throws':
      return async () => {
        throw new Error('simulated Lambda failure');
      };
    case 'lambda-slow':
      return () =>
        new Promise((resolve) => setTimeout(() => resolve({}), SLOW_LAMBDA_MS * timeScale).unref());
    case 'lambda-garbage':
      return async () => 'this is not a string map';
    case 'lambda-non-strings':
      return async () => ({ lookupStatus: 'found', matchCount: 1, tenancyId: null, riskLevel: ['critical'] });
    case 'lambda-oversized':
      return async () => ({ lookupStatus: 'found', riskLevel: 'critical', tenancyId: 'x'.repeat(40_000) });
  }
};

/** A DynamoDB client whose every request is refused as throttled, before it leaves the process. */
const throttledClient = (env: IdentifyCallerEnv): DynamoDBDocumentClient => {
  const doc = makeDocumentClient({
    region: env.AWS_REGION,
    endpoint: env.DYNAMODB_ENDPOINT,
    requestTimeoutMs: 600,
    maxAttempts: 2,
  });
  doc.middlewareStack.add(
    () => async () => {
      throw new ProvisionedThroughputExceededException({
        message: 'simulated throttling',
        $metadata: { httpStatusCode: 400 },
      });
    },
    { step: 'finalizeRequest', name: 'simulatedThrottling' },
  );
  return doc;
};

/** A local port that accepts connections and never answers: DynamoDB slower than any limit. */
const silentEndpoint = (): Promise<string> =>
  new Promise((resolve) => {
    const server = createServer(() => {
      // the socket stays open and silent until the client gives up
    });
    server.unref();
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });

/**
 * What a carrier presents: E.164, or `anonymous` when the number is withheld. The one rule for the
 * CLI's `--from` and the simulator page's number (parseCallerNumber), so the two cannot disagree.
 */
export const callerIdOf = (from: string, option = 'from'): string => {
  const parsed = parseCallerNumber(from);
  if (parsed.kind === 'anonymous') return 'anonymous';
  if (parsed.kind === 'number') return parsed.e164;
  // The number itself stays out of the message: it ends up in logs and on terminals.
  throw new InvalidCallError(`${option} must be a phone number or anonymous: the number ${parsed.reason}`);
};

const toReport = (
  contactId: string,
  at: Date,
  trace: CallTrace,
  callLog: CallLogReport | null,
  callback: { readonly contactId: string; readonly callLog: CallLogReport | null } | null,
  lookups: readonly LookupReport[],
): CallReport => {
  const attributes = trace.attributes;
  const identifiedBy =
    attributes.identifiedBy === 'phone' || attributes.identifiedBy === 'keypad'
      ? attributes.identifiedBy
      : 'none';
  const riskLevel: RiskLevel =
    attributes.riskLevel === 'critical' || attributes.riskLevel === 'high' ? attributes.riskLevel : 'normal';
  const queueName = trace.queue?.name;
  const queued = trace.result === 'queued' && (queueName === 'urgent' || queueName === 'general');
  const closedMessageOnly = trace.result === 'disconnected' && trace.hoursChecks.at(-1) === 'closed';
  return {
    contactId,
    at: at.toISOString(),
    identifiedBy,
    tenancyId: attributes.tenancyId || null,
    caseId: attributes.caseId || null,
    riskLevel,
    courtLetterReported: attributes[COURT_LETTER_REPORTED_ATTRIBUTE] === 'true',
    queue: queued ? (queueName as 'urgent' | 'general') : null,
    priority: queued ? trace.priority : null,
    result: closedMessageOnly ? 'closed' : trace.result,
    prompts: [...trace.prompts],
    languageCode: trace.languageCode,
    voice: trace.voice,
    path: [...trace.path],
    callback: trace.callback && callback ? { queue: trace.callback.queue.name, ...callback } : null,
    lookupStatus: attributes.lookupStatus ?? null,
    lookups: [...lookups],
    contactAttributes: { ...attributes },
    callLog,
  };
};

const secondsLater = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

/**
 * The contact as Connect would time it: the flow takes as long as its prompts take to speak; a
 * queued call then waits, and is answered and talked through, or abandoned; any other call ends in
 * the flow (a callback too: the caller hangs up after the confirmation; the callback contact Connect
 * then creates is callbackContactOf's).
 */
const contactOf = (
  contactId: string,
  at: Date,
  trace: CallTrace,
  answer: z.output<typeof CallAnswer>,
): SimulatedContact => {
  const flowSeconds = trace.prompts.reduce(
    (sum, prompt) => sum + Math.ceil(prompt.length / SPOKEN_CHARACTERS_PER_SECOND),
    1,
  );
  const flowEnd = secondsLater(at, flowSeconds);
  const queueName = trace.queue?.name;
  if (trace.result === 'queued' && (queueName === 'urgent' || queueName === 'general')) {
    const queued = { at: flowEnd, queueArn: QUEUE_ARNS[queueName] };
    if (answer !== 'abandon' && 'afterSeconds' in answer) {
      const answeredAt = secondsLater(flowEnd, answer.afterSeconds);
      return {
        contactId,
        initiatedAt: at,
        queued,
        answeredAt,
        disconnectedAt: secondsLater(answeredAt, answer.talkSeconds ?? DEFAULT_TALK_SECONDS),
        disconnectReason: 'AGENT_DISCONNECT',
      };
    }
    const waited = answer === 'abandon' ? DEFAULT_ABANDON_AFTER_SECONDS : answer.abandonAfterSeconds;
    return {
      contactId,
      initiatedAt: at,
      queued,
      disconnectedAt: secondsLater(flowEnd, waited),
      disconnectReason: 'CUSTOMER_DISCONNECT',
    };
  }
  return {
    contactId,
    initiatedAt: at,
    disconnectedAt: flowEnd,
    disconnectReason: trace.result === 'callback' ? 'CUSTOMER_DISCONNECT' : 'CONTACT_FLOW_DISCONNECT',
  };
};

/** CreateCallbackContact's InitialCallDelaySeconds in the flow: the callback joins its queue then. */
const CALLBACK_DELAY_SECONDS = 60;
/** Once the office opens (or, when open, after the callback's delay) an agent takes it after this. */
const CALLBACK_PICKUP_SECONDS = 120;
/** An unanswered callback: the flow's MaximumConnectionAttempts (3), RetryDelaySeconds (600) apart. */
const CALLBACK_GIVE_UP_SECONDS = 2 * 600 + 60;

/**
 * The queued callback Connect creates when the flow ran CreateCallbackContact (a contact of its own,
 * CALLBACK, whose previous contact is the call): created as the call ends, in its queue after the
 * delay, offered when the hotline is open and an agent free, then the tenant reached and talked to,
 * or not reached at any attempt.
 */
const callbackContactOf = (
  call: SimulatedContact,
  queueArn: string,
  hours: OfficeHours,
  answer: 'reached' | 'unreachable',
): SimulatedContact => {
  const createdAt = call.disconnectedAt;
  const queuedAt = secondsLater(createdAt, CALLBACK_DELAY_SECONDS);
  const offeredAt = secondsLater(nextOpening(hours, queuedAt) ?? queuedAt, CALLBACK_PICKUP_SECONDS);
  const contact = {
    contactId: randomUUID(),
    callbackOf: call.contactId,
    initiatedAt: createdAt,
    queued: { at: queuedAt, queueArn },
  };
  return answer === 'reached'
    ? {
        ...contact,
        answeredAt: offeredAt,
        disconnectedAt: secondsLater(offeredAt, DEFAULT_TALK_SECONDS),
        disconnectReason: 'AGENT_DISCONNECT',
      }
    : {
        ...contact,
        disconnectedAt: secondsLater(offeredAt, CALLBACK_GIVE_UP_SECONDS),
        disconnectReason: 'TELECOM_UNANSWERED',
      };
};

export interface CallSimulatorDeps {
  /** Configuration of the local store, as identify-caller reads it from its environment. */
  readonly env: IdentifyCallerEnv;
  /** Shared by all simulated calls, so sockets are reused. */
  readonly doc?: DynamoDBDocumentClient;
  /** Scales the Lambda time limits (tests: 0.01, so a 4 s limit is 40 ms). @default 1 */
  readonly timeScale?: number;
  /**
   * Deliver each call's contact events twice and out of order, in an order drawn from `seed`, as
   * EventBridge may (best effort, unordered): the call log must come out the same. @default in order, once
   */
  readonly shuffleEvents?: { readonly seed: number };
  /**
   * Read the completed call log back into the report (one consistent read per call). A replay of
   * thousands of calls checks the store once at the end instead; its reports then carry
   * `callLog: null`. @default true
   */
  readonly readCallLog?: boolean;
  /**
   * The flow the calls run (validated here). `hotline test` proves that a flow routing differently
   * fails a test case. @default the inbound flow with the placeholder references
   */
  readonly flow?: FlowDocument;
}

/**
 * What a test case substitutes for one call (Connect's OverrideSystemBehavior): identify-caller's
 * answers, given the handler as wired for the call, and the hours the flow checks.
 */
export interface CallOverrides {
  readonly identifyCaller?: (wired: LambdaHandler) => LambdaHandler;
  readonly hours?: OfficeHours;
}

/**
 * One simulated inbound call through the deployed flow JSON, the interpreter, and identify-caller
 * composed exactly as in its handler, against the local store. The call's instant is also
 * identify-caller's clock, so risk is rated for the day of the call. When the call has ended, the
 * contact events the EventBridge rule forwards go to contact-events, composed as in its handler,
 * and the report carries the call log it completed.
 */
export const makeCallSimulator = (deps: CallSimulatorDeps) => {
  const timeScale = deps.timeScale ?? 1;
  const flow = deps.flow ? validateFlow(deps.flow) : FLOW;
  const feed = makeContactEventsFeed(deps.env, deps.doc);
  const random: Random | undefined = deps.shuffleEvents && seededRandom(deps.shuffleEvents.seed);
  const feedEvents = async (contact: SimulatedContact, at: Date): Promise<CallLogReport | null> => {
    const events = forwardedByRule(contactEventsOf(contact, deps.env.AWS_REGION));
    try {
      await feed.deliver(random ? duplicatedAndShuffled(events, random) : events, viennaDate(at));
      return deps.readCallLog === false ? null : await feed.callLog(contact.contactId);
    } catch (error) {
      // In AWS, Lambda would retry the events later; the call itself has happened all the same.
      logger.warn('contact events of the simulated call not delivered', {
        contactId: contact.contactId,
        error,
      });
      return null;
    }
  };
  const unreachable: IdentifyCallerEnv = { ...deps.env, DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' };
  // Made on the first call that asks for them, then shared.
  let throttled: DynamoDBDocumentClient | undefined;
  let silent: Promise<string> | undefined;
  /** identify-caller as the call's faults make it: composed as in its handler, on a faulty store if asked. */
  const identifyCallerFor = async (faults: readonly Fault[], clock: Clock): Promise<LambdaHandler> => {
    const lambdaFault = faults.find(isLambdaFault);
    if (lambdaFault) return faulty(lambdaFault, timeScale);
    if (faults.includes('dynamodb-down')) return wireIdentifyCaller(unreachable, { clock });
    if (faults.includes('dynamodb-throttled')) {
      throttled ??= throttledClient(deps.env);
      return wireIdentifyCaller(deps.env, { clock, doc: throttled });
    }
    if (faults.includes('dynamodb-slow')) {
      silent ??= silentEndpoint();
      return wireIdentifyCaller({ ...deps.env, DYNAMODB_ENDPOINT: await silent }, { clock });
    }
    return wireIdentifyCaller(deps.env, { clock, doc: deps.doc });
  };
  /** Takes the request as it arrives (a CLI's options, a page's JSON body) and validates it here. */
  return async (
    request: SimulatedCallRequest | unknown,
    overrides: CallOverrides = {},
  ): Promise<CallReport> => {
    const parsed = SimulatedCallRequest.safeParse(request);
    if (!parsed.success)
      throw new InvalidCallError(parsed.error.issues.map((issue) => issue.message).join('; '));
    const call = parsed.data;
    const at = call.at ?? new Date();
    const contactId = randomUUID();
    const clock = fixedClock(at);
    const lookups: LookupReport[] = [];
    const wired = await identifyCallerFor(call.faults, clock);
    const identifyCaller = noting(
      overrides.identifyCaller ? overrides.identifyCaller(wired) : wired,
      lookups,
    );
    const customerNumber = call.faults.includes('garbage-caller-id')
      ? GARBAGE_CALLER_ID
      : callerIdOf(call.from);
    const hours = overrides.hours ?? officeHoursOn(viennaDate(at));
    const trace = await runFlow(
      flow,
      { contactId, customerNumber, systemNumber: HOTLINE_NUMBER, at, keys: call.keys },
      {
        lambdas: { [PLACEHOLDER_REFERENCES.identifyCallerArn]: identifyCaller },
        queues: Object.fromEntries(
          QUEUE_NAMES.map((name) => [
            QUEUE_ARNS[name],
            { name, atCapacity: call.fullQueues.includes(name), hoursArn: PLACEHOLDER_REFERENCES.hoursArn },
          ]),
        ),
        hours: { [PLACEHOLDER_REFERENCES.hoursArn]: hours },
        timeScale,
      },
    ).catch((error: unknown) => {
      // The request's mistake (two keys where the prompt takes one), said as such: a 400, not a 500.
      if (!(error instanceof ImpossibleInputError)) throw error;
      const given = JSON.stringify(call.keys[error.answer - 1] ?? '');
      throw new InvalidCallError(`keys: answer ${error.answer} (${given}) is not ${error.expected}`, {
        cause: error,
      });
    });
    const contact = contactOf(contactId, at, trace, call.answer);
    const callLog = await feedEvents(contact, at);
    let callback: { contactId: string; callLog: CallLogReport | null } | null = null;
    if (trace.callback) {
      const queueArn = trace.callback.queue.arn;
      const callbackContact = callbackContactOf(contact, queueArn, hours, call.callbackAnswer);
      callback = { contactId: callbackContact.contactId, callLog: await feedEvents(callbackContact, at) };
    }
    return toReport(contactId, at, trace, callLog, callback, lookups);
  };
};

import { STRING_MAP_MAX_BYTES } from '../../shared/connect/contact-flow-event.ts';
import { WITHHELD_CALLER_IDS } from '../../shared/domain/caller-id.ts';
import { isOpen, type OfficeHours } from '../../shared/domain/office-hours.ts';
import type { FlowAction, FlowDocument } from '../../shared/flow/flow-language.ts';
import {
  type ActionType,
  isActionType,
  LOOP_CONTINUE,
  LOOP_DONE,
  MESSAGES_INTERRUPTED,
  NO_MATCHING_CONDITION,
  NO_MATCHING_ERROR,
  staticInteger,
  WAIT_COMPLETED,
} from './action-catalogue.ts';
import { firstMatch } from './conditions.ts';
import { FlowRuntimeError, ImpossibleInputError } from './errors.ts';
import type { FlowType } from './flow-types.ts';
import { type Reference, type Resolution, resolveValue } from './jsonpath.ts';
import { checkStoredInput, type InputValidation, MENU_KEY, STORED_DIGITS } from './keypad.ts';
import { invokeLambda, type ResponseType } from './lambda.ts';
import { ssmlToText } from './speech.ts';
import type {
  CallResult,
  CallTrace,
  FlowTrace,
  FlowWorld,
  LambdaCall,
  LambdaHandler,
  OtherFlow,
  QueueRef,
  RunResult,
  SimulatedCall,
} from './types.ts';
import { isValidatedFlow, validateFlow } from './validate.ts';

export const DEFAULT_MAX_STEPS = 500;
export const DEFAULT_PRIORITY = 5;
/** Connect's default language for a new contact. */
export const DEFAULT_LANGUAGE_CODE = 'en-US';
export const DEFAULT_INSTANCE_ARN =
  'arn:aws:connect:eu-central-1:111111111111:instance/00000000-0000-4000-8000-000000000000';
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
/** How many identifiers the loop-guard error names. */
const LAST_ACTIONS_SHOWN = 10;

interface Failure {
  readonly kind: 'error';
  readonly errorType: string;
}

/**
 * What an action did: go on, test its result, raise an error, end the call, go into another flow
 * or module, or return from a module.
 */
type Outcome =
  | { readonly kind: 'next' }
  | { readonly kind: 'result'; readonly value: string }
  | Failure
  | { readonly kind: 'end'; readonly result: RunResult; readonly transferredTo?: string }
  | { readonly kind: 'enter'; readonly flow: OtherFlow; readonly flowName: string; readonly module: boolean }
  | { readonly kind: 'return' };

/** One flow or module being run; a module's frame knows the InvokeFlowModule to return to. */
interface Frame {
  readonly name: string;
  /** Prefix of the path entries of this frame: none for the flow the run started with. */
  readonly prefix: string;
  readonly actions: ReadonlyMap<string, FlowAction>;
  readonly flowAttributes: Map<string, string>;
  readonly caller: { readonly frame: Frame; readonly action: FlowAction } | undefined;
}

/** TransferToFlow reaches these flow types only (https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-flow.html). */
const TRANSFER_TARGETS: readonly FlowType[] = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];

type Branching = Extract<Outcome, { kind: 'next' | 'result' | 'error' }>;
const NEXT: Branching = { kind: 'next' };
const fail = (errorType: string): Failure => ({ kind: 'error', errorType });

/** The contact as the flow sees it, plus what the trace collects. */
class Contact {
  readonly attributes = new Map<string, string>();
  /** The running flow's own attributes: each flow and module has its own. */
  flowAttributes = new Map<string, string>();
  readonly tags = new Map<string, string>();
  external: unknown;
  storedInput: string | undefined;
  queue: QueueRef | null = null;
  priority: number | null = null;
  callbackNumber: string | undefined;
  languageCode = DEFAULT_LANGUAGE_CODE;
  voice: { name: string; engine: string | null } | null = null;
  name: string | null = null;
  description: string | null = null;
  nextKey = 0;
  readonly prompts: string[] = [];
  readonly path: string[] = [];
  readonly hoursChecks: ('open' | 'closed')[] = [];
  readonly lambdaCalls: LambdaCall[] = [];
  readonly errors: { action: string; errorType: string }[] = [];
  callback: { number: string; queue: QueueRef } | null = null;
  readonly customerNumber: string | undefined;

  constructor(readonly call: SimulatedCall) {
    this.queue = call.queue ?? null;
    const number = call.customerNumber?.trim() ?? '';
    this.customerNumber = WITHHELD_CALLER_IDS.has(number.toLowerCase()) ? undefined : number;
  }

  lookup = (reference: Reference): string | undefined => {
    if (reference.kind === 'keyed') {
      if (reference.root === 'Attributes') return this.attributes.get(reference.key);
      if (reference.root === 'FlowAttributes') return this.flowAttributes.get(reference.key);
      return externalValue(this.external, reference.key);
    }
    switch (reference.name) {
      case 'StoredCustomerInput':
        return this.storedInput;
      case 'CustomerEndpoint.Address':
        return this.customerNumber;
      case 'SystemEndpoint.Address':
        return this.call.systemNumber;
      case 'ContactId':
      case 'InitialContactId':
        return this.call.contactId;
      case 'Channel':
        return 'VOICE';
      case 'LanguageCode':
        return this.languageCode;
      case 'Queue.Name':
        return this.queue?.name;
      case 'Queue.ARN':
        return this.queue?.arn;
      case 'Queue.OutboundCallerId.Address':
        return undefined; // simulated queues have no outbound caller id
      case 'AwsRegion':
        return this.instanceArn.split(':')[3];
      case 'InstanceARN':
        return this.instanceArn;
      case 'InitiationMethod':
        return 'INBOUND';
      case 'PreviousContactId':
        return this.call.contactId;
      case 'CustomerEndpoint.Type':
        return this.customerNumber === undefined ? undefined : 'TELEPHONE_NUMBER';
      case 'SystemEndpoint.Type':
        return 'TELEPHONE_NUMBER';
      case 'Name':
        return this.name ?? undefined;
      case 'Description':
        return this.description ?? undefined;
      case 'Wisdom.SessionArn':
        return undefined; // no Amazon Q in Connect session in a simulated call
    }
  };

  get instanceArn(): string {
    return this.call.instanceArn ?? DEFAULT_INSTANCE_ARN;
  }

  resolve(value: string): Resolution {
    return resolveValue(value, this.lookup);
  }

  trace<R extends RunResult>(result: R, transferredTo: string | null = null): FlowTrace & { result: R } {
    return {
      transferredTo,
      tags: Object.fromEntries(this.tags),
      result,
      queue: this.queue,
      priority: this.queue ? (this.priority ?? DEFAULT_PRIORITY) : null,
      prompts: [...this.prompts],
      path: [...this.path],
      attributes: Object.fromEntries(this.attributes),
      callback: this.callback,
      languageCode: this.languageCode,
      voice: this.voice,
      hoursChecks: [...this.hoursChecks],
      lambdaCalls: [...this.lambdaCalls],
      errors: [...this.errors],
    };
  }
}

/** `$.External.key`: text as is, numbers and booleans as text; nested values do not resolve. */
const externalValue = (external: unknown, key: string): string | undefined => {
  if (typeof external !== 'object' || external === null || Array.isArray(external)) return undefined;
  if (!Object.hasOwn(external, key)) return undefined;
  const value: unknown = Reflect.get(external, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const record = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Resolves every value of a map, all or nothing. */
const resolveAll = (contact: Contact, entries: [string, string][]): [string, string][] | undefined => {
  const resolved: [string, string][] = [];
  for (const [key, value] of entries) {
    const r = contact.resolve(value);
    if (!r.ok) return undefined;
    resolved.push([key, r.value]);
  }
  return resolved;
};

const stringEntries = (value: unknown): [string, string][] =>
  Object.entries(record(value)).flatMap(([k, v]) =>
    typeof v === 'string' ? [[k, v] as [string, string]] : [],
  );

/** Looks an ARN up in a world map, or a bare id as the ARN's last segment. */
const byArnOrId = <T>(map: Readonly<Record<string, T>>, id: string): [string, T] | undefined => {
  if (Object.hasOwn(map, id)) return [id, map[id] as T];
  return Object.entries(map).find(([arn]) => arn.endsWith(`/${id}`));
};

class FlowRun {
  /** Loop counters, per flow and Loop action: how often each said ContinueLooping in a row. */
  private readonly loops = new Map<string, number>();

  private readonly contact: Contact;
  private readonly timeScale: number;

  constructor(
    call: SimulatedCall,
    private readonly world: FlowWorld,
  ) {
    this.contact = new Contact(call);
    this.timeScale = world.timeScale ?? 1;
  }

  private enter(flow: FlowDocument, name: string, prefix: string, caller: Frame['caller']): Frame {
    const frame: Frame = {
      name,
      prefix,
      actions: new Map(flow.Actions.map((a) => [a.Identifier, a])),
      flowAttributes: new Map(),
      caller,
    };
    this.contact.flowAttributes = frame.flowAttributes;
    return frame;
  }

  async run(flow: FlowDocument): Promise<FlowTrace> {
    const maxSteps = this.world.maxSteps ?? DEFAULT_MAX_STEPS;
    let frame = this.enter(flow, '', '', undefined);
    let current = flow.StartAction;
    for (;;) {
      const action = frame.actions.get(current);
      if (!action) throw this.failure(`no action "${current}"`, current); // validated: unreachable
      const step = frame.prefix + action.Identifier;
      if (this.contact.path.length >= maxSteps) {
        const last = this.contact.path.slice(-LAST_ACTIONS_SHOWN).join(' → ');
        throw this.failure(`loop guard: more than ${maxSteps} actions; the last were ${last}`, step);
      }
      this.contact.path.push(step);
      const outcome: Outcome = await this.execute(action, frame);
      if (outcome.kind === 'end') return this.contact.trace(outcome.result, outcome.transferredTo ?? null);
      if (outcome.kind === 'enter') {
        // A transfer leaves the current flow for good; a module returns to its InvokeFlowModule.
        const caller = outcome.module ? { frame, action } : undefined;
        frame = this.enter(outcome.flow.content, outcome.flowName, `${outcome.flowName}:`, caller);
        current = outcome.flow.content.StartAction;
        continue;
      }
      if (outcome.kind === 'return') {
        const { caller } = frame;
        if (!caller) return this.contact.trace('ended'); // a module run on its own
        frame = caller.frame;
        this.contact.flowAttributes = frame.flowAttributes;
        current = this.transition(caller.action, NEXT, caller.frame.prefix);
        continue;
      }
      current = this.transition(action, outcome, frame.prefix);
    }
  }

  private failure(message: string, action: string | null): FlowRuntimeError {
    return new FlowRuntimeError(message, { action, trace: this.contact.trace('disconnected') });
  }

  /** Error → its branch else NoMatchingError; result → first true condition else NoMatchingCondition. */
  private transition(action: FlowAction, outcome: Branching, prefix: string): string {
    const { Transitions } = action;
    const Identifier = prefix + action.Identifier;
    if (outcome.kind === 'result') {
      const match = firstMatch(Transitions.Conditions ?? [], outcome.value);
      return match ? match.NextAction : this.transition(action, fail(NO_MATCHING_CONDITION), prefix);
    }
    if (outcome.kind === 'error') {
      const errors = Transitions.Errors ?? [];
      const branch =
        errors.find((e) => e.ErrorType === outcome.errorType) ??
        errors.find((e) => e.ErrorType === NO_MATCHING_ERROR);
      if (!branch)
        throw this.failure(`${Identifier} raised ${outcome.errorType} and has no branch for it`, Identifier);
      this.contact.errors.push({ action: Identifier, errorType: outcome.errorType });
      return branch.NextAction;
    }
    if (Transitions.NextAction === undefined)
      throw this.failure(`${Identifier} has no NextAction`, Identifier);
    return Transitions.NextAction;
  }

  private execute(action: FlowAction, frame: Frame): Promise<Outcome> | Outcome {
    const type = action.Type;
    if (!isActionType(type)) throw this.failure(`unsupported action type "${type}"`, action.Identifier);
    const p = action.Parameters;
    const noLocalEffect = () => NEXT;
    const handlers: Record<ActionType, () => Promise<Outcome> | Outcome> = {
      InvokeLambdaFunction: () => this.invokeLambda(p),
      UpdateContactAttributes: () => this.updateAttributes(p),
      Compare: () => this.compare(p),
      GetParticipantInput: () => this.getInput(action),
      MessageParticipant: () => this.message(p),
      CheckHoursOfOperation: () => this.checkHours(p),
      UpdateContactTargetQueue: () => this.setQueue(p),
      UpdateContactRoutingBehavior: () => this.setRouting(p),
      TransferContactToQueue: () => this.transferToQueue(),
      UpdateContactCallbackNumber: () => this.setCallbackNumber(p),
      CreateCallbackContact: () => this.createCallback(p),
      UpdateContactData: () => this.updateContactData(p),
      UpdateFlowAttributes: () => this.updateFlowAttributes(p),
      DisconnectParticipant: () => ({
        kind: 'end',
        result: this.contact.callback ? 'callback' : 'disconnected',
      }),
      UpdateFlowLoggingBehavior: () => NEXT,
      UpdateContactTextToSpeechVoice: () => this.setVoice(p),
      UpdateContactEventHooks: noLocalEffect,
      UpdateContactRecordingBehavior: noLocalEffect,
      TransferToFlow: () => this.transferToFlow(p),
      InvokeFlowModule: () => this.invokeModule(p),
      EndFlowModuleExecution: () => ({ kind: 'return' }),
      EndFlowExecution: () => ({ kind: 'end', result: this.contact.callback ? 'callback' : 'ended' }),
      Loop: () => this.loop(p, `${frame.prefix}${action.Identifier}`),
      MessageParticipantIteratively: () => this.messageLoop(action),
      CheckMetricData: () => ({
        kind: 'result',
        value: String(this.world.metrics?.[text(p.MetricType) ?? ''] ?? 0),
      }),
      DistributeByPercentage: () => ({
        kind: 'result',
        value: String(1 + Math.floor((this.world.random ?? Math.random)() * 100)),
      }),
      // The simulated clock stands still and no event comes: the wait runs its time out.
      Wait: () => ({ kind: 'result', value: WAIT_COMPLETED }),
      TagContact: () => this.tag(p),
      UntagContact: () => {
        for (const key of Array.isArray(p.TagKeys) ? p.TagKeys : []) this.contact.tags.delete(String(key));
        return NEXT;
      },
      UpdateContactRoutingCriteria: noLocalEffect,
      UpdateContactMediaStreamingBehavior: noLocalEffect,
      UpdateContactRecordingAndAnalyticsBehavior: noLocalEffect,
      UpdatePreviousContactParticipantState: noLocalEffect,
      CreateTask: noLocalEffect,
      // A view needs an agent workspace or a chat, a bot needs Lex, a Q in Connect session its
      // assistant: a simulated voice call has none, so they take their error branch, as an
      // unreachable resource would.
      ShowView: () => fail(NO_MATCHING_ERROR),
      ConnectParticipantWithLexBot: () => fail(NO_MATCHING_ERROR),
      CreateWisdomSession: () => fail(NO_MATCHING_ERROR),
      TransferContactToAgent: () => ({
        kind: 'end',
        result: 'transferred',
        transferredTo: this.contact.queue?.name ?? 'agent',
      }),
      DequeueContactAndTransferToQueue: () => {
        const set = this.setQueue(p);
        return set.kind === 'error' ? set : { kind: 'end', result: 'queued' };
      },
    };
    return handlers[type]();
  }

  /** The event, as Connect sends it for this contact now (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html). */
  private lambdaEvent(parameters: Record<string, string>): unknown {
    const c = this.contact;
    const { call } = c;
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: Object.fromEntries(c.attributes),
          Channel: 'VOICE',
          ContactId: call.contactId,
          CustomerEndpoint:
            c.customerNumber === undefined ? null : { Address: c.customerNumber, Type: 'TELEPHONE_NUMBER' },
          CustomerId: null,
          Description: c.description,
          InitialContactId: call.contactId,
          InitiationMethod: 'INBOUND',
          InstanceARN: c.instanceArn,
          LanguageCode: c.languageCode,
          MediaStreams: { Customer: { Audio: null } },
          Name: c.name,
          PreviousContactId: call.contactId,
          Queue: c.queue ? { ARN: c.queue.arn, Name: c.queue.name } : null,
          References: {},
          SystemEndpoint: { Address: call.systemNumber, Type: 'TELEPHONE_NUMBER' },
        },
        Parameters: parameters,
      },
    };
  }

  /** The handler of a Lambda ARN, or of its function name (an ARN built at runtime, with any qualifier). */
  private findLambda(arn: string): LambdaHandler | undefined {
    const { lambdas } = this.world;
    if (Object.hasOwn(lambdas, arn)) return lambdas[arn];
    const name = /:function:([^:]+)/.exec(arn)?.[1];
    return name !== undefined && Object.hasOwn(lambdas, name) ? lambdas[name] : undefined;
  }

  /** `$.External` is the most recent invocation's answer: cleared as each one starts. */
  private async invokeLambda(p: Readonly<Record<string, unknown>>): Promise<Outcome> {
    this.contact.external = undefined;
    const arn = this.contact.resolve(text(p.LambdaFunctionARN) ?? '');
    const parameters = resolveAll(this.contact, stringEntries(p.LambdaInvocationAttributes));
    if (!arn.ok || !parameters) return fail(NO_MATCHING_ERROR);
    const responseType: ResponseType =
      text(record(p.ResponseValidation).ResponseType) === 'JSON' ? 'JSON' : 'STRING_MAP';
    const result = await invokeLambda({
      handler: this.findLambda(arn.value),
      event: this.lambdaEvent(Object.fromEntries(parameters)),
      timeLimitSeconds: staticInteger(p.InvocationTimeLimitSeconds) ?? 8,
      responseType,
      timeScale: this.timeScale,
    });
    this.contact.lambdaCalls.push({ arn: arn.value, attempts: result.attempts, outcome: result.outcome });
    if (result.outcome !== 'ok') return fail(NO_MATCHING_ERROR);
    this.contact.external = structuredClone(result.response);
    return NEXT;
  }

  /** All or nothing; the attributes may total 32 KB (UTF-8 bytes of names and values). */
  private updateAttributes(p: Readonly<Record<string, unknown>>): Outcome {
    if (text(p.TargetContact) === 'Related') return fail(NO_MATCHING_ERROR); // a simulated call has no related contact
    const resolved = resolveAll(this.contact, stringEntries(p.Attributes));
    if (!resolved) return fail(NO_MATCHING_ERROR);
    const merged = new Map([...this.contact.attributes, ...resolved]);
    let bytes = 0;
    for (const [key, value] of merged)
      bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
    if (bytes > STRING_MAP_MAX_BYTES) return fail(NO_MATCHING_ERROR);
    for (const [key, value] of resolved) this.contact.attributes.set(key, value);
    return NEXT;
  }

  /** A value that does not exist matches no condition (Compare cannot test for a missing value). */
  private compare(p: Readonly<Record<string, unknown>>): Outcome {
    const value = this.contact.resolve(text(p.ComparisonValue) ?? '');
    return value.ok ? { kind: 'result', value: value.value } : fail(NO_MATCHING_CONDITION);
  }

  /** What the caller hears, or `undefined` when a whole-value JSONPath does not exist. */
  private speak(p: Readonly<Record<string, unknown>>): string | undefined {
    const plain = text(p.Text);
    const ssml = text(p.SSML);
    const promptId = text(p.PromptId);
    const source = plain ?? ssml ?? promptId;
    if (source === undefined) {
      const uri = text(record(p.Media).Uri);
      return uri === undefined ? '[media]' : `[media ${uri}]`;
    }
    const resolved = this.contact.resolve(source);
    if (!resolved.ok) return undefined;
    if (plain !== undefined) return resolved.value;
    if (ssml !== undefined) return ssmlToText(resolved.value);
    return `[prompt ${resolved.value}]`;
  }

  private message(p: Readonly<Record<string, unknown>>): Outcome {
    const heard = this.speak(p);
    if (heard === undefined) return fail(NO_MATCHING_ERROR);
    this.contact.prompts.push(heard);
    return NEXT;
  }

  private nextEntry(action: string, pattern: RegExp, what: string): string | undefined {
    const entry = this.contact.call.keys[this.contact.nextKey];
    this.contact.nextKey += 1;
    if (entry === undefined || entry === '') return undefined;
    if (!pattern.test(entry))
      throw new ImpossibleInputError({
        action,
        trace: this.contact.trace('disconnected'),
        answer: this.contact.nextKey,
        expected: what,
      });
    return entry;
  }

  private getInput(action: FlowAction): Outcome {
    const p = action.Parameters;
    const heard = this.speak(p);
    if (heard === undefined) return fail(NO_MATCHING_ERROR);
    this.contact.prompts.push(heard);
    if (text(p.StoreInput) !== 'True') {
      const key = this.nextEntry(action.Identifier, MENU_KEY, 'one key of 0-9 * #');
      return key === undefined ? fail('InputTimeLimitExceeded') : { kind: 'result', value: key };
    }
    const entry = this.nextEntry(action.Identifier, STORED_DIGITS, 'digits (0-9, *), optionally ending in #');
    if (entry === undefined) {
      this.contact.storedInput = 'Timeout';
      return NEXT;
    }
    const checked = checkStoredInput(entry.replace(/#$/, ''), inputValidation(p.InputValidation));
    if (!checked.ok) return fail(checked.errorType);
    this.contact.storedInput = checked.value;
    return NEXT;
  }

  private findHours(p: Readonly<Record<string, unknown>>): OfficeHours | undefined {
    const explicit = text(p.HoursOfOperationId);
    let id: string | undefined;
    if (explicit !== undefined) {
      const resolved = this.contact.resolve(explicit);
      id = resolved.ok ? resolved.value : undefined;
    } else if (this.contact.queue) {
      id = this.world.queues[this.contact.queue.arn]?.hoursArn;
    }
    return id === undefined ? undefined : byArnOrId(this.world.hours, id)?.[1];
  }

  /** Checked at the call's instant: the simulated clock does not advance. */
  private checkHours(p: Readonly<Record<string, unknown>>): Outcome {
    const hours = this.findHours(p);
    if (!hours) return fail(NO_MATCHING_ERROR);
    const open = isOpen(hours, this.contact.call.at);
    this.contact.hoursChecks.push(open ? 'open' : 'closed');
    return { kind: 'result', value: open ? 'True' : 'False' };
  }

  private findQueue(queueId: unknown): QueueRef | undefined {
    const resolved = this.contact.resolve(text(queueId) ?? '');
    if (!resolved.ok) return undefined;
    const found = byArnOrId(this.world.queues, resolved.value);
    return found ? { arn: found[0], name: found[1].name } : undefined;
  }

  /** An agent's own queue is not simulated: the contact goes to it whatever the world holds. */
  private setQueue(p: Readonly<Record<string, unknown>>): Outcome {
    if (p.AgentId !== undefined) {
      const agent = this.contact.resolve(text(p.AgentId) ?? '');
      if (!agent.ok || agent.value === '') return fail(NO_MATCHING_ERROR);
      this.contact.queue = { arn: agent.value, name: `agent ${agent.value.split('/').pop() ?? ''}` };
      return NEXT;
    }
    const queue = this.findQueue(p.QueueId);
    if (!queue) return fail(NO_MATCHING_ERROR);
    this.contact.queue = queue;
    return NEXT;
  }

  /** Priority counts; an age adjustment has no local effect. */
  private setRouting(p: Readonly<Record<string, unknown>>): Outcome {
    const priority = staticInteger(p.QueuePriority);
    if (priority !== undefined) this.contact.priority = priority;
    return NEXT;
  }

  private transferToQueue(): Outcome {
    const { queue } = this.contact;
    if (!queue) return fail(NO_MATCHING_ERROR);
    if (this.world.queues[queue.arn]?.atCapacity) return fail('QueueAtCapacity');
    return { kind: 'end', result: 'queued' };
  }

  /** A path that does not exist (e.g. a withheld caller id) is no E.164 number either. */
  private setCallbackNumber(p: Readonly<Record<string, unknown>>): Outcome {
    const number = this.contact.resolve(text(p.CallbackNumber) ?? '');
    if (!number.ok || !E164_PATTERN.test(number.value)) return fail('InvalidCallbackNumber');
    this.contact.callbackNumber = number.value;
    return NEXT;
  }

  /**
   * Queues a callback to the callback number (default: the caller id) and goes on: the flow
   * usually tells the caller, then hangs up, and the call ends as `callback`.
   */
  private createCallback(p: Readonly<Record<string, unknown>>): Outcome {
    const queue = p.QueueId === undefined ? this.contact.queue : this.findQueue(p.QueueId);
    if (!queue || this.world.queues[queue.arn]?.atCapacity) return fail(NO_MATCHING_ERROR);
    const number = this.contact.callbackNumber ?? this.contact.customerNumber;
    if (number === undefined) return fail(NO_MATCHING_ERROR);
    this.contact.callback = { number, queue };
    return NEXT;
  }

  private updateContactData(p: Readonly<Record<string, unknown>>): Outcome {
    const fields = stringEntries(p).filter(([key]) => ['LanguageCode', 'Name', 'Description'].includes(key));
    const resolved = resolveAll(this.contact, fields);
    if (!resolved) return fail(NO_MATCHING_ERROR);
    for (const [key, value] of resolved) {
      if (key === 'LanguageCode') this.contact.languageCode = value;
      if (key === 'Name') this.contact.name = value;
      if (key === 'Description') this.contact.description = value;
    }
    return NEXT;
  }

  /** The voice later prompts are spoken in; a voice given as a path that does not exist errors. */
  private setVoice(p: Readonly<Record<string, unknown>>): Outcome {
    const name = this.contact.resolve(text(p.TextToSpeechVoice) ?? '');
    if (!name.ok || name.value === '') return fail(NO_MATCHING_ERROR);
    this.contact.voice = { name: name.value, engine: text(p.TextToSpeechEngine) ?? null };
    return NEXT;
  }

  /** The flow named by ARN, id or name, as exports refer to them. */
  private findFlow(reference: string): OtherFlow | undefined {
    const flows = this.world.flows ?? [];
    return (
      flows.find((f) => f.arn === reference || f.id === reference) ??
      flows.find(
        (f) => (f.id !== undefined && reference.endsWith(`/${f.id}`)) || f.arn?.endsWith(`/${reference}`),
      ) ??
      flows.find((f) => f.name === reference)
    );
  }

  private flowName(flow: OtherFlow, reference: string): string {
    return flow.name ?? flow.id ?? reference;
  }

  /** A flow not given ends the run as transferred to it; a flow of the wrong type errors. */
  private transferToFlow(p: Readonly<Record<string, unknown>>): Outcome {
    const target = this.contact.resolve(text(p.ContactFlowId) ?? '');
    if (!target.ok || target.value === '') return fail(NO_MATCHING_ERROR);
    const flow = this.findFlow(target.value);
    if (!flow) return { kind: 'end', result: 'transferred', transferredTo: target.value };
    if (!TRANSFER_TARGETS.includes(flow.type)) return fail(NO_MATCHING_ERROR);
    validateOther(flow);
    return { kind: 'enter', flow, flowName: this.flowName(flow, target.value), module: false };
  }

  /** A module not given cannot be reached: the error branch. */
  private invokeModule(p: Readonly<Record<string, unknown>>): Outcome {
    const target = this.contact.resolve(text(p.FlowModuleId) ?? '');
    if (!target.ok || target.value === '') return fail(NO_MATCHING_ERROR);
    const flow = this.findFlow(target.value);
    if (flow?.type !== 'FLOW_MODULE') return fail(NO_MATCHING_ERROR);
    validateOther(flow);
    return { kind: 'enter', flow, flowName: this.flowName(flow, target.value), module: true };
  }

  /**
   * "NotDone" `LoopCount` times in a row, then "Done" once, then the count starts again
   * (https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-loop.html).
   */
  private loop(p: Readonly<Record<string, unknown>>, key: string): Outcome {
    const written = typeof p.LoopCount === 'string' ? this.contact.resolve(p.LoopCount) : undefined;
    const count = staticInteger(written?.ok ? written.value : p.LoopCount);
    if (count === undefined || count < 0) return fail(NO_MATCHING_ERROR);
    const done = this.loops.get(key) ?? 0;
    if (done < count) {
      this.loops.set(key, done + 1);
      return { kind: 'result', value: LOOP_CONTINUE };
    }
    this.loops.delete(key);
    return { kind: 'result', value: LOOP_DONE };
  }

  /**
   * Plays every message once; with an interrupt time and its condition the action then completes
   * with "MessagesInterrupted", else the messages repeat until an agent takes the contact, which no
   * simulated agent does: the run ends as `ended`.
   */
  private messageLoop(action: FlowAction): Outcome {
    const p = action.Parameters;
    for (const message of Array.isArray(p.Messages) ? p.Messages : []) {
      const heard = this.speak(record(message));
      if (heard === undefined) return fail(NO_MATCHING_ERROR);
      this.contact.prompts.push(heard);
    }
    const interrupts =
      p.InterruptFrequencySeconds !== undefined &&
      (action.Transitions.Conditions ?? []).some((c) => c.Condition.Operands.includes(MESSAGES_INTERRUPTED));
    return interrupts ? { kind: 'result', value: MESSAGES_INTERRUPTED } : { kind: 'end', result: 'ended' };
  }

  private tag(p: Readonly<Record<string, unknown>>): Outcome {
    const resolved = resolveAll(this.contact, stringEntries(p.Tags));
    if (!resolved) return fail(NO_MATCHING_ERROR);
    for (const [key, value] of resolved) this.contact.tags.set(key, value);
    return NEXT;
  }

  private updateFlowAttributes(p: Readonly<Record<string, unknown>>): Outcome {
    const entries = Object.entries(record(p.FlowAttributes)).flatMap(([name, entry]) => {
      const value = text(record(entry).Value);
      return value === undefined ? [] : [[name, value] as [string, string]];
    });
    const resolved = resolveAll(this.contact, entries);
    if (!resolved) return fail(NO_MATCHING_ERROR);
    for (const [name, value] of resolved) this.contact.flowAttributes.set(name, value);
    return NEXT;
  }
}

const inputValidation = (value: unknown): InputValidation => {
  const validation = record(value);
  if (validation.CustomValidation !== undefined) {
    const maximumLength = staticInteger(record(validation.CustomValidation).MaximumLength);
    return maximumLength === undefined ? { kind: 'none' } : { kind: 'maximumLength', maximumLength };
  }
  if (validation.PhoneNumberValidation !== undefined) {
    const phone = record(validation.PhoneNumberValidation);
    return {
      kind: 'phone',
      format: phone.NumberFormat === 'E164' ? 'E164' : 'Local',
      countryCode: text(phone.CountryCode),
    };
  }
  return { kind: 'none' };
};

/** Another flow is checked as its own type when the run first reaches it. */
const validateOther = (flow: OtherFlow): void => {
  if (!isValidatedFlow(flow.content, flow.type)) validateFlow(flow.content, { type: flow.type });
};

export interface RunOptions {
  /** The flow type `flow` is checked as. @default CONTACT_FLOW */
  readonly type?: FlowType;
}

/**
 * Runs one simulated inbound voice call through `flow` as Amazon Connect would
 * (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html), validating the flow
 * first (once: a document validateFlow returned is taken as it is), and each flow of
 * `world.flows` when the run reaches it. Throws `FlowValidationError` for a flow Connect would not
 * publish, and `FlowRuntimeError` when the run cannot go on (an error without a branch, a success
 * without a NextAction, the loop guard, impossible keypad input); the error carries the trace so far.
 */
export const runAnyFlow = async (
  flow: FlowDocument,
  call: SimulatedCall,
  world: FlowWorld,
  options: RunOptions = {},
): Promise<FlowTrace> => {
  const type = options.type ?? 'CONTACT_FLOW';
  const checked = isValidatedFlow(flow, type) ? flow : validateFlow(flow, { type });
  return new FlowRun(call, world).run(checked);
};

const isCallResult = (result: RunResult): result is CallResult =>
  result === 'queued' || result === 'callback' || result === 'disconnected';

/**
 * `runAnyFlow` for an inbound flow that ends as a hotline call does: queued, callback or
 * disconnected. A run that ends otherwise (transferred to a flow not given, or `ended`) stops with a
 * `FlowRuntimeError` carrying the trace; run such flows with `runAnyFlow`.
 */
export const runFlow = async (
  flow: FlowDocument,
  call: SimulatedCall,
  world: FlowWorld,
): Promise<CallTrace> => {
  const trace = await runAnyFlow(flow, call, world);
  if (isCallResult(trace.result)) return { ...trace, result: trace.result };
  throw new FlowRuntimeError(`the call ended as ${trace.result}, not queued, callback or disconnected`, {
    action: trace.path.at(-1) ?? null,
    trace: { ...trace, result: 'disconnected' },
  });
};

import { STRING_MAP_MAX_BYTES } from '../../shared/connect/contact-flow-event.ts';
import { WITHHELD_CALLER_IDS } from '../../shared/domain/caller-id.ts';
import type { FlowAction, FlowDocument } from '../../shared/flow/flow-language.ts';
import { isOpen, type OfficeHours } from '../../shared/flow/office-hours.ts';
import {
  type ActionType,
  isActionType,
  NO_MATCHING_CONDITION,
  NO_MATCHING_ERROR,
  staticInteger,
} from './action-catalogue.ts';
import { firstMatch } from './conditions.ts';
import { FlowRuntimeError, ImpossibleInputError } from './errors.ts';
import { type Reference, type Resolution, resolveValue } from './jsonpath.ts';
import { checkStoredInput, type InputValidation, MENU_KEY, STORED_DIGITS } from './keypad.ts';
import { invokeLambda, type ResponseType } from './lambda.ts';
import { ssmlToText } from './speech.ts';
import type { CallResult, CallTrace, FlowWorld, LambdaCall, QueueRef, SimulatedCall } from './types.ts';
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

/** What an action did: go on, test its result, raise an error, or end the call. */
type Outcome =
  | { readonly kind: 'next' }
  | { readonly kind: 'result'; readonly value: string }
  | Failure
  | { readonly kind: 'end'; readonly result: CallResult };

const NEXT: Outcome = { kind: 'next' };
const fail = (errorType: string): Failure => ({ kind: 'error', errorType });

/** The contact as the flow sees it, plus what the trace collects. */
class Contact {
  readonly attributes = new Map<string, string>();
  readonly flowAttributes = new Map<string, string>();
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
    }
  };

  resolve(value: string): Resolution {
    return resolveValue(value, this.lookup);
  }

  trace(result: CallResult): CallTrace {
    return {
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
  private readonly contact: Contact;
  private readonly timeScale: number;

  constructor(
    call: SimulatedCall,
    private readonly world: FlowWorld,
  ) {
    this.contact = new Contact(call);
    this.timeScale = world.timeScale ?? 1;
  }

  async run(flow: FlowDocument): Promise<CallTrace> {
    const actions = new Map(flow.Actions.map((a) => [a.Identifier, a]));
    const maxSteps = this.world.maxSteps ?? DEFAULT_MAX_STEPS;
    let current = flow.StartAction;
    for (;;) {
      const action = actions.get(current);
      if (!action) throw this.failure(`no action "${current}"`, current); // validated: unreachable
      if (this.contact.path.length >= maxSteps) {
        const last = this.contact.path.slice(-LAST_ACTIONS_SHOWN).join(' → ');
        throw this.failure(
          `loop guard: more than ${maxSteps} actions; the last were ${last}`,
          action.Identifier,
        );
      }
      this.contact.path.push(action.Identifier);
      const outcome = await this.execute(action);
      if (outcome.kind === 'end') return this.contact.trace(outcome.result);
      current = this.transition(action, outcome);
    }
  }

  private failure(message: string, action: string | null): FlowRuntimeError {
    return new FlowRuntimeError(message, { action, trace: this.contact.trace('disconnected') });
  }

  /** Error → its branch else NoMatchingError; result → first true condition else NoMatchingCondition. */
  private transition(action: FlowAction, outcome: Exclude<Outcome, { kind: 'end' }>): string {
    const { Identifier, Transitions } = action;
    if (outcome.kind === 'result') {
      const match = firstMatch(Transitions.Conditions ?? [], outcome.value);
      return match ? match.NextAction : this.transition(action, fail(NO_MATCHING_CONDITION));
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

  private execute(action: FlowAction): Promise<Outcome> | Outcome {
    const type = action.Type;
    if (!isActionType(type)) throw this.failure(`unsupported action type "${type}"`, action.Identifier);
    const p = action.Parameters;
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
      UpdateContactEventHooks: () => NEXT,
      UpdateContactRecordingBehavior: () => NEXT,
    };
    return handlers[type]();
  }

  /** The §4 event, as Connect sends it for this contact now. */
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
          InstanceARN: call.instanceArn ?? DEFAULT_INSTANCE_ARN,
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

  /** `$.External` is the most recent invocation's answer: cleared as each one starts. */
  private async invokeLambda(p: Readonly<Record<string, unknown>>): Promise<Outcome> {
    this.contact.external = undefined;
    const arn = this.contact.resolve(text(p.LambdaFunctionARN) ?? '');
    const parameters = resolveAll(this.contact, stringEntries(p.LambdaInvocationAttributes));
    if (!arn.ok || !parameters) return fail(NO_MATCHING_ERROR);
    const responseType: ResponseType =
      text(record(p.ResponseValidation).ResponseType) === 'JSON' ? 'JSON' : 'STRING_MAP';
    const result = await invokeLambda({
      handler: Object.hasOwn(this.world.lambdas, arn.value) ? this.world.lambdas[arn.value] : undefined,
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

  private setQueue(p: Readonly<Record<string, unknown>>): Outcome {
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

/**
 * Runs one simulated inbound voice call through `flow` as Amazon Connect would (CONNECT.md §8),
 * validating the flow first (once: a document validateFlow returned is taken as it is). Throws
 * `FlowValidationError` for a flow Connect would not publish, and `FlowRuntimeError` when the run
 * cannot go on (an error without a branch, a success without a NextAction, the loop guard,
 * impossible keypad input); the error carries the trace so far.
 */
export const runFlow = async (
  flow: FlowDocument,
  call: SimulatedCall,
  world: FlowWorld,
): Promise<CallTrace> => {
  const checked = isValidatedFlow(flow) ? flow : validateFlow(flow);
  return new FlowRun(call, world).run(checked);
};

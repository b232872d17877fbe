import {
  IDENTIFY_CALLER_INVOCATION_LIMIT_SECONDS,
  IDENTIFY_CALLER_KEYS,
} from '../connect/identify-caller-contract.ts';
import { COURT_LETTER_REPORTED_ATTRIBUTE } from '../ports/contact-attributes.ts';
import {
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowCondition,
  type FlowDocument,
  type FlowError,
} from './flow-language.ts';
import {
  LANGUAGE_KEYS,
  PROMPT_KEYS,
  PROMPTS,
  type PromptKey,
  type PromptLanguage,
  VOICES,
} from './prompts.ts';
import type { InboundFlowReferences } from './references.ts';

/**
 * The hotline's inbound contact flow (docs/architecture.md, "The inbound flow"), built once in code: CDK deploys
 * exactly this document and the local interpreter runs it. The caller's path:
 *
 * greeting (German; English on 9, Turkish on 8, or either when the lookup knows the caller prefers
 * it; any other language stays German) → identify by
 * number → unknown, shared or withheld: the tenancy number on the keypad, twice → not critical:
 * "court letter or eviction date? press 1" → urgent (priority 1 critical, 2 high) or general (5) →
 * open: queue (full: callback) · closed: the hours, and a callback for critical and high callers.
 *
 * Every error branch leads to a queue, a callback or, outside hours, the closed message: no caller
 * is dropped. Numbers and booleans are strings, as in the flow language itself.
 */

/** What the flow stores about the caller for the agent: identify-caller's answer, key for key. */
const SAVED_LOOKUP = Object.fromEntries(IDENTIFY_CALLER_KEYS.map((key) => [key, `$.External.${key}`]));

const KEYPAD_SECONDS = '5';
const TENANCY_NUMBER_SECONDS = '10';

type Next = { readonly next: string };

const action = (
  Identifier: string,
  Type: string,
  Parameters: Record<string, unknown>,
  transitions: { next?: string; conditions?: FlowCondition[]; errors?: FlowError[] },
): FlowAction => ({
  Identifier,
  Type,
  Parameters,
  Transitions: {
    ...(transitions.next ? { NextAction: transitions.next } : {}),
    ...(transitions.conditions?.length ? { Conditions: transitions.conditions } : {}),
    ...(transitions.errors?.length ? { Errors: transitions.errors } : {}),
  },
});

const equals = (operand: string, next: string): FlowCondition => ({
  NextAction: next,
  Condition: { Operator: 'Equals', Operands: [operand] },
});

const onError = (next: string, type = 'NoMatchingError'): FlowError => ({
  NextAction: next,
  ErrorType: type,
});

const play = (id: string, prompt: PromptKey, { next }: Next): FlowAction =>
  action(id, 'MessageParticipant', { Text: `$.FlowAttributes.${prompt}` }, { next, errors: [onError(next)] });

/** One key; no key, another key or an error all take `otherwise`. */
const askKey = (id: string, prompt: PromptKey, keys: Record<string, string>, otherwise: string): FlowAction =>
  action(
    id,
    'GetParticipantInput',
    { Text: `$.FlowAttributes.${prompt}`, StoreInput: 'False', InputTimeLimitSeconds: KEYPAD_SECONDS },
    {
      next: otherwise,
      conditions: Object.entries(keys).map(([key, next]) => equals(key, next)),
      errors: [
        onError(otherwise, 'InputTimeLimitExceeded'),
        onError(otherwise, 'NoMatchingCondition'),
        onError(otherwise, 'NoMatchingError'),
      ],
    },
  );

/** Sets language, voice and the prompt texts of one language; nothing here can stop the call. */
const useLanguage = (language: PromptLanguage, { next }: Next): FlowAction[] => {
  const voice = VOICES[language];
  return [
    action(
      `language-${language}`,
      'UpdateContactData',
      { LanguageCode: voice.languageCode },
      { next: `voice-${language}`, errors: [onError(`voice-${language}`)] },
    ),
    action(
      `voice-${language}`,
      'UpdateContactTextToSpeechVoice',
      { TextToSpeechVoice: voice.voice, TextToSpeechEngine: 'Neural' },
      { next: `prompts-${language}`, errors: [onError(`prompts-${language}`)] },
    ),
    action(
      `prompts-${language}`,
      'UpdateFlowAttributes',
      {
        FlowAttributes: Object.fromEntries(
          PROMPT_KEYS.map((key) => [key, { Value: PROMPTS[language][key] }]),
        ),
      },
      { next },
    ),
  ];
};

/** Calls identify-caller and keeps its answer as contact attributes; any failure → `lookup-failed`. */
const identify = (
  refs: InboundFlowReferences,
  id: string,
  parameters: Record<string, string>,
  { next }: Next,
): FlowAction[] => [
  action(
    id,
    'InvokeLambdaFunction',
    {
      LambdaFunctionARN: refs.identifyCallerArn,
      InvocationTimeLimitSeconds: String(IDENTIFY_CALLER_INVOCATION_LIMIT_SECONDS),
      LambdaInvocationAttributes: parameters,
      ResponseValidation: { ResponseType: 'STRING_MAP' },
    },
    { next: `save-${id}`, errors: [onError('lookup-failed')] },
  ),
  action(
    `save-${id}`,
    'UpdateContactAttributes',
    { TargetContact: 'Current', Attributes: SAVED_LOOKUP },
    { next, errors: [onError('lookup-failed')] },
  ),
];

/** Found, or the store is down (asking for the number would not help): go on to routing. */
const checkLookup = (id: string, otherwise: string): FlowAction =>
  action(
    id,
    'Compare',
    { ComparisonValue: '$.Attributes.lookupStatus' },
    {
      next: otherwise,
      conditions: [equals('found', 'check-critical'), equals('unavailable', 'check-critical')],
      errors: [onError(otherwise, 'NoMatchingCondition')],
    },
  );

const askTenancyNumber = (id: string, { next, invalid }: Next & { invalid: string }): FlowAction =>
  action(
    id,
    'GetParticipantInput',
    {
      Text: '$.FlowAttributes.askTenancyNumber',
      StoreInput: 'True',
      InputTimeLimitSeconds: TENANCY_NUMBER_SECONDS,
      InputValidation: { CustomValidation: { MaximumLength: '12' } },
      DTMFConfiguration: { InputTerminationSequence: '#', DisableCancelKey: 'False' },
    },
    { next, errors: [onError(invalid)] },
  );

const setQueue = (id: string, queueArn: string, priority: number, { next }: Next): FlowAction[] => [
  action(
    id,
    'UpdateContactTargetQueue',
    { QueueId: queueArn },
    { next: `${id}-priority`, errors: [onError('general-queue')] },
  ),
  // Set before the transfer: a queued contact only sees a new priority after 60 s
  // (https://docs.aws.amazon.com/connect/latest/adminguide/change-routing-priority.html).
  action(`${id}-priority`, 'UpdateContactRoutingBehavior', { QueuePriority: String(priority) }, { next }),
];

const setCallbackNumber = (
  id: string,
  path: string,
  { next, invalid }: Next & { invalid: string },
): FlowAction =>
  action(
    id,
    'UpdateContactCallbackNumber',
    { CallbackNumber: path },
    {
      next,
      errors: [
        onError(invalid, 'InvalidCallbackNumber'),
        onError(invalid, 'CallbackNumberNotDialable'),
        onError(invalid),
      ],
    },
  );

/** A withheld caller keys in a number for the callback; Connect checks it as an Austrian number. */
const askCallbackNumber = (id: string, { next }: Next): FlowAction =>
  action(
    id,
    'GetParticipantInput',
    {
      Text: '$.FlowAttributes.askCallbackNumber',
      StoreInput: 'True',
      InputTimeLimitSeconds: TENANCY_NUMBER_SECONDS,
      InputValidation: { PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: 'AT' } },
      DTMFConfiguration: { InputTerminationSequence: '#', DisableCancelKey: 'False' },
    },
    { next, errors: [onError('sorry', 'InvalidPhoneNumber'), onError('sorry')] },
  );

const createCallback = (id: string, queueArn: string, { next }: Next): FlowAction =>
  action(
    id,
    'CreateCallbackContact',
    {
      QueueId: queueArn,
      InitialCallDelaySeconds: '60',
      MaximumConnectionAttempts: '3',
      RetryDelaySeconds: '600',
    },
    { next, errors: [onError('sorry')] },
  );

/** Reads the number back digit by digit (docs/glossary.md, "How the prompts speak"), from where the callback number came. */
const confirmCallback = (id: string, numberPath: string): FlowAction =>
  action(
    id,
    'MessageParticipant',
    {
      SSML: `<speak>$.FlowAttributes.callbackConfirmed <say-as interpret-as="digits">${numberPath}</say-as>.</speak>`,
    },
    { next: 'goodbye', errors: [onError('goodbye')] },
  );

export const buildInboundFlow = (refs: InboundFlowReferences): FlowDocument => ({
  Version: FLOW_LANGUAGE_VERSION,
  StartAction: 'enable-logging',
  Actions: [
    action(
      'enable-logging',
      'UpdateFlowLoggingBehavior',
      { FlowLoggingBehavior: 'Enabled' },
      { next: 'language-de' },
    ),
    ...useLanguage('de', { next: 'greeting' }),
    play('greeting', 'greeting', { next: 'identify-by-phone' }),

    // Who is calling: by number first; English or Turkish when the tenant prefers it, or on 9 or 8.
    // Any other language the tenancy names (one Polly has no voice for, such as BCS) stays German.
    ...identify(refs, 'identify-by-phone', { lookup: 'phone' }, { next: 'preferred-language' }),
    action(
      'preferred-language',
      'Compare',
      { ComparisonValue: '$.Attributes.preferredLanguage' },
      {
        next: 'offer-languages',
        conditions: [equals('en', 'language-en'), equals('tr', 'language-tr')],
        errors: [onError('offer-languages', 'NoMatchingCondition')],
      },
    ),
    askKey(
      'offer-languages',
      'offerLanguages',
      { [LANGUAGE_KEYS.en]: 'language-en', [LANGUAGE_KEYS.tr]: 'language-tr' },
      'check-identified',
    ),
    ...useLanguage('en', { next: 'check-identified' }),
    ...useLanguage('tr', { next: 'check-identified' }),

    // Unknown, shared or withheld number: the tenancy number on the keypad, two attempts.
    checkLookup('check-identified', 'ask-tenancy-number-1'),
    askTenancyNumber('ask-tenancy-number-1', {
      next: 'identify-by-keypad-1',
      invalid: 'tenancy-number-unknown',
    }),
    ...identify(
      refs,
      'identify-by-keypad-1',
      { lookup: 'tenancy', tenancyNumber: '$.StoredCustomerInput' },
      { next: 'check-keypad-1' },
    ),
    checkLookup('check-keypad-1', 'tenancy-number-unknown'),
    play('tenancy-number-unknown', 'tenancyNumberUnknown', { next: 'ask-tenancy-number-2' }),
    askTenancyNumber('ask-tenancy-number-2', {
      next: 'identify-by-keypad-2',
      invalid: 'continue-unidentified',
    }),
    ...identify(
      refs,
      'identify-by-keypad-2',
      { lookup: 'tenancy', tenancyNumber: '$.StoredCustomerInput' },
      { next: 'check-keypad-2' },
    ),
    checkLookup('check-keypad-2', 'continue-unidentified'),
    play('continue-unidentified', 'continueUnidentified', { next: 'check-critical' }),

    // How urgent: critical callers skip the question; pressing 1 makes anyone at least high.
    action(
      'check-critical',
      'Compare',
      { ComparisonValue: '$.Attributes.riskLevel' },
      {
        next: 'ask-court-letter',
        conditions: [equals('critical', 'urgent-queue-1')],
        errors: [onError('ask-court-letter', 'NoMatchingCondition')],
      },
    ),
    askKey(
      'ask-court-letter',
      'askCourtLetter',
      { '1': 'court-letter-reported', '2': 'check-high' },
      'check-high',
    ),
    action(
      'court-letter-reported',
      'UpdateContactAttributes',
      {
        TargetContact: 'Current',
        Attributes: { [COURT_LETTER_REPORTED_ATTRIBUTE]: 'true', riskLevel: 'high' },
      },
      { next: 'urgent-queue-2', errors: [onError('urgent-queue-2')] },
    ),
    action(
      'check-high',
      'Compare',
      { ComparisonValue: '$.Attributes.riskLevel' },
      {
        next: 'general-queue',
        conditions: [equals('high', 'urgent-queue-2')],
        errors: [onError('general-queue', 'NoMatchingCondition')],
      },
    ),

    // Any failure of the lookup: an ordinary caller in the general queue.
    action(
      'lookup-failed',
      'UpdateContactAttributes',
      {
        TargetContact: 'Current',
        Attributes: { lookupStatus: 'error', identifiedBy: 'none', riskLevel: 'normal' },
      },
      { next: 'general-queue', errors: [onError('general-queue')] },
    ),

    ...setQueue('urgent-queue-1', refs.urgentQueueArn, 1, { next: 'check-hours' }),
    ...setQueue('urgent-queue-2', refs.urgentQueueArn, 2, { next: 'check-hours' }),
    action(
      'general-queue',
      'UpdateContactTargetQueue',
      { QueueId: refs.generalQueueArn },
      { next: 'general-queue-priority', errors: [onError('check-hours')] },
    ),
    action(
      'general-queue-priority',
      'UpdateContactRoutingBehavior',
      { QueuePriority: '5' },
      { next: 'check-hours' },
    ),

    // Open: queue; full: callback. When the hours cannot be checked, nobody is turned away.
    action(
      'check-hours',
      'CheckHoursOfOperation',
      { HoursOfOperationId: refs.hoursArn },
      {
        next: 'closed',
        conditions: [equals('True', 'queued'), equals('False', 'closed')],
        errors: [onError('queued')],
      },
    ),
    play('queued', 'queued', { next: 'transfer' }),
    // Success ends the flow with the contact queued; console exports still carry a NextAction (the
    // error target), so both transfers do too.
    action(
      'transfer',
      'TransferContactToQueue',
      {},
      {
        next: 'general-fallback',
        errors: [onError('busy-callback-number', 'QueueAtCapacity'), onError('general-fallback')],
      },
    ),
    action(
      'general-fallback',
      'UpdateContactTargetQueue',
      { QueueId: refs.generalQueueArn },
      { next: 'transfer-general', errors: [onError('busy-callback-number')] },
    ),
    action(
      'transfer-general',
      'TransferContactToQueue',
      {},
      {
        next: 'busy-callback-number',
        errors: [onError('busy-callback-number', 'QueueAtCapacity'), onError('busy-callback-number')],
      },
    ),
    setCallbackNumber('busy-callback-number', '$.CustomerEndpoint.Address', {
      next: 'busy-callback',
      invalid: 'busy-ask-number',
    }),
    askCallbackNumber('busy-ask-number', { next: 'busy-keyed-number' }),
    setCallbackNumber('busy-keyed-number', '$.StoredCustomerInput', {
      next: 'busy-callback',
      invalid: 'sorry',
    }),
    createCallback('busy-callback', refs.callbackQueueArn, { next: 'busy-callback-confirmed' }),
    play('busy-callback-confirmed', 'busyCallback', { next: 'goodbye' }),

    // Closed: the hours; critical and high callers keep a callback unless they press 2.
    play('closed', 'closed', { next: 'closed-urgency' }),
    action(
      'closed-urgency',
      'Compare',
      { ComparisonValue: '$.Attributes.riskLevel' },
      {
        next: 'other-help',
        conditions: [equals('critical', 'closed-callback-offer'), equals('high', 'closed-callback-offer')],
        errors: [onError('other-help', 'NoMatchingCondition')],
      },
    ),
    askKey(
      'closed-callback-offer',
      'closedCallbackOffer',
      { '2': 'callback-declined' },
      'closed-callback-number',
    ),
    play('callback-declined', 'callbackDeclined', { next: 'other-help' }),
    play('other-help', 'otherHelp', { next: 'goodbye' }),
    setCallbackNumber('closed-callback-number', '$.CustomerEndpoint.Address', {
      next: 'closed-callback',
      invalid: 'closed-ask-number',
    }),
    askCallbackNumber('closed-ask-number', { next: 'closed-keyed-number' }),
    setCallbackNumber('closed-keyed-number', '$.StoredCustomerInput', {
      next: 'closed-callback-keyed',
      invalid: 'sorry',
    }),
    // Into the callback queue, never `urgent`: a night's callbacks must not fill the urgent queue
    // before the first urgent caller of the morning. The agents' routing profile serves them before
    // any general call that arrives after them (shared/config/queues.ts, ROUTING_PROFILE_QUEUES).
    // The contact keeps the priority its risk gave it (1 or 2, set above) for the callback's place
    // among the other callbacks, as far as Connect carries it over (not documented either way).
    createCallback('closed-callback', refs.callbackQueueArn, { next: 'confirm-callback' }),
    confirmCallback('confirm-callback', '$.CustomerEndpoint.Address'),
    createCallback('closed-callback-keyed', refs.callbackQueueArn, { next: 'confirm-callback-keyed' }),
    confirmCallback('confirm-callback-keyed', '$.StoredCustomerInput'),

    play('sorry', 'sorry', { next: 'goodbye' }),
    play('goodbye', 'goodbye', { next: 'disconnect' }),
    action('disconnect', 'DisconnectParticipant', {}, {}),
  ],
});

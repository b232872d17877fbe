import { FALLBACK_ATTRIBUTES, type IdentifyCallerAttributes } from '../connect/identify-caller-contract.ts';
import { COURT_LETTER_REPORTED_ATTRIBUTE } from '../ports/contact-attributes.ts';
import type { PromptKey, PromptLanguage } from './prompts.ts';

/**
 * Every branch of the inbound flow as data: who calls, what identify-caller answers, whether the
 * hotline is open, which queue is full, what the caller hears and presses, and how the call ends.
 * shared/connect/test-cases.ts compiles each one into a Connect test case; CDK deploys those, and
 * `hotline test` runs the very same documents through the local interpreter.
 *
 * identify-caller's answers and the hours are substituted (Connect's OverrideSystemBehavior), so
 * a case on the instance touches no tenant's data and does not depend on the time it runs at.
 */

/** One answer of identify-caller, in invocation order. */
export type LookupAnswer =
  | { readonly kind: 'answer'; readonly attributes: IdentifyCallerAttributes }
  /** The invocation fails (`NoMatchingError`) or outlasts the flow's time limit (`TimeLimitExceeded`). */
  | { readonly kind: 'error'; readonly error: 'NoMatchingError' | 'TimeLimitExceeded' }
  /** A response that is no flat string map, serialized as Connect's mock takes it. */
  | { readonly kind: 'raw'; readonly loadedData: string };

/** One prompt the caller hears, in the flow's language at that moment, and the keys pressed after it. */
export interface HeardPrompt {
  readonly prompt: PromptKey;
  readonly language: PromptLanguage;
  /** Keys pressed at this prompt (a number ends with `#`); none: silence until the prompt times out. */
  readonly press?: string;
}

export type ScenarioEnd =
  | { readonly result: 'queued'; readonly queue: 'urgent' | 'general' }
  | { readonly result: 'callback' }
  | { readonly result: 'closed' };

export interface Scenario {
  /** Kebab-case, unique: the test case's name and file name. */
  readonly name: string;
  readonly description: string;
  /** The caller id (`anonymous` when withheld), for the local run and the deployed entry point. */
  readonly from: string;
  /** The call's instant, for the local run (identify-caller rates risk for that day). */
  readonly at: string;
  readonly lookups: readonly LookupAnswer[];
  readonly hours: 'open' | 'closed';
  /** Queues whose transfer meets `QueueAtCapacity`. */
  readonly fullQueues: readonly ('urgent' | 'general')[];
  readonly heard: readonly HeardPrompt[];
  readonly end: ScenarioEnd;
  /** Contact attributes the call ends with (those named here; others are not checked). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A Wednesday in winter (CET). */
const WEEKDAY_MORNING = '2026-11-25T10:00:00+01:00';
const WEEKDAY_EVENING = '2026-11-25T18:30:00+01:00';
/** Mariä Empfängnis, a public holiday on a Tuesday. */
const HOLIDAY_MORNING = '2026-12-08T10:00:00+01:00';

/** Numbers of no tenant in any test data: the cases touch no tenant's data. */
const CALLER = '+43140009001';
const SHARED_NUMBER = '+43140009002';
const UNKNOWN_NUMBER = '+43140009003';
const KEYED_CALLBACK_NUMBER = '0140009004';

const found = (
  overrides: Partial<IdentifyCallerAttributes> & Pick<IdentifyCallerAttributes, 'riskLevel'>,
): LookupAnswer => ({
  kind: 'answer',
  attributes: {
    lookupStatus: 'found',
    identifiedBy: 'phone',
    matchCount: '1',
    tenancyId: '104711001',
    caseId: 'C-2026-0001',
    preferredLanguage: 'de',
    ...overrides,
  },
});

const notIdentified = (lookupStatus: string, matchCount = '0'): LookupAnswer => ({
  kind: 'answer',
  attributes: { ...FALLBACK_ATTRIBUTES, lookupStatus, matchCount },
});

const de = (prompt: PromptKey, press?: string): HeardPrompt =>
  press === undefined ? { prompt, language: 'de' } : { prompt, language: 'de', press };

const QUEUED_GENERAL: ScenarioEnd = { result: 'queued', queue: 'general' };
const QUEUED_URGENT: ScenarioEnd = { result: 'queued', queue: 'urgent' };

/** A lookup that failed: the flow overwrites what it knew and routes an ordinary caller. */
const LOOKUP_FAILED = { lookupStatus: 'error', identifiedBy: 'none', riskLevel: 'normal' };

const faultScenario = (name: string, description: string, lookup: LookupAnswer): Scenario => ({
  name,
  description,
  from: CALLER,
  at: WEEKDAY_MORNING,
  lookups: [lookup],
  hours: 'open',
  fullQueues: [],
  heard: [de('greeting'), de('queued')],
  end: QUEUED_GENERAL,
  attributes: LOOKUP_FAILED,
});

export const INBOUND_FLOW_SCENARIOS: readonly Scenario[] = [
  {
    name: 'recognised-critical',
    description: 'A known critical caller: urgent queue, no court question.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'critical' })],
    hours: 'open',
    fullQueues: [],
    heard: [de('greeting'), de('offerLanguages'), de('queued')],
    end: QUEUED_URGENT,
    attributes: { lookupStatus: 'found', identifiedBy: 'phone', riskLevel: 'critical' },
  },
  {
    name: 'recognised-high',
    description: 'A known caller high by the stage of the case: urgent queue after the court question.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'high' })],
    hours: 'open',
    fullQueues: [],
    heard: [de('greeting'), de('offerLanguages'), de('askCourtLetter', '2'), de('queued')],
    end: QUEUED_URGENT,
    attributes: { riskLevel: 'high' },
  },
  {
    name: 'recognised-normal',
    description: 'A known normal caller without a court letter: general queue.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'normal' })],
    hours: 'open',
    fullQueues: [],
    heard: [de('greeting'), de('offerLanguages'), de('askCourtLetter', '2'), de('queued')],
    end: QUEUED_GENERAL,
    attributes: { lookupStatus: 'found', riskLevel: 'normal' },
  },
  {
    name: 'court-letter',
    description: 'A normal caller who presses 1 for a court letter becomes high: urgent queue.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'normal' })],
    hours: 'open',
    fullQueues: [],
    heard: [de('greeting'), de('offerLanguages'), de('askCourtLetter', '1'), de('queued')],
    end: QUEUED_URGENT,
    attributes: { riskLevel: 'high', [COURT_LETTER_REPORTED_ATTRIBUTE]: 'true' },
  },
  {
    name: 'court-question-unanswered',
    description: 'No key at the court question counts as 2: general queue.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'normal' })],
    hours: 'open',
    fullQueues: [],
    heard: [de('greeting'), de('offerLanguages'), de('askCourtLetter'), de('queued')],
    end: QUEUED_GENERAL,
    attributes: { riskLevel: 'normal' },
  },
  {
    name: 'shared-number',
    description: 'A number two tenancies share: the caller keys in the tenancy number.',
    from: SHARED_NUMBER,
    at: WEEKDAY_MORNING,
    lookups: [
      notIdentified('ambiguous', '2'),
      found({ riskLevel: 'normal', identifiedBy: 'keypad', tenancyId: '104711006' }),
    ],
    hours: 'open',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('askTenancyNumber', '104711006#'),
      de('askCourtLetter', '2'),
      de('queued'),
    ],
    end: QUEUED_GENERAL,
    attributes: { identifiedBy: 'keypad', tenancyId: '104711006' },
  },
  {
    name: 'withheld-keypad',
    description: 'A withheld number, identified by the tenancy number keyed in: high, urgent queue.',
    from: 'anonymous',
    at: WEEKDAY_MORNING,
    lookups: [
      notIdentified('anonymous'),
      found({ riskLevel: 'high', identifiedBy: 'keypad', tenancyId: '104711007' }),
    ],
    hours: 'open',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('askTenancyNumber', '104711007#'),
      de('askCourtLetter', '2'),
      de('queued'),
    ],
    end: QUEUED_URGENT,
    attributes: { identifiedBy: 'keypad', riskLevel: 'high' },
  },
  {
    name: 'keypad-unknown-twice',
    description: 'Two tenancy numbers nobody has: the caller goes on unidentified to the general queue.',
    from: 'anonymous',
    at: WEEKDAY_MORNING,
    lookups: [notIdentified('anonymous'), notIdentified('not_found'), notIdentified('not_found')],
    hours: 'open',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('askTenancyNumber', '12345#'),
      de('tenancyNumberUnknown'),
      de('askTenancyNumber', '999999999#'),
      de('continueUnidentified'),
      de('askCourtLetter'),
      de('queued'),
    ],
    end: QUEUED_GENERAL,
    attributes: { identifiedBy: 'none', riskLevel: 'normal' },
  },
  {
    name: 'english-on-9',
    description: 'A caller who presses 9 hears the rest in English.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'normal' })],
    hours: 'open',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages', '9'),
      { prompt: 'askCourtLetter', language: 'en', press: '2' },
      { prompt: 'queued', language: 'en' },
    ],
    end: QUEUED_GENERAL,
    attributes: {},
  },
  {
    name: 'turkish-preferred',
    description: 'A tenant who prefers Turkish hears Turkish at once, with no language offer.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'critical', preferredLanguage: 'tr' })],
    hours: 'open',
    fullQueues: [],
    heard: [de('greeting'), { prompt: 'queued', language: 'tr' }],
    end: QUEUED_URGENT,
    attributes: { riskLevel: 'critical' },
  },
  {
    name: 'closed-callback',
    description: 'Closed: a critical caller who presses nothing keeps the callback, the number read back.',
    from: CALLER,
    at: WEEKDAY_EVENING,
    lookups: [found({ riskLevel: 'critical' })],
    hours: 'closed',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('closed'),
      de('closedCallbackOffer'),
      de('callbackConfirmed'),
      de('goodbye'),
    ],
    end: { result: 'callback' },
    attributes: { riskLevel: 'critical' },
  },
  {
    name: 'closed-callback-declined',
    description: 'Closed: a critical caller declines the callback with 2.',
    from: CALLER,
    at: WEEKDAY_EVENING,
    lookups: [found({ riskLevel: 'critical' })],
    hours: 'closed',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('closed'),
      de('closedCallbackOffer', '2'),
      de('callbackDeclined'),
      de('otherHelp'),
      de('goodbye'),
    ],
    end: { result: 'closed' },
    attributes: {},
  },
  {
    name: 'closed-withheld-callback',
    description: 'Closed: a withheld high caller keys in the number to call back.',
    from: 'anonymous',
    at: WEEKDAY_EVENING,
    lookups: [
      notIdentified('anonymous'),
      found({ riskLevel: 'high', identifiedBy: 'keypad', tenancyId: '104711007' }),
    ],
    hours: 'closed',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('askTenancyNumber', '104711007#'),
      de('askCourtLetter', '2'),
      de('closed'),
      de('closedCallbackOffer'),
      de('askCallbackNumber', `${KEYED_CALLBACK_NUMBER}#`),
      de('callbackConfirmed'),
      de('goodbye'),
    ],
    end: { result: 'callback' },
    attributes: { riskLevel: 'high' },
  },
  {
    name: 'closed-no-callback',
    description: 'Closed: a normal caller hears the hours and where else to find help, no callback.',
    from: CALLER,
    at: WEEKDAY_EVENING,
    lookups: [found({ riskLevel: 'normal' })],
    hours: 'closed',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('askCourtLetter', '2'),
      de('closed'),
      de('otherHelp'),
      de('goodbye'),
    ],
    end: { result: 'closed' },
    attributes: {},
  },
  {
    name: 'holiday',
    description:
      'A public holiday (the hours of operation close it): an unknown caller hears the hours, no callback.',
    from: UNKNOWN_NUMBER,
    at: HOLIDAY_MORNING,
    // Silence at both keypad prompts: no tenancy number to look up.
    lookups: [notIdentified('not_found')],
    hours: 'closed',
    fullQueues: [],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('askTenancyNumber'),
      de('tenancyNumberUnknown'),
      de('askTenancyNumber'),
      de('continueUnidentified'),
      de('askCourtLetter'),
      de('closed'),
      de('otherHelp'),
      de('goodbye'),
    ],
    end: { result: 'closed' },
    attributes: { identifiedBy: 'none' },
  },
  {
    name: 'general-queue-full',
    description: 'The general queue is full: a callback instead.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'normal' })],
    hours: 'open',
    fullQueues: ['general'],
    heard: [
      de('greeting'),
      de('offerLanguages'),
      de('askCourtLetter', '2'),
      de('queued'),
      de('busyCallback'),
      de('goodbye'),
    ],
    end: { result: 'callback' },
    attributes: {},
  },
  {
    name: 'urgent-queue-full',
    description: 'The urgent queue is full: a callback instead.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [found({ riskLevel: 'critical' })],
    hours: 'open',
    fullQueues: ['urgent'],
    heard: [de('greeting'), de('offerLanguages'), de('queued'), de('busyCallback'), de('goodbye')],
    end: { result: 'callback' },
    attributes: { riskLevel: 'critical' },
  },
  faultScenario(
    'fault-lambda-throws',
    'identify-caller fails: a known critical caller reaches the general queue.',
    { kind: 'error', error: 'NoMatchingError' },
  ),
  faultScenario('fault-lambda-slow', 'identify-caller outlasts the time limit: the general queue.', {
    kind: 'error',
    error: 'TimeLimitExceeded',
  }),
  faultScenario('fault-lambda-garbage', 'identify-caller answers no string map: the general queue.', {
    kind: 'raw',
    loadedData: JSON.stringify('this is not a string map'),
  }),
  faultScenario(
    'fault-lambda-non-strings',
    'identify-caller answers a map with non-string values: the general queue.',
    {
      kind: 'raw',
      loadedData: JSON.stringify({
        lookupStatus: 'found',
        matchCount: 1,
        tenancyId: null,
        riskLevel: ['critical'],
      }),
    },
  ),
  {
    name: 'fault-store-unavailable',
    description: 'The tenancy store is unreachable (identify-caller says unavailable): the general queue.',
    from: CALLER,
    at: WEEKDAY_MORNING,
    lookups: [notIdentified('unavailable')],
    hours: 'open',
    fullQueues: [],
    heard: [de('greeting'), de('offerLanguages'), de('askCourtLetter'), de('queued')],
    end: QUEUED_GENERAL,
    attributes: { lookupStatus: 'unavailable' },
  },
];

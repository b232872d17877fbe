import { describe, expect, it } from 'vitest';
import {
  type CallTrace,
  FlowRuntimeError,
  ImpossibleInputError,
  runFlow,
} from '../../local/flow-interpreter/index.ts';
import type { FlowAction } from '../../shared/flow/flow-language.ts';
import { aCall, action, aFlow, aWorld, hangUp, QUEUES, say } from '../fixtures/flows.ts';

const menu = (
  Identifier: string,
  Text: string,
  routes: Record<string, string>,
  errors: Record<string, string>,
) =>
  action(
    Identifier,
    'GetParticipantInput',
    { Text, StoreInput: 'False', InputTimeLimitSeconds: '5' },
    {
      NextAction: errors.NoMatchingError,
      Conditions: Object.entries(routes).map(([key, NextAction]) => ({
        NextAction,
        Condition: { Operator: 'Equals', Operands: [key] },
      })),
      Errors: Object.entries(errors).map(([ErrorType, NextAction]) => ({ ErrorType, NextAction })),
    },
  );

const mainMenu = menu(
  'menu',
  'Drücken Sie 1 oder 2.',
  { '1': 'one', '2': 'two' },
  { InputTimeLimitExceeded: 'timeout', NoMatchingCondition: 'other', NoMatchingError: 'failed' },
);

/** Stored input needs InputValidation; digits up to 20 unless a test says otherwise. */
const store = (
  InputValidation: Record<string, unknown> = { CustomValidation: { MaximumLength: '20' } },
  NextAction = 'save',
) =>
  action(
    'store',
    'GetParticipantInput',
    {
      Text: 'Bitte geben Sie die Nummer ein.',
      StoreInput: 'True',
      InputTimeLimitSeconds: '8',
      InputValidation,
    },
    {
      NextAction,
      Errors: [
        { NextAction: 'invalid-phone', ErrorType: 'InvalidPhoneNumber' },
        { NextAction: 'failed', ErrorType: 'NoMatchingError' },
      ],
    },
  );

const save = action(
  'save',
  'UpdateContactAttributes',
  { Attributes: { keyed: '$.StoredCustomerInput' } },
  { NextAction: 'bye', Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }] },
);

const endings = [
  save,
  ...['one', 'two', 'timeout', 'other', 'failed', 'invalid-phone'].map((id) => say(id, id)),
];

const run = (actions: FlowAction[], keys: string[]): Promise<CallTrace> =>
  runFlow(aFlow([...actions, ...endings, hangUp()]), aCall({ keys }), aWorld());

describe('runFlow menu input (StoreInput False)', () => {
  it('plays the prompt and routes on the key pressed', async () => {
    // Act
    const trace = await run([mainMenu], ['2']);

    // Assess
    expect(trace.prompts).toEqual(['Drücken Sie 1 oder 2.', 'two']);
    expect(trace.path).toEqual(['menu', 'two', 'bye']);
  });

  it.each([
    ['an empty entry', ['']],
    ['no entries left', []],
  ])('takes InputTimeLimitExceeded for %s', async (_name, keys) => {
    // Act
    const trace = await run([mainMenu], keys);

    // Assess
    expect(trace.prompts.at(-1)).toBe('timeout');
    expect(trace.errors).toEqual([{ action: 'menu', errorType: 'InputTimeLimitExceeded' }]);
  });

  it('falls back to NoMatchingError on a timeout without its own branch', async () => {
    // Prepare
    const bare = menu('menu', 'Drücken Sie 1.', { '1': 'one' }, { NoMatchingError: 'failed' });

    // Act
    const trace = await run([bare], []);

    // Assess
    expect(trace.prompts.at(-1)).toBe('failed');
    expect(trace.errors).toEqual([{ action: 'menu', errorType: 'InputTimeLimitExceeded' }]);
  });

  it('takes NoMatchingCondition for a key no condition names', async () => {
    // Act
    const trace = await run([mainMenu], ['#']);

    // Assess
    expect(trace.prompts.at(-1)).toBe('other');
  });

  it('gives each input action the next entry, in order', async () => {
    // Prepare
    const first = menu('first', 'Erste Frage', { '1': 'menu' }, { NoMatchingError: 'failed' });

    // Act
    const trace = await run([first, mainMenu], ['1', '2']);

    // Assess
    expect(trace.path).toEqual(['first', 'menu', 'two', 'bye']);
  });

  it('refuses an entry no caller could press as one key', async () => {
    // Act
    const attempt = run([mainMenu], ['12']);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ImpossibleInputError);
    await expect(attempt).rejects.toBeInstanceOf(FlowRuntimeError);
    await expect(attempt).rejects.toThrow('answer 1 to the prompt of menu is not one key of 0-9 * #');
  });
});

describe('runFlow stored input (StoreInput True)', () => {
  it('stores the digits in $.StoredCustomerInput', async () => {
    // Act
    const trace = await run([store()], ['100200300']);

    // Assess
    expect(trace.attributes).toEqual({ keyed: '100200300' });
    expect(trace.prompts).toEqual(['Bitte geben Sie die Nummer ein.']);
  });

  it('accepts a written terminating #', async () => {
    // Act
    const trace = await run([store()], ['4711#']);

    // Assess
    expect(trace.attributes).toEqual({ keyed: '4711' });
  });

  it.each([
    ['an empty entry', ['']],
    ['no entries left', []],
  ])('stores "Timeout" and goes on for %s', async (_name, keys) => {
    // Act
    const trace = await run([store()], keys);

    // Assess
    expect(trace.attributes).toEqual({ keyed: 'Timeout' });
    expect(trace.errors).toEqual([]);
  });

  it('accepts input up to MaximumLength and refuses more digits', async () => {
    // Prepare
    const limited = store({ CustomValidation: { MaximumLength: '6' } });

    // Act
    const exact = await run([limited], ['123456']);
    const tooLong = await run([limited], ['1234567']);

    // Assess
    expect(exact.attributes).toEqual({ keyed: '123456' });
    expect(tooLong.attributes).toEqual({});
    expect(tooLong.errors).toEqual([{ action: 'store', errorType: 'NoMatchingError' }]);
  });

  it.each([
    ['Local AT', { NumberFormat: 'Local', CountryCode: 'AT' }, '06641234567', '+436641234567'],
    [
      'Local AT with a Vienna number',
      { NumberFormat: 'Local', CountryCode: 'AT' },
      '0140008000',
      '+43140008000',
    ],
    ['Local DE', { NumberFormat: 'Local', CountryCode: 'DE' }, '0301234567', '+49301234567'],
    ['E164', { NumberFormat: 'E164' }, '436641234567', '+436641234567'],
  ])('stores a valid %s phone number in E.164', async (_name, validation, keyed, e164) => {
    // Act
    const trace = await run([store({ PhoneNumberValidation: validation })], [keyed]);

    // Assess
    expect(trace.attributes).toEqual({ keyed: e164 });
  });

  it.each([
    ['too short', { NumberFormat: 'Local', CountryCode: 'AT' }, '0664'],
    ['not a number at all', { NumberFormat: 'E164' }, '999'],
  ])('takes InvalidPhoneNumber for a number that is %s', async (_name, validation, keyed) => {
    // Act
    const trace = await run([store({ PhoneNumberValidation: validation })], [keyed]);

    // Assess
    expect(trace.prompts.at(-1)).toBe('invalid-phone');
    expect(trace.errors).toEqual([{ action: 'store', errorType: 'InvalidPhoneNumber' }]);
  });

  it('takes a keyed phone number as callback number', async () => {
    // Prepare
    const actions = [
      store({ PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: 'AT' } }, 'cb-number'),
      action(
        'cb-number',
        'UpdateContactCallbackNumber',
        { CallbackNumber: '$.StoredCustomerInput' },
        { NextAction: 'callback', Errors: [{ NextAction: 'failed', ErrorType: 'InvalidCallbackNumber' }] },
      ),
      action(
        'callback',
        'CreateCallbackContact',
        { QueueId: QUEUES.callback },
        { NextAction: 'bye', Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }] },
      ),
    ];

    // Act
    const trace = await runFlow(
      aFlow([...actions, ...endings, hangUp()]),
      aCall({ customerNumber: null, keys: ['0664 765 43 21'.replaceAll(' ', '')] }),
      aWorld(),
    );

    // Assess
    expect(trace.callback).toEqual({
      number: '+436647654321',
      queue: { arn: QUEUES.callback, name: 'callback' },
    });
    expect(trace.result).toBe('callback');
  });

  it('refuses a "Timeout" as callback number', async () => {
    // Prepare
    const actions = [
      store(undefined, 'cb-number'),
      action(
        'cb-number',
        'UpdateContactCallbackNumber',
        { CallbackNumber: '$.StoredCustomerInput' },
        { NextAction: 'bye', Errors: [{ NextAction: 'failed', ErrorType: 'InvalidCallbackNumber' }] },
      ),
    ];

    // Act
    const trace = await run(actions, []);

    // Assess
    expect(trace.errors).toEqual([{ action: 'cb-number', errorType: 'InvalidCallbackNumber' }]);
  });

  it('refuses an entry that is not digits', async () => {
    // Act
    const attempt = run([store()], ['12a']);

    // Assess
    await expect(attempt).rejects.toThrow(FlowRuntimeError);
  });
});

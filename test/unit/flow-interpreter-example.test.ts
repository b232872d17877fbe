import { describe, expect, it } from 'vitest';
import {
  type FlowWorld,
  type LambdaHandler,
  runFlow,
  validateFlow,
} from '../../local/flow-interpreter/index.ts';
import { CONNECT_EXAMPLE_FLOW, EXAMPLE_ARNS } from '../fixtures/connect-example-flow.ts';
import { aCall, CLOSED_INSTANT, HOURS_ARN, OFFICE_HOURS } from '../fixtures/flows.ts';

const flow = validateFlow(CONNECT_EXAMPLE_FLOW);

const WELCOME = 'Thank you for calling.';
const MENU = 'If your matter is urgent, press 1. Otherwise press 2.';

/** The example flow's world: the lookup answers with `route`, every queue keeps the office hours. */
const exampleWorld = (
  options: { route?: string; lookup?: LambdaHandler; generalFull?: boolean } = {},
): FlowWorld => ({
  lambdas: { [EXAMPLE_ARNS.lookup]: options.lookup ?? (async () => ({ route: options.route ?? 'NORMAL' })) },
  queues: {
    [EXAMPLE_ARNS.urgentQueue]: { name: 'urgent', hoursArn: HOURS_ARN },
    [EXAMPLE_ARNS.generalQueue]: {
      name: 'general',
      hoursArn: HOURS_ARN,
      atCapacity: options.generalFull ?? false,
    },
    [EXAMPLE_ARNS.callbackQueue]: { name: 'callback', hoursArn: HOURS_ARN },
  },
  hours: { [HOURS_ARN]: OFFICE_HOURS },
  timeScale: 0.01,
});

describe('the example inbound flow (test/fixtures/connect-example-flow.ts)', () => {
  it('queues a caller the lookup rates urgent in the urgent queue at priority 1, without the menu', async () => {
    // Act
    const trace = await runFlow(flow, aCall(), exampleWorld({ route: 'URGENT' }));

    // Assess
    expect(trace.result).toBe('queued');
    expect(trace.queue).toEqual({ arn: EXAMPLE_ARNS.urgentQueue, name: 'urgent' });
    expect(trace.priority).toBe(1);
    expect(trace.attributes).toEqual({ route: 'URGENT' });
    expect(trace.path).toEqual([
      'log',
      'lang',
      'hello',
      'lookup',
      'save',
      'route',
      'urgent',
      'priority',
      'hours',
      'queue',
    ]);
  });

  it('queues a caller who presses 1 in the urgent queue at priority 1', async () => {
    // Act
    const trace = await runFlow(flow, aCall({ keys: ['1'] }), exampleWorld());

    // Assess
    expect(trace.result).toBe('queued');
    expect(trace.queue?.name).toBe('urgent');
    expect(trace.priority).toBe(1);
    expect(trace.prompts).toEqual([WELCOME, MENU]);
    expect(trace.hoursChecks).toEqual(['open']);
    expect(trace.lambdaCalls).toEqual([{ arn: EXAMPLE_ARNS.lookup, attempts: 1, outcome: 'ok' }]);
    expect(trace.errors).toEqual([{ action: 'route', errorType: 'NoMatchingCondition' }]);
  });

  it('queues a caller who presses nothing in the general queue at priority 5', async () => {
    // Act
    const trace = await runFlow(flow, aCall({ keys: [] }), exampleWorld());

    // Assess
    expect(trace.result).toBe('queued');
    expect(trace.queue?.name).toBe('general');
    expect(trace.priority).toBe(5);
    expect(trace.errors).toEqual([
      { action: 'route', errorType: 'NoMatchingCondition' },
      { action: 'menu', errorType: 'InputTimeLimitExceeded' },
    ]);
    expect(trace.path.slice(-4)).toEqual(['menu', 'general', 'hours', 'queue']);
  });

  it('tells a caller outside the opening hours when to call and hangs up', async () => {
    // Act
    const trace = await runFlow(flow, aCall({ at: CLOSED_INSTANT, keys: ['2'] }), exampleWorld());

    // Assess
    expect(trace.result).toBe('disconnected');
    expect(trace.hoursChecks).toEqual(['closed']);
    expect(trace.prompts).toEqual([WELCOME, MENU, 'We are open Monday to Friday, 9 am to 5 pm.']);
    expect(trace.path.slice(-3)).toEqual(['hours', 'closed', 'bye']);
    expect(trace.callback).toBeNull();
  });

  it('offers a callback on the caller’s number when the queue is full', async () => {
    // Act
    const trace = await runFlow(
      flow,
      aCall({ customerNumber: '+436601234567', keys: ['2'] }),
      exampleWorld({ generalFull: true }),
    );

    // Assess
    expect(trace.result).toBe('callback');
    expect(trace.callback).toEqual({
      number: '+436601234567',
      queue: { arn: EXAMPLE_ARNS.callbackQueue, name: 'callback' },
    });
    expect(trace.prompts.at(-1)).toBe('All lines are busy. We will call you back.');
    expect(trace.errors.at(-1)).toEqual({ action: 'queue', errorType: 'QueueAtCapacity' });
    expect(trace.path.slice(-5)).toEqual(['queue', 'cb-number', 'callback', 'cb-ok', 'bye']);
  });

  it('routes to general when the lookup fails', async () => {
    // Prepare
    const lookup: LambdaHandler = async () => {
      throw new Error('table unavailable');
    };

    // Act
    const trace = await runFlow(flow, aCall({ keys: ['1'] }), exampleWorld({ lookup }));

    // Assess
    expect(trace.result).toBe('queued');
    expect(trace.queue?.name).toBe('general');
    expect(trace.lambdaCalls).toEqual([{ arn: EXAMPLE_ARNS.lookup, attempts: 4, outcome: 'error' }]);
    expect(trace.prompts).toEqual([WELCOME]);
  });

  it('apologises to a withheld caller when the queue is full, having no number to call back', async () => {
    // Act
    const trace = await runFlow(flow, aCall({ customerNumber: null }), exampleWorld({ generalFull: true }));

    // Assess
    expect(trace.result).toBe('disconnected');
    expect(trace.lambdaCalls).toEqual([]);
    expect(trace.errors).toEqual([
      { action: 'lookup', errorType: 'NoMatchingError' },
      { action: 'queue', errorType: 'QueueAtCapacity' },
      { action: 'cb-number', errorType: 'InvalidCallbackNumber' },
    ]);
    expect(trace.prompts).toEqual([WELCOME, 'Sorry, please call again later.']);
  });
});

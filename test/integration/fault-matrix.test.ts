import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CallReport, makeCallSimulator, type SimulatedCallRequest } from '../../local/call-simulator.ts';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import type { Fault } from '../../local/simulated-faults.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { callKeys, fromCallCountingItem } from '../../shared/adapters/dynamodb/entities/call.ts';
import type { IdentifyCallerEnv } from '../../shared/config/env.ts';
import { callContribution } from '../../shared/domain/call-metrics.ts';
import { createTablesWithDemoData } from '../support/dynamo.ts';

/**
 * No caller is ever dropped. Every fault, across every kind of caller, through
 * the deployed flow JSON, the interpreter, identify-caller as its handler composes it, and the
 * contact events into contact-events, against DynamoDB Local. Every call must end queued, in a
 * callback, or after the closed message, and leave either no call log or a complete one whose
 * counters match it: nothing half-written.
 */
const DAY = '2026-11-25'; // a Wednesday, open 09–17 in Vienna
const vienna = (time: string) => `${DAY}T${time}:00+01:00`;
const NO = '';

/** The caller kinds, each with the keys an ordinary caller of that kind would press. */
const CALLERS = {
  'known critical': { from: DEMO_CALLERS.critical.phone, keys: [NO, NO] },
  'known normal': { from: DEMO_CALLERS.normal.phone, keys: [NO, '2'] },
  unknown: { from: DEMO_CALLERS.unknown.phone, keys: [NO, NO, NO, NO] },
  // Keys a number to be called back on when asked (a full queue): without one, there is no way to
  // reach a withheld caller again, and the flow says so and ends the call (the one ending besides
  // queue, callback and closed message; "no keypad input" below covers it).
  withheld: { from: 'anonymous', keys: [NO, DEMO_CALLERS.high.tenancyId, NO, '06601234567'] },
} as const satisfies Record<string, Pick<SimulatedCallRequest, 'from' | 'keys'>>;
type CallerKind = keyof typeof CALLERS;

interface Condition {
  readonly faults?: readonly Fault[];
  readonly fullQueues?: SimulatedCallRequest['fullQueues'];
  readonly at?: string;
  /** The caller presses nothing at all. */
  readonly silent?: boolean;
  /** The flow's time limits scaled down, so a Lambda slower than its limit costs milliseconds here. */
  readonly fastTime?: boolean;
  /** Keys for callers whose prompts come in another order under this condition. */
  readonly keys?: Partial<Record<CallerKind, readonly string[]>>;
}

const CONDITIONS: Readonly<Record<string, Condition>> = {
  'DynamoDB unreachable': { faults: ['dynamodb-down'] },
  'DynamoDB throttled': { faults: ['dynamodb-throttled'] },
  'DynamoDB slower than the flow allows': { faults: ['dynamodb-slow'] },
  'Lambda throws': { faults: ['lambda-throws'] },
  'Lambda times out': { faults: ['lambda-slow'], fastTime: true },
  'Lambda returns non-strings': { faults: ['lambda-non-strings'] },
  'Lambda returns an oversized map': { faults: ['lambda-oversized'] },
  'Lambda returns malformed output': { faults: ['lambda-garbage'] },
  'queues at capacity': { fullQueues: ['urgent', 'general'] },
  'outside opening hours': {
    at: vienna('20:00'),
    // Closed: after the court question (no), the callback offer (yes) and the number to call back.
    keys: { withheld: [NO, DEMO_CALLERS.high.tenancyId, '2', NO, '06601234567'] },
  },
  'garbage caller number': { faults: ['garbage-caller-id'] },
  'no keypad input': { silent: true },
};

/** Where a call may end: anything else (a hang-up in the flow) is a dropped caller. */
const ENDINGS = ['queued', 'callback', 'closed'] as const;

describe('fault matrix: every fault × every kind of caller', () => {
  let env: IdentifyCallerEnv;
  let call: (request: SimulatedCallRequest) => Promise<CallReport>;
  let callInFastTime: (request: SimulatedCallRequest) => Promise<CallReport>;
  const tried: { condition: string; caller: CallerKind; result: string }[] = [];

  beforeAll(async () => {
    ({ env } = await createTablesWithDemoData(DAY));
    call = makeCallSimulator({ env });
    callInFastTime = makeCallSimulator({ env, timeScale: 0.025 });
  });

  /** The call's items: none, or a complete call log counted exactly as it stands, and no outcome. */
  const expectNothingHalfWritten = async (contactId: string) => {
    const doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 2000,
      maxAttempts: 3,
    });
    try {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: env.CALLS_TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': callKeys.log(contactId).pk },
          ConsistentRead: true,
        }),
      );
      expect(Items.map((item) => item.sk)).toEqual(Items.length === 0 ? [] : ['LOG']);
      const { Item } = await doc.send(
        new GetCommand({ TableName: env.CALLS_TABLE, Key: callKeys.log(contactId), ConsistentRead: true }),
      );
      if (Item === undefined) return;
      const { facts, counted } = fromCallCountingItem(Item);
      expect(facts.timeline.disconnectedAt, 'the call log is complete').toBeDefined();
      expect(counted, 'the counters hold the call as its log stands').toEqual(callContribution(facts));
    } finally {
      doc.destroy();
    }
  };

  describe.each(Object.entries(CONDITIONS))('%s', (condition, spec) => {
    it.each(Object.keys(CALLERS) as CallerKind[])('never drops a %s caller', async (caller) => {
      // Prepare
      const request: SimulatedCallRequest = {
        from: CALLERS[caller].from,
        keys: spec.silent ? [] : [...(spec.keys?.[caller] ?? CALLERS[caller].keys)],
        at: spec.at ?? vienna('10:00'),
        faults: [...(spec.faults ?? [])],
        fullQueues: [...(spec.fullQueues ?? [])],
      };
      // Act
      const report = await (spec.fastTime ? callInFastTime : call)(request);
      tried.push({ condition, caller, result: report.result });
      // Assess
      expect(
        ENDINGS,
        `${condition}, ${caller}: ended ${report.result} via ${report.path.join(' → ')}`,
      ).toContain(report.result);
      if (spec.fullQueues) expect(report.result).toBe('callback');
      else if (spec.at === undefined) expect(report.result).toBe('queued');
      expect(report.callLog, 'the contact events completed its log').not.toBeNull();
      await expectNothingHalfWritten(report.contactId);
    });
  });

  it('tried every fault with every caller and dropped none', ({ annotate }) => {
    const dropped = tried.filter((entry) => !(ENDINGS as readonly string[]).includes(entry.result));
    annotate(
      `fault matrix: ${tried.length} calls (${Object.keys(CONDITIONS).length} faults × ${Object.keys(CALLERS).length} callers), ${dropped.length} dropped`,
    );
    expect(tried).toHaveLength(Object.keys(CONDITIONS).length * Object.keys(CALLERS).length);
    expect(dropped).toEqual([]);
  });
});

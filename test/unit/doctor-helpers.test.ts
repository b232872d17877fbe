import { describe, expect, it } from 'vitest';
import { flowReferences, InvalidFlowContentError } from '../../shared/connect/flow-references.ts';
import { instanceArnOf, parseResourceArn } from '../../shared/connect/resource-arns.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import { hoursExpectations } from '../../shared/use-cases/doctor-checks.ts';
import {
  FLOW_REFERENCES,
  HOURS_ARN,
  IDENTIFY_CALLER_ARN,
  INSTANCE_ARN,
  queueArn,
} from '../fixtures/aws/deployed-hotline.ts';

describe('ARNs of a deployed hotline', () => {
  it('tells Connect resources, functions, topics and applications apart by their form', () => {
    expect(parseResourceArn(queueArn('urgent'))).toMatchObject({ kind: 'queue', id: expect.any(String) });
    expect(parseResourceArn(HOURS_ARN)).toMatchObject({ kind: 'hours' });
    expect(parseResourceArn(INSTANCE_ARN)).toMatchObject({ kind: 'connect-instance' });
    expect(parseResourceArn(`${IDENTIFY_CALLER_ARN}:live`)).toMatchObject({
      kind: 'lambda-function',
      functionName: 'Hotline-IdentifyCaller6F7E8D9C-Xq2Lr8Tn4Vb1',
    });
    expect(parseResourceArn('arn:aws:sns:eu-central-1:123456789012:alarms')).toMatchObject({
      kind: 'sns-topic',
    });
    expect(
      parseResourceArn('arn:aws:app-integrations:eu-central-1:123456789012:application/abc-1'),
    ).toMatchObject({
      kind: 'application',
      id: 'abc-1',
    });
    expect(parseResourceArn('Hotline-IdentifyCaller')).toBeUndefined();
    expect(parseResourceArn('arn:aws:connect:eu-central-1:123456789012:phone-number/abc')).toBeUndefined();
    expect(instanceArnOf(queueArn('general'))).toBe(INSTANCE_ARN);
  });
});

describe('what a flow refers to', () => {
  it('finds the function, the queues and the hours the inbound flow names, each once', () => {
    const refs = flowReferences(JSON.stringify(buildInboundFlow(FLOW_REFERENCES)));
    expect(refs.lambdaFunctions).toEqual([IDENTIFY_CALLER_ARN]);
    expect([...refs.queues].sort()).toEqual(
      [queueArn('urgent'), queueArn('general'), queueArn('callback')].sort(),
    );
    expect(refs.hours).toEqual([HOURS_ARN]);
  });

  it('refuses content that is not flow-language JSON', () => {
    expect(() => flowReferences('{"Actions": 3}')).toThrow(InvalidFlowContentError);
    expect(() => flowReferences('not json')).toThrow(InvalidFlowContentError);
  });
});

describe('the dates the hours check asks about', () => {
  it('skips the weekend and the Christmas holidays to find the next working day', () => {
    // Thursday 24 December 2026: Christtag (Fri) and Stefanitag (Sat) follow, then a Sunday.
    const expected = hoursExpectations('2026-12-24' as IsoDate);
    expect(expected.holidays.map((day) => day.date)).toEqual(['2026-12-25', '2026-12-26', '2027-01-01']);
    expect(expected.workingDay).toEqual({
      date: '2026-12-28',
      hours: [{ day: 'MONDAY', start: { hours: 9, minutes: 0 }, end: { hours: 17, minutes: 0 } }],
    });
    expect(expected.timeZone).toBe('Europe/Vienna');
  });
});

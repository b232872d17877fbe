import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { testCaseOutputKey } from '../../shared/connect/test-cases.ts';
import { TestCaseDocument } from '../../shared/connect/testing-language.ts';
import { INBOUND_FLOW_SCENARIOS } from '../../shared/flow/scenarios.ts';
import { renderCfnValue, testApps } from '../support/cdk-app.ts';

type Json = Record<string, unknown>;

const apps = testApps('test-cases');

describe('the inbound flow scenarios as Connect test cases', () => {
  let template: Template;
  let flowId: string;
  let lambdaId: string;
  let testCases: [string, { Properties: Json }][];

  beforeAll(() => {
    const { hotline } = buildHotlineApp(apps({ hoursFrom: '2026-11-25' }));
    template = Template.fromStack(hotline);
    flowId = Object.keys(template.findResources('AWS::Connect::ContactFlow'))[0] ?? '';
    lambdaId =
      Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
        id.includes('IdentifyCaller'),
      )?.[0] ?? '';
    testCases = Object.entries(template.findResources('AWS::Connect::TestCase')) as typeof testCases;
  });

  it('deploys one published test case per scenario', () => {
    template.resourceCountIs('AWS::Connect::TestCase', INBOUND_FLOW_SCENARIOS.length);
    expect(testCases.map(([, r]) => r.Properties.Name).sort()).toEqual(
      INBOUND_FLOW_SCENARIOS.map((s) => s.name).sort(),
    );
    for (const [, { Properties }] of testCases) expect(Properties.Status).toBe('PUBLISHED');
  });

  it('points every case at the inbound flow, with content in the testing language', () => {
    expect(flowId).not.toBe('');
    expect(lambdaId).not.toBe('');
    for (const [, { Properties }] of testCases) {
      // Prepare: the content as it is on deploy
      const entryPoint = Properties.EntryPoint as Json;
      const content = renderCfnValue(Properties.Content);
      // Act
      const parsed = TestCaseDocument.safeParse(JSON.parse(content));
      // Assess
      expect(parsed.error).toBeUndefined();
      expect(entryPoint.Type).toBe('VOICE_CALL');
      expect(renderCfnValue((entryPoint.VoiceCallEntryPointParameters as Json).FlowId)).toBe(
        `<<${flowId}.ContactFlowArn> /3>`,
      );
      // It substitutes the very function the flow invokes, not a placeholder.
      expect(content).toContain(`"LambdaFunctionARN":"<${lambdaId}.Arn>"`);
      expect(content).not.toContain('111111111111');
    }
  });

  it('names each case ARN in a stack output for hotline test --stack', () => {
    for (const [id, { Properties }] of testCases) {
      const key = testCaseOutputKey(String(Properties.Name));
      template.hasOutput(key, { Value: { 'Fn::GetAtt': [id, 'TestCaseArn'] } });
    }
  });
});

import { Stack } from 'aws-cdk-lib';
import { CfnTestCase } from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import { compileScenario, testCaseOutputKey } from '../../shared/connect/test-cases.ts';
import type { InboundFlowReferences } from '../../shared/flow/references.ts';
import { INBOUND_FLOW_SCENARIOS, type Scenario } from '../../shared/flow/scenarios.ts';

export interface HotlineTestCasesProps {
  /** ARN of the Connect instance. */
  readonly instanceArn: string;
  /** Id of the inbound flow every case calls into. */
  readonly flowId: string;
  /** What the flow refers to, as deploy-time tokens: the cases substitute these resources. */
  readonly references: InboundFlowReferences;
  /**
   * The scenarios to deploy as test cases.
   *
   * @default INBOUND_FLOW_SCENARIOS, every branch of the inbound flow
   */
  readonly scenarios?: readonly Scenario[];
}

/**
 * The inbound flow's scenarios as Amazon Connect test cases (AWS::Connect::TestCase), the same
 * documents `hotline test` runs through the local interpreter. PUBLISHED, so that Connect validates
 * each one on deploy (SAVED skips validation: API reference, CreateTestCase `Status`); `hotline test
 * --stack` runs them on the instance after a deploy.
 */
export class HotlineTestCases extends Construct {
  /** Scenario name → its test case; the construct id of each is its stack output key. */
  readonly testCases: ReadonlyMap<string, CfnTestCase>;

  constructor(scope: Construct, id: string, props: HotlineTestCasesProps) {
    super(scope, id);
    const testCases = new Map<string, CfnTestCase>();
    for (const scenario of props.scenarios ?? INBOUND_FLOW_SCENARIOS) {
      testCases.set(
        scenario.name,
        new CfnTestCase(this, testCaseOutputKey(scenario.name), {
          instanceArn: props.instanceArn,
          name: scenario.name,
          description: scenario.description,
          content: Stack.of(this).toJsonString(compileScenario(scenario, props.references)),
          entryPoint: { type: 'VOICE_CALL', voiceCallEntryPointParameters: { flowId: props.flowId } },
          status: 'PUBLISHED',
        }),
      );
    }
    this.testCases = testCases;
  }
}

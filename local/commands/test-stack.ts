import { setTimeout as sleep } from 'node:timers/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  ConnectClient,
  GetTestCaseExecutionSummaryCommand,
  type GetTestCaseExecutionSummaryResponse,
  ListTestCaseExecutionRecordsCommand,
  StartTestCaseExecutionCommand,
} from '@aws-sdk/client-connect';
import { type DescribedStack, describeStack } from '../../shared/adapters/aws/cloudformation-stack.ts';
import { parseResourceArn } from '../../shared/connect/resource-arns.ts';
import { TEST_CASE_OUTPUT_PREFIX, testCaseOutputKey } from '../../shared/connect/test-cases.ts';
import { INBOUND_FLOW_SCENARIOS } from '../../shared/flow/scenarios.ts';
import type { CaseVerdict } from '../test-case-runner.ts';
import { noSuchStack } from '../usage.ts';

/**
 * `hotline test --stack NAME`: the test cases CDK deployed, run by Amazon Connect on the instance
 * (StartTestCaseExecution), their results polled (GetTestCaseExecutionSummary) until each one is
 * done, and the records of a failed one read (ListTestCaseExecutionRecords). API reference:
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_StartTestCaseExecution.html and its
 * neighbours.
 */

/** The stack, its deployed test cases or their runs could not be read or started. */
export class StackTestCasesError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StackTestCasesError';
  }
}

export interface DeployedTestCasesDeps {
  readonly cloudFormation: CloudFormationClient;
  readonly connect: ConnectClient;
  /** Waits between two polling rounds. */
  readonly wait: () => Promise<void>;
  /** Polling rounds of one batch before a still running case is given up as failed. */
  readonly maxPolls: number;
  /**
   * Executions at once. Connect runs a few test cases of an instance at a time and fails the start
   * of more (its quota is not in the API reference): a smaller batch only makes the run longer.
   */
  readonly concurrency: number;
}

const DONE = new Set(['PASSED', 'FAILED', 'STOPPED']);

interface DeployedCase {
  readonly name: string;
  readonly testCaseId: string;
}

const deployedCases = async (stack: string, cloudFormation: CloudFormationClient) => {
  let described: DescribedStack | undefined;
  try {
    described = await describeStack(cloudFormation, stack);
  } catch (error) {
    throw new StackTestCasesError(`cannot read the stack ${stack} (cloudformation:DescribeStacks)`, {
      cause: error,
    });
  }
  if (described === undefined) throw new StackTestCasesError(noSuchStack(stack));
  const { outputs } = described;
  const flow = parseResourceArn(outputs.find((o) => o.key === 'InboundFlowArn')?.value ?? '');
  if (!flow || !('instanceId' in flow))
    throw new StackTestCasesError(`the stack ${stack} has no InboundFlowArn output: is it the hotline?`);
  const names = new Map(INBOUND_FLOW_SCENARIOS.map((s) => [testCaseOutputKey(s.name), s.name]));
  const cases: DeployedCase[] = outputs
    .filter((o) => o.key.startsWith(TEST_CASE_OUTPUT_PREFIX))
    .map((o) => ({
      name: names.get(o.key) ?? o.key,
      // A test case's ARN ends in its id, which the execution API takes.
      testCaseId: o.value.split('/').at(-1) ?? o.value,
    }));
  if (cases.length === 0)
    throw new StackTestCasesError(
      `the stack ${stack} has no test case outputs (${TEST_CASE_OUTPUT_PREFIX}…)`,
    );
  return { instanceId: flow.instanceId, cases };
};

const verdictOf = async (
  connect: ConnectClient,
  instanceId: string,
  deployed: DeployedCase,
  executionId: string,
  summary: GetTestCaseExecutionSummaryResponse | undefined,
): Promise<CaseVerdict> => {
  const total = summary?.ObservationSummary?.TotalObservations ?? 0;
  const passed = summary?.ObservationSummary?.ObservationsPassed ?? 0;
  const failed = summary?.ObservationSummary?.ObservationsFailed ?? total - passed;
  const observations = { total, passed, failed };
  if (summary?.Status === 'PASSED')
    return { name: deployed.name, status: 'PASSED', observations, failures: [] };
  if (summary === undefined || !DONE.has(summary.Status ?? ''))
    return {
      name: deployed.name,
      status: 'FAILED',
      observations,
      failures: [
        `still ${summary?.Status ?? 'not started'} when the polling gave up (execution ${executionId})`,
      ],
    };
  const failures: string[] = [];
  try {
    // The SDK has no paginator for it: NextToken by hand.
    let token: string | undefined;
    do {
      const page = await connect.send(
        new ListTestCaseExecutionRecordsCommand({
          InstanceId: instanceId,
          TestCaseId: deployed.testCaseId,
          TestCaseExecutionId: executionId,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const record of page.ExecutionRecords ?? [])
        if (record.Status === 'FAILED')
          failures.push(`observation "${record.ObservationId ?? '?'}" failed: ${record.Record ?? ''}`);
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw new StackTestCasesError(
      `cannot read the records of ${deployed.name} (connect:ListTestCaseExecutionRecords)`,
      { cause: error },
    );
  }
  if (failures.length === 0) failures.push(`${summary.Status} (execution ${executionId})`);
  return { name: deployed.name, status: 'FAILED', observations, failures };
};

/**
 * Starts the deployed cases `concurrency` at a time, polls each batch until all of it is done (or
 * maxPolls rounds), and reads the verdicts, in the order of the stack's outputs.
 */
export const runDeployedTestCases = async (
  stack: string,
  deps: DeployedTestCasesDeps,
): Promise<CaseVerdict[]> => {
  const { instanceId, cases } = await deployedCases(stack, deps.cloudFormation);
  const verdicts: CaseVerdict[] = [];
  for (let first = 0; first < cases.length; first += deps.concurrency)
    verdicts.push(...(await runBatch(instanceId, cases.slice(first, first + deps.concurrency), deps)));
  return verdicts;
};

const runBatch = async (
  instanceId: string,
  cases: readonly DeployedCase[],
  deps: DeployedTestCasesDeps,
): Promise<CaseVerdict[]> => {
  const executions: string[] = [];
  for (const deployed of cases) {
    try {
      const started = await deps.connect.send(
        new StartTestCaseExecutionCommand({ InstanceId: instanceId, TestCaseId: deployed.testCaseId }),
      );
      if (!started.TestCaseExecutionId) throw new Error('the answer has no TestCaseExecutionId');
      executions.push(started.TestCaseExecutionId);
    } catch (error) {
      throw new StackTestCasesError(
        `cannot start the test case ${deployed.name} (connect:StartTestCaseExecution)`,
        { cause: error },
      );
    }
  }
  const summaries = new Map<number, GetTestCaseExecutionSummaryResponse>();
  const done = (index: number) => DONE.has(summaries.get(index)?.Status ?? '');
  for (let round = 0; round < deps.maxPolls; round += 1) {
    if (round > 0) await deps.wait();
    for (const [index, deployed] of cases.entries()) {
      if (done(index)) continue;
      try {
        summaries.set(
          index,
          await deps.connect.send(
            new GetTestCaseExecutionSummaryCommand({
              InstanceId: instanceId,
              TestCaseId: deployed.testCaseId,
              TestCaseExecutionId: executions[index],
            }),
          ),
        );
      } catch (error) {
        throw new StackTestCasesError(
          `cannot read the result of ${deployed.name} (connect:GetTestCaseExecutionSummary)`,
          { cause: error },
        );
      }
    }
    if (cases.every((_, index) => done(index))) break;
  }
  const verdicts: CaseVerdict[] = [];
  for (const [index, deployed] of cases.entries())
    verdicts.push(
      await verdictOf(deps.connect, instanceId, deployed, executions[index] ?? '', summaries.get(index)),
    );
  return verdicts;
};

/** Polling every 10 s for up to 10 minutes a batch: a voice test case takes minutes on the instance. */
const POLL_MS = 10_000;
const MAX_POLLS = 60;
const CONCURRENCY = 5;

export const runStackTestCases = async (options: {
  readonly stack: string;
  readonly region: string | undefined;
}): Promise<CaseVerdict[]> => {
  const config = options.region ? { region: options.region } : {};
  const cloudFormation = new CloudFormationClient(config);
  const connect = new ConnectClient(config);
  try {
    return await runDeployedTestCases(options.stack, {
      cloudFormation,
      connect,
      wait: () => sleep(POLL_MS),
      maxPolls: MAX_POLLS,
      concurrency: CONCURRENCY,
    });
  } finally {
    cloudFormation.destroy();
    connect.destroy();
  }
};

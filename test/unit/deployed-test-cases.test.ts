import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  ConnectClient,
  GetTestCaseExecutionSummaryCommand,
  type GetTestCaseExecutionSummaryResponse,
  ListTestCaseExecutionRecordsCommand,
  StartTestCaseExecutionCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runDeployedTestCases, StackTestCasesError } from '../../local/commands/test-stack.ts';
import { testCaseOutputKey } from '../../shared/connect/test-cases.ts';
import { stackDoesNotExist } from '../fixtures/aws/deployed-hotline.ts';

const INSTANCE = 'arn:aws:connect:eu-central-1:123456789012:instance/11111111-2222-4333-8444-555555555555';
const testCaseArn = (id: string) => `${INSTANCE}/test-case/${id}`;

const cloudFormation = mockClient(CloudFormationClient);
const connect = mockClient(ConnectClient);

/** The documented DescribeStacks answer: the flow's ARN and one output per deployed test case. */
const stackWith = (cases: Record<string, string>) => ({
  Stacks: [
    {
      StackName: 'Hotline',
      StackStatus: 'UPDATE_COMPLETE' as const,
      CreationTime: new Date('2026-11-01T00:00:00Z'),
      Outputs: [
        { OutputKey: 'InboundFlowArn', OutputValue: `${INSTANCE}/contact-flow/flow-1` },
        ...Object.entries(cases).map(([name, id]) => ({
          OutputKey: testCaseOutputKey(name),
          OutputValue: testCaseArn(id),
        })),
      ],
    },
  ],
});

const summary = (
  Status: GetTestCaseExecutionSummaryResponse['Status'],
  passed = 0,
  failed = 0,
): GetTestCaseExecutionSummaryResponse => ({
  Status,
  StartTime: new Date('2026-12-03T10:00:00Z'),
  ...(Status === 'PASSED' || Status === 'FAILED' ? { EndTime: new Date('2026-12-03T10:02:00Z') } : {}),
  ObservationSummary: {
    TotalObservations: passed + failed,
    ObservationsPassed: passed,
    ObservationsFailed: failed,
  },
});

/** Runs the deployed cases of `stack` with the mocked clients, no real waiting, 3 polls, 5 at a time. */
const runOn = (
  stack: string,
  options: Partial<
    Pick<Parameters<typeof runDeployedTestCases>[1], 'wait' | 'maxPolls' | 'concurrency'>
  > = {},
) =>
  runDeployedTestCases(stack, {
    cloudFormation: new CloudFormationClient({}),
    connect: new ConnectClient({}),
    wait: async () => {},
    maxPolls: 3,
    concurrency: 5,
    ...options,
  });

describe('hotline test --stack: the deployed test cases, run by Connect', () => {
  beforeEach(() => {
    cloudFormation.reset();
    connect.reset();
  });

  it('starts every deployed case, polls until each is done, and reports a failed case with its records', async () => {
    // Prepare: two cases; the first passes on the third poll, the second fails on the second
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(stackWith({ 'recognised-critical': 'tc-critical', 'closed-callback': 'tc-closed' }));
    connect
      .on(StartTestCaseExecutionCommand, { TestCaseId: 'tc-critical' })
      .resolves({ TestCaseExecutionId: 'ex-critical', TestCaseId: 'tc-critical', Status: 'INITIATED' })
      .on(StartTestCaseExecutionCommand, { TestCaseId: 'tc-closed' })
      .resolves({ TestCaseExecutionId: 'ex-closed', TestCaseId: 'tc-closed', Status: 'INITIATED' });
    connect
      .on(GetTestCaseExecutionSummaryCommand, { TestCaseExecutionId: 'ex-critical' })
      .resolvesOnce(summary('INITIATED'))
      .resolvesOnce(summary('IN_PROGRESS', 3))
      .resolves(summary('PASSED', 7));
    connect
      .on(GetTestCaseExecutionSummaryCommand, { TestCaseExecutionId: 'ex-closed' })
      .resolvesOnce(summary('IN_PROGRESS', 2))
      .resolves(summary('FAILED', 4, 1));
    connect
      .on(ListTestCaseExecutionRecordsCommand, { TestCaseExecutionId: 'ex-closed' })
      .resolvesOnce({
        ExecutionRecords: [
          { ObservationId: 'prompt-3-closed', Status: 'PASSED', Timestamp: new Date(), Record: '{}' },
        ],
        NextToken: 'page-2',
      })
      .resolves({
        ExecutionRecords: [
          {
            ObservationId: 'prompt-4-closedCallbackOffer',
            Status: 'FAILED',
            Timestamp: new Date(),
            Record: '{"Type":"OBSERVATION","Status":"FAILED"}',
          },
        ],
      });
    const wait = vi.fn(async () => {});
    // Act
    const verdicts = await runOn('Hotline', { wait, maxPolls: 10 });
    // Assess
    expect(verdicts).toEqual([
      {
        name: 'recognised-critical',
        status: 'PASSED',
        observations: { total: 7, passed: 7, failed: 0 },
        failures: [],
      },
      {
        name: 'closed-callback',
        status: 'FAILED',
        observations: { total: 5, passed: 4, failed: 1 },
        failures: [
          'observation "prompt-4-closedCallbackOffer" failed: {"Type":"OBSERVATION","Status":"FAILED"}',
        ],
      },
    ]);
    expect(wait).toHaveBeenCalledTimes(2);
    expect(connect).toHaveReceivedCommandWith(StartTestCaseExecutionCommand, {
      InstanceId: '11111111-2222-4333-8444-555555555555',
      TestCaseId: 'tc-critical',
    });
    // A done case is not asked again: 3 polls for the first, 2 for the second
    expect(connect).toHaveReceivedCommandTimes(GetTestCaseExecutionSummaryCommand, 5);
    expect(connect).toHaveReceivedCommandWith(ListTestCaseExecutionRecordsCommand, { NextToken: 'page-2' });
  });

  it('starts the next batch only when the one before is done', async () => {
    // Prepare: two cases, one at a time
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(stackWith({ holiday: 'tc-holiday', 'court-letter': 'tc-court' }));
    connect
      .on(StartTestCaseExecutionCommand, { TestCaseId: 'tc-holiday' })
      .resolves({ TestCaseExecutionId: 'ex-holiday', Status: 'INITIATED' })
      .on(StartTestCaseExecutionCommand, { TestCaseId: 'tc-court' })
      .resolves({ TestCaseExecutionId: 'ex-court', Status: 'INITIATED' });
    connect
      .on(GetTestCaseExecutionSummaryCommand, { TestCaseExecutionId: 'ex-holiday' })
      .resolvesOnce(summary('IN_PROGRESS', 1))
      .resolves(summary('PASSED', 3));
    connect
      .on(GetTestCaseExecutionSummaryCommand, { TestCaseExecutionId: 'ex-court' })
      .resolves(summary('PASSED', 4));
    // Act
    const verdicts = await runOn('Hotline', { maxPolls: 5, concurrency: 1 });
    // Assess
    expect(verdicts.map((v) => [v.name, v.status])).toEqual([
      ['holiday', 'PASSED'],
      ['court-letter', 'PASSED'],
    ]);
    const sent = connect.calls().map((call) => {
      const input = call.args[0].input as { TestCaseId?: string };
      return `${call.args[0].constructor.name} ${input.TestCaseId}`;
    });
    expect(sent).toEqual([
      'StartTestCaseExecutionCommand tc-holiday',
      'GetTestCaseExecutionSummaryCommand tc-holiday',
      'GetTestCaseExecutionSummaryCommand tc-holiday',
      'StartTestCaseExecutionCommand tc-court',
      'GetTestCaseExecutionSummaryCommand tc-court',
    ]);
  });

  it('fails a case that is still running when the polling gives up', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackWith({ holiday: 'tc-holiday' }));
    connect
      .on(StartTestCaseExecutionCommand)
      .resolves({ TestCaseExecutionId: 'ex-holiday', Status: 'INITIATED' });
    connect.on(GetTestCaseExecutionSummaryCommand).resolves(summary('IN_PROGRESS', 1));
    const wait = vi.fn(async () => {});
    const [verdict] = await runOn('Hotline', { wait });
    expect(verdict).toMatchObject({ name: 'holiday', status: 'FAILED' });
    expect(verdict?.failures[0]).toMatch(/^still IN_PROGRESS when the polling gave up/);
    expect(wait).toHaveBeenCalledTimes(2);
  });

  it('refuses a stack without test case outputs, saying so', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackWith({}));
    const attempt = runOn('Hotline');
    await expect(attempt).rejects.toBeInstanceOf(StackTestCasesError);
    await expect(attempt).rejects.toThrow('the stack Hotline has no test case outputs');
    expect(connect).not.toHaveReceivedCommand(StartTestCaseExecutionCommand);
  });

  it('says so when there is no such stack, and starts nothing', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(stackDoesNotExist('Hotlin'));
    const attempt = runOn('Hotlin');
    await expect(attempt).rejects.toThrow(
      new StackTestCasesError(
        'there is no stack Hotlin in this account and region; check --stack, AWS_PROFILE and AWS_REGION',
      ),
    );
    expect(connect).not.toHaveReceivedCommand(StartTestCaseExecutionCommand);
  });

  it('names DescribeStacks when the stack cannot be read, with the SDK error as cause', async () => {
    const denied = new Error('AccessDenied');
    cloudFormation.on(DescribeStacksCommand).rejects(denied);
    const attempt = runOn('Hotline');
    await expect(attempt).rejects.toThrow('cannot read the stack Hotline (cloudformation:DescribeStacks)');
    await expect(attempt).rejects.toMatchObject({ cause: { cause: denied } });
  });

  it('names the API that failed when a case cannot be started, with the SDK error as cause', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackWith({ holiday: 'tc-holiday' }));
    const denied = new Error('AccessDeniedException');
    connect.on(StartTestCaseExecutionCommand).rejects(denied);
    const attempt = runOn('Hotline');
    await expect(attempt).rejects.toThrow(
      'cannot start the test case holiday (connect:StartTestCaseExecution)',
    );
    await expect(attempt).rejects.toMatchObject({ cause: denied });
  });
});

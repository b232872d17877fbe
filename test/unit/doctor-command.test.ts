import { CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { DescribeQueueCommand } from '@aws-sdk/client-connect';
import { describe, expect, it } from 'vitest';
import { runDoctorCommand } from '../../local/commands/doctor.ts';
import { DoctorUnavailableError, UsageError } from '../../local/usage.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import {
  answerAs,
  awsMocks,
  DOCTOR_RUNS_AT,
  healthyDeployment,
  QUEUE_IDS,
  REGION,
  type RecordedDeployment,
  stackDoesNotExist,
} from '../fixtures/aws/deployed-hotline.ts';

const mocks = awsMocks();
const clock = fixedClock(DOCTOR_RUNS_AT);

const doctorCli = (args: string[], deployment: RecordedDeployment = healthyDeployment()) => {
  answerAs(mocks, deployment);
  return runDoctorCommand(args, { clock });
};

const withGeneralQueueOf20 = () => {
  const deployment = healthyDeployment();
  const general = deployment.queues[QUEUE_IDS.general];
  if (general && !(general instanceof Error) && general.Queue) general.Queue.MaxContacts = 20;
  return deployment;
};

describe('hotline doctor on the command line', () => {
  it('prints one line per check and exits 0 when all is well', async () => {
    // Act
    const { stdout, exitCode } = await doctorCli(['--stack', 'Hotline', '--region', REGION]);
    // Assess
    expect(exitCode).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('hotline doctor: stack Hotline in eu-central-1');
    expect(lines).toContain('  ok       Stack deployed        Hotline is UPDATE_COMPLETE');
    expect(lines).toContain('  ok       Flow published        Hotline inbound: published and active');
    expect(lines.filter((line) => /^ {2}(ok|problem) /.test(line))).toHaveLength(9);
    expect(lines.at(-1)).toBe('all 9 checks ok');
    expect(stdout).not.toContain('→');
  });

  it('prints the problem with what to do and exits 1', async () => {
    // Act
    const { stdout, exitCode } = await doctorCli(
      ['--stack', 'Hotline', '--region', REGION],
      withGeneralQueueOf20(),
    );
    // Assess
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(
      /^ {2}problem {2}Queue capacity {8}general allows 20 waiting contacts, more than the instance's 10 concurrent calls$/m,
    );
    // Below the findings, indented to them: what to do.
    expect(stdout).toMatch(/^ {33}→ keep each queue's maximum contacts between 1 and 10 and deploy again /m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 problem in 9 checks');
  });

  it('prints exactly one JSON document with --json, problems included', async () => {
    // Act
    const { stdout, exitCode } = await doctorCli(
      ['--stack', 'Hotline', '--region', REGION, '--json'],
      withGeneralQueueOf20(),
    );
    // Assess
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      region: REGION,
      stack: 'Hotline',
      stackStatus: 'UPDATE_COMPLETE',
      ok: false,
    });
    expect(report.checks).toHaveLength(9);
    expect(report.checks.find((c: { id: string }) => c.id === 'queue-capacity')).toMatchObject({
      status: 'problem',
      title: 'Queue capacity',
      advice: expect.stringContaining('between 1 and 10'),
    });
    expect(report.checks.find((c: { id: string }) => c.id === 'read-model')).toMatchObject({
      status: 'ok',
      advice: null,
    });
  });

  it('says when the stack does not exist', async () => {
    const deployment = healthyDeployment();
    deployment.describeStacks = stackDoesNotExist('Hotlnie');

    const run = doctorCli(['--stack', 'Hotlnie', '--region', REGION], deployment);

    await expect(run).rejects.toThrow(DoctorUnavailableError);
    await expect(run).rejects.toThrow(
      'no stack named Hotlnie in eu-central-1: check --stack (the CDK app deploys "Hotline") and --region',
    );
  });

  it('says how to sign in when there are no credentials', async () => {
    const deployment = healthyDeployment();
    // What the default credential chain throws when it finds nothing (@smithy/property-provider).
    deployment.describeStacks = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });

    await expect(doctorCli(['--stack', 'Hotline', '--region', REGION], deployment)).rejects.toThrow(
      /^could not call cloudformation:DescribeStacks \(CredentialsProviderError\): no AWS credentials found: sign in/,
    );
  });

  it('says which permission to add when CloudFormation refuses', async () => {
    const deployment = healthyDeployment();
    deployment.describeStacks = new CloudFormationServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'User is not authorized to perform: cloudformation:DescribeStacks',
    });

    await expect(doctorCli(['--stack', 'Hotline', '--region', REGION], deployment)).rejects.toThrow(
      "could not call cloudformation:DescribeStacks (AccessDenied): let your AWS identity call cloudformation:DescribeStacks (docs/operations.md: the doctor's read-only permissions)",
    );
  });

  it('refuses a call without --stack or with a region that is none, before asking AWS', async () => {
    answerAs(mocks, healthyDeployment());

    await expect(runDoctorCommand([], { clock })).rejects.toThrow(new UsageError('missing --stack NAME'));
    await expect(
      runDoctorCommand(['--stack', 'Hotline', '--region', 'Frankfurt'], { clock }),
    ).rejects.toThrow(UsageError);
    expect(mocks.cloudFormation.calls()).toHaveLength(0);
    expect(mocks.connect).not.toHaveReceivedCommand(DescribeQueueCommand);
  });
});

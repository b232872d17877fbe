import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConnectClient } from '@aws-sdk/client-connect';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  AwsDeployedHotline,
  type DeployedHotlineClients,
} from '../../shared/adapters/aws/deployed-hotline.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { type Clock, systemClock } from '../../shared/ports/clock.ts';
import { DeploymentReadError } from '../../shared/ports/deployed-hotline.ts';
import { type DoctorReport, runDoctor, StackNotFoundError } from '../../shared/use-cases/doctor-checks.ts';
import { parseCommandArgs } from '../command-line.ts';
import { DoctorUnavailableError, required, UsageError } from '../usage.ts';
import { DOCTOR_OPTIONS } from './doctor-descriptor.ts';

/** A hung request must not hang the doctor; the SDK's default retries cover throttling. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The SDK clients with the default credential chain (environment, profile, SSO, instance role). */
export const makeDoctorClients = (region: string): DeployedHotlineClients => {
  const config = { region, requestHandler: { connectionTimeout: 3_000, requestTimeout: REQUEST_TIMEOUT_MS } };
  return {
    cloudFormation: new CloudFormationClient(config),
    connect: new ConnectClient(config),
    lambda: new LambdaClient(config),
    serviceQuotas: new ServiceQuotasClient(config),
    cloudWatch: new CloudWatchClient(config),
    sns: new SNSClient(config),
    dynamo: makeDocumentClient({ region, requestTimeoutMs: REQUEST_TIMEOUT_MS, maxAttempts: 3 }),
  };
};

/** The region the SDK would use by itself: AWS_REGION, else the profile's. */
const defaultRegion = async (): Promise<string> => {
  const probe = new CloudFormationClient({});
  try {
    return await probe.config.region();
  } catch (error) {
    throw new DoctorUnavailableError(
      "no AWS region: give --region (the stack's region, e.g. eu-central-1) or set AWS_REGION",
      { cause: error },
    );
  } finally {
    probe.destroy();
  }
};

const destroyAll = (clients: DeployedHotlineClients): void => {
  for (const client of Object.values(clients)) client.destroy();
};

/** The report for a person: one line per check, its findings below, and what to do for a problem. */
export const renderDoctorReport = (report: DoctorReport, region: string): string => {
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const indent = ' '.repeat(2 + 7 + 2 + width + 2);
  const lines = [`hotline doctor: stack ${report.stack} in ${region}`];
  for (const check of report.checks) {
    const [first = '', ...rest] = check.findings;
    lines.push(`  ${check.status.padEnd(7)}  ${check.title.padEnd(width)}  ${first}`);
    for (const finding of rest) lines.push(`${indent}${finding}`);
    if (check.advice !== null) lines.push(`${indent}→ ${check.advice}`);
  }
  const problems = report.checks.filter((check) => check.status === 'problem').length;
  lines.push(
    problems === 0
      ? `all ${report.checks.length} checks ok`
      : `${problems} problem${problems === 1 ? '' : 's'} in ${report.checks.length} checks`,
  );
  return `${lines.join('\n')}\n`;
};

export interface DoctorRun {
  readonly stdout: string;
  /** 0 when every check is ok, 1 on any problem. */
  readonly exitCode: number;
}

/** Says what to do when the doctor cannot even read the stack. */
const unavailable = (
  error: unknown,
  stackName: string,
  region: string,
): DoctorUnavailableError | undefined => {
  if (error instanceof StackNotFoundError) {
    return new DoctorUnavailableError(
      `no stack named ${stackName} in ${region}: check --stack (the CDK app deploys "Hotline") and --region`,
      { cause: error },
    );
  }
  if (error instanceof DeploymentReadError) {
    const answered = error.cause instanceof Error && '$fault' in error.cause;
    const what =
      error.reason === 'CredentialsProviderError'
        ? 'no AWS credentials found: sign in (aws sso login, or AWS_PROFILE) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
        : answered
          ? `let your AWS identity call ${error.action} (docs/operations.md: the doctor's read-only permissions)`
          : `AWS did not answer: check the network and the region ${region}`;
    return new DoctorUnavailableError(`${error.message}: ${what}`, { cause: error });
  }
  return undefined;
};

/**
 * `hotline doctor --stack NAME [--region R] [--json]` without touching stdout: the checks through
 * the AWS adapter, rendered for a person or as one JSON document.
 */
export const runDoctorCommand = async (
  args: string[],
  deps: { readonly clock?: Clock } = {},
): Promise<DoctorRun> => {
  const { values } = parseCommandArgs(DOCTOR_OPTIONS, args);
  const stackName = required(values.stack, '--stack NAME');
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) {
    throw new UsageError(`--region must be an AWS region such as eu-central-1; got ${values.region}`);
  }
  const region = values.region ?? (await defaultRegion());
  const clients = makeDoctorClients(region);
  try {
    const port = new AwsDeployedHotline(clients);
    let report: DoctorReport;
    try {
      report = await runDoctor(port, { stackName, clock: deps.clock ?? systemClock });
    } catch (error) {
      throw unavailable(error, stackName, region) ?? error;
    }
    const stdout = values.json
      ? `${JSON.stringify({ region, ...report })}\n`
      : renderDoctorReport(report, region);
    return { stdout, exitCode: report.ok ? 0 : 1 };
  } finally {
    destroyAll(clients);
  }
};

/** `hotline doctor --stack NAME [--region R] [--json]`: read-only checks of a deployed stack. */
export const doctorCommand = async (args: string[]): Promise<number> => {
  const { stdout, exitCode } = await runDoctorCommand(args);
  process.stdout.write(stdout);
  return exitCode;
};

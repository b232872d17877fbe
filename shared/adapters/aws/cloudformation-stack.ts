import {
  type CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { type DeployedStack, DeploymentReadError } from '../../ports/deployed-hotline.ts';

/** A stack as DescribeStacks tells it: its name, status and outputs (no resources). */
export type DescribedStack = Omit<DeployedStack, 'resources'>;

/**
 * One DescribeStacks for `name`, the one place that reads a stack's outputs: the doctor, `hotline
 * test --stack` and `hotline import --stack` all find the deployed hotline through it. Undefined
 * when there is no such stack; any other failure is a DeploymentReadError with the SDK's as cause.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 */
export const describeStack = async (
  cloudFormation: CloudFormationClient,
  name: string,
): Promise<DescribedStack | undefined> => {
  let described: DescribeStacksCommandOutput;
  try {
    described = await cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
  } catch (error) {
    // CloudFormation answers an unknown stack with a ValidationError ("Stack with id … does not
    // exist"), which the SDK models as no exception class of its own.
    if (error instanceof CloudFormationServiceException && error.name === 'ValidationError') return undefined;
    throw new DeploymentReadError('cloudformation:DescribeStacks', { cause: error });
  }
  const stack = described.Stacks?.[0];
  if (stack === undefined) return undefined;
  return {
    name: stack.StackName ?? name,
    status: stack.StackStatus ?? 'UNKNOWN',
    outputs: (stack.Outputs ?? []).flatMap((output) =>
      output.OutputKey !== undefined && output.OutputValue !== undefined
        ? [{ key: output.OutputKey, value: output.OutputValue }]
        : [],
    ),
  };
};

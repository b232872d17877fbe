import { type CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { type CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import {
  type ConnectClient,
  DescribeContactFlowCommand,
  DescribeQueueCommand,
  GetEffectiveHoursOfOperationsCommand,
  paginateListIntegrationAssociations,
  paginateListLambdaFunctions,
} from '@aws-sdk/client-connect';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetServiceQuotaCommand, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { paginateListSubscriptionsByTopic, type SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONCURRENT_CALLS_QUOTA_CODE } from '../../config/queues.ts';
import { parseResourceArn } from '../../connect/resource-arns.ts';
import { StoreUnavailableError } from '../../domain/errors.ts';
import { type IsoDate, isIsoDate } from '../../domain/vienna-calendar.ts';
import {
  type AlarmSettings,
  type DeployedFlow,
  type DeployedHotline,
  type DeployedQueue,
  type DeployedStack,
  DeploymentReadError,
  type EffectiveHours,
  type FunctionSettings,
  type QuotaReading,
  type StackResource,
  type TopicSubscriptions,
} from '../../ports/deployed-hotline.ts';
import type { ActiveGeneration } from '../../ports/read-model.ts';
import { makeActiveGenerationReader } from '../dynamodb/import-wiring.ts';
import { TABLE_ENV } from '../dynamodb/tables.ts';
import { describeStack } from './cloudformation-stack.ts';

export interface DeployedHotlineClients {
  readonly cloudFormation: CloudFormationClient;
  readonly connect: ConnectClient;
  readonly lambda: LambdaClient;
  readonly serviceQuotas: ServiceQuotasClient;
  readonly cloudWatch: CloudWatchClient;
  readonly sns: SNSClient;
  readonly dynamo: DynamoDBDocumentClient;
}

/** "Concurrent active calls per instance" in Service Quotas (service code `connect`). */
const CONCURRENT_CALLS = { ServiceCode: 'connect', QuotaCode: CONCURRENT_CALLS_QUOTA_CODE } as const;
/** DescribeAlarms takes at most 100 names per request (CloudWatch API reference, DescribeAlarms). */
const ALARM_NAMES_PER_REQUEST = 100;
/** What ListSubscriptionsByTopic shows instead of an ARN until the endpoint confirms. */
const PENDING = 'PendingConfirmation';

/** A Connect ARN's instance id and resource id, as Connect's API takes them. */
const connectIds = (arn: string): { instanceId: string; id: string } => {
  const parsed = parseResourceArn(arn);
  if (parsed === undefined || !('instanceId' in parsed)) throw new Error(`not an Amazon Connect ARN: ${arn}`);
  return { instanceId: parsed.instanceId, id: 'id' in parsed ? parsed.id : parsed.instanceId };
};

/** Every failure becomes a DeploymentReadError naming the IAM action; the SDK error is its cause. */
const asking = async <T>(action: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    // The read-model adapter wraps the SDK's error; the doctor names the SDK's.
    const cause = error instanceof StoreUnavailableError && error.cause !== undefined ? error.cause : error;
    throw new DeploymentReadError(action, { cause });
  }
};

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`the answer has no ${what}`);
  return value;
};

/**
 * The deployed hotline through the AWS SDK, read-only: each method is one question, paginated where
 * the API pages. Response shapes follow the API references named at each call.
 */
export class AwsDeployedHotline implements DeployedHotline {
  constructor(private readonly clients: DeployedHotlineClients) {}

  async stack(name: string): Promise<DeployedStack | undefined> {
    const stack = await describeStack(this.clients.cloudFormation, name);
    if (stack === undefined) return undefined;
    const resources = await asking('cloudformation:ListStackResources', async () => {
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html
      const found: StackResource[] = [];
      for await (const page of paginateListStackResources(
        { client: this.clients.cloudFormation },
        { StackName: name },
      )) {
        for (const summary of page.StackResourceSummaries ?? []) {
          found.push({
            logicalId: required(summary.LogicalResourceId, 'LogicalResourceId'),
            type: required(summary.ResourceType, 'ResourceType'),
            physicalId: summary.PhysicalResourceId,
          });
        }
      }
      return found;
    });
    return { ...stack, resources };
  }

  contactFlow(flowArn: string): Promise<DeployedFlow> {
    return asking('connect:DescribeContactFlow', async () => {
      // https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeContactFlow.html
      const { instanceId, id } = connectIds(flowArn);
      const { ContactFlow: flow } = await this.clients.connect.send(
        new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: id }),
      );
      return {
        arn: flow?.Arn ?? flowArn,
        name: flow?.Name ?? id,
        status: flow?.Status ?? 'UNKNOWN',
        state: flow?.State ?? 'UNKNOWN',
        content: flow?.Content ?? '',
      };
    });
  }

  lambdaFunctions(instanceArn: string): Promise<readonly string[]> {
    return asking('connect:ListLambdaFunctions', async () => {
      // https://docs.aws.amazon.com/connect/latest/APIReference/API_ListLambdaFunctions.html
      const arns: string[] = [];
      for await (const page of paginateListLambdaFunctions(
        { client: this.clients.connect },
        { InstanceId: connectIds(instanceArn).instanceId },
      )) {
        arns.push(...(page.LambdaFunctions ?? []));
      }
      return arns;
    });
  }

  applications(instanceArn: string): Promise<readonly string[]> {
    return asking('connect:ListIntegrationAssociations', async () => {
      // https://docs.aws.amazon.com/connect/latest/APIReference/API_ListIntegrationAssociations.html
      const arns: string[] = [];
      for await (const page of paginateListIntegrationAssociations(
        { client: this.clients.connect },
        { InstanceId: connectIds(instanceArn).instanceId, IntegrationType: 'APPLICATION' },
      )) {
        for (const summary of page.IntegrationAssociationSummaryList ?? []) {
          if (summary.IntegrationArn !== undefined) arns.push(summary.IntegrationArn);
        }
      }
      return arns;
    });
  }

  queue(queueArn: string): Promise<DeployedQueue> {
    return asking('connect:DescribeQueue', async () => {
      // https://docs.aws.amazon.com/connect/latest/APIReference/API_DescribeQueue.html
      const { instanceId, id } = connectIds(queueArn);
      const { Queue: queue } = await this.clients.connect.send(
        new DescribeQueueCommand({ InstanceId: instanceId, QueueId: id }),
      );
      return {
        arn: queue?.QueueArn ?? queueArn,
        name: queue?.Name ?? id,
        status: queue?.Status ?? 'UNKNOWN',
        maxContacts: queue?.MaxContacts,
      };
    });
  }

  async concurrentCallsQuota(instanceArn: string): Promise<QuotaReading> {
    // https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html: the
    // quota is applied per instance, so the instance is the ContextId.
    try {
      const { Quota } = await this.clients.serviceQuotas.send(
        new GetServiceQuotaCommand({ ...CONCURRENT_CALLS, ContextId: instanceArn }),
      );
      return Quota?.Value === undefined
        ? { readable: false, reason: 'no value in the answer' }
        : { readable: true, value: Quota.Value };
    } catch (error) {
      // Not readable (no permission, not applied yet, not in this partition): the check falls back.
      return { readable: false, reason: error instanceof Error ? error.name : 'UnknownError' };
    }
  }

  effectiveHours(hoursArn: string, from: IsoDate, to: IsoDate): Promise<EffectiveHours> {
    return asking('connect:GetEffectiveHoursOfOperations', async () => {
      // https://docs.aws.amazon.com/connect/latest/APIReference/API_GetEffectiveHoursOfOperations.html
      const { instanceId, id } = connectIds(hoursArn);
      const answer = await this.clients.connect.send(
        new GetEffectiveHoursOfOperationsCommand({
          InstanceId: instanceId,
          HoursOfOperationId: id,
          FromDate: from,
          ToDate: to,
        }),
      );
      return {
        timeZone: answer.TimeZone ?? 'UNKNOWN',
        days: (answer.EffectiveHoursOfOperationList ?? []).flatMap((day) => {
          const date = day.Date;
          if (date === undefined || !isIsoDate(date)) return [];
          return [
            {
              date,
              open: (day.OperationalHours ?? []).flatMap((slot) =>
                slot.Start && slot.End
                  ? [
                      {
                        start: { hours: slot.Start.Hours ?? 0, minutes: slot.Start.Minutes ?? 0 },
                        end: { hours: slot.End.Hours ?? 0, minutes: slot.End.Minutes ?? 0 },
                      },
                    ]
                  : [],
              ),
            },
          ];
        }),
      };
    });
  }

  functionSettings(functionName: string): Promise<FunctionSettings> {
    return asking('lambda:GetFunctionConfiguration', async () => {
      // https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
      const answer = await this.clients.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: functionName }),
      );
      return {
        arn: answer.FunctionArn ?? functionName,
        name: answer.FunctionName ?? functionName,
        readModelTable: answer.Environment?.Variables?.[TABLE_ENV.readModel],
      };
    });
  }

  readModel(table: string): Promise<ActiveGeneration | undefined> {
    return asking('dynamodb:GetItem', () =>
      makeActiveGenerationReader(this.clients.dynamo, table).activeGeneration(),
    );
  }

  alarms(names: readonly string[]): Promise<readonly AlarmSettings[]> {
    return asking('cloudwatch:DescribeAlarms', async () => {
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
      const found: AlarmSettings[] = [];
      for (let i = 0; i < names.length; i += ALARM_NAMES_PER_REQUEST) {
        for await (const page of paginateDescribeAlarms(
          { client: this.clients.cloudWatch },
          { AlarmNames: names.slice(i, i + ALARM_NAMES_PER_REQUEST), AlarmTypes: ['MetricAlarm'] },
        )) {
          for (const alarm of page.MetricAlarms ?? []) {
            found.push({
              name: required(alarm.AlarmName, 'AlarmName'),
              actionsEnabled: alarm.ActionsEnabled ?? false,
              alarmActions: alarm.AlarmActions ?? [],
            });
          }
        }
      }
      return found;
    });
  }

  subscriptions(topicArn: string): Promise<TopicSubscriptions> {
    return asking('sns:ListSubscriptionsByTopic', async () => {
      // https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
      let confirmed = 0;
      let pending = 0;
      for await (const page of paginateListSubscriptionsByTopic(
        { client: this.clients.sns },
        { TopicArn: topicArn },
      )) {
        for (const subscription of page.Subscriptions ?? []) {
          if (subscription.SubscriptionArn === PENDING) pending++;
          else if (subscription.SubscriptionArn?.startsWith('arn:')) confirmed++;
        }
      }
      return { confirmed, pending };
    });
  }
}

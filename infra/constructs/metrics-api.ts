import { Duration, Fn } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { METRICS_KEY_PREFIX } from '../../shared/adapters/dynamodb/entities/metrics-day.ts';
import type { QueueName } from '../../shared/connect/contact-event.ts';
import { METRICS_ROUTE_KEYS } from '../../shared/http/metrics-api-contract.ts';
import type { HotlineApi } from './hotline-api.ts';
import { HotlineFunction } from './hotline-function.ts';

export interface MetricsApiProps {
  /** ARN of the Amazon Connect instance whose queues the live view shows. */
  readonly instanceArn: string;
  /** The call log (`TABLES.calls`), which holds the day counters: Query on the table only. */
  readonly calls: ITableV2;
  /** The hotline's queues: the live view asks Connect about exactly these. */
  readonly queueArns: Readonly<Record<QueueName, string>>;
  /** The HTTP API the routes are added to. */
  readonly api: HotlineApi;
  /**
   * The secret CloudFront sends in `x-origin-verify` (HotlineWeb): the function reads it and
   * refuses any request that does not carry it, i.e. any that bypassed CloudFront.
   */
  readonly originSecret: ISecret;
  /**
   * The version of `originSecret` CloudFront sends; a new one also starts the function afresh.
   *
   * @default - the secret's current version
   */
  readonly originSecretVersion?: string;
  /** The Cognito authoriser every route requires (the pages' client of the user pool). */
  readonly authorizer: IHttpRouteAuthorizer;
}

/**
 * The metrics API (shared/http/metrics-api-contract.ts): the contract's routes on the pages' HTTP
 * API, each requiring a Cognito token of the web client, in front of the `metrics-api` function.
 * The handler answers managers only (group `managers`); the authoriser only checks the token.
 */
export class MetricsApi extends Construct {
  readonly function: HotlineFunction;

  constructor(scope: Construct, id: string, props: MetricsApiProps) {
    super(scope, id);
    const { urgent, general, callback } = props.queueArns;

    this.function = new HotlineFunction(this, 'Function', {
      // POWERTOOLS_SERVICE_NAME: the `service` key of this function's log lines.
      serviceName: 'metrics-api',
      entry: 'functions/metrics-api/handler.ts',
      description: "Metrics API: the managers' figures from the day counters, and the queues right now.",
      // A manager waits; the DynamoDB and Connect clients may take 3 × 2 s in the worst case.
      timeout: Duration.seconds(10),
      environment: {
        // arn:aws:connect:<region>:<account>:instance/<id>
        CONNECT_INSTANCE_ID: Fn.select(1, Fn.split('/', props.instanceArn)),
        URGENT_QUEUE_ARN: urgent,
        GENERAL_QUEUE_ARN: general,
        CALLBACK_QUEUE_ARN: callback,
      },
    });

    // DynamoMetricsCounters reads the day counters with Query on the table's own key (`METRICS#<year>`),
    // never on an index, and nothing else of the calls table: no call log, no outcome.
    this.function.useTableKeys('calls', props.calls, [METRICS_KEY_PREFIX], 'Query');

    // ConnectLiveQueue: two GetCurrentMetricData on this instance (by queue, and the agents'
    // ungrouped summary), both filtered to the three queues. IAM
    // authorises it on the instance and on each queue named in the filter, so both are listed, by
    // their ARNs and without a wildcard. Resource types of the action: the Service Authorization
    // Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html
    Grant.addToPrincipal({
      grantee: this.function,
      actions: ['connect:GetCurrentMetricData'],
      resourceArns: [props.instanceArn, urgent, general, callback],
    });

    this.function.checkOrigin(props.originSecret, props.originSecretVersion);

    props.api.addContractRoutes('MetricsApi', METRICS_ROUTE_KEYS, this.function, props.authorizer);
  }
}

import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { formatClosedDays, type OfficeHours } from '../../shared/flow/office-hours.ts';
import { ROUTE_KEYS } from '../../shared/http/agent-api-contract.ts';
import { HotlineFunction } from './hotline-function.ts';
import { logicalRef } from './nag-names.ts';

/** The methods of the contract's route keys (`GET /contacts/…`). */
const ROUTE_METHODS: Readonly<Record<string, HttpMethod>> = { GET: HttpMethod.GET, POST: HttpMethod.POST };

export interface AgentApiProps {
  /** ARN of the Amazon Connect instance whose contacts get the outcome codes. */
  readonly instanceArn: string;
  /** The read model (`TABLES.readModel`): GetItem only. */
  readonly readModel: ITableV2;
  /** The call log (`TABLES.calls`): call logs, outcomes and case resolutions. */
  readonly calls: ITableV2;
  /** The hours the outcome's follow-ups are checked against: their closed days become configuration. */
  readonly officeHours: OfficeHours;
  /** The user pool whose tokens the API accepts. */
  readonly userPool: IUserPool;
  /** The web pages' client: the only audience the API accepts. */
  readonly userPoolClient: IUserPoolClient;
  /** The pages' origin (`https://<distribution domain>`): the only origin CORS allows. */
  readonly webOrigin: string;
  /**
   * Steady-state requests per second across the API.
   *
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests across the API.
   *
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
}

/**
 * The agent API (shared/http/agent-api-contract.ts): an HTTP API whose every route requires a
 * Cognito token of the web client, in front of the `agent-api` function. Access logs go to their
 * own log group; the default stage is throttled; CORS allows the pages' origin only.
 */
export class AgentApi extends Construct {
  readonly function: HotlineFunction;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpUserPoolAuthorizer;
  readonly accessLogs: LogGroup;
  /** The stage's URL (`https://<api id>.execute-api.<region>.amazonaws.com/`). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: AgentApiProps) {
    super(scope, id);

    this.function = new HotlineFunction(this, 'Function', {
      entry: 'functions/agent-api/handler.ts',
      description: "Agent API: the caller's context and the call's outcome.",
      // The agent waits; the DynamoDB and Connect clients may take 3 × 2 s in the worst case.
      timeout: Duration.seconds(10),
      environment: {
        // arn:aws:connect:<region>:<account>:instance/<id>
        CONNECT_INSTANCE_ID: Fn.select(1, Fn.split('/', props.instanceArn)),
        OFFICE_CLOSED_DAYS: formatClosedDays(props.officeHours.closedDays),
      },
    });
    // Exactly the calls the code makes. DynamoTenancyDirectory: GetItem on the read model.
    this.function.useTable('readModel', props.readModel, 'GetItem');
    // DynamoCallRecords: GetItem, UpdateItem (attachTenancy). DynamoOutcomeStore: GetItem and one
    // TransactWriteItems of Put, Update and Delete items, authorised as PutItem, UpdateItem, DeleteItem.
    this.function.useTable('calls', props.calls, 'GetItem', 'UpdateItem', 'PutItem', 'DeleteItem');
    // DynamoCallRecords.recentForTenancy: Query on callsByTenancy (useTable adds the index by name).
    this.function.useTable('calls', props.calls, 'Query');
    // ConnectContactAttributes: the outcome codes on the call's contact, on this instance only.
    Grant.addToPrincipal({
      grantee: this.function,
      actions: ['connect:UpdateContactAttributes'],
      resourceArns: [`${props.instanceArn}/contact/*`],
    });
    // The role is the function's sibling (HotlineFunction creates it beside the function).
    Validations.of(this.function.role ?? this.function).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${logicalRef(Stack.of(this), props.instanceArn)}/contact/*]`,
      reason:
        'UpdateContactAttributes on any contact of this one instance: the contact is the call the agent records, known only at run time. Connect has no narrower resource, and the handler refuses callers outside the agents group.',
    });

    this.authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      userPoolClients: [props.userPoolClient],
      authorizerName: 'cognito',
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-agent-api`,
      description: 'Eviction-prevention hotline: agent API (caller context, outcomes).',
      createDefaultStage: false,
      defaultAuthorizer: this.authorizer,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttlingRateLimit ?? 50,
        burstLimit: props.throttlingBurstLimit ?? 100,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // No source IP, user agent or body: who called is the token's subject, not logged here.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('AgentApi', this.function);
    for (const routeKey of Object.values(ROUTE_KEYS)) {
      const [method = '', path = ''] = routeKey.split(' ');
      const httpMethod = ROUTE_METHODS[method];
      if (!httpMethod) {
        throw new Error(
          `Route ${routeKey} has method ${method}; expected one of ${Object.keys(ROUTE_METHODS).join(', ')}.`,
        );
      }
      this.api.addRoutes({ path, methods: [httpMethod], integration, authorizer: this.authorizer });
    }
    this.url = this.stage.url;
  }
}

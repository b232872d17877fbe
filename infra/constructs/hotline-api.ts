import { Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The methods route keys use (`GET /api/…`). */
const ROUTE_METHODS: Readonly<Record<string, HttpMethod>> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
};

export interface HotlineApiProps {
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
 * The one HTTP API of the pages: the agent API's and the metrics API's routes (all under `/api/`)
 * are added to it by their constructs, each behind the Cognito authoriser. The pages reach it
 * through CloudFront on their own origin (HotlineWeb's `/api/*` behaviour), so no CORS is needed
 * and the pages' CSP stays `connect-src 'self'`. Access logs go to their own log group; the default
 * stage is throttled.
 */
export class HotlineApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The stage's URL (`https://<api id>.execute-api.<region>.amazonaws.com/`). */
  readonly url: string;
  /** `<api id>.execute-api.<region>.amazonaws.com`: CloudFront's origin for `/api/*`. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: HotlineApiProps = {}) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Eviction-prevention hotline: agent API (caller context, outcomes) and metrics API.',
      createDefaultStage: false,
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
    this.url = this.stage.url;
    this.domainName = `${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }

  /**
   * Sends each of a contract's route keys (`GET /api/contacts/{contactId}/context`) to `handler`,
   * behind `authorizer`: the contract module is the only list of routes, for CDK and the local server.
   */
  addContractRoutes(
    id: string,
    routeKeys: Readonly<Record<string, string>>,
    handler: IFunction,
    authorizer: IHttpRouteAuthorizer,
  ): void {
    const integration = new HttpLambdaIntegration(id, handler);
    for (const routeKey of Object.values(routeKeys)) {
      const [method = '', path = ''] = routeKey.split(' ');
      const httpMethod = ROUTE_METHODS[method];
      if (!httpMethod) {
        throw new Error(
          `Route ${routeKey} has method ${method}; expected one of ${Object.keys(ROUTE_METHODS).join(', ')}.`,
        );
      }
      this.api.addRoutes({ path, methods: [httpMethod], integration, authorizer });
    }
  }
}

import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { QueueCapacityOptions } from '../../shared/config/queues.ts';
import { IDENTIFY_CALLER_FUNCTION_TIMEOUT_SECONDS } from '../../shared/connect/identify-caller-contract.ts';
import { testCaseOutputKey } from '../../shared/connect/test-cases.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { connectWorkspaceOrigins } from '../../shared/http/web-pages.ts';
import { IMPORT_STACK_OUTPUTS } from '../../shared/import/uploads.ts';
import { AgentApi } from '../constructs/agent-api.ts';
import { AgentWorkspaceApp } from '../constructs/agent-workspace-app.ts';
import { ContactEvents } from '../constructs/contact-events.ts';
import { HotlineApi } from '../constructs/hotline-api.ts';
import { HotlineConnect } from '../constructs/hotline-connect.ts';
import { HotlineContactFlow, type HotlinePhoneNumberOptions } from '../constructs/hotline-contact-flow.ts';
import { HotlineFunction } from '../constructs/hotline-function.ts';
import { HotlineMonitoring } from '../constructs/hotline-monitoring.ts';
import { HotlineUsers } from '../constructs/hotline-users.ts';
import { HotlineWeb } from '../constructs/hotline-web.ts';
import { MetricsApi } from '../constructs/metrics-api.ts';
import { PrivacyApi } from '../constructs/privacy-api.ts';
import { ReadModelImport } from '../constructs/read-model-import.ts';
import type { HotlineTables } from './data-stack.ts';

/**
 * identify-caller's function timeout, from the shared contract. The inbound flow waits longer for it
 * (`IDENTIFY_CALLER_INVOCATION_LIMIT_SECONDS`, 4 s), so the function has always answered or failed
 * before the flow stops waiting.
 */
export const IDENTIFY_CALLER_TIME_LIMIT_SECONDS = IDENTIFY_CALLER_FUNCTION_TIMEOUT_SECONDS;

export interface HotlineStackProps extends StackProps {
  /** The tables of the data stack. */
  readonly tables: HotlineTables;
  /** The data stack's hash key of numbers and names in keys (functions that hash read it). */
  readonly hashKey: ISecret;
  /**
   * ARN of an existing Amazon Connect instance (`-c connectInstanceArn=…`).
   *
   * @default - the stack creates an instance
   */
  readonly connectInstanceArn?: string;
  /**
   * Alias of the instance (`-c connectInstanceAlias=…`): names the instance the stack creates;
   * required with `connectInstanceArn`, as the pages' CSP lets only its agent workspace frame them.
   *
   * @default - `eviction-hotline-<account id>` for a created instance
   */
  readonly connectInstanceAlias?: string;
  /**
   * First day of the three years of public holidays in the hours of operation (`-c hoursFrom=…`).
   *
   * @default - today in Vienna, at synth time
   */
  readonly hoursFrom?: IsoDate;
  /**
   * Claims a number and routes it to the inbound flow (`-c phoneNumberCountry=AT`).
   *
   * @default - no number is claimed
   */
  readonly phoneNumber?: HotlinePhoneNumberOptions;
  /**
   * The queues' capacities and the instance's concurrent-calls quota (`-c urgentMaxContacts=…`,
   * `generalMaxContacts`, `callbackMaxContacts`, `concurrentCallsQuota`).
   *
   * @default - DEFAULT_QUEUE_CAPACITIES within a quota of 10 (shared/config/queues.ts)
   */
  readonly queueCapacities?: QueueCapacityOptions;
  /**
   * The version of the origin secret CloudFront sends to the API and the API functions expect
   * (`-c originSecretVersion=…`): how a rotation takes effect (docs/security.md).
   *
   * @default - the secret's current version
   */
  readonly originSecretVersion?: string;
}

/**
 * The stateless hotline: the functions and Amazon Connect: the instance (`connect`), and on it the
 * hours, queues, routing profile and inbound flow (`contactFlow`).
 */
export class HotlineStack extends Stack {
  readonly connect: HotlineConnect;
  readonly identifyCaller: HotlineFunction;
  readonly contactFlow: HotlineContactFlow;
  /** Completes each call's log from the instance's contact events. */
  readonly contactEvents: ContactEvents;
  /** The agent and manager pages on S3 behind CloudFront. */
  readonly web: HotlineWeb;
  /** Who may sign in to the pages and call the APIs (Cognito). */
  readonly users: HotlineUsers;
  /** The agent page as an app of the instance's agent workspace, and the agents' security profile. */
  readonly agentWorkspaceApp: AgentWorkspaceApp;
  /** The pages' HTTP API (behind CloudFront under `/api/*`), which the agent and metrics APIs add routes to. */
  readonly api: HotlineApi;
  /**
   * What CloudFront sends the API in `x-origin-verify`: the API's functions answer nothing else, so
   * the execute-api endpoint, which stays reachable, refuses requests that bypassed CloudFront.
   */
  readonly originSecret: Secret;
  /** The agent API: caller context and outcomes, behind the Cognito authoriser. */
  readonly agentApi: AgentApi;
  /** The metrics API: the managers' figures and the live queues, behind the Cognito authoriser. */
  readonly metricsApi: MetricsApi;
  /** A tenant's access and erasure requests and the audit trail, for the `privacy` group. */
  readonly privacyApi: PrivacyApi;
  /** The dashboard and the alarms, with their SNS topic. */
  readonly monitoring: HotlineMonitoring;
  /** The import bucket and function that load the read model (`hotline import --stack`). */
  readonly readModelImport: ReadModelImport;

  constructor(scope: Construct, id: string, props: HotlineStackProps) {
    super(scope, id, props);

    this.connect = new HotlineConnect(this, 'Connect', {
      ...(props.connectInstanceArn ? { instanceArn: props.connectInstanceArn } : {}),
      ...(props.connectInstanceAlias ? { instanceAlias: props.connectInstanceAlias } : {}),
    });

    this.identifyCaller = new HotlineFunction(this, 'IdentifyCaller', {
      // POWERTOOLS_SERVICE_NAME: the `service` key of this function's log lines.
      serviceName: 'identify-caller',
      entry: 'functions/identify-caller/handler.ts',
      hashKey: props.hashKey,
      description: 'Identifies an inbound caller for the contact flow and logs the enquiry.',
      timeout: Duration.seconds(IDENTIFY_CALLER_TIME_LIMIT_SECONDS),
      memorySize: 1024,
    });
    // Exactly the calls the code makes: DynamoTenancyDirectory reads the pointer and one entry with
    // GetItem; DynamoEnquiryLog writes the call-log item with one UpdateItem.
    this.identifyCaller.useTable('readModel', props.tables.readModel, 'GetItem');
    this.identifyCaller.useTable('calls', props.tables.calls, 'UpdateItem');

    const identifyCallerIntegration = this.connect.allowInvoke(this.identifyCaller);

    this.contactFlow = new HotlineContactFlow(this, 'ContactFlow', {
      instanceArn: this.connect.instanceArn,
      identifyCaller: this.identifyCaller,
      identifyCallerIntegration,
      ...(props.hoursFrom ? { hoursFrom: props.hoursFrom } : {}),
      ...(props.phoneNumber ? { phoneNumber: props.phoneNumber } : {}),
      ...(props.queueCapacities ? { queueCapacities: props.queueCapacities } : {}),
    });

    const { queues } = this.contactFlow;
    this.contactEvents = new ContactEvents(this, 'ContactEvents', {
      instanceArn: this.connect.instanceArn,
      calls: props.tables.calls,
      officeHours: this.contactFlow.officeHours,
      queueArns: {
        urgent: queues.urgent.attrQueueArn,
        general: queues.general.attrQueueArn,
        callback: queues.callback.attrQueueArn,
      },
    });

    // Built in this order because each needs the one before: the pages proxy the API, the sign-in
    // client redirects to the pages, the authoriser accepts that client's tokens.
    this.api = new HotlineApi(this, 'Api');
    // Secrets Manager generates the value at deploy: nothing random in the template or the repository.
    this.originSecret = new Secret(this, 'OriginVerify', {
      description:
        'Value CloudFront sends to the API in x-origin-verify; the API refuses requests without it.',
      // 64 letters and digits (about 380 bits): safe in a header as it is, nothing to escape.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront and the API functions must switch to a new value together, which a rotation Lambda cannot do: CloudFront gets the value only when the stack is deployed. Rotation is a documented manual step (README, "Reliability and security"): a new value, then a deploy with -c originSecretVersion=<its VersionId>.',
    });
    const signInDomainPrefix = `eviction-hotline-${this.account}`;
    this.web = new HotlineWeb(this, 'Web', {
      apiDomainName: this.api.domainName,
      apiOriginSecret: this.originSecret,
      ...(props.originSecretVersion ? { apiOriginSecretVersion: props.originSecretVersion } : {}),
      signInUrl: HotlineUsers.signInUrl(this, signInDomainPrefix),
      frameAncestors: connectWorkspaceOrigins(this.connect.instanceAlias),
    });
    this.users = new HotlineUsers(this, 'Users', {
      webOrigin: this.web.origin,
      domainPrefix: signInDomainPrefix,
    });
    this.agentWorkspaceApp = new AgentWorkspaceApp(this, 'AgentWorkspaceApp', {
      instanceArn: this.connect.instanceArn,
      webOrigin: this.web.origin,
    });
    this.web.addConfig({
      auth: {
        kind: 'cognito',
        signInUrl: this.users.domain.baseUrl(),
        clientId: this.users.client.userPoolClientId,
      },
    });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.users.userPool, {
      userPoolClients: [this.users.client],
      authorizerName: 'cognito',
    });
    this.agentApi = new AgentApi(this, 'AgentApi', {
      hashKey: props.hashKey,
      instanceArn: this.connect.instanceArn,
      readModel: props.tables.readModel,
      calls: props.tables.calls,
      audit: props.tables.audit,
      officeHours: this.contactFlow.officeHours,
      api: this.api,
      originSecret: this.originSecret,
      ...(props.originSecretVersion ? { originSecretVersion: props.originSecretVersion } : {}),
      authorizer,
    });
    this.metricsApi = new MetricsApi(this, 'MetricsApi', {
      instanceArn: this.connect.instanceArn,
      calls: props.tables.calls,
      queueArns: {
        urgent: queues.urgent.attrQueueArn,
        general: queues.general.attrQueueArn,
        callback: queues.callback.attrQueueArn,
      },
      api: this.api,
      originSecret: this.originSecret,
      ...(props.originSecretVersion ? { originSecretVersion: props.originSecretVersion } : {}),
      authorizer,
    });
    this.privacyApi = new PrivacyApi(this, 'PrivacyApi', {
      readModel: props.tables.readModel,
      hashKey: props.hashKey,
      calls: props.tables.calls,
      audit: props.tables.audit,
      originSecret: this.originSecret,
      ...(props.originSecretVersion ? { originSecretVersion: props.originSecretVersion } : {}),
      api: this.api,
      authorizer,
    });
    this.monitoring = new HotlineMonitoring(this, 'Monitoring', {
      functions: {
        'identify-caller': this.identifyCaller,
        'contact-events': this.contactEvents.function,
        'agent-api': this.agentApi.function,
        'metrics-api': this.metricsApi.function,
        'privacy-api': this.privacyApi.function,
      },
      tables: props.tables,
      api: this.api.api,
      deadLetterAlarm: this.contactEvents.deadLetterAlarm,
    });
    this.readModelImport = new ReadModelImport(this, 'ReadModelImport', {
      readModel: props.tables.readModel,
      hashKey: props.hashKey,
      accessLogsBucket: this.web.logBucket,
    });
    const alarmAction = new SnsAction(this.monitoring.alarmTopic);
    this.readModelImport.failureAlarm.addAlarmAction(alarmAction);
    this.readModelImport.failureAlarm.addOkAction(alarmAction);
    this.addOutputs();
  }

  /** What an operator needs after deploy: the flow (to attach numbers by hand), the queues, the agents' profile. */
  private addOutputs(): void {
    const { flow, flowId, queues, hours, phoneNumber } = this.contactFlow;
    new CfnOutput(this, 'InboundFlowId', { value: flowId, description: 'Id of the inbound contact flow.' });
    new CfnOutput(this, 'InboundFlowArn', {
      value: flow.attrContactFlowArn,
      description: 'ARN of the inbound contact flow.',
    });
    new CfnOutput(this, 'UrgentQueueArn', {
      value: queues.urgent.attrQueueArn,
      description: 'ARN of the urgent queue.',
    });
    new CfnOutput(this, 'GeneralQueueArn', {
      value: queues.general.attrQueueArn,
      description: 'ARN of the general queue.',
    });
    new CfnOutput(this, 'CallbackQueueArn', {
      value: queues.callback.attrQueueArn,
      description: 'ARN of the queue for callbacks when a queue is full.',
    });
    // One output per test case, for `hotline test --stack` (the key names the scenario).
    for (const [scenario, testCase] of this.contactFlow.testCases.testCases)
      new CfnOutput(this, testCaseOutputKey(scenario), {
        value: testCase.attrTestCaseArn,
        description: `ARN of the test case ${scenario}.`,
      });
    new CfnOutput(this, 'HoursOfOperationArn', {
      value: hours.attrHoursOfOperationArn,
      description: 'ARN of the office hours (Mon–Fri 9–17 Vienna, closed on public holidays).',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description:
        'The API behind the pages: CloudFront origin of /api/* on WebUrl, which is where to call it; called here directly it answers 403 (no x-origin-verify). Every route needs a Cognito token of the web client.',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.users.userPool.userPoolId,
      description: 'Cognito user pool id.',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.users.client.userPoolClientId,
      description: 'Cognito app client id of the web pages (public, no secret).',
    });
    new CfnOutput(this, 'SignInDomain', {
      value: this.users.domain.baseUrl(),
      description: 'Base URL of the Cognito hosted sign-in.',
    });
    new CfnOutput(this, 'WebUrl', { value: this.web.origin, description: 'The agent and manager pages.' });
    const { securityProfile } = this.agentWorkspaceApp;
    new CfnOutput(this, 'AgentSecurityProfileArn', {
      value: securityProfile.attrSecurityProfileArn,
      description:
        'Security profile to assign to every agent in Connect: the Contact Control Panel and the agent page.',
    });
    new CfnOutput(this, 'AgentSecurityProfileName', {
      value: securityProfile.securityProfileName,
      description: 'Name of that security profile, as the Connect admin website lists it.',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.alarmTopic.topicArn,
      description: 'SNS topic of every alarm (KMS-encrypted): subscribe an e-mail address or a pager to it.',
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.monitoring.dashboard.dashboardName,
      description: 'CloudWatch dashboard: calls, lookups, functions, tables, API.',
    });
    new CfnOutput(this, IMPORT_STACK_OUTPUTS.bucket, {
      value: this.readModelImport.bucket.bucketName,
      description: 'Bucket for read model imports: `hotline import --stack <this stack>` uploads to it.',
    });
    new CfnOutput(this, IMPORT_STACK_OUTPUTS.topic, {
      value: this.readModelImport.reportTopic.topicArn,
      description: 'SNS topic that hears what became of each import (imported, rejected, failed).',
    });
    if (phoneNumber) {
      new CfnOutput(this, 'PhoneNumber', {
        value: phoneNumber.attrAddress,
        description: 'The hotline number (E.164).',
      });
    }
  }
}

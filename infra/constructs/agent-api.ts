import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type AccessWindows, DEFAULT_ACCESS_WINDOWS } from '../../shared/domain/contact-access.ts';
import { formatClosedDays, type OfficeHours } from '../../shared/domain/office-hours.ts';
import { ROUTE_KEYS } from '../../shared/http/agent-api-contract.ts';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../shared/ports/audit-trail.ts';
import type { HotlineApi } from './hotline-api.ts';
import { HotlineFunction } from './hotline-function.ts';
import { logicalRef } from './nag-names.ts';

export interface AgentApiProps {
  /** The hash key of numbers and names in keys: this function hashes them. */
  readonly hashKey: ISecret;
  /** ARN of the Amazon Connect instance whose contacts get the outcome codes. */
  readonly instanceArn: string;
  /** The read model (`TABLES.readModel`): GetItem only. */
  readonly readModel: ITableV2;
  /** The call log (`TABLES.calls`): call logs, outcomes and case resolutions. */
  readonly calls: ITableV2;
  /** The audit trail (`TABLES.audit`): entries appended, never changed. */
  readonly audit: ITableV2;
  /** How long after a contact ended its agent still reads it. @default DEFAULT_ACCESS_WINDOWS */
  readonly accessWindows?: AccessWindows;
  /** How long the audit trail keeps an entry (days). @default DEFAULT_AUDIT_RETENTION_DAYS (730) */
  readonly auditRetentionDays?: number;
  /** The hours the outcome's follow-ups are checked against: their closed days become configuration. */
  readonly officeHours: OfficeHours;
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
 * The agent API (shared/http/agent-api-contract.ts): the contract's routes on the pages' HTTP API,
 * each requiring a Cognito token of the web client, in front of the `agent-api` function.
 */
export class AgentApi extends Construct {
  readonly function: HotlineFunction;

  constructor(scope: Construct, id: string, props: AgentApiProps) {
    super(scope, id);
    const windows = props.accessWindows ?? DEFAULT_ACCESS_WINDOWS;

    this.function = new HotlineFunction(this, 'Function', {
      // POWERTOOLS_SERVICE_NAME: the `service` key of this function's log lines.
      serviceName: 'agent-api',
      entry: 'functions/agent-api/handler.ts',
      hashKey: props.hashKey,
      description: "Agent API: the caller's context and the call's outcome.",
      // The agent waits; the DynamoDB and Connect clients may take 3 × 2 s in the worst case.
      timeout: Duration.seconds(10),
      environment: {
        // arn:aws:connect:<region>:<account>:instance/<id>
        CONNECT_INSTANCE_ID: Fn.select(1, Fn.split('/', props.instanceArn)),
        OFFICE_CLOSED_DAYS: formatClosedDays(props.officeHours.closedDays),
        AGENT_ACCESS_MINUTES: String(windows.accessMinutes),
        OUTCOME_CORRECTION_MINUTES: String(windows.correctionMinutes),
        AUDIT_RETENTION_DAYS: String(props.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS),
      },
    });
    // DynamoAuditTrail.record: PutItem that may only create. No UpdateItem or DeleteItem: the
    // function can add to the trail but not change or remove what it says.
    this.function.useTable('audit', props.audit, 'PutItem');
    // Exactly the calls the code makes. DynamoTenancyDirectory: GetItem on the read model.
    this.function.useTable('readModel', props.readModel, 'GetItem');
    // DynamoCallRecords: UpdateItem (attachTenancy), BatchGetItem (the logs of a tenancy's calls).
    // DynamoOutcomeStore: GetItem and one TransactWriteItems of Put, Update and Delete items,
    // authorised as PutItem, UpdateItem, DeleteItem.
    this.function.useTable(
      'calls',
      props.calls,
      'GetItem',
      'BatchGetItem',
      'UpdateItem',
      'PutItem',
      'DeleteItem',
    );
    // DynamoCallRecords: Query on the table (a call with its outcome) and on callsByTenancy.
    this.function.useTable('calls', props.calls, 'Query', { indexes: ['callsByTenancy'] });
    // ConnectContactAttributes: the flow's attributes of the call's contact (the caller's court-letter
    // report) and the outcome codes on it, on this instance only.
    Grant.addToPrincipal({
      grantee: this.function,
      // DescribeContact (ConnectContactAssignments): which agent served the contact, for access.
      actions: ['connect:GetContactAttributes', 'connect:UpdateContactAttributes', 'connect:DescribeContact'],
      resourceArns: [`${props.instanceArn}/contact/*`],
    });
    // The role is the function's sibling (HotlineFunction creates it beside the function).
    Validations.of(this.function.role ?? this.function).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${logicalRef(Stack.of(this), props.instanceArn)}/contact/*]`,
      reason:
        'Get- and UpdateContactAttributes and DescribeContact on any contact of this one instance: the contact is the call the agent has open, known only at run time. Connect has no narrower resource; the handler admits an agent only to the contacts DescribeContact says they served.',
    });

    this.function.checkOrigin(props.originSecret, props.originSecretVersion);

    props.api.addContractRoutes('AgentApi', ROUTE_KEYS, this.function, props.authorizer);
  }
}

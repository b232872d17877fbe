import { Duration } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PRIVACY_ROUTE_KEYS } from '../../shared/http/privacy-api-contract.ts';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../../shared/ports/audit-trail.ts';
import type { HotlineApi } from './hotline-api.ts';
import { HotlineFunction } from './hotline-function.ts';

export interface PrivacyApiProps {
  /** The hash key of numbers and names in keys: this function hashes them. */
  readonly hashKey: ISecret;
  /** The read model (`TABLES.readModel`): a tenancy's file and the entries that list it. */
  readonly readModel: ITableV2;
  /** The call log (`TABLES.calls`): a tenancy's calls, outcomes and case resolutions. */
  readonly calls: ITableV2;
  /** The audit trail (`TABLES.audit`): read, and appended to, never changed. */
  readonly audit: ITableV2;
  /** How long the audit trail keeps an entry (days); must exceed the call logs' 400. @default 730 */
  readonly auditRetentionDays?: number;
  /** The secret CloudFront sends in `x-origin-verify`: requests without it are refused. */
  readonly originSecret: ISecret;
  /** The version of `originSecret` CloudFront sends. @default - the secret's current version */
  readonly originSecretVersion?: string;
  /** The HTTP API the routes are added to. */
  readonly api: HotlineApi;
  /** The Cognito authoriser every route requires (the pages' client of the user pool). */
  readonly authorizer: IHttpRouteAuthorizer;
}

/**
 * The privacy API (shared/http/privacy-api-contract.ts): a tenant's access and erasure requests and
 * the audit trail, for the `privacy` group, in front of the `privacy-api` function. The only
 * function that deletes a tenancy's data; like every other, it may add to the audit trail but not
 * change or remove an entry.
 */
export class PrivacyApi extends Construct {
  readonly function: HotlineFunction;

  constructor(scope: Construct, id: string, props: PrivacyApiProps) {
    super(scope, id);
    this.function = new HotlineFunction(this, 'Function', {
      // POWERTOOLS_SERVICE_NAME: the `service` key of this function's log lines.
      serviceName: 'privacy-api',
      entry: 'functions/privacy-api/handler.ts',
      hashKey: props.hashKey,
      description: "Privacy API: a tenant's data exported or erased, and who saw it.",
      // An erasure deletes a few dozen items one by one and rewrites a manifest chunk per generation.
      timeout: Duration.seconds(30),
      environment: {
        AUDIT_RETENTION_DAYS: String(props.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS),
      },
    });
    this.function.checkOrigin(props.originSecret, props.originSecretVersion);
    // DynamoHeldData: GetItem (pointer, tenancy files, phone and name entries), Query (manifests),
    // PutItem (entries and manifests rewritten without the tenancy), DeleteItem (what is erased).
    this.function.useTable('readModel', props.readModel, 'GetItem', 'Query', 'PutItem', 'DeleteItem');
    // Calls: Query on the table (a call's partition) and on callsByTenancy (a tenancy's calls),
    // GetItem (case resolutions), DeleteItem (the erased items).
    this.function.useTable('calls', props.calls, 'GetItem', 'DeleteItem');
    this.function.useTable('calls', props.calls, 'Query', { indexes: ['callsByTenancy'] });
    // DynamoAuditTrail: PutItem that may only create, Query to read a partition; no Update or Delete.
    this.function.useTable('audit', props.audit, 'PutItem', 'Query');

    props.api.addContractRoutes('PrivacyApi', PRIVACY_ROUTE_KEYS, this.function, props.authorizer);
  }
}

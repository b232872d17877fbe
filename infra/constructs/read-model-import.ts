import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type CfnRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IMPORT_KEY_PREFIX, MANIFEST_FILE, PROGRESS_FILE, REPORT_FILE } from '../../shared/import/uploads.ts';
import { HotlineFunction } from './hotline-function.ts';
import { logicalRef } from './nag-names.ts';

/**
 * What one import of 220,000 tenancies needs, measured locally (bench/import.ts; docs/operations.md, "Loading
 * the read model in AWS"): about 650 MB of heap for the parsed files and their ~500,000 items when
 * measured alone, a peak of 1.9 GB RSS in the bench process (which holds more than the function
 * would), 7 to 17 s to read and check 32 MB of CSV on a shared 2-core machine, 73 to 89 s in all
 * against DynamoDB Local. 4 GB leaves room for a larger export than today's and gives the run more
 * than two vCPUs (Lambda allots CPU by memory); an import is rare, so the memory costs next to nothing.
 */
export const IMPORT_FUNCTION_MEMORY_MB = 4096;
/** Lambda's maximum: the whole import runs in one invocation, several times longer than measured. */
export const IMPORT_FUNCTION_TIMEOUT = Duration.minutes(15);

export interface ReadModelImportProps {
  /** The hash key of numbers and names in keys: this function hashes them. */
  readonly hashKey: ISecret;
  /** The read-model table the import replaces (`TABLES.readModel`). */
  readonly readModel: ITableV2;
  /** Where the bucket's server access logs go (they are written under `import-uploads/`). */
  readonly accessLogsBucket: IBucket;
  /**
   * How long uploads, reports and their older versions are kept: they hold tenants' personal data.
   *
   * @default Duration.days(30)
   */
  readonly uploadRetention?: Duration;
  /**
   * What happens to the bucket when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The read model's way into AWS: a private bucket for uploads (SSE-KMS with the AWS-managed key,
 * TLS only, public access blocked, versioned, uploads expiring), the import function triggered by
 * each `imports/<id>/manifest.json` (shared/import/uploads.ts has the layout), a topic that hears
 * what became of each import, and an alarm when an import fails.
 *
 * The function runs one import at a time (reserved concurrency 1): S3 invokes asynchronously, so a
 * second upload waits in Lambda's queue instead of racing the first to the switch. It does not
 * retry a failed run: the report already says `failed`, and a retry would repeat the same long work
 * against the same cause; the alarm asks a person to look, and an upload under a new id runs again.
 */
export class ReadModelImport extends Construct {
  readonly bucket: Bucket;
  readonly function: HotlineFunction;
  /** Every import's outcome (imported, rejected, failed) as a JSON message; subscribe after deploy. */
  readonly reportTopic: Topic;
  /** In alarm when an import failed (its report says why) or the function failed outright. */
  readonly failureAlarm: Alarm;
  private readonly notificationsLogsArn: string;

  constructor(scope: Construct, id: string, props: ReadModelImportProps) {
    super(scope, id);
    const retention = props.uploadRetention ?? Duration.days(30);

    // CDK's bucket-notifications handler (deploy time only) on a role of our own instead of the
    // default AWSLambdaBasicExecutionRole: writing its own log group, and (added by CDK)
    // s3:PutBucketNotification.
    const stack = Stack.of(this);
    const notificationsRole = new Role(this, 'NotificationsHandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "Configures the import bucket's notifications, at deploy time.",
    });
    this.notificationsLogsArn = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/${stack.stackName}-BucketNotificationsHandler*`;
    notificationsRole.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.notificationsLogsArn],
      }),
    );

    this.bucket = new Bucket(this, 'Uploads', {
      notificationsHandlerRole: notificationsRole,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS_MANAGED,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'import-uploads/',
      lifecycleRules: [
        {
          prefix: IMPORT_KEY_PREFIX,
          expiration: retention,
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // What expiry leaves in a versioned bucket: delete markers without versions behind them.
        { prefix: IMPORT_KEY_PREFIX, expiredObjectDeleteMarker: true },
      ],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    // SSE with the AWS-managed SNS key: only the function publishes, and its role may use that key.
    this.reportTopic = new Topic(this, 'ReportTopic', {
      displayName: 'Eviction hotline read model imports',
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    this.function = new HotlineFunction(this, 'Function', {
      // POWERTOOLS_SERVICE_NAME: the `service` key of this function's log lines.
      serviceName: 'read-model-import',
      entry: 'functions/read-model-import/handler.ts',
      hashKey: props.hashKey,
      description: 'Imports the tenancy read model from an upload to the import bucket.',
      timeout: IMPORT_FUNCTION_TIMEOUT,
      memorySize: IMPORT_FUNCTION_MEMORY_MB,
      reservedConcurrentExecutions: 1,
      retryAttempts: 0,
      maxEventAge: Duration.hours(6),
      environment: {
        IMPORT_BUCKET: this.bucket.bucketName,
        IMPORT_TOPIC_ARN: this.reportTopic.topicArn,
      },
    });
    // Exactly the calls DynamoReadModelStore makes: the pointer (GetItem, conditional PutItem), the
    // generation and its clean-up (BatchWriteItem), the manifests of older generations (Query).
    this.function.useTable('readModel', props.readModel, 'GetItem', 'PutItem', 'BatchWriteItem', 'Query');
    this.grantUploads();
    // sns:Publish alone: the AWS-managed key's own policy lets this account's principals use it
    // through SNS (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html); grantPublish
    // would add kms actions on every key of the account, as it cannot resolve the alias to its key.
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [this.reportTopic.topicArn] }),
    );

    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.function), {
      prefix: IMPORT_KEY_PREFIX,
      suffix: `/${MANIFEST_FILE}`,
    });
    // CDK adds AWSLambdaBasicExecutionRole (logs:* on *) to the handler's role even when it is
    // given one; the logs statement above is what the handler needs of it.
    (notificationsRole.node.defaultChild as CfnRole).managedPolicyArns = undefined;

    this.failureAlarm = new Alarm(this, 'FailureAlarm', {
      alarmDescription:
        'A read model import failed: nothing of it is visible and callers are matched against the previous import. Read its report.json and the function log, fix the cause, upload again.',
      metric: this.function.metricErrors({ statistic: Stats.SUM, period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.acknowledgeFindings(notificationsRole);
  }

  /**
   * Reads any object under `imports/` (with its versions), writes only reports and progress, and
   * lists only `imports/` (so that a missing report is a 404, not a 403, to HeadObject).
   */
  private grantUploads(): void {
    const { bucketArn } = this.bucket;
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`${bucketArn}/${IMPORT_KEY_PREFIX}*`],
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [REPORT_FILE, PROGRESS_FILE].map((file) => `${bucketArn}/${IMPORT_KEY_PREFIX}*/${file}`),
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${IMPORT_KEY_PREFIX}*`] } },
      }),
    );
  }

  /** Each finding by its exact id, for what it is. */
  private acknowledgeFindings(notificationsRole: Role): void {
    const stack = Stack.of(this);
    const bucketArn = logicalRef(stack, this.bucket.bucketArn);
    const uploads = `Each import is a folder of its own (imports/<import id>/), named by the uploader; the function serves any of them and nothing outside imports/.`;
    const role = this.function.role;
    if (role) {
      const validations = Validations.of(role);
      validations.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${IMPORT_KEY_PREFIX}*]`,
        reason: `Reads the uploaded files and manifests. ${uploads}`,
      });
      for (const file of [REPORT_FILE, PROGRESS_FILE]) {
        validations.acknowledge({
          id: `AwsSolutions-IAM5[Resource::${bucketArn}/${IMPORT_KEY_PREFIX}*/${file}]`,
          reason: `Writes ${file} beside each upload and no other object. ${uploads}`,
        });
      }
    }
    const notifications = Validations.of(notificationsRole);
    notifications.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "CDK grants its bucket-notifications handler (deploy time only) s3:PutBucketNotification on *; the handler configures only this stack's buckets.",
    });
    notifications.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(stack, this.notificationsLogsArn)}]`,
      reason:
        "The bucket-notifications handler's log group, named after its generated function name, which is known only at deploy time.",
    });
  }
}

/** A string with pseudo parameters as cdk-nag writes it in a finding id (`<AWS::AccountId>`). */
const nagName = (stack: Stack, value: string): string => {
  const resolved: unknown = stack.resolve(value);
  if (typeof resolved === 'string') return resolved;
  const parts = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [];
  return parts
    .map((part) =>
      typeof part === 'string'
        ? part
        : `<${String((part as { Ref?: string }).Ref ?? logicalRef(stack, value))}>`,
    )
    .join('');
};

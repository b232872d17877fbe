import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import {
  LogLevel,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  type IndexName,
  indexesOf,
  TABLE_ENV,
  TABLES,
  type TableKey,
} from '../../shared/adapters/dynamodb/tables.ts';
import { LAMBDA_ESBUILD } from './bundling.ts';

/** The repository root: entries, the lock file and esbuild's working directory are resolved from it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** DynamoDB data-plane actions a function can be granted, by name (`dynamodb:` is added). */
/** The indexes of table `K` a function queries (with `Query`), by name: only names `K` defines. */
export interface IndexQueries<K extends TableKey = TableKey> {
  readonly indexes: readonly IndexName<K>[];
}

export type DynamoDataAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

export interface HotlineFunctionProps
  extends Omit<
    NodejsFunctionProps,
    | 'entry'
    | 'handler'
    | 'code'
    | 'runtime'
    | 'architecture'
    | 'bundling'
    | 'logGroup'
    | 'logRetention'
    | 'role'
    | 'projectRoot'
    | 'depsLockFilePath'
  > {
  /** The handler module, relative to the repository root (`functions/<name>/handler.ts`) or absolute. */
  readonly entry: string;
  /**
   * How long the function's log group keeps its logs.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * `POWERTOOLS_SERVICE_NAME`: the `service` key of every log line.
   *
   * @default 'eviction-hotline'
   */
  readonly serviceName?: string;
  /**
   * The hash key (Secrets Manager) of numbers and names in keys, for a function that hashes one:
   * read through the AWS Parameters and Secrets Lambda Extension, a layer, so that no Secrets
   * Manager client enters the bundle (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html).
   */
  readonly hashKey?: ISecret;
}

/**
 * Every Lambda of the hotline: Node.js 24 on arm64, bundled locally by esbuild (no Docker) as
 * minified ESM with source maps and the AWS SDK inside, logging to its own log group with a
 * retention. Its role starts empty apart from writing to that log group (no AWS-managed policy);
 * tables are added by intent through `useTable`.
 */
export class HotlineFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HotlineFunctionProps) {
    const { logRetention, serviceName, entry, environment, hashKey, ...rest } = props;
    // Created beside the function (a construct cannot have children before `super`); ids derive from `id`.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_MONTH,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}: its own log group and the table actions it was given.`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      ...rest,
      entry: isAbsolute(entry) ? entry : resolve(REPO_ROOT, entry),
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(4),
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName ?? 'eviction-hotline',
        ...(hashKey ? { HASH_KEY_SECRET_ARN: hashKey.secretArn } : {}),
        ...environment,
      },
      ...(hashKey
        ? {
            // The extension caches each version; the code caches it as well, once per cold start.
            paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
              cacheEnabled: true,
              logLevel: ParamsAndSecretsLogLevel.WARN,
            }),
          }
        : {}),
      bundling: {
        target: LAMBDA_ESBUILD.target,
        format: OutputFormat.ESM,
        banner: LAMBDA_ESBUILD.banner,
        minify: LAMBDA_ESBUILD.minify,
        sourceMap: LAMBDA_ESBUILD.sourcemap,
        sourcesContent: LAMBDA_ESBUILD.sourcesContent,
        mainFields: [...LAMBDA_ESBUILD.mainFields],
        bundleAwsSDK: true,
        externalModules: [...LAMBDA_ESBUILD.external],
        logLevel: LogLevel.WARNING,
      },
    });
    if (hashKey) {
      // GetSecretValue on this secret alone (grantRead would add DescribeSecret, which nothing calls).
      Grant.addToPrincipal({
        grantee: this,
        actions: ['secretsmanager:GetSecretValue'],
        resourceArns: [hashKey.secretArn],
      });
    }
  }

  /**
   * Gives the function one of the tables of `shared/adapters/dynamodb/tables.ts` by intent: the
   * table's name in the variable `TABLE_ENV` names for it, and exactly `actions` on that table.
   * Every action is granted on the table; `Query` also on the indexes given as `{ indexes }`, each
   * by its ARN and only if the definition has it (the table's own grant would add `index/*` to
   * every action once a table has an index, a wildcard no function here needs).
   */
  useTable<K extends TableKey>(
    key: K,
    table: ITableV2,
    ...uses: readonly (DynamoDataAction | IndexQueries<K>)[]
  ): Grant {
    const actions = uses.filter((use): use is DynamoDataAction => typeof use === 'string');
    const queried: readonly string[] = uses.flatMap((use) => (typeof use === 'string' ? [] : use.indexes));
    // Checked again here: the type stops a wrong name in typed code, not one from a cast or plain JS.
    const defined = indexesOf(TABLES[key]).map((index) => index.indexName);
    const unknown = queried.filter((name) => !defined.includes(name));
    if (unknown.length > 0 || (queried.length > 0 && !actions.includes('Query'))) {
      throw new Error(
        `useTable('${key}') on ${this.node.path}: indexes are for 'Query' and must be among ${defined.join(', ') || 'none'}; got ${queried.join(', ')}.`,
      );
    }
    if (actions.length === 0) {
      throw new Error(
        `useTable('${key}') on ${this.node.path} needs at least one action, got none; name what the code calls, e.g. 'GetItem'.`,
      );
    }
    this.addEnvironment(TABLE_ENV[key], table.tableName);
    return Grant.addToPrincipal({
      grantee: this,
      actions: actions.map((action) => `dynamodb:${action}`),
      resourceArns: [table.tableArn, ...queried.map((name) => `${table.tableArn}/index/${name}`)],
    });
  }

  /**
   * The origin check of an API function (shared/http/origin-verify.ts): the secret CloudFront sends
   * in `x-origin-verify`, by ARN and optionally pinned version, and GetSecretValue on that secret
   * alone (grantRead would add DescribeSecret, which the code never calls; the secret uses the
   * AWS-managed key, so no KMS grant).
   */
  checkOrigin(secret: ISecret, version?: string): void {
    this.addEnvironment('ORIGIN_VERIFY_SECRET_ARN', secret.secretArn);
    if (version !== undefined) this.addEnvironment('ORIGIN_VERIFY_SECRET_VERSION', version);
    Grant.addToPrincipal({
      grantee: this,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [secret.secretArn],
    });
  }

  /**
   * `useTable` for a function that needs only some partitions of the table: the actions hold only
   * for items whose partition key starts with one of `keyPrefixes`, by IAM's `dynamodb:LeadingKeys`
   * condition (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html).
   * `ForAllValues` with a request that names no key would match; every item action and Query names
   * its partition key, and Scan, which names none, is not offered.
   */
  useTableKeys(
    key: TableKey,
    table: ITableV2,
    keyPrefixes: readonly string[],
    ...actions: readonly Exclude<DynamoDataAction, 'Scan'>[]
  ): void {
    if (keyPrefixes.length === 0 || actions.length === 0 || keyPrefixes.some((prefix) => /[*?]/.test(prefix)))
      throw new Error(
        `useTableKeys('${key}') on ${this.node.path}: name literal key prefixes and at least one action.`,
      );
    this.addEnvironment(TABLE_ENV[key], table.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPrefixes.map((prefix) => `${prefix}*`) },
        },
      }),
    );
  }
}

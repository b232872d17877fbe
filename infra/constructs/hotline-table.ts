import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { indexesOf, type TableDefinition } from '../../shared/adapters/dynamodb/tables.ts';

export interface HotlineTableProps {
  /** One entry of `TABLES` (shared/adapters/dynamodb/tables.ts): keys, TTL attribute and indexes. */
  readonly definition: TableDefinition;
  /**
   * What happens to the table when it leaves the stack. Tables hold the read model and the call log.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether DynamoDB refuses to delete the table.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A hotline table, built from its single definition so that AWS and local mode cannot drift:
 * on-demand, point-in-time recovery, deletion protection, TTL where the definition has one.
 *
 * Encryption uses the AWS-managed key (`aws/dynamodb`) rather than the default AWS-owned key:
 * every use of the key is visible in CloudTrail (the tables hold tenants' personal data), yet there
 * is no key policy to maintain and no key grant to pass between stacks. A customer-managed key
 * would add revocation control at the cost of a key per table, its policy and cross-stack grants;
 * none of the data-protection requirements (docs/privacy.md) asks for that.
 */
export class HotlineTable extends TableV2 {
  constructor(scope: Construct, id: string, props: HotlineTableProps) {
    const { definition } = props;
    const indexes: readonly GlobalSecondaryIndexPropsV2[] = indexesOf(definition).map((index) => ({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      ...(index.sortKey ? { sortKey: { name: index.sortKey, type: AttributeType.STRING } } : {}),
      projectionType: ProjectionType[index.projection],
    }));
    super(scope, id, {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
      ...(indexes.length > 0 ? { globalSecondaryIndexes: [...indexes] } : {}),
    });
  }
}

import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLES, type TableKey } from '../../shared/adapters/dynamodb/tables.ts';
import { HotlineTable } from '../constructs/hotline-table.ts';

/** Every table of the hotline, by its key in `TABLES`. */
export type HotlineTables = Readonly<Record<TableKey, ITableV2>>;

export interface DataStackProps extends StackProps {
  /**
   * Removal policy of every table.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The stateful stack: the tables of `shared/adapters/dynamodb/tables.ts`, one construct each, with
 * the construct id from the definition (`ReadModel`, `Calls`, `Audit`). Other stacks receive them as `tables`.
 */
export class DataStack extends Stack {
  readonly tables: HotlineTables;
  /**
   * The key phone numbers and names are hashed with (HMAC-SHA-256) before they appear in a key:
   * read it with `grantRead` from the functions that hash, and from no other.
   */
  readonly hashKey: ISecret;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    const build = (key: TableKey): ITableV2 =>
      new HotlineTable(this, TABLES[key].id, {
        definition: TABLES[key],
        ...(props.removalPolicy ? { removalPolicy: props.removalPolicy } : {}),
      });
    this.tables = { readModel: build('readModel'), calls: build('calls'), audit: build('audit') };
    // Secrets Manager generates the value (nothing random in the template or on a laptop) and keeps
    // its versions, so a call log hashed with an older key names a version that can still be read.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/create_secret.html
    const hashKey = new Secret(this, 'HashKey', {
      description: 'Key of the HMAC that phone numbers and names are hashed with in DynamoDB keys.',
      // 64 letters and digits: about 380 bits, more than HMAC-SHA-256's 256.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(hashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A new key only takes effect with the next import, which hashes the whole read model with it; a rotation Lambda would change the key under a running import. Rotation is a documented manual step (README, "Phone numbers in keys") followed by an import.',
    });
    this.hashKey = hashKey;
  }
}

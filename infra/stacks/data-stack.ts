import { type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
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

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    const build = (key: TableKey): ITableV2 =>
      new HotlineTable(this, TABLES[key].id, {
        definition: TABLES[key],
        ...(props.removalPolicy ? { removalPolicy: props.removalPolicy } : {}),
      });
    this.tables = { readModel: build('readModel'), calls: build('calls'), audit: build('audit') };
  }
}

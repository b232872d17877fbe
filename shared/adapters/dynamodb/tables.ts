/**
 * Every table, defined once. The CDK data stack and the local runtime (DynamoDB Local) both build
 * their tables from these definitions, so the key schema cannot drift between AWS and local mode.
 */
export interface IndexDefinition {
  /** Named after the query it serves; the same as its key in its table's `indexes`. */
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /**
   * What the index copies of each item: only the keys, or all of it. Every write that changes a
   * projected attribute writes the index too (and is billed for it), so an index of items that are
   * written many times projects keys only and its reader fetches the items. DynamoDB cannot change
   * an index's projection in place: a change means a new index.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections
   */
  readonly projection: 'KEYS_ONLY' | 'ALL';
}

export interface TableDefinition {
  /** Construct id in CDK and suffix of the local table name. */
  readonly id: string;
  readonly purpose: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  /** Epoch-seconds attribute that DynamoDB TTL expires items by. */
  readonly timeToLiveAttribute?: string;
  /** The table's indexes by name: code names the index it queries, never one by position. */
  readonly indexes: Readonly<Record<string, IndexDefinition>>;
}

/**
 * Indexes keyed by their names, each definition given its key as `indexName`: the name is written
 * once, and `TABLES.<table>.indexes.<name>` type-checks only for an index the table has.
 */
const indexesByName = <const T extends Readonly<Record<string, Omit<IndexDefinition, 'indexName'>>>>(
  indexes: T,
): { readonly [N in keyof T & string]: T[N] & { readonly indexName: N } } =>
  Object.fromEntries(
    Object.entries(indexes).map(([indexName, index]) => [indexName, { indexName, ...index }]),
  ) as { readonly [N in keyof T & string]: T[N] & { readonly indexName: N } };

export const TABLES = {
  readModel: {
    id: 'ReadModel',
    purpose:
      'Tenancy read model loaded by import: tenancy files and phone entries per import generation, and the pointer to the active generation.',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: indexesByName({}),
  },
  calls: {
    id: 'Calls',
    purpose:
      'Call log: one item per call (initial contact id) with its outcome revisions, and cases closed from the hotline; expiring after the retention period.',
    partitionKey: 'pk',
    sortKey: 'sk',
    timeToLiveAttribute: 'expiresAt',
    indexes: indexesByName({
      /**
       * The calls of a tenancy, recent first: identify-caller files each call as it logs it, and
       * contact events and outcomes write the log several times more, so the index keeps keys only.
       */
      callsByTenancy: {
        partitionKey: 'tenancyKey',
        sortKey: 'receivedAt',
        projection: 'KEYS_ONLY',
      },
    }),
  },
  audit: {
    id: 'Audit',
    purpose:
      "Audit trail: who read or changed which tenant's data, when and through which route, ids only; append-only, expiring after its own retention (longer than the call log's).",
    partitionKey: 'pk',
    sortKey: 'sk',
    timeToLiveAttribute: 'expiresAt',
    indexes: indexesByName({}),
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;

/** The names of a table's indexes: a name the table does not define is a type error. */
export type IndexName<K extends TableKey> = keyof (typeof TABLES)[K]['indexes'] & string;

/** A table's indexes in definition order, for code that builds them all (CDK, DynamoDB Local). */
export const indexesOf = (table: TableDefinition): readonly IndexDefinition[] => Object.values(table.indexes);

/** Local table names: `<prefix>-<id>`, so test files can isolate themselves by prefix. */
export const localTableName = (prefix: string, table: TableKey): string => `${prefix}-${TABLES[table].id}`;

/** The environment variables that carry each table's name into a function. */
export const TABLE_ENV: Record<TableKey, 'READ_MODEL_TABLE' | 'CALLS_TABLE' | 'AUDIT_TABLE'> = {
  readModel: 'READ_MODEL_TABLE',
  calls: 'CALLS_TABLE',
  audit: 'AUDIT_TABLE',
};

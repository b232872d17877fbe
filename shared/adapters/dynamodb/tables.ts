/**
 * Every table, defined once. The CDK data stack and the local runtime (DynamoDB Local) both build
 * their tables from these definitions, so the key schema cannot drift between AWS and local mode.
 */
export interface IndexDefinition {
  /** Named after the query it serves. */
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
  readonly indexes: readonly IndexDefinition[];
}

export const TABLES = {
  readModel: {
    id: 'ReadModel',
    purpose:
      'Tenancy read model loaded by import: tenancy files and phone entries per import generation, and the pointer to the active generation.',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
  },
  calls: {
    id: 'Calls',
    purpose:
      'Call log: one item per call (initial contact id) with its outcome revisions, and cases closed from the hotline; expiring after the retention period.',
    partitionKey: 'pk',
    sortKey: 'sk',
    timeToLiveAttribute: 'expiresAt',
    indexes: [
      /**
       * The calls of a tenancy, recent first: identify-caller files each call as it logs it, and
       * contact events and outcomes write the log several times more, so the index keeps keys only.
       */
      {
        indexName: 'callsByTenancy',
        partitionKey: 'tenancyKey',
        sortKey: 'receivedAt',
        projection: 'KEYS_ONLY',
      },
    ],
  },
  audit: {
    id: 'Audit',
    purpose:
      "Audit trail: who read or changed which tenant's data, when and through which route, ids only; append-only, expiring after its own retention (longer than the call log's).",
    partitionKey: 'pk',
    sortKey: 'sk',
    timeToLiveAttribute: 'expiresAt',
    indexes: [],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof TABLES;

/** Local table names: `<prefix>-<id>`, so test files can isolate themselves by prefix. */
export const localTableName = (prefix: string, table: TableKey): string => `${prefix}-${TABLES[table].id}`;

/** The environment variables that carry each table's name into a function. */
export const TABLE_ENV: Record<TableKey, 'READ_MODEL_TABLE' | 'CALLS_TABLE' | 'AUDIT_TABLE'> = {
  readModel: 'READ_MODEL_TABLE',
  calls: 'CALLS_TABLE',
  audit: 'AUDIT_TABLE',
};

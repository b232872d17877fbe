import { describe, expect, it } from 'vitest';
import { indexesOf, TABLES, type TableKey } from '../../shared/adapters/dynamodb/tables.ts';

describe('the table definitions', () => {
  it('name each index by the key it is defined under, the name code queries it by', () => {
    // Act
    const names = (Object.keys(TABLES) as TableKey[]).map((table) => ({
      table,
      keys: Object.keys(TABLES[table].indexes),
      indexNames: indexesOf(TABLES[table]).map((index) => index.indexName),
    }));
    // Assess
    expect(names).toEqual([
      { table: 'readModel', keys: [], indexNames: [] },
      { table: 'calls', keys: ['callsByTenancy'], indexNames: ['callsByTenancy'] },
      { table: 'audit', keys: [], indexNames: [] },
    ]);
  });

  it('give an index by its name, and no index for a name the table lacks', () => {
    // Act
    const byTenancy = TABLES.calls.indexes.callsByTenancy;
    // @ts-expect-error: the calls table has no index of that name, so this does not compile.
    const missing: unknown = TABLES.calls.indexes.callsByPhone;
    // Assess
    expect(byTenancy).toEqual({
      indexName: 'callsByTenancy',
      partitionKey: 'tenancyKey',
      sortKey: 'receivedAt',
      projection: 'KEYS_ONLY',
    });
    expect(missing).toBeUndefined();
  });
});

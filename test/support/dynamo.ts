import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { generateDemoData } from '../../local/demo/demo-data.ts';
import { ensureTables } from '../../local/tables.ts';
import { localEndpointSettings } from '../../shared/adapters/dynamodb/client.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { type IdentifyCallerEnv, loadIdentifyCallerEnv } from '../../shared/config/env.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';

/**
 * Tables of their own for one test file (or test), on the shared DynamoDB Local, and the
 * configuration that points the real adapters and handlers at them.
 */
export const createTestTables = async (
  overrides: Record<string, string> = {},
): Promise<{ env: IdentifyCallerEnv; envVars: Record<string, string>; prefix: string }> => {
  const endpoint = inject('dynamoEndpoint');
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    ...localEndpointSettings(endpoint, 'eu-central-1'),
  });
  const names = await ensureTables(client, prefix);
  client.destroy();
  const envVars = {
    READ_MODEL_TABLE: names.readModel,
    CALLS_TABLE: names.calls,
    AUDIT_TABLE: names.audit,
    // A hash key of these tables' own (generated at first use).
    HASH_KEY_DIR: mkdtempSync(join(tmpdir(), `hotline-key-${prefix}-`)),
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'eu-central-1',
    ...overrides,
  };
  return { env: loadIdentifyCallerEnv(envVars), envVars, prefix };
};

/**
 * Tables of their own with the demo read model for `today` (seed 11, 60 tenancies) imported through
 * the CSV import, as `npm start` seeds it: the demo callers are rated on that day as the showcase says.
 */
export const createTablesWithDemoData = async (today: string) => {
  const tables = await createTestTables();
  const demo = generateDemoData({ seed: 11, today: today as IsoDate, tenancies: 60 });
  const adapters = makeDynamoAdapters(tables.env);
  await makeImportReadModel(adapters)({
    tenancies: { name: 'tenancies.csv', content: demo.tenanciesCsv },
    cases: { name: 'cases.csv', content: demo.casesCsv },
  });
  adapters.destroy();
  return tables;
};

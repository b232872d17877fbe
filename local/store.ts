import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { localEndpointSettings } from '../shared/adapters/dynamodb/client.ts';
import { TABLE_ENV, type TableKey } from '../shared/adapters/dynamodb/tables.ts';
import { type IdentifyCallerEnv, type LocalEnv, loadIdentifyCallerEnv } from '../shared/config/env.ts';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { ensureTables } from './tables.ts';

/** What a running `hotline start` leaves in its data folder, so that other commands go through it. */
const ServerFile = z.object({
  pid: z.number().int().positive(),
  url: z.url(),
  dynamoEndpoint: z.url(),
  startedAt: z.string(),
});
export type ServerFile = z.infer<typeof ServerFile>;

const serverFilePath = (dataDir: string) => join(resolve(dataDir), 'server.json');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The live server that owns `dataDir`, if one does; a file left by a killed server is ignored. */
export const readServerFile = (dataDir: string): ServerFile | undefined => {
  const path = serverFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  const parsed = ServerFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success && isAlive(parsed.data.pid) ? parsed.data : undefined;
};

export const writeServerFile = (dataDir: string, server: ServerFile): void => {
  mkdirSync(resolve(dataDir), { recursive: true });
  // It holds the database's secret key (in the DynamoDB endpoint): for its owner only.
  writeFileSync(serverFilePath(dataDir), `${JSON.stringify(server, null, 2)}\n`, { mode: 0o600 });
  chmodSync(serverFilePath(dataDir), 0o600); // a file left by a crashed server keeps its old mode otherwise
};

export const removeServerFile = (dataDir: string): void => rmSync(serverFilePath(dataDir), { force: true });

export interface OpenStore {
  readonly endpoint: string;
  /** Configuration for the real adapters and handlers, pointing at this store's tables. */
  readonly env: IdentifyCallerEnv;
  readonly envVars: Record<string, string>;
  /** Who runs DynamoDB: this process, a `hotline start` server, or an external endpoint. */
  readonly owner: 'self' | 'server' | 'external';
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  readonly local: LocalEnv;
  /** `--data`; defaults to HOTLINE_DATA_DIR. */
  readonly dataDir?: string | undefined;
  readonly inMemory?: boolean;
  /** For `hotline start`: never borrow another server's DynamoDB. */
  readonly exclusive?: boolean;
}

/**
 * Finds or starts the DynamoDB a command works on (docs/cli.md): DYNAMODB_ENDPOINT
 * when set; else the DynamoDB Local of a `hotline start` that owns the data folder; else one of its
 * own for the command's duration. The tables are created when missing.
 */
export const openStore = async (options: OpenStoreOptions): Promise<OpenStore> => {
  const dataDir = options.dataDir ?? options.local.HOTLINE_DATA_DIR;
  const server = options.exclusive ? undefined : readServerFile(dataDir);
  let running: RunningDynamoDbLocal | undefined;
  let endpoint: string;
  let owner: OpenStore['owner'];
  if (options.local.DYNAMODB_ENDPOINT) {
    endpoint = options.local.DYNAMODB_ENDPOINT;
    owner = 'external';
  } else if (server) {
    endpoint = server.dynamoEndpoint;
    owner = 'server';
  } else {
    running = await startDynamoDbLocal({ dataDir: options.inMemory ? undefined : join(dataDir, 'dynamodb') });
    endpoint = running.endpoint;
    owner = 'self';
  }
  try {
    const client = new DynamoDBClient({
      endpoint,
      region: 'eu-central-1',
      ...localEndpointSettings(endpoint, 'eu-central-1'),
    });
    const names = await ensureTables(client, options.local.HOTLINE_TABLE_PREFIX);
    client.destroy();
    // The store's hash key lives beside its data (generated at first use, for its owner only).
    const envVars: Record<string, string> = {
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: 'eu-central-1',
      HASH_KEY_DIR: resolve(dataDir),
    };
    for (const key of Object.keys(TABLE_ENV) as TableKey[]) envVars[TABLE_ENV[key]] = names[key];
    return {
      endpoint,
      env: loadIdentifyCallerEnv(envVars),
      envVars,
      owner,
      close: async () => running?.stop(),
    };
  } catch (error) {
    await running?.stop();
    throw error;
  }
};

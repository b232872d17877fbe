import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/**
 * Starts one in-memory DynamoDB Local for the whole test run, or uses DYNAMODB_ENDPOINT when set.
 * Vitest runs this once per project that is part of the run, so the instance is shared by
 * reference count: the last project to finish stops it.
 */
let running: Promise<{ endpoint: string; stop: () => Promise<void> }> | undefined;
let users = 0;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  users++;
  const external = process.env.DYNAMODB_ENDPOINT;
  running ??= external ? Promise.resolve({ endpoint: external, stop: async () => {} }) : startDynamoDbLocal();
  const { endpoint, stop } = await running;
  project.provide('dynamoEndpoint', endpoint);
  return async () => {
    users--;
    if (users === 0) await stop();
  };
}

import {
  makeSecretsManagerClient,
  SecretsManagerOriginSecret,
} from '../adapters/secrets-manager/origin-secret.ts';
import { loadOriginVerifyEnv } from '../config/env.ts';
import { type LambdaHttpHandler, onlyThroughCloudFront } from './origin-verify.ts';

/**
 * The Secrets Manager client's bounds: the secret is read once per cold start (origin-verify.ts),
 * with the patience of the APIs' other clients (a person waits on each of them).
 */
const ORIGIN_SECRET_CLIENT = { requestTimeoutMs: 2000, maxAttempts: 3 } as const;

/**
 * An API function's Lambda entry: `handler` behind the origin check, with the secret named by the
 * environment (ORIGIN_VERIFY_SECRET_ARN, required: without it the cold start fails). Only
 * functions/<api>/handler.ts call this; the local server composes the handlers without it.
 */
export const cloudFrontOnly = (api: string, handler: LambdaHttpHandler): LambdaHttpHandler => {
  const origin = loadOriginVerifyEnv();
  return onlyThroughCloudFront(
    new SecretsManagerOriginSecret(
      makeSecretsManagerClient({ region: origin.AWS_REGION, ...ORIGIN_SECRET_CLIENT }),
      origin.ORIGIN_VERIFY_SECRET_ARN,
      origin.ORIGIN_VERIFY_SECRET_VERSION,
    ),
    handler,
    api,
  );
};

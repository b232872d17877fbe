import {
  makeSecretsManagerClient,
  SecretsManagerOriginSecret,
} from '../adapters/secrets-manager/origin-secret.ts';
import { loadOriginVerifyEnv } from '../config/env.ts';
import { type LambdaHttpHandler, onlyThroughCloudFront } from './origin-verify.ts';

/**
 * An API function's Lambda entry: `handler` behind the origin check, with the secret named by the
 * environment (ORIGIN_VERIFY_SECRET_ARN, required: without it the cold start fails) and read with
 * the API's own client settings. Only functions/<api>/handler.ts call this; the local server composes
 * the handlers without it.
 */
export const cloudFrontOnly = (
  api: string,
  handler: LambdaHttpHandler,
  client: { readonly requestTimeoutMs: number; readonly maxAttempts: number },
): LambdaHttpHandler => {
  const origin = loadOriginVerifyEnv();
  return onlyThroughCloudFront(
    new SecretsManagerOriginSecret(
      makeSecretsManagerClient({ region: origin.AWS_REGION, ...client }),
      origin.ORIGIN_VERIFY_SECRET_ARN,
      origin.ORIGIN_VERIFY_SECRET_VERSION,
    ),
    handler,
    api,
  );
};

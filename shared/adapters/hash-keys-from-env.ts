import type { HashKeyEnv } from '../config/env.ts';
import { MissingConfigurationError } from '../domain/errors.ts';
import type { HashKeys } from '../ports/hash-keys.ts';
import { fileHashKeys } from './local/hash-key-file.ts';
import { ExtensionHashKeys } from './secrets-manager/hash-keys.ts';

const localKeys = new Map<string, HashKeys>();

/**
 * The hash keys a function's configuration names: the Secrets Manager secret in AWS (through the
 * Parameters and Secrets extension, with the function's session token), the store's key file
 * locally. Neither is a configuration error at cold start, never a silent unkeyed hash.
 */
export const hashKeysFromEnv = (env: HashKeyEnv): HashKeys => {
  if (env.HASH_KEY_SECRET_ARN !== undefined) {
    if (env.AWS_SESSION_TOKEN === undefined) throw new MissingConfigurationError('AWS_SESSION_TOKEN');
    return new ExtensionHashKeys(env.HASH_KEY_SECRET_ARN, {
      port: env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT,
      sessionToken: env.AWS_SESSION_TOKEN,
    });
  }
  if (env.HASH_KEY_DIR !== undefined) {
    // One per folder and process: the simulator wires identify-caller for every call it places.
    let keys = localKeys.get(env.HASH_KEY_DIR);
    if (keys === undefined) {
      keys = fileHashKeys(env.HASH_KEY_DIR);
      localKeys.set(env.HASH_KEY_DIR, keys);
    }
    return keys;
  }
  throw new MissingConfigurationError('HASH_KEY_SECRET_ARN');
};

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { OriginSecretUnavailableError } from '../../domain/errors.ts';
import { MIN_ORIGIN_SECRET_LENGTH, type OriginSecret } from '../../ports/origin-secret.ts';

/**
 * Letters and digits only, as infra/stacks/hotline-stack.ts generates it: the value goes into an
 * HTTP header as it is, so nothing in it needs quoting or escaping.
 */
const SecretValue = z.object({
  SecretString: z.string().check(z.minLength(MIN_ORIGIN_SECRET_LENGTH), z.regex(/^[A-Za-z0-9]+$/)),
});

export interface SecretsManagerClientOptions {
  readonly region: string;
  /** Per-request socket timeout: the first request of a cold start waits for this read. */
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

export const makeSecretsManagerClient = (options: SecretsManagerClientOptions): SecretsManagerClient =>
  new SecretsManagerClient({
    region: options.region,
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: Math.min(1000, options.requestTimeoutMs),
      requestTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });

/**
 * The origin secret in Secrets Manager, read with the function's own role (GetSecretValue on this
 * secret only), so the value is in neither the function's configuration nor its logs. Read once per
 * cold start and cached: no network call per request. A rotation pins a new version
 * (ORIGIN_VERIFY_SECRET_VERSION), and the changed configuration starts every function afresh
 * (docs/security.md).
 */
export class SecretsManagerOriginSecret implements OriginSecret {
  readonly #client: SecretsManagerClient;
  readonly #secretId: string;
  readonly #versionId: string | undefined;
  #value: Promise<string> | undefined;

  /** `versionId`: the version CloudFront was deployed with; unset, the current one (AWSCURRENT). */
  constructor(client: SecretsManagerClient, secretId: string, versionId?: string) {
    this.#client = client;
    this.#secretId = secretId;
    this.#versionId = versionId;
  }

  current(): Promise<string> {
    if (this.#value === undefined) {
      const read = this.#read();
      // A failed read is not cached: the next request tries again.
      read.catch(() => {
        if (this.#value === read) this.#value = undefined;
      });
      this.#value = read;
    }
    return this.#value;
  }

  async #read(): Promise<string> {
    let output: unknown;
    try {
      output = await this.#client.send(
        new GetSecretValueCommand({
          SecretId: this.#secretId,
          ...(this.#versionId !== undefined && { VersionId: this.#versionId }),
        }),
      );
    } catch (error) {
      throw new OriginSecretUnavailableError({ cause: error });
    }
    const parsed = SecretValue.safeParse(output);
    if (!parsed.success) throw new OriginSecretUnavailableError({ cause: parsed.error });
    return parsed.data.SecretString;
  }
}

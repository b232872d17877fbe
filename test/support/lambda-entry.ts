import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_ORIGIN_SECRET } from '../fixtures/http-api-events.ts';
import { quietLogsOf } from './quiet-logs-setup.ts';

/**
 * Imports a Lambda entry (functions/<name>/handler.ts) afresh with `env` as its environment, as a
 * cold start does: the module reads its configuration at import. Undo with `vi.unstubAllEnvs()`.
 */
export const coldStart = async <T>(load: () => Promise<T>, env: Record<string, string>): Promise<T> => {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const entry = await load();
  // The entry brought a logger of its own (the module registry was reset): as quiet as the first.
  quietLogsOf((await import('../../shared/observability/logger.ts')).logger);
  return entry;
};

/** A Lambda entry of an HTTP API: what its module exports. */
type ApiEntry = { readonly handler: (event: unknown) => Promise<{ statusCode: number; body: string }> };

/** The origin secret's ARN the API entries are configured with in these tests. */
export const TEST_ORIGIN_SECRET_ARN =
  'arn:aws:secretsmanager:eu-central-1:111122223333:secret:HotlineOriginVerify-AbCdEf';

/**
 * The tests every API's Lambda entry must pass (shared/http/cloudfront-only.ts): with CloudFront's
 * header the request goes on to the API (reading the secret once across requests); without it, or
 * with a wrong value, 403 even for a signed-in user; without ORIGIN_VERIFY_SECRET_ARN no start.
 * `env` is what CDK sets, without the origin secret's ARN, which is added here.
 */
export const describeOriginCheckedEntry = (options: {
  readonly api: string;
  readonly load: () => Promise<ApiEntry>;
  readonly env: Record<string, string>;
  /** A request of a signed-in user of the API, with this origin header (`null`: none). */
  readonly requestWith: (originSecret?: string | null) => unknown;
  /** A request that the API answers without reading any data, and that answer. */
  readonly passedOn: { readonly request: unknown; readonly answer: [number, unknown] };
}): void => {
  const env = { ...options.env, ORIGIN_VERIFY_SECRET_ARN: TEST_ORIGIN_SECRET_ARN };
  describe(`${options.api}: the Lambda entry, only through CloudFront`, () => {
    const sm = mockClient(SecretsManagerClient);
    beforeEach(() => {
      sm.reset();
      sm.on(GetSecretValueCommand, { SecretId: TEST_ORIGIN_SECRET_ARN }).resolves({
        SecretString: TEST_ORIGIN_SECRET,
      });
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it(`goes on to the ${options.api} with the right header, reading the secret once across requests`, async () => {
      // Prepare
      const { handler } = await coldStart(options.load, env);
      // Act
      const results = await Promise.all([1, 2, 3].map(() => handler(options.passedOn.request)));
      // Assess
      expect(results.map((result) => [result.statusCode, JSON.parse(result.body)])).toEqual([
        options.passedOn.answer,
        options.passedOn.answer,
        options.passedOn.answer,
      ]);
      expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    });

    it.each([
      ['without the header', null],
      ['with a wrong value', `${TEST_ORIGIN_SECRET.slice(0, -1)}X`],
    ])('answers 403 forbidden %s, even to a signed-in user', async (_, originSecret) => {
      // Prepare
      const { handler } = await coldStart(options.load, env);
      // Act
      const result = await handler(options.requestWith(originSecret));
      // Assess
      expect(result.statusCode).toBe(403);
      expect(JSON.parse(result.body)).toEqual({ message: 'forbidden' });
    });

    it('does not start without ORIGIN_VERIFY_SECRET_ARN: no configuration turns the check off', async () => {
      // Prepare
      vi.stubEnv('ORIGIN_VERIFY_SECRET_ARN', undefined);
      // Act
      const start = coldStart(options.load, options.env);
      // Assess
      await expect(start).rejects.toThrow(
        'configuration ORIGIN_VERIFY_SECRET_ARN is required here but not set',
      );
    });
  });
};

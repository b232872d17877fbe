import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretsManagerOriginSecret } from '../../shared/adapters/secrets-manager/origin-secret.ts';
import { loadOriginVerifyEnv } from '../../shared/config/env.ts';
import { MissingConfigurationError, OriginSecretUnavailableError } from '../../shared/domain/errors.ts';
import { json } from '../../shared/http/http-api-event.ts';
import {
  isOriginSecret,
  type LambdaHttpHandler,
  ORIGIN_VERIFY_HEADER,
  onlyThroughCloudFront,
} from '../../shared/http/origin-verify.ts';
import type { OriginSecret } from '../../shared/ports/origin-secret.ts';
import { anHttpApiEvent, TEST_ORIGIN_SECRET } from '../fixtures/http-api-events.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:HotlineOriginVerify-AbCdEf';

/** GetSecretValue's answer as Secrets Manager records it. */
const aSecretValue = (secretString = TEST_ORIGIN_SECRET) => ({
  ARN: SECRET_ARN,
  Name: 'HotlineOriginVerify',
  VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  SecretString: secretString,
  VersionStages: ['AWSCURRENT'],
  CreatedDate: new Date('2026-11-25T09:15:00Z'),
  $metadata: { httpStatusCode: 200 },
});

describe('isOriginSecret', () => {
  it('accepts exactly the secret', () => {
    expect(isOriginSecret(TEST_ORIGIN_SECRET, TEST_ORIGIN_SECRET)).toBe(true);
  });

  it('refuses another value of the same length, a prefix, a longer value and no value', () => {
    const sameLength = `${TEST_ORIGIN_SECRET.slice(0, -1)}X`;
    expect(isOriginSecret(sameLength, TEST_ORIGIN_SECRET)).toBe(false);
    expect(isOriginSecret(TEST_ORIGIN_SECRET.slice(0, 32), TEST_ORIGIN_SECRET)).toBe(false);
    expect(isOriginSecret(`${TEST_ORIGIN_SECRET}0`, TEST_ORIGIN_SECRET)).toBe(false);
    expect(isOriginSecret('', TEST_ORIGIN_SECRET)).toBe(false);
    expect(isOriginSecret(undefined, TEST_ORIGIN_SECRET)).toBe(false);
  });
});

describe('onlyThroughCloudFront', () => {
  const logs = captureLogsOfEachTest();

  const setUp = (current: OriginSecret['current'] = async () => TEST_ORIGIN_SECRET) => {
    const secret = { current: vi.fn<OriginSecret['current']>(current) };
    const inner = vi.fn<LambdaHttpHandler>(async () => json(200, { message: 'inner' }));
    return { secret, inner, handler: onlyThroughCloudFront(secret, inner, 'agent') };
  };

  it('passes a request with the right header on to the handler, unchanged, and answers what it answers', async () => {
    // Prepare
    const { inner, handler } = setUp();
    const event = anHttpApiEvent();
    // Act
    const result = await handler(event);
    // Assess
    expect(result).toEqual(json(200, { message: 'inner' }));
    expect(inner).toHaveBeenCalledExactlyOnceWith(event);
  });

  it('answers 403 forbidden to a request without the header, before reading the secret or the event', async () => {
    // Prepare
    const { secret, inner, handler } = setUp();
    // Act
    const result = await handler(anHttpApiEvent({ originSecret: null }));
    // Assess
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body)).toEqual({ message: 'forbidden' });
    expect(inner).not.toHaveBeenCalled();
    expect(secret.current).not.toHaveBeenCalled();
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        message: 'api request not through cloudfront',
        api: 'agent',
        header: 'missing',
      }),
    );
  });

  it('answers 403 forbidden to a request with a wrong value, and logs no value', async () => {
    // Prepare
    const { inner, handler } = setUp();
    const guess = `${TEST_ORIGIN_SECRET.slice(0, -1)}X`;
    // Act
    const result = await handler(anHttpApiEvent({ originSecret: guess }));
    // Assess
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body)).toEqual({ message: 'forbidden' });
    expect(inner).not.toHaveBeenCalled();
    expect(logs.text()).not.toContain(guess);
    expect(logs.text()).not.toContain(TEST_ORIGIN_SECRET);
  });

  it('answers 403 to what is not an HTTP API event at all, before the handler parses it', async () => {
    // Prepare
    const { inner, handler } = setUp();
    // Act
    const results = await Promise.all([handler(undefined), handler('x'), handler({ headers: 'x' })]);
    // Assess
    expect(results.map((result) => result.statusCode)).toEqual([403, 403, 403]);
    expect(inner).not.toHaveBeenCalled();
  });

  it('reads the header only under its lower-case name, as API Gateway delivers it', async () => {
    // Prepare
    const { inner, handler } = setUp();
    // Act
    const result = await handler(
      anHttpApiEvent({ originSecret: null, headers: { 'X-Origin-Verify': TEST_ORIGIN_SECRET } }),
    );
    // Assess
    expect(ORIGIN_VERIFY_HEADER).toBe('x-origin-verify');
    expect(result.statusCode).toBe(403);
    expect(inner).not.toHaveBeenCalled();
  });

  it('answers 500 and calls nothing when the secret cannot be read', async () => {
    // Prepare
    const { inner, handler } = setUp(async () => {
      throw new OriginSecretUnavailableError();
    });
    // Act
    const result = await handler(anHttpApiEvent());
    // Assess
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ message: 'internal error' });
    expect(inner).not.toHaveBeenCalled();
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ message: 'origin secret unavailable', api: 'agent' }),
    );
  });
});

const sm = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({
  region: 'eu-central-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});

describe('SecretsManagerOriginSecret', () => {
  beforeEach(() => sm.reset());

  it('reads the secret once, however many requests ask, at the same time or later', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves(aSecretValue());
    const secret = new SecretsManagerOriginSecret(client, SECRET_ARN);
    // Act
    const together = await Promise.all([secret.current(), secret.current()]);
    const later = await secret.current();
    // Assess
    expect([...together, later]).toEqual([TEST_ORIGIN_SECRET, TEST_ORIGIN_SECRET, TEST_ORIGIN_SECRET]);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
  });

  it('reads the version CloudFront was deployed with, when one is pinned', async () => {
    // Prepare
    const version = 'b2c3d4e5-6789-40ab-8def-000000000002';
    sm.on(GetSecretValueCommand, { SecretId: SECRET_ARN, VersionId: version }).resolves(aSecretValue());
    const secret = new SecretsManagerOriginSecret(client, SECRET_ARN, version);
    // Act
    const value = await secret.current();
    // Assess
    expect(value).toBe(TEST_ORIGIN_SECRET);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN, VersionId: version });
  });

  it('maps a failed read to OriginSecretUnavailableError with the cause, and tries again next time', async () => {
    // Prepare
    const failure = new Error('connect ETIMEDOUT');
    sm.on(GetSecretValueCommand).rejectsOnce(failure).resolves(aSecretValue());
    const secret = new SecretsManagerOriginSecret(client, SECRET_ARN);
    // Act
    const first = secret.current();
    // Assess
    await expect(first).rejects.toBeInstanceOf(OriginSecretUnavailableError);
    await expect(first).rejects.toMatchObject({ cause: failure });
    await expect(secret.current()).resolves.toBe(TEST_ORIGIN_SECRET);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it.each([
    ['shorter than 32 characters', 'Short0123456789'],
    ['with characters a header would need escaped', `${TEST_ORIGIN_SECRET.slice(0, 40)} ;"\n`],
  ])('refuses a value %s', async (_, value) => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves(aSecretValue(value));
    const secret = new SecretsManagerOriginSecret(client, SECRET_ARN);
    // Act
    const read = secret.current();
    // Assess
    await expect(read).rejects.toBeInstanceOf(OriginSecretUnavailableError);
  });

  it('refuses a secret without a string (a binary secret)', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves({ ...aSecretValue(), SecretString: undefined });
    const secret = new SecretsManagerOriginSecret(client, SECRET_ARN);
    // Act
    const read = secret.current();
    // Assess
    await expect(read).rejects.toBeInstanceOf(OriginSecretUnavailableError);
  });
});

describe('loadOriginVerifyEnv', () => {
  it('reads the secret ARN and the region', () => {
    expect(loadOriginVerifyEnv({ ORIGIN_VERIFY_SECRET_ARN: SECRET_ARN })).toEqual({
      ORIGIN_VERIFY_SECRET_ARN: SECRET_ARN,
      AWS_REGION: 'eu-central-1',
    });
  });

  it.each([
    ['unset', {}],
    ['empty', { ORIGIN_VERIFY_SECRET_ARN: '' }],
  ])('fails with the variable named when it is %s', (_, source) => {
    // Act
    const load = () => loadOriginVerifyEnv(source);
    // Assess
    expect(load).toThrow(MissingConfigurationError);
    expect(load).toThrow('configuration ORIGIN_VERIFY_SECRET_ARN is required here but not set');
  });

  it('reads a pinned version, and refuses one that is not a version id', () => {
    const version = 'b2c3d4e5-6789-40ab-8def-000000000002';
    expect(
      loadOriginVerifyEnv({ ORIGIN_VERIFY_SECRET_ARN: SECRET_ARN, ORIGIN_VERIFY_SECRET_VERSION: version })
        .ORIGIN_VERIFY_SECRET_VERSION,
    ).toBe(version);
    expect(() =>
      loadOriginVerifyEnv({
        ORIGIN_VERIFY_SECRET_ARN: SECRET_ARN,
        ORIGIN_VERIFY_SECRET_VERSION: 'AWSCURRENT',
      }),
    ).toThrow(/ORIGIN_VERIFY_SECRET_VERSION/);
  });

  it('refuses a value that is not a Secrets Manager ARN', () => {
    expect(() => loadOriginVerifyEnv({ ORIGIN_VERIFY_SECRET_ARN: 'HotlineOriginVerify' })).toThrow(
      /ORIGIN_VERIFY_SECRET_ARN/,
    );
  });
});

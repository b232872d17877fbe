import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyedHash, phoneHash } from '../../shared/adapters/dynamodb/keys.ts';
import {
  fileHashKeys,
  HASH_KEY_FILE,
  loadOrCreateHashKey,
} from '../../shared/adapters/local/hash-key-file.ts';
import { SecretsManagerHashKeys } from '../../shared/adapters/secrets-manager/hash-keys.ts';
import { HashKeyUnavailableError } from '../../shared/domain/errors.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { HashKey } from '../../shared/ports/hash-keys.ts';

const PHONE = '+436641234567' as E164;
const aKey = (fill: number, version = 'v1'): HashKey => ({ version, secret: new Uint8Array(32).fill(fill) });

describe('keyedHash', () => {
  it('gives the same hash for the same key and value', () => {
    // Act
    const first = keyedHash(aKey(1))(PHONE);
    const second = keyedHash(aKey(1))(PHONE);
    // Assess
    expect(first).toBe(second);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives a different hash for a different key', () => {
    // Act
    const one = keyedHash(aKey(1))(PHONE);
    const other = keyedHash(aKey(2))(PHONE);
    // Assess
    expect(one).not.toBe(other);
  });

  it('is not the unkeyed SHA-256 prefix an enumeration reverses', () => {
    // Act
    const hash = keyedHash(aKey(1))(PHONE);
    // Assess
    expect(hash).not.toBe(phoneHash(PHONE));
  });
});

const sm = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({
  region: 'eu-central-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const SECRET_ID = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:HotlineHashKey-AbCdEf';
const SECRET_STRING = 'q3Zp8XkLm2Wv9RtYb4Nc7Hs1Jd6Gf0Ae5Ux8Po3Iq2Kw7Lz9Mr4Tv1By6Cn0Dh5E';

/** GetSecretValue's answer as Secrets Manager records it (the fields the adapter reads are a contract). */
const aSecretValue = (versionId = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', secretString = SECRET_STRING) => ({
  ARN: SECRET_ID,
  Name: 'HotlineHashKey',
  VersionId: versionId,
  SecretString: secretString,
  VersionStages: ['AWSCURRENT'],
  CreatedDate: new Date('2026-11-25T09:15:00Z'),
  $metadata: { httpStatusCode: 200 },
});

describe('SecretsManagerHashKeys', () => {
  beforeEach(() => sm.reset());

  it('reads the current key once and caches it', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves(aSecretValue());
    const keys = new SecretsManagerHashKeys(client, SECRET_ID);
    // Act
    const first = await keys.current();
    const second = await keys.current();
    // Assess
    expect(first.version).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
    expect(Buffer.from(first.secret).toString('utf8')).toBe(SECRET_STRING);
    expect(second).toBe(first);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ID });
  });

  it('reads an older key by its version id', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionId: 'old-version' }).resolves(
      aSecretValue('old-version', 'an-older-secret-that-is-long-enough-for-hmac-0001'),
    );
    const keys = new SecretsManagerHashKeys(client, SECRET_ID);
    // Act
    const key = await keys.byVersion('old-version');
    // Assess
    expect(key?.version).toBe('old-version');
    expect(sm).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: SECRET_ID,
      VersionId: 'old-version',
    });
  });

  it('answers undefined for a version Secrets Manager no longer has', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({ message: 'no such version', $metadata: {} }),
    );
    const keys = new SecretsManagerHashKeys(client, SECRET_ID);
    // Act
    const key = await keys.byVersion('gone');
    // Assess
    expect(key).toBeUndefined();
  });

  it('maps a failed read to HashKeyUnavailableError with the cause, and tries again next time', async () => {
    // Prepare
    const failure = new Error('connect ETIMEDOUT');
    sm.on(GetSecretValueCommand).rejectsOnce(failure).resolves(aSecretValue());
    const keys = new SecretsManagerHashKeys(client, SECRET_ID);
    // Act
    const attempt = await keys.current().catch((error: unknown) => error);
    const retry = await keys.current();
    // Assess
    expect(attempt).toBeInstanceOf(HashKeyUnavailableError);
    expect((attempt as HashKeyUnavailableError).cause).toBe(failure);
    expect(retry.version).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
  });

  it('refuses a secret too short to be a key', async () => {
    // Prepare
    sm.on(GetSecretValueCommand).resolves(aSecretValue(undefined, 'short'));
    const keys = new SecretsManagerHashKeys(client, SECRET_ID);
    // Act
    const attempt = keys.current();
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(HashKeyUnavailableError);
  });
});

describe('local hash key file', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hash-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates a 32-byte key for its owner only when none exists', () => {
    // Act
    const key = loadOrCreateHashKey(dataDir);
    // Assess
    expect(key.secret.length).toBe(32);
    expect(statSync(join(dataDir, HASH_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reuses the key on the next start', async () => {
    // Prepare
    const first = loadOrCreateHashKey(dataDir);
    // Act
    const keys = fileHashKeys(dataDir);
    // Assess
    const current = await keys.current();
    expect(current.version).toBe(first.version);
    expect(Buffer.from(current.secret).equals(Buffer.from(first.secret))).toBe(true);
    expect(await keys.byVersion(first.version)).toBe(current);
    expect(await keys.byVersion('another')).toBeUndefined();
  });

  it('refuses a damaged key file instead of replacing the key', () => {
    // Prepare
    writeFileSync(join(dataDir, HASH_KEY_FILE), '{"version":"v1","secret":"c2hvcnQ="}\n', { mode: 0o600 });
    // Act
    const attempt = () => loadOrCreateHashKey(dataDir);
    // Assess
    expect(attempt).toThrow(HashKeyUnavailableError);
    expect(readFileSync(join(dataDir, HASH_KEY_FILE), 'utf8')).toContain('c2hvcnQ=');
  });
});

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { personalHasher } from '../../shared/adapters/dynamodb/entities/personal-hasher.ts';
import { KeyHashing } from '../../shared/adapters/dynamodb/key-hashing.ts';
import { hashKeysFromEnv } from '../../shared/adapters/hash-keys-from-env.ts';
import {
  fileHashKeys,
  HASH_KEY_FILE,
  loadOrCreateHashKey,
} from '../../shared/adapters/local/hash-key-file.ts';
import { ExtensionHashKeys } from '../../shared/adapters/secrets-manager/hash-keys.ts';
import { HashKeyUnavailableError } from '../../shared/domain/errors.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { HashKey } from '../../shared/ports/hash-keys.ts';

const PHONE = '+436641234567' as E164;
const aKey = (fill: number, version = 'v1'): HashKey => ({ version, secret: new Uint8Array(32).fill(fill) });

describe('personalHasher', () => {
  it('gives the same hash for the same key and value, marked with the key version', () => {
    // Act
    const first = personalHasher(aKey(1)).phone(PHONE);
    const second = personalHasher(aKey(1)).phone(PHONE);
    // Assess
    expect(first).toBe(second);
    expect(first).toMatch(/^v1#[0-9a-f]{32}$/);
  });

  it('gives a different hash for a different key, and for a name than for a number', () => {
    // Act
    const one = personalHasher(aKey(1)).phone(PHONE);
    const other = personalHasher(aKey(2, 'v2')).phone(PHONE);
    // Assess
    expect(one.split('#')[1]).not.toBe(other.split('#')[1]);
    expect(personalHasher(aKey(1)).name('1100', 'gruber')).not.toBe(personalHasher(aKey(1)).phone(PHONE));
  });

  it('is not the unkeyed SHA-256 prefix an enumeration of all numbers reverses', () => {
    // Act
    const hash = personalHasher(aKey(1)).phone(PHONE);
    // Assess
    expect(hash).not.toContain(createHash('sha256').update(PHONE).digest('hex').slice(0, 32));
  });
});

describe('KeyHashing', () => {
  it('hashes a generation with its own key and refuses a key that is gone', async () => {
    // Prepare
    const hashing = new KeyHashing({
      current: async () => aKey(2, 'v2'),
      byVersion: async (version) => (version === 'v1' ? aKey(1, 'v1') : undefined),
    });
    // Act
    const old = await hashing.forVersion('v1');
    const beforeAnyImport = await hashing.forVersion(undefined);
    const gone = hashing.forVersion('v0');
    // Assess
    expect(old.phone(PHONE)).toBe(personalHasher(aKey(1, 'v1')).phone(PHONE));
    expect(beforeAnyImport.version).toBe('v2');
    await expect(gone).rejects.toBeInstanceOf(HashKeyUnavailableError);
  });
});

const SECRET_ID = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:HotlineHashKey-AbCdEf';
const SECRET_STRING = 'q3Zp8XkLm2Wv9RtYb4Nc7Hs1Jd6Gf0Ae5Ux8Po3Iq2Kw7Lz9Mr4Tv1By6Cn0Dh5E';

/** GetSecretValue's answer as the extension passes it on (the fields the adapter reads are a contract). */
const aSecretValue = (versionId = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', secretString = SECRET_STRING) =>
  JSON.stringify({
    ARN: SECRET_ID,
    Name: 'HotlineHashKey',
    VersionId: versionId,
    SecretString: secretString,
    VersionStages: ['AWSCURRENT'],
    CreatedDate: '2026-11-25T09:15:00Z',
  });

/** The extension on localhost, as a fetch: answers `respond(url)` and records each request. */
const fakeExtension = (respond: (url: URL) => { status: number; body: string } | Error) => {
  const requests: { url: URL; token: string | null }[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    requests.push({ url, token: new Headers(init?.headers).get('X-Aws-Parameters-Secrets-Token') });
    const answer = respond(url);
    if (answer instanceof Error) throw answer;
    return new Response(answer.body, { status: answer.status });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
};

describe('ExtensionHashKeys', () => {
  it('reads the current key once through the extension, with the session token, and caches it', async () => {
    // Prepare
    const extension = fakeExtension(() => ({ status: 200, body: aSecretValue() }));
    const keys = new ExtensionHashKeys(SECRET_ID, { sessionToken: 'session-1', fetch: extension.fetch });
    // Act
    const first = await keys.current();
    const second = await keys.current();
    // Assess
    expect(first.version).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
    expect(Buffer.from(first.secret).toString('utf8')).toBe(SECRET_STRING);
    expect(second).toBe(first);
    expect(extension.requests).toHaveLength(1);
    expect(extension.requests[0]?.token).toBe('session-1');
    expect(extension.requests[0]?.url.origin).toBe('http://localhost:2773');
    expect(extension.requests[0]?.url.pathname).toBe('/secretsmanager/get');
    expect(extension.requests[0]?.url.searchParams.get('secretId')).toBe(SECRET_ID);
  });

  it('reads an older key by its version id, on the configured port', async () => {
    // Prepare
    const extension = fakeExtension(() => ({
      status: 200,
      body: aSecretValue('old-version', 'an-older-secret-that-is-long-enough-for-hmac-0001'),
    }));
    const keys = new ExtensionHashKeys(SECRET_ID, { port: 2999, sessionToken: 't', fetch: extension.fetch });
    // Act
    const key = await keys.byVersion('old-version');
    // Assess
    expect(key?.version).toBe('old-version');
    expect(extension.requests[0]?.url.port).toBe('2999');
    expect(extension.requests[0]?.url.searchParams.get('versionId')).toBe('old-version');
  });

  it('answers undefined for a version Secrets Manager no longer has', async () => {
    // Prepare
    const extension = fakeExtension(() => ({
      status: 400,
      body: '{"__type":"ResourceNotFoundException","message":"no such version"}',
    }));
    const keys = new ExtensionHashKeys(SECRET_ID, { sessionToken: 't', fetch: extension.fetch });
    // Act & Assess
    expect(await keys.byVersion('gone')).toBeUndefined();
  });

  it('maps a failed read to HashKeyUnavailableError with the cause, and tries again next time', async () => {
    // Prepare
    const failure = new Error('connect ECONNREFUSED 127.0.0.1:2773');
    let calls = 0;
    const extension = fakeExtension(() => (calls++ === 0 ? failure : { status: 200, body: aSecretValue() }));
    const keys = new ExtensionHashKeys(SECRET_ID, { sessionToken: 't', fetch: extension.fetch });
    // Act
    const attempt = await keys.current().catch((error: unknown) => error);
    const retry = await keys.current();
    // Assess
    expect(attempt).toBeInstanceOf(HashKeyUnavailableError);
    expect((attempt as HashKeyUnavailableError).cause).toBe(failure);
    expect(retry.version).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
  });

  it('refuses a secret too short to be a key, and an answer that is not the secret', async () => {
    // Prepare
    const short = new ExtensionHashKeys(SECRET_ID, {
      sessionToken: 't',
      fetch: fakeExtension(() => ({ status: 200, body: aSecretValue(undefined, 'short') })).fetch,
    });
    const refused = new ExtensionHashKeys(SECRET_ID, {
      sessionToken: 't',
      fetch: fakeExtension(() => ({ status: 401, body: 'not authorized' })).fetch,
    });
    // Act & Assess
    await expect(short.current()).rejects.toBeInstanceOf(HashKeyUnavailableError);
    await expect(refused.current()).rejects.toBeInstanceOf(HashKeyUnavailableError);
  });
});

describe('hashKeysFromEnv', () => {
  it('needs the secret (with the session token) or a key folder: never an unkeyed hash', () => {
    // Act & Assess
    expect(() => hashKeysFromEnv({})).toThrow(
      'configuration HASH_KEY_SECRET_ARN is required here but not set',
    );
    expect(() => hashKeysFromEnv({ HASH_KEY_SECRET_ARN: SECRET_ID })).toThrow(
      'configuration AWS_SESSION_TOKEN is required here but not set',
    );
    expect(hashKeysFromEnv({ HASH_KEY_SECRET_ARN: SECRET_ID, AWS_SESSION_TOKEN: 't' })).toBeInstanceOf(
      ExtensionHashKeys,
    );
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

  it('finds a key another process made after the file was deleted, and is one per folder', async () => {
    // Prepare: this process holds the first key; an import elsewhere replaced the file
    const keys = fileHashKeys(dataDir);
    const before = await keys.current();
    rmSync(join(dataDir, HASH_KEY_FILE));
    const replaced = loadOrCreateHashKey(dataDir);
    // Act
    const found = await keys.byVersion(replaced.version);
    // Assess
    expect(replaced.version).not.toBe(before.version);
    expect(found?.secret).toEqual(replaced.secret);
    expect(await keys.byVersion(before.version)).toBeUndefined();
    expect(hashKeysFromEnv({ HASH_KEY_DIR: dataDir })).toBe(hashKeysFromEnv({ HASH_KEY_DIR: dataDir }));
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

  it('gives processes that start on an empty folder at once one key, never one read half-written', async () => {
    // Prepare: each process loads the module, says so, and waits for a go file (outside the data
    // folder) that appears once all are ready; then all load or create the key, as five
    // `hotline import` runs started together do
    const module = new URL('../../shared/adapters/local/hash-key-file.ts', import.meta.url).href;
    const go = join(mkdtempSync(join(tmpdir(), 'hash-key-go-')), 'go');
    const script = `import { existsSync } from 'node:fs';
      const { loadOrCreateHashKey } = await import(${JSON.stringify(module)});
      process.stdout.write('ready\\n');
      while (!existsSync(${JSON.stringify(go)}));
      process.stdout.write(loadOrCreateHashKey(${JSON.stringify(dataDir)}).version);`;
    const processes = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      const exited = new Promise<number | null>((done) => child.on('close', done));
      return { stdout: () => stdout, exited };
    });
    await expect
      .poll(() => processes.every((each) => each.stdout().startsWith('ready\n')), {
        timeout: 20_000,
        interval: 20,
      })
      .toBe(true);
    // Act
    writeFileSync(go, '');
    const exitCodes = await Promise.all(processes.map((each) => each.exited));
    // Assess: one version everywhere, the file's, and no draft left behind
    const { version } = JSON.parse(readFileSync(join(dataDir, HASH_KEY_FILE), 'utf8')) as { version: string };
    expect(exitCodes).toEqual(Array(6).fill(0));
    expect(processes.map((each) => each.stdout())).toEqual(Array(6).fill(`ready\n${version}`));
    expect(readdirSync(dataDir)).toEqual([HASH_KEY_FILE]);
    rmSync(dirname(go), { recursive: true, force: true });
  }, 30_000);

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

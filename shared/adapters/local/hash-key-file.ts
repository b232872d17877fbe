import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod/mini';
import { HashKeyUnavailableError } from '../../domain/errors.ts';
import { type HashKey, type HashKeys, MIN_HASH_SECRET_BYTES } from '../../ports/hash-keys.ts';

/** Beside DynamoDB Local's files in the data folder: the key belongs to that store's data. */
export const HASH_KEY_FILE = 'hash-key.json';

const KeyFile = z.object({
  version: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/)),
  secret: z.base64().check(z.refine((text) => Buffer.from(text, 'base64').length >= MIN_HASH_SECRET_BYTES)),
});

const alreadyExists = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'EEXIST';

/**
 * Writes a new key to `path` unless another process got there first. A hard link appears whole and
 * only if no key is there (POSIX link(2) fails with EEXIST), so of two processes starting at once
 * one writes the key and the other reads it complete. Writing the key file itself with `wx` left a
 * moment in which the other read it empty.
 */
const createKeyFile = (path: string): void => {
  // The time sorts versions; the random part keeps two keys of one millisecond apart.
  const version = `L${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const draft = `${path}.${version}.draft`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const created = { version, secret: randomBytes(32).toString('base64') };
    writeFileSync(draft, `${JSON.stringify(created)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(draft, 0o600); // the umask may have narrowed it further, never widened: state it
    linkSync(draft, path);
  } catch (error) {
    if (!alreadyExists(error)) throw new HashKeyUnavailableError({ cause: error });
  } finally {
    rmSync(draft, { force: true });
  }
};

/**
 * A local store's hash key: generated on first use (32 random bytes, a file for its owner only, like
 * the server file that holds DynamoDB Local's key), reused on every later start. Deleting the file
 * is a key change: the next import hashes with the new key.
 */
export const loadOrCreateHashKey = (dataDir: string): HashKey => {
  const path = join(resolve(dataDir), HASH_KEY_FILE);
  // Only a folder without a key writes one: every later start just reads it.
  if (!existsSync(path)) createKeyFile(path);
  try {
    const parsed = KeyFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    return { version: parsed.version, secret: Buffer.from(parsed.secret, 'base64') };
  } catch (error) {
    throw new HashKeyUnavailableError({ cause: error });
  }
};

/**
 * The local store's one key, read once. A version it does not know sends it back to the file once:
 * another process (an import after the file was deleted) may have made a new key since. An older
 * version is not kept, so it is not known.
 */
export const fileHashKeys = (dataDir: string): HashKeys => {
  let key = loadOrCreateHashKey(dataDir);
  return {
    current: async () => key,
    byVersion: async (version) => {
      if (version !== key.version) key = loadOrCreateHashKey(dataDir);
      return version === key.version ? key : undefined;
    },
  };
};

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No secrets in the repository: every file git tracks (or would track) is searched for the shapes
 * credentials take. The only credentials in the code are DynamoDB Local's fixed dummies.
 */
const SECRET_SHAPES: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  {
    name: 'AWS secret access key',
    pattern:
      /(?:secretAccessKey|aws_secret_access_key)["']?\s*[:=]\s*["']?(?!local["']|x["'])[A-Za-z0-9/+=]{8,}/,
  },
  { name: 'token secret', pattern: /HOTLINE_AUTH_SECRET\s*=\s*["']?[A-Za-z0-9/+=_-]{32,}/ },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
];

const secretsIn = (text: string): string[] =>
  SECRET_SHAPES.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);

const ROOT = join(import.meta.dirname, '..', '..');

describe('secrets in the repository', () => {
  it('recognises each shape of secret, and not the dummy credentials of DynamoDB Local', () => {
    expect(secretsIn(`accessKeyId: 'AKIA${'ABCDEFGHIJKLMNOP'}'`)).toEqual(['AWS access key id']);
    expect(secretsIn(`-----BEGIN RSA ${'PRIVATE'} KEY-----`)).toEqual(['private key']);
    expect(secretsIn(`secretAccessKey: '${'wJalrXUtnFEMI/K7MDENG'}'`)).toEqual(['AWS secret access key']);
    expect(secretsIn(`HOTLINE_AUTH_SECRET=${'0123456789abcdef'.repeat(3)}`)).toEqual(['token secret']);
    expect(secretsIn("credentials: { accessKeyId: 'local', secretAccessKey: 'local' }")).toEqual([]);
  });

  it('finds none in any file git tracks or would track', () => {
    // Prepare
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file !== '' && !file.endsWith('package-lock.json'));
    // Act
    const found = files.flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        return []; // deleted in the working tree
      }
      return secretsIn(text).map((name) => `${file}: ${name}`);
    });
    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });
});

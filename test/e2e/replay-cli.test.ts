import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';

/** `hotline replay` as a person runs it, against the test run's DynamoDB Local, on tables of its own. */
describe('hotline replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-replay-'));
  const env = {
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    HOTLINE_TABLE_PREFIX: `replay${Date.now()}`,
    HOTLINE_DATA_DIR: dir,
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the demo data, replays the calls and prints one JSON summary, with progress on stderr', async () => {
    const result = await runCli(['replay', '--calls', '40', '--seed', '5', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ placed: 40, failed: 0, disconnected: 0, seed: 5 });
    // Not a terminal: one line per 10 %, not one per call.
    const progress = result.stderr.split('\n').filter((line) => line.startsWith('replaying'));
    expect(progress.at(-1)).toBe('replaying 40/40 calls (100 %)');
    expect(progress.length).toBeLessThanOrEqual(11);
  }, 120_000);

  it('refuses a bad option with one line and exit code 2', async () => {
    const result = await runCli(['replay', '--calls', 'many'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'error: --calls must be a whole number from 1 to 1,000,000, got "many"',
    );
  });

  it('refuses a number that starts with a dash in plain words, not node’s parser text', async () => {
    const result = await runCli(['replay', '--calls', '-5'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: --calls takes no negative numbers, got "-5"');
    expect(result.stderr).not.toContain('ambiguous');
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TestCaseDocument } from '../../shared/connect/testing-language.ts';
import { PROMPTS } from '../../shared/flow/prompts.ts';
import { INBOUND_FLOW_SCENARIOS } from '../../shared/flow/scenarios.ts';
import { runCli } from '../support/cli.ts';

/**
 * `hotline test-cases` and `hotline test` as a person runs them: every scenario of the inbound flow,
 * as the test-case document Connect runs after a deploy, through the local interpreter.
 */
describe('hotline test-cases and hotline test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-test-cases-'));
  let env: Record<string, string>;
  beforeAll(() => {
    env = {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      HOTLINE_TABLE_PREFIX: `tc${Date.now()}`,
      HOTLINE_DATA_DIR: dir,
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every generated test case and closes with "N passed, 0 failed"', async () => {
    const result = await runCli(['test'], env);
    expect(result.stderr).not.toMatch(/unexpected failure/);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`${INBOUND_FLOW_SCENARIOS.length} passed, 0 failed`);
    for (const scenario of INBOUND_FLOW_SCENARIOS)
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^PASSED ${scenario.name} `)));
  });

  it('writes one document per scenario, each one a test case', async () => {
    const out = join(dir, 'cases');
    const result = await runCli(['test-cases', '--out', out], env);
    expect(result.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(INBOUND_FLOW_SCENARIOS.map((s) => `${s.name}.json`).sort());
    for (const file of files)
      expect(TestCaseDocument.safeParse(JSON.parse(readFileSync(join(out, file), 'utf8'))).success).toBe(
        true,
      );
  });

  it('fails a broken case with exit code 1, saying which observation was never observed', async () => {
    // Prepare: the generated recognised-normal case, expecting the English court question
    const printed = await runCli(['test-cases'], env);
    const cases = JSON.parse(printed.stdout) as { name: string; content: unknown }[];
    const normal = cases.find((c) => c.name === 'recognised-normal');
    const broken = JSON.stringify(normal?.content).replace(
      JSON.stringify(PROMPTS.de.askCourtLetter),
      JSON.stringify(PROMPTS.en.askCourtLetter),
    );
    const file = join(dir, 'broken.json');
    writeFileSync(file, broken);
    const holiday = join(dir, 'holiday.json');
    writeFileSync(holiday, JSON.stringify(cases.find((c) => c.name === 'holiday')?.content));
    // Act
    const result = await runCli(['test', '--case', file, '--case', holiday], env);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAILED broken .*\n\s+observation "prompt-3-askCourtLetter" .*never observed/m,
    );
    expect(result.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');
  });
});

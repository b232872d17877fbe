import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layers are enforced by the linter (biome.json, `overrides`): the domain imports no adapter,
 * HTTP, flow, Connect, config, use case, infra or AWS module, and use cases import no adapter and no
 * AWS SDK. Each probe is a file at a path of the project's layout, in a scratch project holding a
 * copy of the project's biome.json, linted by the project's Biome: the forbidden imports never sit
 * in the repository, and the rule judged is the one `npm run lint` applies.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'hotline-layers-'));
  copyFileSync(join(ROOT, 'biome.json'), join(project, 'biome.json'));
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

interface LintResult {
  readonly status: number | null;
  readonly output: string;
}

/** Lints a module at `path` that imports `specifier` (and uses what it imports, so nothing else fails). */
const lintImport = (path: string, importLine: string): LintResult => {
  const file = join(project, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${importLine}\n\nexport const used = probe;\n`);
  const run = spawnSync(BIOME, ['lint', '--colors=off', path], { cwd: project, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

const DOMAIN_MESSAGE = 'The domain (shared/domain) holds pure types and rules';
const DOMAIN_AWS_MESSAGE = 'The domain (shared/domain) makes no AWS call';
const USE_CASE_MESSAGE = 'Use cases (shared/use-cases) reach the outside world through the ports';

describe('the domain layer', () => {
  it.each([
    ['the HTTP contract', "import { probe } from '../http/metrics-api-contract.ts';"],
    ['an adapter', "import { probe } from '../adapters/dynamodb/entities/call.ts';"],
    ['the flow', "import { probe } from '../flow/inbound-flow.ts';"],
    ['the Connect contracts', "import { probe } from '../connect/contact-event.ts';"],
    ['the config', "import { probe } from '../config/env.ts';"],
    ['a use case', "import { probe } from '../use-cases/record-outcome.ts';"],
    ['infra', "import { probe } from '../../infra/constructs/agent-api.ts';"],
    ['a function', "import { probe } from '../../functions/agent-api/wiring.ts';"],
    ['the local mode', "import { probe } from '../../local/server.ts';"],
  ])('fails the lint when a domain module imports %s', (_what, importLine) => {
    const result = lintImport('shared/domain/probe.ts', importLine);

    expect(result.status).toBe(1);
    expect(result.output).toContain('lint/style/noRestrictedImports');
    expect(result.output).toContain(DOMAIN_MESSAGE);
  });

  it.each([
    ['the AWS SDK', "import { probe } from '@aws-sdk/client-dynamodb';"],
    ['CDK', "import { probe } from 'aws-cdk-lib/aws-dynamodb';"],
  ])('fails the lint when a domain module imports %s', (_what, importLine) => {
    const result = lintImport('shared/domain/probe-aws.ts', importLine);

    expect(result.status).toBe(1);
    expect(result.output).toContain(DOMAIN_AWS_MESSAGE);
  });

  it('passes a domain module that imports the domain and libraries', () => {
    const result = lintImport(
      'shared/domain/probe-allowed.ts',
      "import { probe } from './vienna-calendar.ts';\nimport * as z from 'zod/mini';\n\nexport const schema = z.string();",
    );

    expect(result.output).not.toContain('noRestrictedImports');
    expect(result.status).toBe(0);
  });

  it("keeps the house zod import rule inside the domain's override", () => {
    const result = lintImport('shared/domain/probe-zod.ts', "import { z as probe } from 'zod';");

    expect(result.status).toBe(1);
    expect(result.output).toContain("Write `import * as z from 'zod'`");
  });
});

describe('the use-case layer', () => {
  it.each([
    ['an adapter', "import { probe } from '../adapters/dynamodb/client.ts';"],
    ['the AWS SDK', "import { probe } from '@aws-sdk/lib-dynamodb';"],
  ])('fails the lint when a use case imports %s', (_what, importLine) => {
    const result = lintImport('shared/use-cases/probe.ts', importLine);

    expect(result.status).toBe(1);
    expect(result.output).toContain(USE_CASE_MESSAGE);
  });

  it('passes a use case that imports ports, the domain and the config', () => {
    const result = lintImport(
      'shared/use-cases/probe-allowed.ts',
      "import { probe } from '../ports/clock.ts';\nimport type { IsoDate } from '../domain/vienna-calendar.ts';\nimport type { IdentifyCallerEnv } from '../config/env.ts';\n\nexport type Both = [IsoDate, IdentifyCallerEnv];",
    );

    expect(result.output).not.toContain('noRestrictedImports');
    expect(result.status).toBe(0);
  });

  it('leaves adapters free to import the AWS SDK', () => {
    const result = lintImport('shared/adapters/probe.ts', "import { probe } from '@aws-sdk/lib-dynamodb';");

    expect(result.output).not.toContain('noRestrictedImports');
    expect(result.status).toBe(0);
  });
});

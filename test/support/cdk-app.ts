import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, expect } from 'vitest';

/** The feature flags `cdk synth` runs with (cdk.json `context`), for apps that must match it. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

export interface TestAppOptions {
  /** Start from cdk.json's flags, as `cdk synth` does. @default true */
  readonly cdkJsonFlags?: boolean;
  /** Run esbuild for every function; only the file that checks the bundles needs it. @default false */
  readonly bundling?: boolean;
}

/**
 * Apps for the tests of one file, each synthesizing into a temporary folder that is removed after
 * the file. Bundling is skipped unless asked for: most infra tests look at wiring, not at bundles.
 */
export const testApps = (name: string) => {
  const outdirs: string[] = [];
  afterAll(() => {
    for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
  });
  return (context: Record<string, unknown> = {}, options: TestAppOptions = {}): App => {
    const outdir = mkdtempSync(join(tmpdir(), `hotline-cdk-${name}-`));
    outdirs.push(outdir);
    return new App({
      outdir,
      context: {
        ...(options.cdkJsonFlags === false ? {} : CDK_JSON_CONTEXT),
        ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
        ...context,
      },
    });
  };
};

/** The logical id of the one resource of `type` at construct path `path` (needs path metadata). */
export const idAt = (template: Template, type: string, path: string): string => {
  const ids = Object.keys(template.findResources(type, { Metadata: { 'aws:cdk:path': path } }));
  expect(ids, `one ${type} at ${path}`).toHaveLength(1);
  return ids[0] ?? '';
};

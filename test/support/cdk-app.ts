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

type Json = Record<string, unknown>;

/** Names a reference readably: `HotlineData/<id>.Arn` across stacks, `<id>.Arn` or `<id>` locally. */
export const describeRef = (data: Template, value: unknown): string => {
  if (typeof value === 'string') return value;
  const ref = value as Json;
  if ('Fn::GetStackOutput' in ref) {
    const { OutputName } = ref['Fn::GetStackOutput'] as { OutputName: string };
    const output = (data.toJSON().Outputs as Record<string, { Value: Json }>)[OutputName];
    return `HotlineData/${describeRef(data, output?.Value)}`;
  }
  if ('Fn::ImportValue' in ref) {
    const name = String(ref['Fn::ImportValue']);
    const output = Object.values(
      data.toJSON().Outputs as Record<string, { Value: Json; Export?: Json }>,
    ).find((candidate) => candidate.Export?.Name === name);
    return `HotlineData/${describeRef(data, output?.Value)}`;
  }
  if ('Fn::GetAtt' in ref) return (ref['Fn::GetAtt'] as string[]).join('.');
  if ('Ref' in ref) return String(ref.Ref);
  if ('Fn::Join' in ref) {
    const [separator, parts] = ref['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => describeRef(data, part)).join(separator);
  }
  return JSON.stringify(value);
};

/** The statements of the policies attached to `roleId`, with actions and resources sorted and named. */
export const statementsOf = (hotline: Template, data: Template, roleId: string) =>
  Object.values(hotline.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
    .map((statement) => ({
      effect: statement.Effect,
      ...(statement.Condition ? { condition: statement.Condition } : {}),
      actions: ([statement.Action].flat() as string[]).sort(),
      resources: [statement.Resource]
        .flat()
        .map((resource) => describeRef(data, resource))
        .sort(),
    }));

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/**
 * A CloudFormation value as the text it becomes on deploy, with every reference replaced by a
 * readable placeholder: `<Logical.Attribute>`, `<Ref Logical>`, `<… /3>` for segment 3 of an ARN.
 */
export const renderCfnValue = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (isObject(value) && 'Ref' in value) return `<Ref ${String(value.Ref)}>`;
  if (isObject(value) && 'Fn::GetAtt' in value) {
    const [id, attribute] = value['Fn::GetAtt'] as [string, string];
    return `<${id}.${attribute}>`;
  }
  if (isObject(value) && 'Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map(renderCfnValue).join(separator);
  }
  if (isObject(value) && 'Fn::Select' in value) {
    const [index, list] = value['Fn::Select'] as [number, unknown];
    if (isObject(list) && 'Fn::Split' in list) {
      const [separator, source] = list['Fn::Split'] as [string, unknown];
      return `<${renderCfnValue(source)} ${separator}${index}>`;
    }
  }
  throw new Error(`no placeholder for ${JSON.stringify(value)}`);
};

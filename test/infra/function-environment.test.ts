import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { lambdaEnvShapes } from '../../shared/config/env.ts';
import { testApps } from '../support/cdk-app.ts';

const apps = testApps('function-environment');

/**
 * What a function's environment may hold besides its configuration, never read by a loader of
 * shared/config/env.ts: Node.js's NODE_OPTIONS, Powertools' POWERTOOLS_*, and the settings of the
 * AWS Parameters and Secrets Lambda Extension that CDK's `paramsAndSecrets` adds with the layer
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda_env-var.html).
 */
const RUNTIME_KEY =
  /^(NODE_OPTIONS|POWERTOOLS_[A-Z_]+|PARAMETERS_SECRETS_EXTENSION_[A-Z_]+|SECRETS_MANAGER_[A-Z_]+|SSM_PARAMETER_STORE_[A-Z_]+)$/;

type Variables = Record<string, unknown>;

/** Each hotline function's variables, by its POWERTOOLS_SERVICE_NAME. */
const environmentsOf = (template: Template): Record<string, Variables> =>
  Object.fromEntries(
    Object.values(template.findResources('AWS::Lambda::Function'))
      .map((resource) => (resource.Properties?.Environment?.Variables ?? {}) as Variables)
      .filter((variables) => typeof variables.POWERTOOLS_SERVICE_NAME === 'string')
      .map((variables) => [variables.POWERTOOLS_SERVICE_NAME as string, variables]),
  );

/** A variable the loader cannot do without: its schema refuses it unset (no default, not optional). */
const isRequired = (schema: z.ZodMiniType): boolean => !z.safeParse(schema, undefined).success;

describe("each function's environment, against the schemas its loaders build", () => {
  const shapes = lambdaEnvShapes();
  const functions = Object.keys(shapes) as (keyof typeof shapes)[];
  let environments: Record<string, Variables>;

  beforeAll(() => {
    // Prepare: the origin secret pinned to a version, so that every optional variable CDK sets is set.
    const stacks = buildHotlineApp(
      apps({ hoursFrom: '2026-11-25', originSecretVersion: 'b2c3d4e5-6789-40ab-8def-000000000002' }),
    );
    environments = environmentsOf(Template.fromStack(stacks.hotline));
  });

  it('finds every function the schemas describe, and no other', () => {
    expect(Object.keys(environments).sort()).toEqual([...functions].sort());
  });

  it.each(functions)('%s: CDK sets only variables its loaders read', (name) => {
    // Act
    const set = Object.keys(environments[name] ?? {}).filter((key) => !RUNTIME_KEY.test(key));
    // Assess
    expect(set.filter((key) => !(key in shapes[name]))).toEqual([]);
  });

  it.each(functions)('%s: CDK sets every variable its loaders require', (name) => {
    // Act
    const required = Object.entries(shapes[name] as Record<string, z.ZodMiniType>)
      .filter(([, schema]) => isRequired(schema))
      .map(([key]) => key);
    // Assess: every function needs at least a table
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((key) => !(key in (environments[name] ?? {})))).toEqual([]);
  });
});

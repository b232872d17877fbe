import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { enforceAwsSolutions } from '../../infra/nag.ts';

const outdirs: string[] = [];

/** A tiny app held to AwsSolutions the way the hotline app is, with one resource to judge. */
const appWithFinding = (add: (stack: Stack) => void): App => {
  const outdir = mkdtempSync(join(tmpdir(), 'hotline-nag-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  add(new Stack(app, 'Probe'));
  enforceAwsSolutions(app);
  return app;
};

/** AwsSolutions-L1 (an error): a function on an older runtime than the latest. */
const outdatedFunction = (stack: Stack): CfnFunction =>
  new CfnFunction(stack, 'Outdated', {
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    role: 'arn:aws:iam::123456789012:role/probe',
    code: { zipFile: 'export const handler = async () => ({});' },
  });

/** AwsSolutions-DDB3 (a warning): a table without point-in-time recovery. */
const tableWithoutPitr = (stack: Stack): CfnTable =>
  new CfnTable(stack, 'NoPitr', {
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

describe('cdk-nag AwsSolutions on the app', () => {
  it('fails synth on an unacknowledged error-level finding', () => {
    // Prepare
    const app = appWithFinding(outdatedFunction);
    // Act
    const synth = () => app.synth();
    // Assess
    expect(synth).toThrow(/AwsSolutions-L1/);
  });

  it('fails synth on an unacknowledged warning-level finding too', () => {
    // Prepare
    const app = appWithFinding(tableWithoutPitr);
    // Act
    const synth = () => app.synth();
    // Assess
    expect(synth).toThrow(/AwsSolutions-DDB3/);
  });

  it('passes once the finding is acknowledged with a reason', () => {
    // Prepare
    const app = appWithFinding((stack) => {
      Validations.of(tableWithoutPitr(stack)).acknowledge({
        id: 'AwsSolutions-DDB3',
        reason: 'Probe table in a test; it holds no data.',
      });
    });
    // Act
    const synth = () => app.synth();
    // Assess
    expect(synth).not.toThrow();
  });
});

import type { App, Environment } from 'aws-cdk-lib';
import { parseConnectInstanceArn } from './constructs/hotline-connect.ts';
import { enforceAwsSolutions } from './nag.ts';
import { DataStack } from './stacks/data-stack.ts';
import { HotlineStack } from './stacks/hotline-stack.ts';

/** Where the hotline runs unless `AWS_REGION` or the Connect instance says otherwise (Vienna → Frankfurt). */
export const DEFAULT_REGION = 'eu-central-1';

/** The context keys the app reads (`cdk synth -c key=value`). */
export const CONTEXT_KEYS = {
  connectInstanceArn: 'connectInstanceArn',
  connectInstanceAlias: 'connectInstanceAlias',
} as const;

export interface HotlineAppOptions {
  /**
   * Target account (the CLI's `CDK_DEFAULT_ACCOUNT`).
   *
   * @default - environment-agnostic: the account is resolved at deploy time
   */
  readonly account?: string;
  /**
   * Target region (`AWS_REGION`). An existing Connect instance's region wins: Connect only invokes
   * functions in its own region.
   *
   * @default DEFAULT_REGION
   */
  readonly region?: string;
}

export interface HotlineApp {
  readonly data: DataStack;
  readonly hotline: HotlineStack;
}

/**
 * Adds the hotline's stacks to `app`: `HotlineData` (tables, stateful) and `Hotline` (functions and
 * Connect), and holds the whole app to cdk-nag AwsSolutions. Works offline with no context.
 */
export const buildHotlineApp = (app: App, options: HotlineAppOptions = {}): HotlineApp => {
  const arnContext: unknown = app.node.tryGetContext(CONTEXT_KEYS.connectInstanceArn);
  const existing =
    arnContext === undefined || arnContext === '' ? undefined : parseConnectInstanceArn(arnContext);
  const aliasContext: unknown = app.node.tryGetContext(CONTEXT_KEYS.connectInstanceAlias);
  if (aliasContext !== undefined && (typeof aliasContext !== 'string' || aliasContext === '')) {
    throw new Error(`connectInstanceAlias must be a non-empty string; got ${JSON.stringify(aliasContext)}.`);
  }

  const env: Environment = {
    ...(options.account ? { account: options.account } : {}),
    region: existing?.region ?? options.region ?? DEFAULT_REGION,
  };
  const data = new DataStack(app, 'HotlineData', {
    env,
    description: 'Eviction-prevention hotline: tables (stateful).',
  });
  const hotline = new HotlineStack(app, 'Hotline', {
    env,
    description: 'Eviction-prevention hotline: functions and Amazon Connect.',
    tables: data.tables,
    ...(existing ? { connectInstanceArn: existing.arn } : {}),
    ...(typeof aliasContext === 'string' ? { connectInstanceAlias: aliasContext } : {}),
  });
  enforceAwsSolutions(app);
  return { data, hotline };
};

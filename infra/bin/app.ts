import { App } from 'aws-cdk-lib';
import { buildHotlineApp } from '../hotline-app.ts';

// The account only when the CLI found credentials; without, the stacks stay account-agnostic.
// CDK_DEFAULT_REGION is not used: the CLI fills it with us-east-1 when no region is configured,
// which would silently move the hotline out of eu-central-1. Name a region with AWS_REGION.
buildHotlineApp(new App(), {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
});

import { parseArgs } from 'node:util';
import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';

/** `hotline flow`: the inbound flow JSON exactly as CDK deploys it, with placeholder ARNs. */
export const flowCommand = async (args: string[]): Promise<void> => {
  parseArgs({ args, options: {} });
  process.stdout.write(`${JSON.stringify(buildInboundFlow(PLACEHOLDER_REFERENCES), null, 2)}\n`);
};

import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';
import type { CommandDescriptor } from '../command-line.ts';
import { parseCommandArgs } from '../command-line.ts';

/** `hotline flow`: the inbound flow JSON exactly as CDK deploys it, with placeholder ARNs. */
export const flowCommand = async (args: string[]): Promise<void> => {
  parseCommandArgs({}, args);
  process.stdout.write(`${JSON.stringify(buildInboundFlow(PLACEHOLDER_REFERENCES), null, 2)}\n`);
};

export const flowDescriptor: CommandDescriptor = {
  name: 'flow',
  usage: ['flow'],
  summary: 'prints the inbound flow JSON exactly as CDK deploys it, with placeholder ARNs',
  description: 'Prints the inbound contact flow JSON exactly as CDK deploys it, with placeholder ARNs.',
  options: {},
  run: flowCommand,
};

// Apart from the command: its six AWS SDK clients would add most of a second to every other command,
// so the CLI loads doctor.ts only when `hotline doctor` runs.
import { type CommandDescriptor, defineOptions } from '../command-line.ts';

export const DOCTOR_OPTIONS = defineOptions({
  stack: { type: 'string', value: 'NAME', meaning: 'the deployed stack to check' },
  region: {
    type: 'string',
    value: 'R',
    meaning: 'its AWS region, such as eu-central-1 (default: your AWS config)',
  },
  json: { type: 'boolean', default: false, meaning: 'print the checks as one JSON document' },
});

export const doctorDescriptor: CommandDescriptor = {
  name: 'doctor',
  usage: ['doctor --stack NAME [--region R] [--json]'],
  summary: 'read-only checks of a deployed stack and its Connect instance',
  description:
    'Read-only checks of a deployed stack and its Connect instance with your usual AWS credentials ' +
    '(docs/operations.md); one line per check, `ok` or `problem` with what to do; exit code 1 on any problem.',
  options: DOCTOR_OPTIONS,
  examples: [
    { command: 'hotline doctor --stack Hotline --region eu-central-1', shows: 'the checks of stack Hotline' },
  ],
  run: async (args) => (await import('./doctor.ts')).doctorCommand(args),
};

import { loadLocalEnv } from '../../shared/config/env.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { functionNames, loadHandler } from '../functions.ts';
import { openStore } from '../store.ts';
import { readJsonFile, required, UsageError } from '../usage.ts';

const INVOKE_OPTIONS = defineOptions({
  event: {
    type: 'string',
    value: 'FILE',
    meaning: 'the event, a JSON file (test/fixtures/events/ has real ones)',
  },
  json: { type: 'boolean', default: false, meaning: "print the handler's answer as one JSON document" },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default .hotline/)' },
});

/** `hotline invoke <function> --event FILE [--json]`: one handler on one event file, like `sam local invoke`. */
export const invokeCommand = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommandArgs(INVOKE_OPTIONS, args, true);
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError('missing the function name');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const event = readJsonFile(required(values.event, '--event FILE'), 'event');
  const store = await openStore({ local: loadLocalEnv(), dataDir: values.data });
  try {
    const handler = await loadHandler(name, store.envVars);
    const result = await handler(event);
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : render(result));
  } finally {
    await store.close();
  }
};

const render = (result: unknown): string => {
  if (result === null || typeof result !== 'object') return `${JSON.stringify(result)}\n`;
  const entries = Object.entries(result);
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  return entries
    .map(
      ([key, value]) =>
        `${key.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}\n`,
    )
    .join('');
};

export const invokeDescriptor: CommandDescriptor = {
  name: 'invoke',
  usage: ['invoke <function> --event FILE [--json]'],
  summary: 'runs one Lambda handler on an event file, like `sam local invoke`',
  description: `Runs one Lambda handler on an event file against the local store, like \`sam local invoke\`. <function> is one of ${functionNames().join(', ')}.`,
  options: INVOKE_OPTIONS,
  examples: [
    {
      command: 'hotline invoke identify-caller --event test/fixtures/events/identify-caller-phone.json',
      shows: 'the demo critical caller identified by phone',
    },
  ],
  run: invokeCommand,
};

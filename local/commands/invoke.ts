import { parseArgs } from 'node:util';
import { loadLocalEnv } from '../../shared/config/env.ts';
import { loadHandler } from '../functions.ts';
import { openStore } from '../store.ts';
import { readJsonFile, required, UsageError } from '../usage.ts';

/** `hotline invoke <function> --event FILE [--json]`: one handler on one event file, like `sam local invoke`. */
export const invokeCommand = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      event: { type: 'string' },
      json: { type: 'boolean', default: false },
      data: { type: 'string' },
    },
  });
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

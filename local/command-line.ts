// What a `hotline` command is, in one shape: its usage lines, --help and the command table of docs/cli.md
// are all drawn from its descriptor, and its options are parsed from the same table, so they cannot
// drift apart. Adding a command is one descriptor and one entry in local/cli.ts's COMMANDS.
import { parseArgs } from 'node:util';
import { UsageError } from './usage.ts';

/** One option, as node's parseArgs takes it, plus what the help says of it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  readonly default?: string | boolean | string[] | boolean[];
  /** How the help names a string option's value: `N`, `FILE`, `ISO-8601`. */
  readonly value?: string;
  /** One line: what the option does. */
  readonly meaning: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Keeps the options' literal types, so parseCommandArgs infers each value's type. */
export const defineOptions = <T extends Record<string, OptionSpec>>(options: T): T => options;

export interface CommandDescriptor {
  readonly name: string;
  /** The synopsis, one line per form, without `hotline `: `call --from NUMBER …`. */
  readonly usage: readonly string[];
  /** One line for the command list and the table of docs/cli.md. */
  readonly summary: string;
  /** What `--help` says first: a few sentences. */
  readonly description: string;
  readonly options: OptionSpecs;
  /** Command lines to copy, each with what it shows. */
  readonly examples?: readonly { readonly command: string; readonly shows: string }[];
  /** Further help sections (for `call`: the fault names and the demo callers). */
  readonly sections?: () => readonly { readonly title: string; readonly lines: readonly string[] }[];
  /** Resolves to the exit code, or to anything else for 0. */
  readonly run: (args: string[]) => Promise<unknown>;
}

/** A usage mistake in a named command: the CLI prints it with that command's usage only. */
export const isParseArgsError = (error: unknown): error is TypeError & { code: string } =>
  error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');

const optionName = (message: string): string | undefined => /'(--?[\w-]+)/.exec(message)?.[1];

/** node's parseArgs messages, said plainly and in one line. */
const plainParseArgsError = (error: TypeError & { code: string }): UsageError => {
  const option = optionName(error.message);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option ?? error.message}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument "${/'([^']*)'/.exec(error.message)?.[1] ?? ''}"`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (error.message.includes('does not take an argument'))
        return new UsageError(`${option} takes no value`);
      return new UsageError(`${option} needs a value`);
    default:
      return new UsageError(error.message.split('\n')[0] ?? error.message);
  }
};

/**
 * A value that starts with a dash after a string option: node would call `--calls -5` ambiguous and
 * suggest `--calls=-5`; we say what is wrong with it instead.
 */
const refuseDashValues = (options: OptionSpecs, args: readonly string[]): void => {
  for (let i = 0; i < args.length - 1; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return;
    const spec = arg.startsWith('--') && !arg.includes('=') ? options[arg.slice(2)] : undefined;
    const next = args[i + 1] ?? '';
    if (spec?.type !== 'string' || !next.startsWith('-')) continue;
    if (/^-\d/.test(next)) throw new UsageError(`${arg} takes no negative numbers, got "${next}"`);
    throw new UsageError(`${arg} needs a value before the next option "${next}"`);
  }
};

/** parseArgs on a command's own option table, with plain one-line messages for every mistake. */
export const parseCommandArgs = <T extends OptionSpecs, P extends boolean = false>(
  options: T,
  args: readonly string[],
  allowPositionals?: P,
) => {
  refuseDashValues(options, args);
  const config = { args: [...args], options, strict: true as const, allowPositionals };
  try {
    return parseArgs<typeof config>(config);
  } catch (error) {
    if (isParseArgsError(error)) throw plainParseArgsError(error);
    throw error;
  }
};

export const usageLines = (command: CommandDescriptor): string =>
  command.usage.map((line, i) => `${i === 0 ? 'usage:' : '   or:'} hotline ${line}`).join('\n');

const optionLabel = (name: string, spec: OptionSpec): string =>
  `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}${spec.short ? `, -${spec.short}` : ''}`;

const table = (rows: readonly (readonly [string, string])[], indent = '  '): string[] => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
};

/** `hotline <command> --help`: what it does, its options one line each, examples, further sections. */
export const helpOf = (command: CommandDescriptor): string => {
  const options = Object.entries(command.options);
  const lines = [usageLines(command), '', command.description];
  const rows = options.map(([name, spec]): [string, string] => [optionLabel(name, spec), spec.meaning]);
  lines.push('', 'options:', ...table([...rows, ['--help, -h', 'this help']]));
  for (const section of command.sections?.() ?? []) lines.push('', `${section.title}:`, ...section.lines);
  if (command.examples?.length)
    lines.push(
      '',
      'examples:',
      ...command.examples.flatMap(({ command: line, shows }) => [`  ${line}`, `      ${shows}`]),
    );
  return `${lines.join('\n')}\n`;
};

/** The command list: `hotline`, `hotline help`, and after an unknown command. */
export const commandList = (commands: readonly CommandDescriptor[]): string =>
  [
    'usage: hotline <command> [options]   (hotline <command> --help for its options)',
    '',
    'commands:',
    ...table(commands.map((c) => [c.name, c.summary])),
    '',
  ].join('\n');

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The command table of docs/cli.md, from the same descriptors. */
export const markdownCommandTable = (commands: readonly CommandDescriptor[]): string =>
  [
    '| command | what it does |',
    '| ------- | ------------ |',
    ...commands.map(
      (c) =>
        `| ${c.usage.map((line) => `\`hotline ${cell(line)}\``).join('<br>')} | ${cell(c.description)} |`,
    ),
    '',
  ].join('\n');

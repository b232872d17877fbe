import { formatRowProblem, InvalidImportError } from '../shared/domain/errors.ts';
import { sendLogsToStderr } from '../shared/observability/logger.ts';
import { InvalidCallError } from './call-simulator.ts';
import { type CommandDescriptor, commandList, helpOf, isParseArgsError, usageLines } from './command-line.ts';
import { StackImportError } from './commands/import-to-stack.ts';
import { COMMANDS, commandNamed } from './commands/index.ts';
import { ReplayIncompleteError } from './commands/replay.ts';
import { FlowFileRefusedError } from './commands/run-flow.ts';
import { LocalSetupError } from './dynamodb-local.ts';
import { UnknownFunctionError } from './functions.ts';
import { ReplayReadModelError } from './replay/demo-read-model.ts';
import { DoctorUnavailableError, InputFileError, UsageError } from './usage.ts';

/** stdout carries results only (one JSON document with --json); logs and progress go to stderr. */
sendLogsToStderr();

const HELP = new Set(['--help', '-h']);

/** `hotline <command> --help` or `-h` anywhere before a `--`. */
const asksForHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP.has(arg));
};

/** A usage mistake: one line, then the usage of the command it was made in (or the command list). */
class CommandUsageError extends Error {
  constructor(
    message: string,
    readonly command: CommandDescriptor | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CommandUsageError';
  }
}

const unknownCommand = (name: string) => new CommandUsageError(`unknown command "${name}"`, undefined);

const main = async (argv: string[]): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || HELP.has(name) || (name === 'help' && rest.length === 0)) {
    process.stdout.write(commandList(COMMANDS));
    return name === undefined ? 2 : 0;
  }
  if (name === 'help') {
    const [topic = ''] = rest;
    const command = commandNamed(topic);
    if (!command) throw unknownCommand(topic);
    process.stdout.write(helpOf(command));
    return 0;
  }
  const command = commandNamed(name);
  if (!command) throw unknownCommand(name);
  if (asksForHelp(rest)) {
    process.stdout.write(helpOf(command));
    return 0;
  }
  try {
    const code = await command.run(rest);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error))
      throw new CommandUsageError(error.message.split('\n')[0] ?? '', command, { cause: error });
    throw error;
  }
};

/** Each error kind a person can act on gets one line; anything else is a bug and keeps its stack. */
const report = (error: unknown): number => {
  if (error instanceof InvalidImportError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const problem of error.problems) process.stderr.write(`  ${formatRowProblem(problem)}\n`);
    return 1;
  }
  if (error instanceof CommandUsageError) {
    const after = error.command
      ? usageLines(error.command)
      : `commands: ${COMMANDS.map((c) => c.name).join(', ')}`;
    process.stderr.write(`error: ${error.message}\n${after}\n`);
    return 2;
  }
  if (
    error instanceof LocalSetupError ||
    error instanceof UnknownFunctionError ||
    error instanceof InputFileError ||
    error instanceof InvalidCallError ||
    error instanceof ReplayReadModelError ||
    error instanceof ReplayIncompleteError ||
    error instanceof StackImportError ||
    error instanceof DoctorUnavailableError ||
    error instanceof FlowFileRefusedError
  ) {
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(
    `error: unexpected failure, please report it\n${error instanceof Error ? error.stack : String(error)}\n`,
  );
  return 1;
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);

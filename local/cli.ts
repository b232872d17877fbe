import { formatRowProblem, InvalidImportError } from '../shared/domain/errors.ts';
import { sendLogsToStderr } from '../shared/observability/logger.ts';
import { InvalidCallError } from './call-simulator.ts';
import { callCommand } from './commands/call.ts';
import { flowCommand } from './commands/flow.ts';
import { importCommand } from './commands/import.ts';
import { StackImportError } from './commands/import-to-stack.ts';
import { invokeCommand } from './commands/invoke.ts';
import { metricsCommand } from './commands/metrics.ts';
import { auditCommand, privacyCommand } from './commands/privacy.ts';
import { ReplayIncompleteError, replayCommand } from './commands/replay.ts';
import { startCommand } from './commands/start.ts';
import { LocalSetupError } from './dynamodb-local.ts';
import { UnknownFunctionError } from './functions.ts';
import { ReplayReadModelError } from './replay/demo-read-model.ts';
import { DoctorUnavailableError, InputFileError, UsageError } from './usage.ts';

/** stdout carries results only (one JSON document with --json); logs and progress go to stderr. */
sendLogsToStderr();

/** A command resolves to its exit code, or to anything else for 0. */
const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<unknown> }> = {
  start: { summary: 'start [--port N] [--host ADDRESS] [--data DIR] [--in-memory]', run: startCommand },
  import: { summary: 'import --tenancies FILE [--cases FILE] [--stack NAME] [--json]', run: importCommand },
  invoke: { summary: 'invoke <function> --event FILE [--json]', run: invokeCommand },
  call: {
    summary:
      'call --from NUMBER|anonymous [--keys K1,K2…] [--at ISO-8601] [--answer-after S | --abandon-after S] [--fault F] [--full-queue Q] [--json]',
    run: callCommand,
  },
  metrics: {
    summary: 'metrics [--from DATE] [--to DATE] [--granularity hour|day|week|month] [--json | --csv]',
    run: metricsCommand,
  },
  replay: {
    summary:
      'replay [--calls N] [--seed S] [--year YYYY | --from DATE --to DATE] [--concurrency C] [--shuffle-events] [--in-memory] [--json]',
    run: replayCommand,
  },
  flow: { summary: 'flow', run: flowCommand },
  privacy: {
    summary: 'privacy export --tenancy ID [--json] | privacy erase --tenancy ID --yes [--json]',
    run: privacyCommand,
  },
  audit: { summary: 'audit --tenancy ID [--from DATE] [--json]', run: auditCommand },
  'test-cases': {
    summary: 'test-cases [--out DIR]',
    run: async (args) => (await import('./commands/test-cases.ts')).testCasesCommand(args),
  },
  test: {
    summary: 'test [--case FILE|DIR]... [--json] | test --stack NAME [--region R] [--json]',
    run: async (args) => (await import('./commands/test-cases.ts')).testCommand(args),
  },
  doctor: {
    summary: 'doctor --stack NAME [--region R] [--json]',
    // Loaded when used: its six AWS SDK clients would add most of a second to every other command.
    run: async (args) => (await import('./commands/doctor.ts')).doctorCommand(args),
  },
};

const usage = (): string =>
  ['usage: hotline <command>', ...Object.values(COMMANDS).map((c) => `  hotline ${c.summary}`)].join('\n');

const main = async (argv: string[]): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  const code = await command.run(rest);
  return typeof code === 'number' ? code : 0;
};

/** Each error kind a person can act on gets one line; anything else is a bug and keeps its stack. */
const report = (error: unknown): number => {
  if (error instanceof InvalidImportError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const problem of error.problems) process.stderr.write(`  ${formatRowProblem(problem)}\n`);
    return 1;
  }
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`error: ${error.message}\n${usage()}\n`);
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
    error instanceof DoctorUnavailableError
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

// Every `hotline` command, in the order the help lists them. A new command is its descriptor
// (local/command-line.ts) and one entry here; usage, --help and the table of docs/cli.md follow from it.
import type { CommandDescriptor } from '../command-line.ts';
import { callDescriptor } from './call.ts';
import { doctorDescriptor } from './doctor-descriptor.ts';
import { flowDescriptor } from './flow.ts';
import { importDescriptor } from './import.ts';
import { invokeDescriptor } from './invoke.ts';
import { metricsDescriptor } from './metrics.ts';
import { auditDescriptor, privacyDescriptor } from './privacy.ts';
import { replayDescriptor } from './replay.ts';
import { runFlowDescriptor } from './run-flow.ts';
import { startDescriptor } from './start.ts';
import { testCasesDescriptor, testDescriptor } from './test-cases.ts';

export const COMMANDS: readonly CommandDescriptor[] = [
  startDescriptor,
  importDescriptor,
  invokeDescriptor,
  callDescriptor,
  metricsDescriptor,
  replayDescriptor,
  flowDescriptor,
  runFlowDescriptor,
  privacyDescriptor,
  auditDescriptor,
  testCasesDescriptor,
  testDescriptor,
  doctorDescriptor,
];

export const commandNamed = (name: string): CommandDescriptor | undefined =>
  COMMANDS.find((command) => command.name === name);

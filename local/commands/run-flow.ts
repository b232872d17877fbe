import { basename, extname } from 'node:path';
import * as z from 'zod';
import { type OfficeHours, WEEKDAYS } from '../../shared/domain/office-hours.ts';
import { VIENNA_TIME_ZONE } from '../../shared/domain/vienna-calendar.ts';
import type { FlowDocument } from '../../shared/flow/flow-language.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import {
  FLOW_TYPES,
  FlowRuntimeError,
  type FlowTrace,
  type FlowType,
  FlowValidationError,
  type FlowWorld,
  formatFlowProblem,
  isFlowType,
  type LambdaHandler,
  type OtherFlow,
  runAnyFlow,
  type SimulatedQueue,
  validateFlow,
} from '../flow-interpreter/index.ts';
import { parseCallerNumberOption } from '../option-values.ts';
import { InputFileError, readJsonFile, UsageError } from '../usage.ts';

/** The number the simulated caller dialled: run-flow has no instance, so any number does. */
const SYSTEM_NUMBER = '+4319999999';
const CONTACT_ID = '00000000-0000-4000-8000-00000000f10e';
/** The queue a contact of a queue, whisper, hold or transfer flow is in when that flow starts. */
const ARRIVED_IN = { arn: 'run-flow-queue', name: 'queue' } as const;

/** `aws connect describe-contact-flow` output, its `ContactFlow`, or the flow language itself. */
const Described = z.object({
  ContactFlow: z.looseObject({
    Content: z.string(),
    Arn: z.string().optional(),
    Id: z.string().optional(),
    Name: z.string().optional(),
    Type: z.string().optional(),
  }),
});
const DescribedModule = z.object({
  ContactFlowModule: z.looseObject({
    Content: z.string(),
    Arn: z.string().optional(),
    Id: z.string().optional(),
    Name: z.string().optional(),
  }),
});
const BareDescription = Described.shape.ContactFlow;
const FlowLanguage = z.looseObject({ Actions: z.array(z.looseObject({ Type: z.unknown() })) });

interface FlowFile {
  readonly path: string;
  readonly content: unknown;
  readonly type: FlowType | undefined;
  readonly arn?: string;
  readonly id?: string;
  readonly name: string;
}

const parseContent = (path: string, content: string): unknown => {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new InputFileError(`the Content of the flow file ${path} is not valid JSON`, { cause: error });
  }
};

const fileName = (path: string) => basename(path, extname(path));

const readFlowFile = (path: string): FlowFile => {
  const json = readJsonFile(path, 'flow');
  const described = Described.safeParse(json);
  const flow = described.success ? described.data.ContactFlow : BareDescription.safeParse(json).data;
  if (flow) {
    const type = flow.Type !== undefined && isFlowType(flow.Type) ? flow.Type : undefined;
    return {
      path,
      content: parseContent(path, flow.Content),
      type,
      arn: flow.Arn,
      id: flow.Id,
      name: flow.Name ?? fileName(path),
    };
  }
  const module = DescribedModule.safeParse(json);
  if (module.success) {
    const { Content, Arn, Id, Name } = module.data.ContactFlowModule;
    return {
      path,
      content: parseContent(path, Content),
      type: 'FLOW_MODULE',
      arn: Arn,
      id: Id,
      name: Name ?? fileName(path),
    };
  }
  return { path, content: json, type: undefined, name: fileName(path) };
};

/** A bare flow-language file says nothing of its type: one that returns from a module is a module. */
const guessType = (content: unknown): FlowType => {
  const actions = FlowLanguage.safeParse(content).data?.Actions ?? [];
  return actions.some((a) => a.Type === 'EndFlowModuleExecution') ? 'FLOW_MODULE' : 'CONTACT_FLOW';
};

/** Every static string value of `name` among the flows' action parameters. */
const staticParameters = (flows: readonly FlowDocument[], names: readonly string[]): string[] => [
  ...new Set(
    flows.flatMap((flow) =>
      flow.Actions.flatMap((action) =>
        names
          .map((name) => action.Parameters[name])
          .filter((v): v is string => typeof v === 'string' && v !== '' && !v.includes('$.')),
      ),
    ),
  ),
];

const FUNCTION_NAME = /:function:([^:]+)/;

/** `NAME_OR_ARN=RESPONSE.json` answers every Lambda of the flows with that ARN or function name. */
const lambdaAnswers = (
  options: readonly string[],
  arns: readonly string[],
  dynamic: boolean,
): Record<string, LambdaHandler> => {
  const lambdas: Record<string, LambdaHandler> = {};
  for (const option of options) {
    const at = option.indexOf('=');
    if (at <= 0 || at === option.length - 1)
      throw new UsageError(`--lambda must be NAME_OR_ARN=RESPONSE.json, got "${option}"`);
    const key = option.slice(0, at);
    const matches = arns.filter((arn) => arn === key || FUNCTION_NAME.exec(arn)?.[1] === key);
    // A flow that builds its Lambda ARN at runtime is answered by function name when it runs.
    if (matches.length === 0 && dynamic && !key.startsWith('arn:')) matches.push(key);
    if (matches.length === 0)
      throw new UsageError(
        `--lambda ${key} names no Lambda of the flows; they invoke ${arns.length === 0 ? 'none' : arns.join(', ')}`,
      );
    const response = readJsonFile(option.slice(at + 1), 'Lambda response');
    for (const arn of matches) lambdas[arn] = async () => structuredClone(response);
  }
  return lambdas;
};

const hoursOf = (open: boolean): OfficeHours => ({
  name: open ? 'always open' : 'always closed',
  description: 'hotline run-flow',
  timeZone: VIENNA_TIME_ZONE,
  weekly: open
    ? WEEKDAYS.map((day) => ({ day, start: { hours: 0, minutes: 0 }, end: { hours: 24, minutes: 0 } }))
    : [],
  closedDays: [],
});

/**
 * The instance the flows refer to, as far as the files show it: every static queue exists and has
 * room, every hours of operation is open (closed with `--closed`), no agent is available.
 */
const worldOf = (
  flows: readonly FlowDocument[],
  others: readonly OtherFlow[],
  lambdas: Record<string, LambdaHandler>,
  closed: boolean,
): FlowWorld => {
  const HOURS = 'run-flow-hours';
  const queues: Record<string, SimulatedQueue> = {};
  for (const id of staticParameters(flows, ['QueueId']))
    queues[id] = { name: id.split('/').pop() ?? id, hoursArn: HOURS };
  const hours: Record<string, OfficeHours> = { [HOURS]: hoursOf(!closed) };
  for (const id of staticParameters(flows, ['HoursOfOperationId'])) hours[id] = hoursOf(!closed);
  return { lambdas, queues, hours, flows: others };
};

const validated = (file: FlowFile, type: FlowType): FlowDocument => {
  try {
    return validateFlow(file.content, { type });
  } catch (error) {
    if (error instanceof FlowValidationError)
      throw new FlowFileRefusedError(file.path, type, error.problems.map(formatFlowProblem), {
        cause: error,
      });
    throw error;
  }
};

/** A flow file is not one Connect would publish as its type. */
export class FlowFileRefusedError extends Error {
  readonly problems: readonly string[];
  constructor(path: string, type: FlowType, problems: readonly string[], options?: ErrorOptions) {
    super(`the flow ${path} (${type}) is refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'FlowFileRefusedError';
    this.problems = problems;
  }
}

const describeResult = (trace: FlowTrace): string => {
  switch (trace.result) {
    case 'queued':
      return `queued in ${trace.queue?.name ?? '?'}, priority ${trace.priority ?? '?'}`;
    case 'callback':
      return `callback in ${trace.callback?.queue.name ?? '?'} to ${trace.callback?.number ?? '?'}`;
    case 'transferred':
      return `transferred to ${trace.transferredTo ?? '?'}`;
    case 'ended':
      return 'ended (the flow ended without hanging up)';
    case 'disconnected':
      return 'disconnected';
  }
};

const describe = (trace: FlowTrace): string =>
  [
    `result   ${describeResult(trace)}`,
    'heard',
    ...trace.prompts.map((prompt, i) => `  ${i + 1}. ${prompt}`),
    `path     ${trace.path.join(' → ')}`,
    ...trace.lambdaCalls.map(
      (call) => `lambda   ${call.arn}: ${call.outcome} after ${call.attempts} attempt(s)`,
    ),
    ...trace.errors.map((error) => `error    ${error.action}: ${error.errorType}`),
    '',
  ].join('\n');

const toJson = (trace: FlowTrace) => ({
  result: trace.result,
  transferredTo: trace.transferredTo,
  queue: trace.queue?.name ?? null,
  priority: trace.priority,
  prompts: trace.prompts,
  path: trace.path,
  attributes: trace.attributes,
  tags: trace.tags,
  lambdaCalls: trace.lambdaCalls,
  errors: trace.errors,
});

/**
 * `hotline run-flow FILE... [--type T] [--from NUMBER] [--keys K1,K2…] [--lambda NAME_OR_ARN=FILE]…
 * [--closed] [--json]`: runs the first file's flow, exported from Amazon Connect (the flow language,
 * as `aws connect describe-contact-flow` prints it, or its `Content` alone), through the local
 * interpreter. The other files are the flows and modules TransferToFlow and InvokeFlowModule may
 * reach; a Lambda without an answer is unreachable, so its error branch runs.
 */
const RUN_FLOW_OPTIONS = defineOptions({
  type: {
    type: 'string',
    value: 'TYPE',
    meaning: `the first file's flow type when its file does not say: ${FLOW_TYPES.join(', ')}`,
  },
  from: {
    type: 'string',
    value: 'NUMBER',
    meaning: 'the caller id: a number with its area or country code, or anonymous (default: none sent)',
  },
  keys: {
    type: 'string',
    default: '',
    value: 'K1,K2…',
    meaning: 'the keypad answers to the prompts that ask, in order; an empty entry is silence',
  },
  lambda: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'NAME_OR_ARN=FILE',
    meaning: "a Lambda's answer (a JSON file); a Lambda with none is unreachable, so its error branch runs",
  },
  closed: { type: 'boolean', default: false, meaning: 'every hours of operation is closed (default: open)' },
  json: { type: 'boolean', default: false, meaning: 'one JSON object: result, path, prompts, and more' },
});

export const runFlowCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseCommandArgs(RUN_FLOW_OPTIONS, args, true);
  if (positionals.length === 0) throw new UsageError('missing FILE: the flow to run');
  const requested = values.type;
  if (requested !== undefined && !isFlowType(requested))
    throw new UsageError(`--type must be one of ${FLOW_TYPES.join(', ')}, got "${requested}"`);

  const files = positionals.map(readFlowFile);
  const [first, ...rest] = files;
  if (!first) throw new UsageError('missing FILE: the flow to run');
  const type = requested ?? first.type ?? guessType(first.content);
  const main = validated(first, type);
  const others: OtherFlow[] = rest.map((file) => {
    const otherType = file.type ?? guessType(file.content);
    return {
      content: validated(file, otherType),
      type: otherType,
      name: file.name,
      ...(file.arn === undefined ? {} : { arn: file.arn }),
      ...(file.id === undefined ? {} : { id: file.id }),
    };
  });
  const documents = [main, ...others.map((o) => o.content)];
  const arns = staticParameters(documents, ['LambdaFunctionARN']);
  const dynamic = documents.some((flow) =>
    flow.Actions.some((a) => String(a.Parameters.LambdaFunctionARN ?? '').includes('$.')),
  );
  const world = worldOf(documents, others, lambdaAnswers(values.lambda, arns, dynamic), values.closed);

  let trace: FlowTrace;
  try {
    trace = await runAnyFlow(
      main,
      {
        contactId: CONTACT_ID,
        customerNumber: values.from === undefined ? null : parseCallerNumberOption(values.from),
        systemNumber: SYSTEM_NUMBER,
        at: new Date(),
        keys: values.keys === '' ? [] : values.keys.split(','),
        // Only an inbound flow (or a module it calls) meets a contact without a working queue.
        ...(type === 'CONTACT_FLOW' || type === 'FLOW_MODULE' ? {} : { queue: ARRIVED_IN }),
      },
      world,
      { type },
    );
  } catch (error) {
    if (!(error instanceof FlowRuntimeError)) throw error;
    process.stderr.write(`error: the run stopped: ${error.message}\n`);
    if (error.trace) process.stderr.write(`path so far: ${error.trace.path.join(' → ')}\n`);
    return 1;
  }
  process.stdout.write(values.json ? `${JSON.stringify(toJson(trace))}\n` : describe(trace));
  return 0;
};

export const runFlowDescriptor: CommandDescriptor = {
  name: 'run-flow',
  usage: [
    'run-flow FILE... [--type TYPE] [--from NUMBER|anonymous] [--keys K1,K2…] [--lambda NAME_OR_ARN=FILE]… [--closed] [--json]',
  ],
  summary: 'runs any flow exported from Amazon Connect through the local interpreter',
  description:
    "Runs the first file's flow, exported from Amazon Connect (`aws connect describe-contact-flow` output, " +
    'its ContactFlow, or the flow language itself), through the local interpreter, and prints the prompts, ' +
    'the path and how it ended. The other files are the flows and modules that TransferToFlow and ' +
    'InvokeFlowModule may reach; a transfer to a flow not given ends the run as transferred, naming it.',
  options: RUN_FLOW_OPTIONS,
  examples: [
    {
      command:
        'hotline run-flow inbound.json queue.json --from "0664 123 4567" --keys 1 --lambda lookup=found.json',
      shows: 'an inbound flow with its customer-queue flow, the lookup Lambda answering from found.json',
    },
  ],
  run: runFlowCommand,
};

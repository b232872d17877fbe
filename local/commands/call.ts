import { loadLocalEnv } from '../../shared/config/env.ts';
import { LOOKUP_STATUSES, type LookupStatus } from '../../shared/use-cases/identify-caller.ts';
import { DEMO_USERS } from '../auth.ts';
import {
  type CallAnswer,
  type CallReport,
  InvalidCallError,
  type LookupReport,
  MAX_WAIT_SECONDS,
  makeCallSimulator,
  QUEUE_NAMES,
  type QueueName,
  type SimulatedCallRequest,
} from '../call-simulator.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { DEMO_CALLER_SHOWS, DEMO_CALLERS } from '../demo/demo-data.ts';
import { LocalSetupError } from '../dynamodb-local.ts';
import { parseCallerNumberOption, parseCallInstant } from '../option-values.ts';
import { FAULT_MEANINGS, FAULTS, type Fault } from '../simulated-faults.ts';
import { openStore, readServerFile } from '../store.ts';
import { required, UsageError } from '../usage.ts';

const oneOf = <T extends string>(allowed: readonly T[], value: string, option: string): T => {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')}, got "${value}"`);
};

const seconds = (value: string, option: string): number => {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > MAX_WAIT_SECONDS)
    throw new UsageError(`${option} must be whole seconds from 0 to ${MAX_WAIT_SECONDS}, got "${value}"`);
  return parsed;
};

const answerOf = (
  answerAfter: string | undefined,
  abandonAfter: string | undefined,
): CallAnswer | undefined => {
  if (answerAfter !== undefined && abandonAfter !== undefined)
    throw new UsageError('give either --answer-after or --abandon-after, not both');
  if (answerAfter !== undefined) return { afterSeconds: seconds(answerAfter, '--answer-after') };
  if (abandonAfter !== undefined) return { abandonAfterSeconds: seconds(abandonAfter, '--abandon-after') };
  return undefined;
};

/**
 * The call through a running `hotline start` (docs/cli.md): the same request as
 * the simulator page sends, so the call also shows on the server's pages.
 */
const callThroughServer = async (url: string, request: SimulatedCallRequest): Promise<CallReport> => {
  let response: Response;
  try {
    // The server simulates calls for signed-in agents only: the CLI signs in as the demo agent.
    const { username, password } = DEMO_USERS.agent;
    const signIn = await fetch(new URL('/api/sign-in', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const { token } = (await signIn.json().catch(() => ({}))) as { token?: unknown };
    response = await fetch(new URL('/api/calls', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${String(token)}` },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new LocalSetupError(
      `cannot reach the hotline server at ${url} (${error instanceof Error ? error.message : String(error)}): is it still running?`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as { message?: unknown };
  if (response.status === 400)
    throw new InvalidCallError(typeof body.message === 'string' ? body.message : 'the call was refused');
  if (!response.ok)
    throw new LocalSetupError(
      `the hotline server at ${url} failed the call (HTTP ${response.status}): see its output`,
    );
  return body as CallReport;
};

export const CALL_OPTIONS = defineOptions({
  from: {
    type: 'string',
    value: 'NUMBER|anonymous',
    meaning:
      'the caller id: a number with its area or country code (0664 123 45 67, +43 1 2345), or anonymous',
  },
  keys: {
    type: 'string',
    default: '',
    value: 'K1,K2…',
    meaning: "answers to the flow's keypad prompts in order; an empty entry is silence",
  },
  at: {
    type: 'string',
    value: 'ISO-8601',
    meaning: "the call's time, e.g. 2026-12-02T10:00 (Vienna time) or 2026-12-02T09:00Z; default now",
  },
  'answer-after': {
    type: 'string',
    value: 'S',
    meaning: 'a queued call is answered after S seconds (default 40)',
  },
  'abandon-after': { type: 'string', value: 'S', meaning: 'a queued caller hangs up after S seconds' },
  fault: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'F',
    meaning: 'put the call through a fault (below); repeatable',
  },
  'full-queue': {
    type: 'string',
    multiple: true,
    default: [],
    value: 'Q',
    meaning: `a queue at capacity: ${QUEUE_NAMES.join(', ')}; repeatable`,
  },
  json: { type: 'boolean', default: false, meaning: 'print the whole report as one JSON document' },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default .hotline/)' },
});

/**
 * `hotline call --from NUMBER [--keys K1,K2…] [--at ISO-8601] [--json]`: one simulated inbound call
 * through the flow CDK deploys, the real handlers and the local store. `--fault` and `--full-queue`
 * (repeatable) put the call through the failures the flow must survive; `--answer-after` and
 * `--abandon-after` say what becomes of a queued call. When a `hotline start` server owns the
 * store, the call goes through it.
 */
export const callCommand = async (args: string[]): Promise<void> => {
  const { values } = parseCommandArgs(CALL_OPTIONS, args);
  const from = parseCallerNumberOption(required(values.from, '--from NUMBER (or --from anonymous)'));
  const at = values.at === undefined ? new Date() : parseCallInstant(values.at);
  const faults = values.fault.map((f): Fault => oneOf(FAULTS, f, '--fault'));
  const fullQueues = values['full-queue'].map((q): QueueName => oneOf(QUEUE_NAMES, q, '--full-queue'));
  const keys = values.keys === '' ? [] : values.keys.split(',');
  const answer = answerOf(values['answer-after'], values['abandon-after']);
  const request: SimulatedCallRequest = {
    from,
    keys,
    at: at.toISOString(),
    faults,
    fullQueues,
    ...(answer === undefined ? {} : { answer }),
  };

  const local = loadLocalEnv();
  const server = readServerFile(values.data ?? local.HOTLINE_DATA_DIR);
  const report = server
    ? await callThroughServer(server.url, request)
    : await callInProcess(local, values.data, request);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describe(report));
};

const callInProcess = async (
  local: ReturnType<typeof loadLocalEnv>,
  dataDir: string | undefined,
  request: SimulatedCallRequest,
): Promise<CallReport> => {
  const store = await openStore({ local, dataDir });
  try {
    return await makeCallSimulator({ env: store.env })(request);
  } finally {
    await store.close();
  }
};

const describeLog = (log: CallReport['callLog']): string => {
  if (!log) return 'not completed (no contact events stored)';
  const hours = log.afterHours ? 'after hours' : 'in hours';
  if (log.answered)
    return `answered after ${log.waitSeconds} s in ${log.queue}, talked ${log.handleSeconds} s (${hours})`;
  if (log.abandoned) return `abandoned after ${log.waitSeconds} s in ${log.queue} (${hours})`;
  return `ended in the flow (${hours})`;
};

/**
 * Each lookup status by its own name. identify-caller's `ambiguous` is a number that more than one
 * tenancy lists: a shared number, as the team says.
 */
const LOOKUP_NAMES: Readonly<Record<LookupStatus, string>> = {
  found: 'found',
  ambiguous: 'shared',
  not_found: 'not found',
  anonymous: 'anonymous',
  invalid_input: 'invalid input',
  unavailable: 'unavailable',
};

const isLookupStatus = (status: string): status is LookupStatus =>
  (LOOKUP_STATUSES as readonly string[]).includes(status);

const describeLookup = ({ by, status, matchCount }: LookupReport): string => {
  const name = isLookupStatus(status) ? LOOKUP_NAMES[status] : status;
  const what = by === 'phone' ? 'by number' : 'by tenancy number';
  return `${what}: ${name}${status === 'ambiguous' ? ` (${matchCount} tenancies)` : ''}`;
};

/** The lookups in order: `by number: shared (2 tenancies), then by tenancy number: found`. */
export const describeLookups = (lookups: readonly LookupReport[]): string =>
  lookups.length === 0 ? 'no lookup answered' : lookups.map(describeLookup).join(', then ');

const describe = (report: CallReport): string => {
  const who =
    report.identifiedBy === 'none'
      ? 'not identified'
      : `identified by ${report.identifiedBy}: tenancy ${report.tenancyId}${report.caseId ? `, case ${report.caseId}` : ''}`;
  const outcome =
    report.result === 'queued'
      ? `queued in ${report.queue}, priority ${report.priority}`
      : report.result === 'callback'
        ? `callback in the ${report.callback?.queue} queue`
        : report.result === 'closed'
          ? 'closed: heard the opening hours'
          : 'disconnected';
  return [
    `caller   ${who}`,
    `lookup   ${describeLookups(report.lookups)}`,
    `risk     ${report.riskLevel}${report.courtLetterReported ? ' (court letter reported)' : ''}`,
    `result   ${outcome}`,
    'heard',
    ...report.prompts.map((prompt, i) => `  ${i + 1}. ${prompt}`),
    `path     ${report.path.join(' → ')}`,
    `log      ${describeLog(report.callLog)}`,
    '',
  ].join('\n');
};

/** Each demo caller as `--from` takes it (a written notation), beside what calling it shows. */
const demoCallerLines = (): string[] => {
  const rows = (Object.keys(DEMO_CALLER_SHOWS) as (keyof typeof DEMO_CALLERS)[]).map((kind) => {
    const caller: { readonly phone?: string; readonly written?: string; readonly tenancyId?: string } =
      DEMO_CALLERS[kind];
    const dial = caller.written ?? caller.phone ?? `anonymous --keys ,${caller.tenancyId ?? ''}`;
    return [dial, DEMO_CALLER_SHOWS[kind]] as const;
  });
  const width = Math.max(...rows.map(([dial]) => dial.length));
  return rows.map(([dial, shows]) => `  ${dial.padEnd(width)}  ${shows}`);
};

export const callDescriptor: CommandDescriptor = {
  name: 'call',
  usage: [
    'call --from NUMBER|anonymous [--keys K1,K2…] [--at ISO-8601] [--answer-after S | --abandon-after S] [--fault F] [--full-queue Q] [--json]',
  ],
  summary: 'one simulated inbound call through the flow, identify-caller and the local store',
  description:
    'One simulated inbound call through the flow CDK deploys, the real identify-caller and the local store: ' +
    'who was recognised (each lookup by name), the risk, the queue and priority or the callback, every prompt heard, ' +
    'the flow path and the call log. Through a running `hotline start` the call also shows on its pages. ' +
    '--at without an offset is Vienna time (Europe/Vienna, summer time included), as on the simulator page.',
  options: CALL_OPTIONS,
  examples: [
    {
      command: `hotline call --from '${DEMO_CALLERS.critical.written}' --at 2026-11-25T10:00`,
      shows: DEMO_CALLER_SHOWS.critical,
    },
    {
      command: `hotline call --from '${DEMO_CALLERS.shared.written}' --keys ,${DEMO_CALLERS.shared.tenancyIds[0]},2`,
      shows: 'a shared number, then the tenancy number keyed in',
    },
    {
      command: 'hotline call --from anonymous --fault dynamodb-down',
      shows: 'the store down: the caller still reaches the general queue',
    },
  ],
  sections: () => [
    {
      title: 'faults (--fault)',
      lines: Object.entries(FAULT_MEANINGS).map(([fault, meaning]) => `  ${fault.padEnd(20)}  ${meaning}`),
    },
    {
      title: 'demo callers (npm start seeds them)',
      lines: demoCallerLines(),
    },
  ],
  run: callCommand,
};

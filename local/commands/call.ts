import { parseArgs } from 'node:util';
import { loadLocalEnv } from '../../shared/config/env.ts';
import { DEMO_USERS } from '../auth.ts';
import {
  type CallAnswer,
  type CallReport,
  InvalidCallError,
  MAX_WAIT_SECONDS,
  makeCallSimulator,
  QUEUE_NAMES,
  type QueueName,
  type SimulatedCallRequest,
} from '../call-simulator.ts';
import { LocalSetupError } from '../dynamodb-local.ts';
import { FAULTS, type Fault } from '../simulated-faults.ts';
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
 * The call through a running `hotline start` (README "The command line"): the same request as
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

/**
 * `hotline call --from NUMBER [--keys K1,K2…] [--at ISO-8601] [--json]`: one simulated inbound call
 * through the flow CDK deploys, the real handlers and the local store. `--fault` and `--full-queue`
 * (repeatable) put the call through the failures the flow must survive; `--answer-after` and
 * `--abandon-after` say what becomes of a queued call. When a `hotline start` server owns the
 * store, the call goes through it.
 */
export const callCommand = async (args: string[]): Promise<void> => {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      keys: { type: 'string', default: '' },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
      fault: { type: 'string', multiple: true, default: [] },
      'full-queue': { type: 'string', multiple: true, default: [] },
      'answer-after': { type: 'string' },
      'abandon-after': { type: 'string' },
      data: { type: 'string' },
    },
  });
  const from = required(values.from, '--from NUMBER (or --from anonymous)');
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime()))
    throw new UsageError(
      `--at must be an ISO-8601 time such as 2026-11-25T10:00:00+01:00, got "${values.at}"`,
    );
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

const describe = (report: CallReport): string => {
  const who =
    report.identifiedBy === 'none'
      ? `not identified (lookup: ${report.lookupStatus ?? 'none'})`
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
    `risk     ${report.riskLevel}${report.courtLetterReported ? ' (court letter reported)' : ''}`,
    `result   ${outcome}`,
    'heard',
    ...report.prompts.map((prompt, i) => `  ${i + 1}. ${prompt}`),
    `path     ${report.path.join(' → ')}`,
    `log      ${describeLog(report.callLog)}`,
    '',
  ].join('\n');
};

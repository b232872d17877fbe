import { parseArgs } from 'node:util';
import { loadLocalEnv } from '../../shared/config/env.ts';
import {
  type CallReport,
  FAULTS,
  type Fault,
  makeCallSimulator,
  QUEUE_NAMES,
  type QueueName,
} from '../call-simulator.ts';
import { openStore } from '../store.ts';
import { required, UsageError } from '../usage.ts';

const oneOf = <T extends string>(allowed: readonly T[], value: string, option: string): T => {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')}, got "${value}"`);
};

/**
 * `hotline call --from NUMBER [--keys K1,K2…] [--at ISO-8601] [--json]`: one simulated inbound call
 * through the flow CDK deploys, the real handler and the local store. `--fault` and `--full-queue`
 * (repeatable) put the call through the failures the flow must survive.
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

  const store = await openStore({ local: loadLocalEnv(), dataDir: values.data });
  try {
    const simulate = makeCallSimulator({ env: store.env });
    const report = await simulate({ from, keys, at: at.toISOString(), faults, fullQueues });
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describe(report));
  } finally {
    await store.close();
  }
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
    `risk     ${report.riskLevel}${report.riskReasons.length ? ` (${report.riskReasons.join(', ')})` : ''}`,
    `result   ${outcome}`,
    'heard',
    ...report.prompts.map((prompt, i) => `  ${i + 1}. ${prompt}`),
    `path     ${report.path.join(' → ')}`,
    '',
  ].join('\n');
};

import { userInfo } from 'node:os';
import { wirePrivacyDesk } from '../../functions/privacy-api/wiring.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { dynamoDbClientOptions, loadLocalEnv, loadPrivacyApiEnv } from '../../shared/config/env.ts';
import { openCaseOf, TenancyIdSchema } from '../../shared/domain/tenancy.ts';
import { PRIVACY_GROUP, startOfViennaDay } from '../../shared/http/privacy-api-contract.ts';
import type { RecordedAuditEntry } from '../../shared/ports/audit-trail.ts';
import type {
  AuditReport,
  ErasureReport,
  PrivacyDesk,
  PrivacyRequest,
  TenancyExport,
} from '../../shared/use-cases/privacy-desk.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { parseCalendarDay } from '../option-values.ts';
import { openStore } from '../store.ts';
import { UsageError } from '../usage.ts';

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** An access request's answer for a person: what is held, in a few lines; `--json` has all of it. */
export const renderExport = (held: TenancyExport): string => {
  const lines = [`data held about tenancy ${held.tenancyId} (exported ${held.exportedAt})`];
  const current = held.readModel.at(-1);
  if (current === undefined) lines.push('  read model: nothing (not in any stored import)');
  else {
    const { tenancy, cases } = current.file;
    const open = openCaseOf(current.file);
    lines.push(
      `  read model: ${plural(held.readModel.length, 'entry', 'entries')} (imports ${held.readModel.map((entry) => entry.generation).join(', ')})`,
      `    ${tenancy.tenantName}, ${tenancy.address}, ${tenancy.postalCode}; ${plural(current.file.phoneHashes.length, 'phone number')} (kept as keyed hashes)`,
      `    ${plural(cases.length, 'case')}${open ? ` (open: ${open.caseId}, ${open.stage})` : ''}`,
    );
  }
  lines.push(`  calls: ${held.calls.length}`);
  for (const { call, outcomes } of held.calls) {
    const latest = outcomes[0];
    lines.push(
      `    ${call.receivedAt ?? '(time unknown)'}  ${call.contactId}  ${
        latest ? `outcome ${latest.codes.join(', ')} (revision ${latest.revision})` : 'no outcome'
      }`,
    );
  }
  lines.push(`  case resolutions: ${held.caseResolutions.length}`);
  for (const entry of held.caseResolutions) {
    lines.push(`    ${entry.caseId}  ${entry.resolution}  (call ${entry.contactId}, ${entry.recordedAt})`);
  }
  lines.push(`  audit entries: ${held.audit.length} (hotline audit --tenancy ${held.tenancyId})`, '');
  return lines.join('\n');
};

export const renderErasure = (report: ErasureReport): string => {
  if (report.nothingHeld) return `nothing held about tenancy ${report.tenancyId}: nothing erased\n`;
  const { erased } = report;
  return [
    `erased tenancy ${report.tenancyId}: ${plural(erased.readModelEntries, 'read-model entry', 'read-model entries')}, ${plural(erased.calls, 'call')}, ${plural(erased.outcomes, 'outcome')}, ${plural(erased.caseResolutions, 'case resolution')}`,
    '  day counters kept; the erasure is in the audit trail; a later import brings the read-model entry back',
    '',
  ].join('\n');
};

const auditLine = (entry: RecordedAuditEntry): string =>
  `  ${entry.at}  ${entry.action.padEnd(19)}  ${entry.subject} (${entry.groups.join(', ')})${
    entry.contactId ? `  contact ${entry.contactId}` : ''
  }  ${entry.route}`;

export const renderAudit = (report: AuditReport): string =>
  [
    `audit trail of tenancy ${report.tenancyId}${report.from ? ` from ${report.from}` : ''}: ${plural(report.entries.length, 'entry', 'entries')}`,
    ...report.entries.map(auditLine),
    '',
  ].join('\n');

const tenancyOf = (value: string | undefined) => {
  if (value === undefined) throw new UsageError('--tenancy ID is required');
  const parsed = TenancyIdSchema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--tenancy: ${parsed.error.issues[0]?.message ?? 'not a tenancy number'}`);
  return parsed.data;
};

/**
 * The operator at this machine, as the audit trail names them: they hold the store itself, so the
 * CLI acts in the privacy office's group, under their login name.
 */
const operator = (): PrivacyRequest['actor'] => ({
  subject: `cli:${userInfo().username}`,
  groups: [PRIVACY_GROUP],
});

/** Runs `work` with the privacy desk on the local store, then closes both. */
const withDesk = async <T>(
  dataDir: string | undefined,
  work: (desk: PrivacyDesk) => Promise<T>,
): Promise<T> => {
  const store = await openStore({ local: loadLocalEnv(), dataDir });
  const env = loadPrivacyApiEnv(store.envVars);
  const doc = makeDocumentClient(dynamoDbClientOptions(env));
  try {
    return await work(wirePrivacyDesk(env, { doc }));
  } finally {
    doc.destroy();
    await store.close();
  }
};

const PRIVACY_OPTIONS = defineOptions({
  tenancy: { type: 'string', value: 'ID', meaning: 'the tenancy number the request is about' },
  yes: { type: 'boolean', default: false, meaning: 'erase: confirms that the data goes for good' },
  json: { type: 'boolean', default: false, meaning: 'print the result as one JSON document' },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default .hotline/)' },
});

const AUDIT_OPTIONS = defineOptions({
  tenancy: { type: 'string', value: 'ID', meaning: 'the tenancy number whose audit trail to read' },
  from: { type: 'string', value: 'DAY', meaning: 'entries from this Vienna calendar day on, YYYY-MM-DD' },
  json: { type: 'boolean', default: false, meaning: 'print the trail as one JSON document' },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default .hotline/)' },
});

/**
 * `hotline privacy export --tenancy ID [--json]` and `hotline privacy erase --tenancy ID --yes
 * [--json]`: a tenant's access and erasure requests on the local store, through the privacy API's
 * use cases, each recorded in the audit trail.
 */
export const privacyCommand = async (args: string[]): Promise<void> => {
  const [action, ...rest] = args;
  if (action !== 'export' && action !== 'erase') {
    throw new UsageError(
      'say what to do: hotline privacy export --tenancy ID, or hotline privacy erase --tenancy ID --yes',
    );
  }
  const { values } = parseCommandArgs(PRIVACY_OPTIONS, rest);
  const tenancyId = tenancyOf(values.tenancy);
  if (action === 'erase' && !values.yes) {
    throw new UsageError(
      `erasing removes tenancy ${tenancyId}'s calls, outcomes, case resolutions and read-model entry for good: add --yes to go ahead`,
    );
  }
  const request: PrivacyRequest = { actor: operator(), route: `hotline privacy ${action}`, tenancyId };
  const output = await withDesk(values.data, async (desk) => {
    if (action === 'export') {
      const held = await desk.exportData(request);
      return values.json ? `${JSON.stringify(held)}\n` : renderExport(held);
    }
    const report = await desk.erase(request);
    return values.json ? `${JSON.stringify(report)}\n` : renderErasure(report);
  });
  process.stdout.write(output);
};

/** `hotline audit --tenancy ID [--from DATE] [--json]`: who read or changed a tenant's data, and when. */
export const auditCommand = async (args: string[]): Promise<void> => {
  const { values } = parseCommandArgs(AUDIT_OPTIONS, args);
  const tenancyId = tenancyOf(values.tenancy);
  const from =
    values.from === undefined ? undefined : startOfViennaDay(parseCalendarDay(values.from, '--from'));
  const report = await withDesk(values.data, (desk) =>
    desk.readAudit({ actor: operator(), route: 'hotline audit', tenancyId, from }),
  );
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : renderAudit(report));
};

export const privacyDescriptor: CommandDescriptor = {
  name: 'privacy',
  usage: ['privacy export --tenancy ID [--json]', 'privacy erase --tenancy ID --yes [--json]'],
  summary: "a tenant's access or erasure request on the local store, recorded in the audit trail",
  description:
    "A tenant's access (export) or erasure (erase) request on the local store, through the privacy API's use " +
    'cases (docs/privacy.md); each is recorded in the audit trail under `cli:<your login>`.',
  options: PRIVACY_OPTIONS,
  examples: [
    {
      command: 'hotline privacy export --tenancy 104711001',
      shows: 'what the hotline holds of that tenancy',
    },
  ],
  run: privacyCommand,
};

export const auditDescriptor: CommandDescriptor = {
  name: 'audit',
  usage: ['audit --tenancy ID [--from DAY] [--json]'],
  summary: "who read or changed a tenancy's data, and when, from the audit trail",
  description:
    "Who read or changed a tenancy's data, and when, from the audit trail (itself recorded there). " +
    'A day is a Vienna calendar day, YYYY-MM-DD.',
  options: AUDIT_OPTIONS,
  run: auditCommand,
};

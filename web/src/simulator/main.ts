// The call simulator: one call through the local flow, shown as the caller heard it. Each placed
// call also rings at the local agent workspace (workspace.html), as a real call rings at an agent.
import * as z from 'zod/mini';
import type { CallReport } from '../../../local/call-simulator.ts';
import type { DEMO_CALLERS } from '../../../local/demo/demo-data.ts';
import type { Fault } from '../../../local/simulated-faults.ts';
import { AGENT_GROUP } from '../../../shared/http/agent-api-contract.ts';
import type { LookupStatus } from '../../../shared/use-cases/identify-caller.ts';
import { byId, describe, element, inputsOf } from '../shell/dom.ts';
import { SignedOutError, startSignedInPage } from '../shell/page-shell.ts';
import { fromVienna, viennaNow } from '../shell/vienna-time.ts';
import { TEXTS } from './texts.ts';

/** The faults the page offers (the CLI offers every one). */
const PAGE_FAULTS = [
  'lambda-throws',
  'lambda-slow',
  'lambda-garbage',
  'lambda-non-strings',
  'dynamodb-down',
] as const satisfies readonly Fault[];
const FULL_QUEUES = ['urgent', 'general'] as const;
const FAULT_CHOICES = [...PAGE_FAULTS, ...FULL_QUEUES.map((queue) => `full-${queue}` as const)];

/** GET /api/demo-callers: the showcase callers by kind; only the phone number is used here. */
const DemoCallers = z.record(z.string(), z.object({ phone: z.optional(z.string()) }));
const ErrorAnswer = z.object({ message: z.string() });

/** What the page shows of the local server's CallReport. */
const CallReportView = z.object({
  result: z.enum(['queued', 'callback', 'closed', 'disconnected']),
  queue: z.nullable(z.string()),
  priority: z.nullable(z.number()),
  callback: z.nullable(z.object({ queue: z.string() })),
  identifiedBy: z.enum(['phone', 'keypad', 'none']),
  tenancyId: z.nullable(z.string()),
  caseId: z.nullable(z.string()),
  riskLevel: z.enum(['critical', 'high', 'normal']),
  courtLetterReported: z.boolean(),
  lookupStatus: z.nullable(z.string()),
  /** Each lookup the flow made, in order: a shared number, then the tenancy number keyed in. */
  lookups: z.readonly(
    z.array(z.object({ by: z.enum(['phone', 'tenancy']), status: z.string(), matchCount: z.number() })),
  ),
  prompts: z.array(z.string()),
  path: z.array(z.string()),
});
export type CallReportView = z.infer<typeof CallReportView>;
/** Fails to compile when the simulator's CallReport no longer fits what the page reads of it. */
const reportFitsContract: CallReport extends CallReportView ? true : false = true;
void reportFitsContract;

/** The demo callers with a number to dial, each a button. */
const DEMO_KINDS = [
  'critical',
  'criticalHearing',
  'high',
  'normal',
  'shared',
  'unknown',
] as const satisfies readonly (keyof typeof DEMO_CALLERS)[];
const isDemoKind = (kind: string): kind is (typeof DEMO_KINDS)[number] =>
  (DEMO_KINDS as readonly string[]).includes(kind);

let report: CallReportView | null | undefined;
let failure: string | undefined;
let demoCallers: z.infer<typeof DemoCallers> = {};

/** The example callers' buttons; without them the page still places calls to a typed number. */
function loadDemoCallers(): void {
  shell
    .api('/api/demo-callers')
    .then((response) => response.json())
    .then((callers: unknown) => {
      demoCallers = DemoCallers.parse(callers);
      renderDemoCallers();
    })
    .catch(() => {});
}

const renderFaults = () => {
  const list = byId('fault-list');
  const checked = new Set(inputsOf(list, 'input:checked').map((input) => input.value));
  list.replaceChildren();
  for (const value of FAULT_CHOICES) {
    const label = element('label');
    const input = element('input');
    input.type = 'checkbox';
    input.value = value;
    input.checked = checked.has(value);
    label.append(input, ` ${t(value)}`);
    list.append(label);
  }
};

const renderDemoCallers = () => {
  const group = byId('demo-callers');
  for (const button of group.querySelectorAll('button')) button.remove();
  for (const [kind, caller] of Object.entries(demoCallers)) {
    const phone = caller.phone;
    if (!phone || !isDemoKind(kind)) continue;
    const button = element('button', t(kind));
    button.type = 'button';
    button.addEventListener('click', () => {
      byId('from', HTMLInputElement).value = phone;
      byId('withheld', HTMLInputElement).checked = false;
    });
    group.append(button);
  }
};

/** A status the texts name (all of identify-caller's: the type check fails when one lacks words). */
const isLookupName = (status: string): status is LookupStatus => `lookup_${status}` in TEXTS.en;

/** One lookup as the page says it: how, and what came of it by name (a shared number says so). */
const lookupText = ({ by, status, matchCount }: CallReportView['lookups'][number]): string => {
  const what = by === 'phone' ? t('lookupByPhone') : t('lookupByTenancy');
  const name = isLookupName(status) ? t(`lookup_${status}`) : status;
  return `${what}: ${name}${status === 'ambiguous' ? ` (${matchCount})` : ''}`;
};

const renderResult = () => {
  const outcome = byId('outcome');
  const prompts = byId('prompts');
  const path = byId('path');
  describe(byId('details'), []);
  prompts.replaceChildren();
  path.replaceChildren();
  if (failure) {
    outcome.textContent = `${t('failed')}: ${failure}`;
    outcome.className = 'bad';
    return;
  }
  if (report === null) {
    outcome.textContent = t('running');
    outcome.className = '';
    return;
  }
  if (report === undefined) {
    outcome.textContent = '';
    return;
  }
  outcome.textContent = t(report.result, report);
  outcome.className = report.result === 'disconnected' ? 'bad' : 'ok';
  const identified = report.identifiedBy === 'none' ? t('notIdentified') : t(report.identifiedBy);
  describe(byId('details'), [
    [t('identifiedBy'), identified],
    [t('tenancy'), report.tenancyId ?? t('none')],
    [t('case'), report.caseId ?? t('none')],
    [t('risk'), `${t(report.riskLevel)}${report.courtLetterReported ? ` (${t('courtLetter')})` : ''}`],
    [t('lookup'), report.lookups.length === 0 ? t('none') : report.lookups.map(lookupText).join(' → ')],
  ]);
  for (const prompt of report.prompts) prompts.append(element('li', prompt));
  for (const step of report.path) path.append(element('li', step));
};

const render = () => {
  renderFaults();
  renderDemoCallers();
  renderResult();
};

// Placing a call answers a phone or tenancy number with the caller's risk: for signed-in agents only,
// as the local server checks too.
const shell = await startSignedInPage({
  texts: TEXTS,
  storageKey: 'agentSession',
  group: AGENT_GROUP,
  refusal: 'notAgent',
  panelId: 'simulator',
  render,
  onSession: () => {
    loadDemoCallers();
  },
  onSessionEnd: () => {
    report = undefined;
    failure = undefined;
    demoCallers = {};
  },
});
const { t } = shell;

byId('withheld', HTMLInputElement).addEventListener('change', (event) => {
  byId('from', HTMLInputElement).disabled = event.target instanceof HTMLInputElement && event.target.checked;
});

byId('call').addEventListener('submit', async (event) => {
  event.preventDefault();
  const checked = inputsOf(byId('fault-list'), 'input:checked').map((input) => input.value);
  const keys = byId('keys', HTMLInputElement).value.trim();
  const body = {
    from: byId('withheld', HTMLInputElement).checked ? 'anonymous' : byId('from', HTMLInputElement).value,
    keys: keys === '' ? [] : keys.split(',').map((key) => key.trim()),
    at: fromVienna(byId('at', HTMLInputElement).value || viennaNow()),
    faults: checked.filter((value) => !value.startsWith('full-')),
    fullQueues: checked.filter((value) => value.startsWith('full-')).map((value) => value.slice(5)),
  };
  report = null;
  failure = undefined;
  renderResult();
  try {
    const response = await shell.api('/api/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer: unknown = await response.json();
    if (!response.ok) {
      report = undefined;
      const error = ErrorAnswer.safeParse(answer);
      failure = error.success ? error.data.message : String(response.status);
    } else {
      report = CallReportView.parse(answer);
    }
  } catch (error) {
    report = undefined;
    if (error instanceof SignedOutError) return;
    failure = String(error);
  }
  renderResult();
});

byId('at', HTMLInputElement).value = viennaNow();
render();

import { CONCURRENT_CALLS_QUOTA_CODE, DEFAULT_CONCURRENT_CALLS_QUOTA } from '../config/queues.ts';
import { flowReferences, InvalidFlowContentError } from '../connect/flow-references.ts';
import { instanceArnOf, parseResourceArn, type ResourceArn } from '../connect/resource-arns.ts';
import { type ClockTime, officeHoursWith, WEEKDAYS } from '../domain/office-hours.ts';
import { austrianPublicHolidays } from '../domain/public-holidays.ts';
import { addDays, type IsoDate, viennaDate } from '../domain/vienna-calendar.ts';
import type { Clock } from '../ports/clock.ts';
import {
  type DeployedFlow,
  type DeployedHotline,
  type DeployedStack,
  DeploymentReadError,
  type EffectiveHours,
} from '../ports/deployed-hotline.ts';

/**
 * `hotline doctor`: read-only checks of a deployed stack and its Connect instance. Each check asks the
 * DeployedHotline port what it needs and decides ok or problem, with one line of what to do.
 */

export type CheckStatus = 'ok' | 'problem';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What the check found, one line each: the evidence behind ok, or each problem. */
  readonly findings: readonly string[];
  /** What to do, in one line; null when ok. */
  readonly advice: string | null;
}

export interface DoctorReport {
  readonly stack: string;
  readonly stackStatus: string;
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

/** `--stack` names no stack in the region. */
export class StackNotFoundError extends Error {
  readonly stackName: string;

  constructor(stackName: string) {
    super(`no stack named ${stackName} in this region`);
    this.name = 'StackNotFoundError';
    this.stackName = stackName;
  }
}

/** How many of the coming public holidays the hours check asks Connect about. */
export const HOLIDAYS_CHECKED = 3;

/** What the stack deploys, recognised by form in its outputs and its resources' physical ids. */
export interface StackInventory {
  readonly instanceArn: string | undefined;
  readonly flows: readonly string[];
  readonly queues: readonly string[];
  readonly hours: readonly string[];
  readonly functionNames: readonly string[];
  /** The agent workspace app: an ARN, or the physical id CloudFormation gives it. */
  readonly applications: readonly string[];
  readonly alarms: readonly string[];
  readonly topics: readonly string[];
  /** A short name for an ARN the stack deploys: its output key or logical id, else its id. */
  label(arn: string): string;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

export const inventoryOf = (stack: DeployedStack): StackInventory => {
  const physicalIds = stack.resources.flatMap((resource) =>
    resource.physicalId === undefined ? [] : [resource.physicalId],
  );
  const arns = [...stack.outputs.map((output) => output.value), ...physicalIds]
    .map(parseResourceArn)
    .filter((arn): arn is ResourceArn => arn !== undefined);
  const of = <K extends ResourceArn['kind']>(kind: K) =>
    arns.filter((arn): arn is Extract<ResourceArn, { kind: K }> => arn.kind === kind);
  const ofType = (type: string) =>
    stack.resources.flatMap((r) => (r.type === type && r.physicalId !== undefined ? [r.physicalId] : []));
  const connectArns = arns.filter((arn) =>
    ['connect-instance', 'queue', 'contact-flow', 'hours'].includes(arn.kind),
  );
  const first = connectArns[0];
  return {
    instanceArn: first === undefined ? undefined : instanceArnOf(first.arn),
    flows: unique(of('contact-flow').map(({ arn }) => arn)),
    queues: unique(of('queue').map(({ arn }) => arn)),
    hours: unique(of('hours').map(({ arn }) => arn)),
    functionNames: unique([
      ...ofType('AWS::Lambda::Function'),
      ...of('lambda-function').map(({ functionName }) => functionName),
    ]),
    applications: unique([
      ...ofType('AWS::AppIntegrations::Application'),
      ...of('application').map(({ arn }) => arn),
    ]),
    alarms: unique(ofType('AWS::CloudWatch::Alarm')),
    topics: unique(of('sns-topic').map(({ arn }) => arn)),
    label: (arn) => {
      const output = stack.outputs.find((o) => o.value === arn);
      if (output) return output.key.replace(/Arn$/, '');
      const resource = stack.resources.find((r) => r.physicalId === arn);
      if (resource) return resource.logicalId;
      const parsed = parseResourceArn(arn);
      return parsed && 'id' in parsed ? parsed.id : arn;
    },
  };
};

/** What every check may ask, each question sent once per run. */
export interface DoctorContext {
  readonly port: DeployedHotline;
  readonly stack: DeployedStack;
  readonly inventory: StackInventory;
  /** Today in Vienna. */
  readonly today: IsoDate;
  flows(): Promise<readonly DeployedFlow[]>;
  /** What each flow names; `undefined` for a flow whose content is not flow-language JSON. */
  references(): Promise<
    readonly { flow: DeployedFlow; refs: ReturnType<typeof flowReferences> | undefined }[]
  >;
}

const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
};

const contextOf = (port: DeployedHotline, stack: DeployedStack, today: IsoDate): DoctorContext => {
  const inventory = inventoryOf(stack);
  const flows = once(async () => {
    const found: DeployedFlow[] = [];
    // One after another: Connect's API allows a few requests a second per account.
    for (const arn of inventory.flows) found.push(await port.contactFlow(arn));
    return found;
  });
  const references = once(async () =>
    (await flows()).map((flow) => {
      try {
        return { flow, refs: flowReferences(flow.content) };
      } catch (error) {
        if (error instanceof InvalidFlowContentError) return { flow, refs: undefined };
        throw error;
      }
    }),
  );
  return { port, stack, inventory, today, flows, references };
};

type Check = (context: DoctorContext) => Promise<Omit<CheckResult, 'id' | 'title'>>;

const ok = (...findings: string[]) => ({ status: 'ok' as const, findings, advice: null });
const problem = (findings: readonly string[], advice: string) => ({
  status: 'problem' as const,
  findings,
  advice,
});
const REDEPLOY = 'npx cdk deploy --all';

const functionNameOf = (arn: string): string => {
  const parsed = parseResourceArn(arn);
  return parsed?.kind === 'lambda-function' ? parsed.functionName : arn;
};

const checkStack: Check = async ({ stack }) => {
  // *_COMPLETE but not a rollback: the last deploy went through.
  const settled = /_COMPLETE$/.test(stack.status) && !/ROLLBACK/.test(stack.status);
  return settled
    ? ok(`${stack.name} is ${stack.status}`)
    : problem(
        [`${stack.name} is ${stack.status}: the last deploy did not complete`],
        `finish or repair the deployment (${REDEPLOY}, or the CloudFormation console's events), then run the doctor again`,
      );
};

const checkFlowPublished: Check = async ({ inventory, flows }) => {
  if (inventory.flows.length === 0) {
    return problem(['the stack has no contact flow'], `deploy the current version (${REDEPLOY})`);
  }
  const found = await flows();
  const unpublished = found.filter((flow) => flow.status !== 'PUBLISHED' || flow.state !== 'ACTIVE');
  if (unpublished.length === 0) return ok(...found.map((flow) => `${flow.name}: published and active`));
  return problem(
    unpublished.map((flow) => `${flow.name} is ${flow.status} and ${flow.state}: callers do not reach it`),
    `publish it again (${REDEPLOY}, or Publish in the flow designer of the Connect admin website)`,
  );
};

const checkFlowReferences: Check = async ({ inventory, references }) => {
  const findings: string[] = [];
  const used = new Set<string>();
  for (const { flow, refs } of await references()) {
    if (refs === undefined) {
      findings.push(`${flow.name}: its content is not flow-language JSON`);
      continue;
    }
    for (const arn of refs.lambdaFunctions) {
      if (!inventory.functionNames.includes(functionNameOf(arn))) {
        findings.push(`${flow.name} invokes ${functionNameOf(arn)}, a function this stack did not deploy`);
      }
    }
    for (const arn of refs.queues) {
      used.add(arn);
      if (!inventory.queues.includes(arn))
        findings.push(`${flow.name} routes to a queue this stack did not deploy: ${arn}`);
    }
    for (const arn of refs.hours) {
      if (!inventory.hours.includes(arn))
        findings.push(`${flow.name} checks hours this stack did not deploy: ${arn}`);
    }
  }
  for (const arn of inventory.queues) {
    if (!used.has(arn)) findings.push(`queue ${inventory.label(arn)} is used by no flow of the stack`);
  }
  if (findings.length > 0) {
    return problem(
      findings,
      `the flows were changed outside the stack or the stack is out of date: deploy again (${REDEPLOY})`,
    );
  }
  const all = await references();
  const count = (pick: (refs: NonNullable<(typeof all)[number]['refs']>) => readonly string[]) =>
    unique(all.flatMap(({ refs }) => (refs ? pick(refs) : []))).length;
  return ok(
    `the flows invoke ${count((r) => r.lambdaFunctions)} function(s), route to ${count((r) => r.queues)} queue(s) and check ${count((r) => r.hours)} set(s) of hours, all of this stack`,
  );
};

const instanceIdOf = (instanceArn: string): string => {
  const parsed = parseResourceArn(instanceArn);
  return parsed?.kind === 'connect-instance' ? parsed.instanceId : instanceArn;
};

const requireInstance = (inventory: StackInventory): string => {
  if (inventory.instanceArn === undefined) throw new MissingInstanceError();
  return inventory.instanceArn;
};

/** The stack names no Connect resource, so no check of the instance can run. */
class MissingInstanceError extends Error {
  constructor() {
    super('the stack names no Amazon Connect resource');
    this.name = 'MissingInstanceError';
  }
}

const checkLambdaAssociation: Check = async ({ inventory, port, references }) => {
  const instanceArn = requireInstance(inventory);
  const invoked = unique((await references()).flatMap(({ refs }) => refs?.lambdaFunctions ?? []));
  if (invoked.length === 0) {
    return problem(
      ['the flows invoke no function: callers are never identified'],
      `deploy again (${REDEPLOY})`,
    );
  }
  const associated = new Set((await port.lambdaFunctions(instanceArn)).map(functionNameOf));
  const missing = invoked.filter((arn) => !associated.has(functionNameOf(arn)));
  if (missing.length === 0) {
    return ok(...invoked.map((arn) => `${functionNameOf(arn)} is associated with the instance`));
  }
  return problem(
    missing.map(
      (arn) => `${functionNameOf(arn)} is not associated with the instance: the flow cannot invoke it`,
    ),
    `deploy again (${REDEPLOY}), or: aws connect associate-lambda-function --instance-id ${instanceIdOf(instanceArn)} --function-arn ${missing[0]}`,
  );
};

const checkQueueCapacity: Check = async ({ inventory, port, references }) => {
  const instanceArn = requireInstance(inventory);
  const arns = unique([
    ...inventory.queues,
    ...(await references()).flatMap(({ refs }) => refs?.queues ?? []),
  ]);
  if (arns.length === 0)
    return problem(['the stack has no queue'], `deploy the current version (${REDEPLOY})`);
  const quota = await port.concurrentCallsQuota(instanceArn);
  // The default of a new instance when the quota cannot be read (shared/config/queues.ts).
  const limit = quota.readable ? quota.value : DEFAULT_CONCURRENT_CALLS_QUOTA;
  const notes = quota.readable
    ? [`the instance allows ${limit} concurrent calls (Service Quotas ${CONCURRENT_CALLS_QUOTA_CODE})`]
    : [
        `could not read Service Quotas ${CONCURRENT_CALLS_QUOTA_CODE} (${quota.reason}): assuming the documented default of ${limit} concurrent calls`,
      ];
  const findings: string[] = [];
  const fine: string[] = [];
  let disabled = false;
  let outOfRange = false;
  for (const arn of arns) {
    const queue = await port.queue(arn);
    if (queue.status !== 'ENABLED') {
      disabled = true;
      findings.push(`${queue.name} is ${queue.status}: it takes no contacts`);
    }
    if (queue.maxContacts === undefined) {
      fine.push(`${queue.name}: no limit of its own (at most ${limit}, the instance's concurrent calls)`);
    } else if (queue.maxContacts === 0) {
      outOfRange = true;
      findings.push(`${queue.name} allows 0 waiting contacts: it is always full`);
    } else if (queue.maxContacts > limit) {
      outOfRange = true;
      findings.push(
        `${queue.name} allows ${queue.maxContacts} waiting contacts, more than the instance's ${limit} concurrent calls`,
      );
    } else {
      fine.push(`${queue.name}: at most ${queue.maxContacts} waiting (limit ${limit})`);
    }
  }
  if (findings.length === 0) return ok(...fine, ...notes);
  const advice = [
    ...(outOfRange
      ? [
          `keep each queue's maximum contacts between 1 and ${limit} and deploy again (${REDEPLOY}), or raise "Concurrent active calls per instance" in Service Quotas`,
        ]
      : []),
    ...(disabled ? ['enable the queue (Routing → Queues in the Connect admin website)'] : []),
  ];
  return problem([...findings, ...notes], advice.join('; '));
};

const clock = (time: ClockTime) =>
  `${String(time.hours).padStart(2, '0')}:${String(time.minutes).padStart(2, '0')}`;
const spans = (slots: readonly { start: ClockTime; end: ClockTime }[]) =>
  slots.length === 0 ? 'closed' : slots.map((slot) => `${clock(slot.start)}–${clock(slot.end)}`).join(', ');
const weekdayOf = (date: IsoDate) => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];

/**
 * The dates the hours check asks about: the next public holidays (closed all day) and the next
 * working day (the weekly hours), from today in Vienna, by the same definitions CDK deploys.
 */
export const hoursExpectations = (today: IsoDate) => {
  const comingYear = austrianPublicHolidays(today, 1);
  const holidays = comingYear.slice(0, HOLIDAYS_CHECKED);
  const closed = new Set(comingYear.map((day) => day.date));
  const { weekly, timeZone } = officeHoursWith([]);
  let workingDay = addDays(today, 1);
  while (closed.has(workingDay) || !weekly.some((slot) => slot.day === weekdayOf(workingDay))) {
    workingDay = addDays(workingDay, 1);
  }
  const hours = weekly.filter((slot) => slot.day === weekdayOf(workingDay));
  return { timeZone, holidays, workingDay: { date: workingDay, hours } };
};

const openOn = (hours: EffectiveHours, date: IsoDate) =>
  hours.days.find((day) => day.date === date)?.open ?? [];

const checkOfficeHours: Check = async ({ inventory, port, references, today }) => {
  const arns = unique([...inventory.hours, ...(await references()).flatMap(({ refs }) => refs?.hours ?? [])]);
  if (arns.length === 0)
    return problem(['the stack has no hours of operation'], `deploy the current version (${REDEPLOY})`);
  const expected = hoursExpectations(today);
  const findings: string[] = [];
  const fine: string[] = [];
  // One question per date, the day after as the end: whether ToDate is inclusive is not documented.
  const ask = (arn: string, date: IsoDate) => port.effectiveHours(arn, date, addDays(date, 1));
  for (const arn of arns) {
    const name = inventory.label(arn);
    for (const holiday of expected.holidays) {
      const hours = await ask(arn, holiday.date);
      const open = openOn(hours, holiday.date);
      if (open.length > 0)
        findings.push(`${name} is open on ${holiday.name}, ${holiday.date} (${spans(open)})`);
      else fine.push(`${name}: closed on ${holiday.name}, ${holiday.date}`);
      if (hours.timeZone !== expected.timeZone) {
        findings.push(`${name} runs in time zone ${hours.timeZone}, not ${expected.timeZone}`);
      }
    }
    const { date, hours } = expected.workingDay;
    const open = openOn(await ask(arn, date), date);
    if (spans(open) === spans(hours)) fine.push(`${name}: open ${spans(open)} on ${date}`);
    else
      findings.push(
        `${name} is ${spans(open) === 'closed' ? 'closed' : `open ${spans(open)}`} on ${date}, a working day, not ${spans(hours)}`,
      );
  }
  if (findings.length === 0) return ok(...fine);
  return problem(
    unique(findings),
    `deploy again (${REDEPLOY}) to renew the hours and their holiday overrides, then check Routing → Hours of operation in the Connect admin website`,
  );
};

const checkReadModel: Check = async ({ port, references, stack }) => {
  const invoked = unique(
    (await references()).flatMap(({ refs }) => refs?.lambdaFunctions ?? []).map(functionNameOf),
  );
  const tables: string[] = [];
  for (const name of invoked) {
    const { readModelTable } = await port.functionSettings(name);
    if (readModelTable !== undefined) tables.push(readModelTable);
  }
  if (tables.length === 0) {
    return problem(
      ['no function the flows invoke is configured with a read-model table'],
      `deploy the current version (${REDEPLOY})`,
    );
  }
  const findings: string[] = [];
  const fine: string[] = [];
  for (const table of unique(tables)) {
    const active = await port.readModel(table);
    if (active === undefined) {
      findings.push(`${table} has no import yet: every caller is unknown`);
    } else if (!active.itemsStored) {
      findings.push(`${table}: the active import ${active.generation} is no longer stored`);
    } else if (active.counts.tenancies === 0) {
      findings.push(`${table}: the active import ${active.generation} holds no tenancies`);
    } else {
      const { tenancies, phoneNumbers, cases, openCases } = active.counts;
      fine.push(
        `${table}: import ${active.generation} of ${active.activatedAt}, ${tenancies} tenancies, ${phoneNumbers} phone numbers, ${cases} cases (${openCases} open)`,
      );
    }
  }
  if (findings.length === 0) return ok(...fine);
  return problem(
    findings,
    `import the landlord's files: npx hotline import --stack ${stack.name} --tenancies tenancies.csv --cases cases.csv`,
  );
};

/** The id an application ARN ends in, or the value itself (a physical id that is already the id). */
const applicationIdOf = (value: string): string => {
  const parsed = parseResourceArn(value);
  return parsed?.kind === 'application' ? parsed.id : value;
};

const checkAgentWorkspaceApp: Check = async ({ inventory, port }) => {
  const instanceArn = requireInstance(inventory);
  if (inventory.applications.length === 0) {
    return problem(['the stack deploys no agent workspace app'], `deploy the current version (${REDEPLOY})`);
  }
  const associated = new Set((await port.applications(instanceArn)).map(applicationIdOf));
  const missing = inventory.applications.filter((app) => !associated.has(applicationIdOf(app)));
  if (missing.length === 0) {
    return ok(
      ...inventory.applications.map((app) => `${inventory.label(app)} is associated with the instance`),
    );
  }
  return problem(
    missing.map(
      (app) =>
        `${inventory.label(app)} is not associated with the instance: agents cannot open the agent page`,
    ),
    `deploy again (${REDEPLOY}); it creates the association (integration type APPLICATION)`,
  );
};

const checkAlarmSubscribers: Check = async ({ inventory, port }) => {
  if (inventory.alarms.length === 0)
    return problem(['the stack has no alarms'], `deploy the current version (${REDEPLOY})`);
  const alarms = await port.alarms(inventory.alarms);
  const findings: string[] = [];
  const found = new Set(alarms.map((alarm) => alarm.name));
  for (const name of inventory.alarms) if (!found.has(name)) findings.push(`alarm ${name} does not exist`);
  const topics = new Set<string>();
  for (const alarm of alarms) {
    const notified = alarm.alarmActions.filter((arn) => parseResourceArn(arn)?.kind === 'sns-topic');
    if (!alarm.actionsEnabled) findings.push(`alarm ${alarm.name} has its actions turned off`);
    if (notified.length === 0) findings.push(`alarm ${alarm.name} notifies no SNS topic`);
    for (const arn of notified) topics.add(arn);
  }
  const fine: string[] = [];
  let unsubscribed: string | undefined;
  for (const topic of topics) {
    const { confirmed, pending } = await port.subscriptions(topic);
    const waiting = pending > 0 ? ` (${pending} waiting for confirmation)` : '';
    if (confirmed === 0) {
      findings.push(
        `topic ${inventory.label(topic)} has no confirmed subscriber${waiting}: alarms reach nobody`,
      );
      unsubscribed ??= topic;
    } else {
      fine.push(
        `${alarms.length} alarms notify ${inventory.label(topic)}, ${confirmed} confirmed subscriber(s)${waiting}`,
      );
    }
  }
  if (findings.length === 0) return ok(...fine);
  return problem(
    findings,
    unsubscribed
      ? `subscribe an address and confirm its e-mail: aws sns subscribe --topic-arn ${unsubscribed} --protocol email --notification-endpoint <address>`
      : `deploy again (${REDEPLOY}) to restore the alarms and their actions`,
  );
};

/** The checks in the order they print: the stack, Connect's routing, the data, the people. */
export const CHECKS: readonly { readonly id: string; readonly title: string; readonly run: Check }[] = [
  { id: 'stack', title: 'Stack deployed', run: checkStack },
  { id: 'flow-published', title: 'Flow published', run: checkFlowPublished },
  { id: 'flow-references', title: 'Flow uses this stack', run: checkFlowReferences },
  { id: 'lambda-association', title: 'Lambda association', run: checkLambdaAssociation },
  { id: 'queue-capacity', title: 'Queue capacity', run: checkQueueCapacity },
  { id: 'office-hours', title: 'Office hours', run: checkOfficeHours },
  { id: 'read-model', title: 'Read model', run: checkReadModel },
  { id: 'agent-workspace-app', title: 'Agent workspace app', run: checkAgentWorkspaceApp },
  { id: 'alarm-subscribers', title: 'Alarm subscribers', run: checkAlarmSubscribers },
];

/** A check that could not ask AWS what it needs is a problem of its own, with what to allow. */
const unanswered = (error: unknown): Omit<CheckResult, 'id' | 'title'> | undefined => {
  if (error instanceof DeploymentReadError) {
    return problem(
      [error.message],
      `let the identity you run the doctor with call ${error.action} (README: the doctor's read-only permissions), then run it again`,
    );
  }
  if (error instanceof MissingInstanceError) {
    return problem([error.message], `deploy the current version (${REDEPLOY})`);
  }
  return undefined;
};

/** Runs every check on the stack named `stackName`, one after another (Connect throttles bursts). */
export const runDoctor = async (
  port: DeployedHotline,
  options: { readonly stackName: string; readonly clock: Clock },
): Promise<DoctorReport> => {
  const stack = await port.stack(options.stackName);
  if (stack === undefined) throw new StackNotFoundError(options.stackName);
  const context = contextOf(port, stack, viennaDate(options.clock.now()));
  const checks: CheckResult[] = [];
  for (const { id, title, run } of CHECKS) {
    let outcome: Omit<CheckResult, 'id' | 'title'>;
    try {
      outcome = await run(context);
    } catch (error) {
      const mapped = unanswered(error);
      if (mapped === undefined) throw error;
      outcome = mapped;
    }
    checks.push({ id, title, ...outcome });
  }
  return {
    stack: stack.name,
    stackStatus: stack.status,
    ok: checks.every((check) => check.status === 'ok'),
    checks,
  };
};

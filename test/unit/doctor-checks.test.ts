import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  AccessDeniedException,
  type DescribeQueueResponse,
  GetEffectiveHoursOfOperationsCommand,
  ListLambdaFunctionsCommand,
} from '@aws-sdk/client-connect';
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDoctorClients } from '../../local/commands/doctor.ts';
import { AwsDeployedHotline } from '../../shared/adapters/aws/deployed-hotline.ts';
import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { type DoctorReport, runDoctor, StackNotFoundError } from '../../shared/use-cases/doctor-checks.ts';
import {
  APPLICATION_ARN,
  answerAs,
  awsMocks,
  connectEffectiveHours,
  DOCTOR_RUNS_AT,
  FLOW_REFERENCES,
  healthyDeployment,
  IDENTIFY_CALLER_ARN,
  INSTANCE_ARN,
  QUEUE_IDS,
  queueArn,
  REGION,
  type RecordedDeployment,
  STACK_NAME,
  serviceQuota,
  stackDoesNotExist,
  TOPIC_ARN,
} from '../fixtures/aws/deployed-hotline.ts';

const mocks = awsMocks();
const clients = makeDoctorClients(REGION);
afterAll(() => {
  for (const client of Object.values(clients)) client.destroy();
});

const doctor = (deployment: RecordedDeployment): Promise<DoctorReport> => {
  answerAs(mocks, deployment);
  return runDoctor(new AwsDeployedHotline(clients), {
    stackName: STACK_NAME,
    clock: fixedClock(DOCTOR_RUNS_AT),
  });
};

const check = (report: DoctorReport, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

/** Only `id` is a problem; every other check stays ok. */
const onlyProblem = (report: DoctorReport, id: string) => {
  expect(report.ok).toBe(false);
  expect(report.checks.filter((c) => c.status === 'problem').map((c) => c.id)).toEqual([id]);
  const found = check(report, id);
  expect(found.advice).toEqual(expect.any(String));
  expect(found.advice).not.toContain('\n');
  return found;
};

const queue = (
  deployment: RecordedDeployment,
  key: keyof typeof QUEUE_IDS,
): NonNullable<DescribeQueueResponse['Queue']> => {
  const answer = deployment.queues[QUEUE_IDS[key]];
  if (answer === undefined || answer instanceof Error || answer.Queue === undefined)
    throw new Error('no queue');
  return answer.Queue;
};

describe('hotline doctor on a healthy deployment', () => {
  it('finds every check ok, with what it saw', async () => {
    // Act
    const report = await doctor(healthyDeployment());
    // Assess
    expect(report).toMatchObject({ stack: STACK_NAME, stackStatus: 'UPDATE_COMPLETE', ok: true });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['stack', 'ok'],
      ['flow-published', 'ok'],
      ['flow-references', 'ok'],
      ['lambda-association', 'ok'],
      ['queue-capacity', 'ok'],
      ['office-hours', 'ok'],
      ['read-model', 'ok'],
      ['agent-workspace-app', 'ok'],
      ['alarm-subscribers', 'ok'],
    ]);
    expect(report.checks.every((c) => c.advice === null && c.findings.length > 0)).toBe(true);
    expect(check(report, 'queue-capacity').findings).toEqual([
      'urgent: at most 10 waiting (limit 10)',
      'general: at most 10 waiting (limit 10)',
      "callback: no limit of its own (at most 10, the instance's concurrent calls)",
      'the instance allows 10 concurrent calls (Service Quotas L-12AB7C57)',
    ]);
    expect(check(report, 'office-hours').findings).toEqual([
      'HoursOfOperation: closed on Mariä Empfängnis, 2026-12-08',
      'HoursOfOperation: closed on Christtag, 2026-12-25',
      'HoursOfOperation: closed on Stefanitag, 2026-12-26',
      'HoursOfOperation: open 09:00–17:00 on 2026-12-03',
    ]);
    expect(check(report, 'read-model').findings[0]).toMatch(
      /^HotlineData-ReadModel.*: import 20261125T091500123Z-k3f9 of .*, 218406 tenancies, 301552 phone numbers, 4913 cases \(1207 open\)$/,
    );
  });

  it('asks AWS exactly what it needs, read-only, every page included', async () => {
    // Act
    await doctor(healthyDeployment());
    // Assess
    expect(mocks.cloudFormation).toHaveReceivedCommandTimes(ListStackResourcesCommand, 2);
    expect(mocks.connect).toHaveReceivedCommandTimes(ListLambdaFunctionsCommand, 2);
    expect(mocks.serviceQuotas).toHaveReceivedCommandWith(GetServiceQuotaCommand, {
      ServiceCode: 'connect',
      QuotaCode: 'L-12AB7C57',
      ContextId: INSTANCE_ARN,
    });
    // One question per date, with the next day as the end of the range.
    expect(mocks.connect).toHaveReceivedCommandTimes(GetEffectiveHoursOfOperationsCommand, 4);
    expect(mocks.connect).toHaveReceivedCommandWith(GetEffectiveHoursOfOperationsCommand, {
      InstanceId: INSTANCE_ARN.split('/')[1],
      FromDate: '2026-12-08',
      ToDate: '2026-12-09',
    });
    const sent = Object.values(mocks).flatMap((mock) =>
      mock.calls().map((call) => call.args[0].constructor.name),
    );
    expect(sent.every((name) => /^(Describe|List|Get)/.test(name))).toBe(true);
  });
});

describe('hotline doctor finds each problem and says what to do', () => {
  it('a stack whose last deploy rolled back', async () => {
    const deployment = healthyDeployment();
    const stacks = deployment.describeStacks;
    if (stacks instanceof Error || !stacks.Stacks?.[0]) throw new Error('fixture');
    stacks.Stacks[0].StackStatus = 'UPDATE_ROLLBACK_COMPLETE';

    const found = onlyProblem(await doctor(deployment), 'stack');

    expect(found.findings).toEqual(['Hotline is UPDATE_ROLLBACK_COMPLETE: the last deploy did not complete']);
  });

  it('a flow that is saved but not published', async () => {
    const deployment = healthyDeployment();
    if (deployment.contactFlow.ContactFlow) deployment.contactFlow.ContactFlow.Status = 'SAVED';

    const found = onlyProblem(await doctor(deployment), 'flow-published');

    expect(found.findings).toEqual(['Hotline inbound is SAVED and ACTIVE: callers do not reach it']);
    expect(found.advice).toMatch(/publish/i);
  });

  it('a flow edited to route to a queue of another stack', async () => {
    const deployment = healthyDeployment();
    const foreignId = '9f9f9f9f-0000-4000-8000-000000000000';
    const foreign = `${INSTANCE_ARN}/queue/${foreignId}`;
    // It exists on the instance (another stack's), with a capacity that fits.
    deployment.queues[foreignId] = {
      Queue: { ...queue(deployment, 'general'), Name: 'other', QueueArn: foreign },
    };
    if (deployment.contactFlow.ContactFlow) {
      deployment.contactFlow.ContactFlow.Content = JSON.stringify(
        buildInboundFlow({ ...FLOW_REFERENCES, callbackQueueArn: foreign }),
      );
    }

    const found = onlyProblem(await doctor(deployment), 'flow-references');

    expect(found.findings).toEqual([
      `Hotline inbound routes to a queue this stack did not deploy: ${foreign}`,
      'queue CallbackQueue is used by no flow of the stack',
    ]);
  });

  it('a flow that invokes a function the stack did not deploy', async () => {
    const deployment = healthyDeployment();
    const stranger = 'arn:aws:lambda:eu-central-1:123456789012:function:old-identify-caller';
    if (deployment.contactFlow.ContactFlow) {
      deployment.contactFlow.ContactFlow.Content = JSON.stringify(
        buildInboundFlow({ ...FLOW_REFERENCES, identifyCallerArn: stranger }),
      );
    }
    // Associated, and it reads the same table: only the reference is wrong.
    deployment.lambdaFunctionPages[1]?.LambdaFunctions?.push(stranger);
    const identify = Object.values(deployment.functions)[0];
    if (identify) deployment.functions['old-identify-caller'] = identify;

    const found = onlyProblem(await doctor(deployment), 'flow-references');

    expect(found.findings).toEqual([
      'Hotline inbound invokes old-identify-caller, a function this stack did not deploy',
    ]);
  });

  it('identify-caller not associated with the instance', async () => {
    const deployment = healthyDeployment();
    deployment.lambdaFunctionPages = [{ LambdaFunctions: [] }];

    const found = onlyProblem(await doctor(deployment), 'lambda-association');

    expect(found.findings).toEqual([
      'Hotline-IdentifyCaller6F7E8D9C-Xq2Lr8Tn4Vb1 is not associated with the instance: the flow cannot invoke it',
    ]);
    expect(found.advice).toContain(`--function-arn ${IDENTIFY_CALLER_ARN}`);
  });

  it('a queue that allows more waiting contacts than the instance has concurrent calls', async () => {
    const deployment = healthyDeployment();
    queue(deployment, 'general').MaxContacts = 20;

    const found = onlyProblem(await doctor(deployment), 'queue-capacity');

    expect(found.findings[0]).toBe(
      "general allows 20 waiting contacts, more than the instance's 10 concurrent calls",
    );
    expect(found.advice).toMatch(/between 1 and 10/);
  });

  it('a disabled queue', async () => {
    const deployment = healthyDeployment();
    queue(deployment, 'urgent').Status = 'DISABLED';

    const found = onlyProblem(await doctor(deployment), 'queue-capacity');

    expect(found.findings[0]).toBe('urgent is DISABLED: it takes no contacts');
  });

  it('falls back to the documented 10 concurrent calls when the quota cannot be read, and says so', async () => {
    // Prepare: no permission for Service Quotas, and a queue of 20
    const deployment = healthyDeployment();
    deployment.serviceQuota = new AccessDeniedException({ message: 'denied', $metadata: {} });
    queue(deployment, 'general').MaxContacts = 20;

    const found = onlyProblem(await doctor(deployment), 'queue-capacity');

    expect(found.findings).toContain(
      'could not read Service Quotas L-12AB7C57 (AccessDeniedException): assuming the documented default of 10 concurrent calls',
    );
    expect(found.findings[0]).toMatch(/general allows 20 waiting contacts, more than the instance's 10/);
  });

  it('measures queues against a raised quota', async () => {
    const deployment = healthyDeployment();
    deployment.serviceQuota = serviceQuota(40);
    queue(deployment, 'general').MaxContacts = 20;

    const report = await doctor(deployment);

    expect(report.ok).toBe(true);
    expect(check(report, 'queue-capacity').findings).toContain('general: at most 20 waiting (limit 40)');
  });

  it('hours that stay open on public holidays (an override that closes nothing)', async () => {
    const deployment = healthyDeployment();
    deployment.effectiveHours = (from, to) =>
      connectEffectiveHours(from, to, { holidayOverrideCloses: false });

    const found = onlyProblem(await doctor(deployment), 'office-hours');

    expect(found.findings).toEqual([
      'HoursOfOperation is open on Mariä Empfängnis, 2026-12-08 (09:00–17:00)',
      'HoursOfOperation is open on Christtag, 2026-12-25 (09:00–17:00)',
    ]);
  });

  it('hours closed on the next working day', async () => {
    const deployment = healthyDeployment();
    deployment.effectiveHours = (from) => ({
      EffectiveHoursOfOperationList: [{ Date: from, OperationalHours: [] }],
      TimeZone: 'Europe/Vienna',
    });

    const found = onlyProblem(await doctor(deployment), 'office-hours');

    expect(found.findings).toEqual([
      'HoursOfOperation is closed on 2026-12-03, a working day, not 09:00–17:00',
    ]);
  });

  it('a read model that was never imported', async () => {
    const deployment = healthyDeployment();
    deployment.pointer = undefined;

    const found = onlyProblem(await doctor(deployment), 'read-model');

    expect(found.findings).toEqual([expect.stringMatching(/ has no import yet: every caller is unknown$/)]);
    expect(found.advice).toBe(
      "import the landlord's files: npx hotline import --stack Hotline --tenancies tenancies.csv --cases cases.csv",
    );
  });

  it('a read model whose active generation is gone', async () => {
    const deployment = healthyDeployment();
    deployment.manifestStored = false;

    const found = onlyProblem(await doctor(deployment), 'read-model');

    expect(found.findings).toEqual([
      expect.stringMatching(/: the active import 20261125T091500123Z-k3f9 is no longer stored$/),
    ]);
  });

  it('a read model whose active import is empty', async () => {
    const deployment = healthyDeployment();
    deployment.pointer = {
      generation: '20261125T091500123Z-k3f9',
      activatedAt: '2026-11-25T09:15:00.123Z',
      counts: { tenancies: 0, cases: 0, openCases: 0, phoneNumbers: 0 },
    };

    const found = onlyProblem(await doctor(deployment), 'read-model');

    expect(found.findings[0]).toMatch(/holds no tenancies$/);
  });

  it('an agent workspace app that is not associated with the instance', async () => {
    const deployment = healthyDeployment();
    deployment.integrationAssociations = { IntegrationAssociationSummaryList: [] };

    const found = onlyProblem(await doctor(deployment), 'agent-workspace-app');

    expect(found.findings).toEqual([
      'AgentWorkspaceAppApplication0C1D2E3F is not associated with the instance: agents cannot open the agent page',
    ]);
    expect(APPLICATION_ARN).toContain('application/');
  });

  it('alarms whose topic nobody confirmed', async () => {
    const deployment = healthyDeployment();
    deployment.subscriptions[TOPIC_ARN] = {
      Subscriptions: [
        {
          SubscriptionArn: 'PendingConfirmation',
          Owner: '123456789012',
          Protocol: 'email',
          Endpoint: 'bereitschaft@example.org',
          TopicArn: TOPIC_ARN,
        },
      ],
    };

    const found = onlyProblem(await doctor(deployment), 'alarm-subscribers');

    expect(found.findings).toEqual([
      'topic AlarmTopic has no confirmed subscriber (1 waiting for confirmation): alarms reach nobody',
    ]);
    expect(found.advice).toBe(
      `subscribe an address and confirm its e-mail: aws sns subscribe --topic-arn ${TOPIC_ARN} --protocol email --notification-endpoint <address>`,
    );
  });

  it('an alarm that notifies nobody', async () => {
    const deployment = healthyDeployment();
    const [first] = deployment.alarms.MetricAlarms ?? [];
    if (first) {
      first.AlarmActions = [];
      first.ActionsEnabled = false;
    }

    const found = onlyProblem(await doctor(deployment), 'alarm-subscribers');

    expect(found.findings).toEqual([
      `alarm ${first?.AlarmName} has its actions turned off`,
      `alarm ${first?.AlarmName} notifies no SNS topic`,
    ]);
  });

  it('a question AWS refuses: that check says which permission is missing, the others go on', async () => {
    const deployment = healthyDeployment();
    deployment.queues[QUEUE_IDS.urgent] = new AccessDeniedException({
      message: 'not authorized',
      $metadata: {},
    });

    const found = onlyProblem(await doctor(deployment), 'queue-capacity');

    expect(found.findings).toEqual(['could not call connect:DescribeQueue (AccessDeniedException)']);
    expect(found.advice).toMatch(/call connect:DescribeQueue/);
  });

  it('finds the queues by the stack outputs when the physical ids are not ARNs', async () => {
    // Prepare: a Queue resource named by its name instead of its ARN
    const deployment = healthyDeployment();
    for (const page of deployment.stackResourcePages) {
      for (const summary of page.StackResourceSummaries ?? []) {
        if (summary.ResourceType === 'AWS::Connect::Queue') summary.PhysicalResourceId = 'general';
      }
    }

    const report = await doctor(deployment);

    expect(report.ok).toBe(true);
    expect(check(report, 'queue-capacity').findings).toHaveLength(4);
    expect(queueArn('general')).toContain(QUEUE_IDS.general);
  });

  it('a stack that does not exist', async () => {
    const deployment = healthyDeployment();
    deployment.describeStacks = stackDoesNotExist('Hotlnie');

    await expect(doctor(deployment)).rejects.toBeInstanceOf(StackNotFoundError);
  });
});

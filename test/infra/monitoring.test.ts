import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentifyCallerHandler } from '../../functions/identify-caller/create-handler.ts';
import {
  DASHBOARD_WIDGETS,
  ERROR_LOG,
  LOOKUP_LOG,
  TABLE_OPERATIONS,
} from '../../infra/constructs/hotline-monitoring.ts';
import { buildHotlineApp } from '../../infra/hotline-app.ts';
import { awsSolutionsChecks } from '../../infra/nag.ts';
import { TABLES } from '../../shared/adapters/dynamodb/tables.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../shared/domain/risk.ts';
import {
  loggedErrorsMetricName,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  METRICS_SERVICES,
  type MetricsService,
} from '../../shared/observability/metrics.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import type { TenancyDirectory } from '../../shared/ports/tenancy-directory.ts';
import { LOOKUP_STATUSES, makeIdentifyCaller } from '../../shared/use-cases/identify-caller.ts';
import { aContactFlowEvent, aListedTenancyFile } from '../fixtures/tenancy-files.ts';
import { idAt, testApps } from '../support/cdk-app.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

type Json = Record<string, unknown>;

const apps = testApps('monitoring');
const anApp = () => apps({ 'aws:cdk:enable-path-metadata': true, hoursFrom: '2026-11-25' });

/** A token inside the dashboard body as plain text (no quotes, so the body stays valid JSON). */
const tokenText = (value: unknown): string => {
  const ref = value as Json;
  if ('Ref' in ref) return `<${String(ref.Ref)}>`;
  if ('Fn::GetAtt' in ref) return `<${(ref['Fn::GetAtt'] as string[]).join('.')}>`;
  return '<cross-stack>';
};

/** The dashboard body with its tokens replaced by their names, parsed. */
const dashboardBody = (template: Template): { widgets: { type: string; properties: Json }[] } => {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body: unknown = dashboard?.Properties.DashboardBody;
  const text =
    typeof body === 'string'
      ? body
      : ((body as Json)['Fn::Join'] as [string, unknown[]])[1]
          .map((part) => (typeof part === 'string' ? part : tokenText(part)))
          .join('');
  return JSON.parse(text);
};

/** `namespace/metric` for every metric row of a graph (expressions' own rows carry no metric). */
const metricNamesOf = (properties: Json): string[] =>
  ((properties.metrics ?? []) as unknown[][])
    .filter((row) => typeof row[0] === 'string')
    .map((row) => `${row[0]}/${row[1]}`);

/** The dimension values of a metric row (`[namespace, name, key, value, …, options?]`). */
const dimensionsOf = (row: unknown[]): Record<string, unknown> => {
  const pairs = row.slice(2).filter((part) => typeof part === 'string');
  return Object.fromEntries(pairs.flatMap((_, i) => (i % 2 === 0 ? [[pairs[i], pairs[i + 1]]] : [])));
};

/**
 * The subset of CloudWatch Logs' JSON filter syntax the hotline's filters use, `{ $.field = "value" }`:
 * whether a parsed log event matches.
 */
const matchesJsonFilter = (pattern: string, event: Json): boolean => {
  const match = /^\{ \$\.(\w+) = "([^"]*)" \}$/.exec(pattern);
  if (!match) throw new Error(`Unsupported filter pattern ${pattern}; expected { $.field = "value" }.`);
  return event[match[1] ?? ''] === match[2];
};

describe('the dashboard, alarms and metric filters of the hotline app', () => {
  let app: App;
  let hotline: Template;
  let resources: Record<string, { Type: string; Properties: Json }>;
  let topic: string;

  beforeAll(() => {
    // Prepare: one synth of the whole app, cdk-nag enforced as in `cdk synth`.
    app = anApp();
    const stacks = buildHotlineApp(app);
    hotline = Template.fromStack(stacks.hotline);
    resources = hotline.toJSON().Resources;
    topic = idAt(hotline, 'AWS::SNS::Topic', 'Hotline/Monitoring/AlarmTopic/Resource');
  });

  const alarmAt = (id: string): Json =>
    resources[idAt(hotline, 'AWS::CloudWatch::Alarm', `Hotline/Monitoring/${id}/Resource`)]?.Properties ?? {};
  const fnId = (path: string) => idAt(hotline, 'AWS::Lambda::Function', `Hotline/${path}`);
  const functionIds = (): Record<MetricsService, string> => ({
    [METRICS_SERVICES.identifyCaller]: fnId('IdentifyCaller/Resource'),
    [METRICS_SERVICES.contactEvents]: fnId('ContactEvents/Function/Resource'),
    [METRICS_SERVICES.agentApi]: fnId('AgentApi/Function/Resource'),
    [METRICS_SERVICES.metricsApi]: fnId('MetricsApi/Function/Resource'),
    [METRICS_SERVICES.privacyApi]: fnId('PrivacyApi/Function/Resource'),
  });
  const notifiesTopic = (alarm: Json) => {
    expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
    expect(alarm.OKActions).toEqual([{ Ref: topic }]);
  };

  describe('metric filters', () => {
    it("counts identify-caller's lookups by status from its log line, in the hotline's namespace", () => {
      // Act
      const filter =
        resources[idAt(hotline, 'AWS::Logs::MetricFilter', 'Hotline/Monitoring/LookupsFilter/Resource')];
      // Assess
      expect(filter?.Properties).toEqual({
        LogGroupName: { Ref: idAt(hotline, 'AWS::Logs::LogGroup', 'Hotline/IdentifyCallerLogs/Resource') },
        FilterPattern: `{ $.message = "${LOOKUP_LOG.message}" }`,
        MetricTransformations: [
          {
            MetricNamespace: METRICS_NAMESPACE,
            MetricName: METRIC_NAMES.lookups,
            MetricValue: '1',
            Unit: 'Count',
            Dimensions: [{ Key: 'status', Value: `$.${LOOKUP_LOG.statusField}` }],
          },
        ],
      });
    });

    it("counts each function's ERROR log lines on its own log group", () => {
      // Act
      const filters = Object.values(hotline.findResources('AWS::Logs::MetricFilter'))
        .map((filter) => filter.Properties)
        .filter(
          (properties) => properties.FilterPattern === `{ $.${ERROR_LOG.levelField} = "${ERROR_LOG.level}" }`,
        );
      // Assess
      expect(filters.map((filter) => filter.MetricTransformations[0].MetricName).sort()).toEqual(
        Object.values(METRICS_SERVICES).map(loggedErrorsMetricName).sort(),
      );
      const logGroups = filters.map((filter) => filter.LogGroupName.Ref);
      expect(new Set(logGroups).size).toBe(Object.values(METRICS_SERVICES).length);
    });
  });

  describe('dashboard', () => {
    const widget = (title: string) => {
      const found = dashboardBody(hotline).widgets.find((candidate) => candidate.properties.title === title);
      expect(found, `widget "${title}"`).toBeDefined();
      return found?.properties ?? {};
    };

    it('has every widget an operator looks for', () => {
      // Act
      const titles = dashboardBody(hotline).widgets.map((candidate) => candidate.properties.title);
      // Assess
      expect(titles.sort()).toEqual(Object.values(DASHBOARD_WIDGETS).sort());
    });

    it("shows calls, urgent and abandoned calls, callbacks and unreachable ones from contact-events' EMF", () => {
      // Act
      const rows = widget(DASHBOARD_WIDGETS.calls).metrics as unknown[][];
      // Assess
      expect(metricNamesOf(widget(DASHBOARD_WIDGETS.calls))).toEqual(
        [
          METRIC_NAMES.callCompleted,
          METRIC_NAMES.urgentCall,
          METRIC_NAMES.abandonedCall,
          METRIC_NAMES.callbackCompleted,
          METRIC_NAMES.callbackUnreachable,
        ].map((name) => `${METRICS_NAMESPACE}/${name}`),
      );
      for (const row of rows) expect(dimensionsOf(row)).toEqual({ service: METRICS_SERVICES.contactEvents });
    });

    it('shows every lookup status from the metric filter', () => {
      // Act
      const rows = widget(DASHBOARD_WIDGETS.lookups).metrics as unknown[][];
      // Assess
      expect(rows.map((row) => `${row[0]}/${row[1]}`)).toEqual(
        LOOKUP_STATUSES.map(() => `${METRICS_NAMESPACE}/${METRIC_NAMES.lookups}`),
      );
      expect(rows.map((row) => dimensionsOf(row).status)).toEqual([...LOOKUP_STATUSES]);
    });

    it("shows each function's errors, duration p50 and p99, throttles and concurrency", () => {
      // Prepare
      const ids = Object.values(functionIds());
      const perFunction = (title: string, metric: string) =>
        (widget(title).metrics as unknown[][])
          .filter((row) => row[0] === 'AWS/Lambda' && row[1] === metric)
          .map((row) => String(dimensionsOf(row).FunctionName));
      // Act + Assess
      expect(perFunction(DASHBOARD_WIDGETS.lambdaErrors, 'Errors').sort()).toEqual(
        ids.map((id) => `<${id}>`).sort(),
      );
      expect(metricNamesOf(widget(DASHBOARD_WIDGETS.lambdaErrors))).toEqual(
        expect.arrayContaining(
          Object.values(METRICS_SERVICES).map(
            (service) => `${METRICS_NAMESPACE}/${loggedErrorsMetricName(service)}`,
          ),
        ),
      );
      const durations = (widget(DASHBOARD_WIDGETS.lambdaDuration).metrics as unknown[][]).map((row) => ({
        fn: dimensionsOf(row).FunctionName,
        stat: (row.at(-1) as Json).stat,
      }));
      expect(durations).toHaveLength(ids.length * 2);
      for (const id of ids) {
        expect(durations).toEqual(
          expect.arrayContaining([
            { fn: `<${id}>`, stat: 'p50' },
            { fn: `<${id}>`, stat: 'p99' },
          ]),
        );
      }
      expect(perFunction(DASHBOARD_WIDGETS.lambdaThrottles, 'Throttles').sort()).toEqual(
        ids.map((id) => `<${id}>`).sort(),
      );
      expect(perFunction(DASHBOARD_WIDGETS.lambdaConcurrency, 'ConcurrentExecutions').sort()).toEqual(
        ids.map((id) => `<${id}>`).sort(),
      );
    });

    it("shows both tables' throttled requests and system errors, and the account's user errors", () => {
      // Act
      const throttles = widget(DASHBOARD_WIDGETS.dynamoThrottles).metrics as unknown[][];
      const errors = metricNamesOf(widget(DASHBOARD_WIDGETS.dynamoErrors));
      // Assess: one row per table and operation, summed by an expression per table
      expect(throttles.filter((row) => row[1] === 'ThrottledRequests')).toHaveLength(
        Object.keys(TABLES).length * TABLE_OPERATIONS.length,
      );
      expect(throttles.filter((row) => typeof row[0] === 'object')).toHaveLength(Object.keys(TABLES).length);
      expect(new Set(errors)).toEqual(new Set(['AWS/DynamoDB/SystemErrors', 'AWS/DynamoDB/UserErrors']));
    });

    it('shows the existing dead-letter alarm, and API requests and 5xx', () => {
      // Act
      const deadLetters = widget(DASHBOARD_WIDGETS.deadLetters);
      // Assess
      expect(deadLetters.annotations).toEqual({
        alarms: [
          `<${idAt(hotline, 'AWS::CloudWatch::Alarm', 'Hotline/ContactEvents/DeadLetterAlarm/Resource')}.Arn>`,
        ],
      });
      expect(metricNamesOf(widget(DASHBOARD_WIDGETS.api))).toEqual(
        expect.arrayContaining(['AWS/ApiGateway/Count', 'AWS/ApiGateway/5xx']),
      );
    });
  });

  describe('alarms', () => {
    it("alarms on each function's failed invocations or ERROR lines, to the topic", () => {
      const ids = functionIds();
      for (const service of Object.values(METRICS_SERVICES)) {
        // Act
        const fn = ids[service];
        const pascal = loggedErrorsMetricName(service).replace('LoggedErrors', '');
        const alarm = alarmAt(`${pascal}Errors`);
        const metrics = alarm.Metrics as Json[];
        // Assess
        expect(alarm).toMatchObject({
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: 1,
        });
        expect(metrics.find((metric) => metric.ReturnData !== false)?.Expression).toMatch(
          /^FILL\(.+, 0\) \+ FILL\(.+, 0\)$/,
        );
        expect(JSON.stringify(metrics)).toContain(
          JSON.stringify({ Name: 'FunctionName', Value: { Ref: fn } }),
        );
        expect(JSON.stringify(metrics)).toContain(`"MetricName":"${loggedErrorsMetricName(service)}"`);
        notifiesTopic(alarm);
      }
    });

    it('alarms when identify-caller p99 passes half its 3 s timeout in two of three periods', () => {
      // Act
      const alarm = alarmAt('IdentifyCallerSlow');
      // Assess
      expect(alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        ExtendedStatistic: 'p99',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionIds()['identify-caller'] } }],
        Period: 300,
        Threshold: 1500,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      notifiesTopic(alarm);
    });

    it('alarms on any identify-caller throttle', () => {
      // Act
      const alarm = alarmAt('IdentifyCallerThrottled');
      // Assess
      expect(alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Statistic: 'Sum',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionIds()['identify-caller'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      notifiesTopic(alarm);
    });

    it.each(['ReadModel', 'Calls'])('alarms on any throttled request to the %s table', (table) => {
      // Act
      const alarm = alarmAt(`${table}TableThrottled`);
      const metrics = alarm.Metrics as Json[];
      const stats = metrics
        .filter((metric) => metric.MetricStat)
        .map((metric) => (metric.MetricStat as Json).Metric as Json);
      // Assess: at most 10 metrics per alarm expression
      expect(metrics.length).toBeLessThanOrEqual(11);
      expect(stats.map((metric) => metric.MetricName)).toEqual(
        TABLE_OPERATIONS.map(() => 'ThrottledRequests'),
      );
      expect(
        stats.map((metric) => (metric.Dimensions as Json[]).find((d) => d.Name === 'Operation')?.Value),
      ).toEqual([...TABLE_OPERATIONS]);
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      notifiesTopic(alarm);
    });

    it("alarms when more than 5% of the API's requests fail with 5xx", () => {
      // Act
      const alarm = alarmAt('ApiServerErrors');
      const metrics = alarm.Metrics as Json[];
      // Assess
      expect(metrics.find((metric) => metric.ReturnData !== false)?.Expression).toBe(
        'IF(requests > 0, 100 * errors / requests, 0)',
      );
      expect(
        metrics
          .filter((metric) => metric.MetricStat)
          .map((metric) => ((metric.MetricStat as Json).Metric as Json).MetricName)
          .sort(),
      ).toEqual(['5xx', 'Count']);
      expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
      notifiesTopic(alarm);
    });

    it("names each function's service in POWERTOOLS_SERVICE_NAME, as its metrics do", () => {
      // Act
      const services = Object.fromEntries(
        Object.entries(functionIds()).map(([service, id]) => [
          service,
          (resources[id]?.Properties as { Environment?: { Variables?: Record<string, unknown> } })
            ?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
        ]),
      );
      // Assess
      expect(services).toEqual(Object.fromEntries(Object.values(METRICS_SERVICES).map((s) => [s, s])));
    });

    it('alarms on any malformed contact event in 5 minutes, from contact-events EMF', () => {
      // Act
      const alarm = alarmAt('MalformedContactEvents');
      // Assess
      expect(alarm).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: METRIC_NAMES.malformedContactEvent,
        Dimensions: [{ Name: 'service', Value: METRICS_SERVICES.contactEvents }],
        Period: 300,
        Statistic: 'Sum',
      });
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      notifiesTopic(alarm);
    });

    it('alarms on any lookup that answered unavailable in 5 minutes', () => {
      // Act
      const alarm = alarmAt('LookupsUnavailable');
      // Assess
      expect(alarm.Metrics).toEqual([
        expect.objectContaining({
          MetricStat: {
            Metric: {
              Namespace: METRICS_NAMESPACE,
              MetricName: METRIC_NAMES.lookups,
              Dimensions: [{ Name: 'status', Value: 'unavailable' }],
            },
            Period: 300,
            Stat: 'Sum',
          },
        }),
      ]);
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      notifiesTopic(alarm);
    });

    it('sends the existing dead-letter alarm to the topic too, without a second one on the queue', () => {
      // Act
      const onQueue = Object.values(hotline.findResources('AWS::CloudWatch::Alarm')).filter(
        (alarm) => alarm.Properties.Namespace === 'AWS/SQS',
      );
      // Assess
      expect(onQueue).toHaveLength(1);
      notifiesTopic(onQueue[0]?.Properties ?? {});
    });

    it('notifies one topic, encrypted with a rotated key CloudWatch may use, TLS only, as AlarmTopicArn', () => {
      // Act
      const topicProperties = resources[topic]?.Properties ?? {};
      const keyId = (topicProperties.KmsMasterKeyId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '';
      const key = resources[keyId]?.Properties ?? {};
      const statements = (key.KeyPolicy as { Statement: Json[] }).Statement;
      const outputs = hotline.toJSON().Outputs as Record<string, { Value: unknown }>;
      // Assess
      // Besides the import topic, which carries import reports (read-model-import.test.ts), not alarms.
      const importTopic = idAt(hotline, 'AWS::SNS::Topic', 'Hotline/ReadModelImport/ReportTopic/Resource');
      expect(
        Object.keys(hotline.findResources('AWS::SNS::Topic')).filter((id) => id !== importTopic),
      ).toEqual([topic]);
      expect(key.EnableKeyRotation).toBe(true);
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: expect.objectContaining({
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            }),
          }),
        ]),
      );
      const [topicPolicy] = Object.values(
        hotline.findResources('AWS::SNS::TopicPolicy', { Properties: { Topics: [{ Ref: topic }] } }),
      );
      expect(topicPolicy?.Properties).toMatchObject({
        Topics: [{ Ref: topic }],
        PolicyDocument: {
          Statement: [
            expect.objectContaining({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            expect.objectContaining({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
            }),
          ],
        },
      });
      expect(outputs.AlarmTopicArn?.Value).toEqual({ Ref: topic });
    });
  });

  it('leaves cdk-nag AwsSolutions nothing to report on the whole app', () => {
    // Act
    const report = awsSolutionsChecks().validateScope(app);
    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});

describe("the lookup filter against identify-caller's real log lines", () => {
  const logs = captureLogsOfEachTest();
  const FILE = aListedTenancyFile({ tenancyId: '100200300', phoneNumbers: ['+436641234567'] });
  const directory = (answer: () => Promise<readonly (typeof FILE)[]>): TenancyDirectory => ({
    findByPhone: answer,
    findByTenancyId: async () => undefined,
  });
  const handlerWith = (tenancies: TenancyDirectory) =>
    createIdentifyCallerHandler(
      makeIdentifyCaller({
        directory: tenancies,
        enquiries: { logEnquiry: async () => ({ firstForContact: true }) },
        clock: fixedClock('2026-11-25T10:00:00Z'),
        thresholds: DEFAULT_RISK_THRESHOLDS,
        budgetMs: 200,
      }),
    );
  const pattern = `{ $.message = "${LOOKUP_LOG.message}" }`;

  it.each([
    ['found', async () => [FILE]],
    ['not_found', async () => []],
    ['unavailable', async () => Promise.reject(new Error('connect ETIMEDOUT'))],
  ] as const)('matches exactly one line per lookup, whose status field says %s', async (status, answer) => {
    // Act
    await handlerWith(directory(answer))(aContactFlowEvent({ callerNumber: '+436641234567' }));
    // Assess: every line is one JSON object, as the JSON filter syntax needs
    const lines = logs
      .text()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const events = lines.map((line) => JSON.parse(line) as Json);
    const matching = events.filter((event) => matchesJsonFilter(pattern, event));
    expect(matching).toHaveLength(1);
    expect(matching[0]?.[LOOKUP_LOG.statusField]).toBe(status);
    expect(LOOKUP_STATUSES).toContain(status);
  });

  it("counts identify-caller's errors by the level of its ERROR lines", async () => {
    // Act
    await handlerWith(directory(async () => Promise.reject(new Error('connect ETIMEDOUT'))))(
      aContactFlowEvent({ callerNumber: '+436641234567' }),
    );
    // Assess
    const errors = logs
      .entries()
      .filter((event) => matchesJsonFilter(`{ $.${ERROR_LOG.levelField} = "${ERROR_LOG.level}" }`, event));
    expect(errors.map((event) => event.message)).toEqual(['caller lookup failed']);
  });
});

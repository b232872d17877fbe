import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { wireAgentApi } from '../../functions/agent-api/wiring.ts';
import { wireContactEvents } from '../../functions/contact-events/wiring.ts';
import { wireIdentifyCaller } from '../../functions/identify-caller/wiring.ts';
import { wireMetricsApi } from '../../functions/metrics-api/wiring.ts';
import { DEMO_USERS } from '../../local/auth.ts';
import { LocalContactAssignments } from '../../local/contact-assignments.ts';
import { RecordingContactAttributes } from '../../local/recording-contact-attributes.ts';
import { makeDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import {
  type IdentifyCallerEnv,
  loadAgentApiEnv,
  loadContactEventsEnv,
  loadMetricsApiEnv,
} from '../../shared/config/env.ts';
import { FALLBACK_ATTRIBUTES, IDENTIFY_CALLER_KEYS } from '../../shared/connect/identify-caller-contract.ts';
import { formatRowProblem, InvalidImportError } from '../../shared/domain/errors.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { makeImportReadModel } from '../../shared/use-cases/import-read-model.ts';
import { GENERAL_QUEUE_ARN, URGENT_QUEUE_ARN } from '../fixtures/contact-events.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { aContactFlowEvent } from '../fixtures/tenancy-files.ts';
import { runCli } from '../support/cli.ts';
import { createTestTables } from '../support/dynamo.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';
import {
  type MalformedCsv,
  type MalformedRequest,
  malformedContactEvents,
  malformedCsvFiles,
  malformedFlowEvents,
  malformedMetricsQueries,
  malformedOutcomeRequests,
  toCsv,
  validCsvBase,
  validOutcomeBody,
} from '../support/malformed-input.ts';

/**
 * docs/architecture.md, "Rules the code keeps": bad input gets a clear error and writes nothing partial. Every generated
 * malformed input (test/support/malformed-input.ts) goes through the real entry point against
 * DynamoDB Local, and a full Scan of both tables before and after shows what it wrote: nothing,
 * or exactly the one item the valid part of it is meant to write.
 */
const NOW = '2026-11-25T10:00:00Z'; // a Wednesday morning in Vienna
/** The call the outcome requests are for: a known caller, so a valid body would be recorded. */
const CALL_ID = 'bad-input-call-1';
const KNOWN_CALLER = '+436641234567'; // tenancies-valid.csv, line 2

type Snapshot = Map<string, string>;
type HttpHandler = (event: unknown) => Promise<{ statusCode: number; body: string }>;

describe('bad input at every edge, against DynamoDB Local', () => {
  let env: IdentifyCallerEnv;
  let envVars: Record<string, string>;
  let prefix: string;
  let doc: DynamoDBDocumentClient;
  let adapters: ReturnType<typeof makeDynamoAdapters>;
  let importReadModel: ReturnType<typeof makeImportReadModel>;
  let identify: (event: unknown) => Promise<Record<string, string>>;
  let contactEvents: (event: unknown) => Promise<void>;
  let agentApi: HttpHandler;
  let metricsApi: HttpHandler;
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bad-input-'));
  // The handlers' lines stay out of the run's output; the run's log scan still reads them.
  const logs = captureLogsOfEachTest();
  /** Inputs tried and inputs that wrote anything they should not have, by entry point. */
  const tally = new Map<string, { tried: number; partialWrites: number }>();

  beforeAll(async () => {
    // Prepare: tables of this file's own with a read model and one call, and every entry point
    // wired from its configuration as in production.
    ({ env, envVars, prefix } = await createTestTables({
      READ_MODEL_CACHE_SECONDS: '0',
      URGENT_QUEUE_ARN,
      GENERAL_QUEUE_ARN,
    }));
    const clock = fixedClock(NOW);
    doc = makeDocumentClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT,
      requestTimeoutMs: 10_000,
      maxAttempts: 3,
    });
    adapters = makeDynamoAdapters(env, clock);
    importReadModel = makeImportReadModel({ readModel: adapters.readModel });
    const base = validCsvBase();
    await importReadModel({
      tenancies: { name: 'tenancies.csv', content: toCsv(base.tenancies) },
      cases: { name: 'cases.csv', content: toCsv(base.cases) },
    });
    identify = wireIdentifyCaller(env, { clock });
    contactEvents = wireContactEvents(loadContactEventsEnv(envVars), { doc });
    // The demo agent answered the call (the fixture's claims name their Connect user).
    const contactAssignments = new LocalContactAssignments();
    contactAssignments.assign(CALL_ID, DEMO_USERS.agent.connectUserId, clock.now());
    agentApi = wireAgentApi(loadAgentApiEnv(envVars), {
      clock,
      doc,
      contactAttributes: new RecordingContactAttributes(),
      contactAssignments,
    });
    metricsApi = wireMetricsApi(loadMetricsApiEnv(envVars), {
      clock,
      doc,
      liveQueue: { current: async () => ({ at: NOW, queues: [], agents: { available: 0, online: 0 } }) },
    });
    const call = await identify(aContactFlowEvent({ contactId: CALL_ID, callerNumber: KNOWN_CALLER }));
    expect(call.lookupStatus).toBe('found');
  });

  afterAll(() => {
    adapters?.destroy();
    doc?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every item of both tables, keyed by table and key, as stable JSON (sets sorted). */
  const snapshot = async (): Promise<Snapshot> => {
    const items: Snapshot = new Map();
    const scan = async (table: string) => {
      for await (const page of paginateScan({ client: doc }, { TableName: table, ConsistentRead: true })) {
        for (const item of page.Items ?? []) {
          items.set(
            `${table} ${item.pk} ${item.sk}`,
            JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value].sort() : value)),
          );
        }
      }
    };
    await Promise.all([scan(env.READ_MODEL_TABLE), scan(env.CALLS_TABLE)]);
    return items;
  };
  const callLogKey = (callId: string) => `${env.CALLS_TABLE} CALL#${callId} LOG`;

  /**
   * Compares the tables after one input with before: anything changed beyond `expected` is a partial
   * write; an expected item must have been added, and must not hold any of the input's `secrets`.
   */
  const assessWrites = (
    kind: string,
    name: string,
    before: Snapshot,
    after: Snapshot,
    options: { expected?: readonly string[]; secrets?: readonly string[] } = {},
  ) => {
    const expected = options.expected ?? [];
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (key) => before.get(key) !== after.get(key),
    );
    const unexpected = changed.filter((key) => !expected.includes(key));
    const counts = tally.get(kind) ?? { tried: 0, partialWrites: 0 };
    counts.tried++;
    if (unexpected.length > 0) counts.partialWrites++;
    tally.set(kind, counts);
    expect
      .soft(
        unexpected.map((key) => key.slice(0, 120)),
        `${kind} ${name}: writes nothing else`,
      )
      .toEqual([]);
    for (const key of expected) {
      expect.soft(before.has(key) || !after.has(key), `${kind} ${name}: adds ${key}`).toBe(false);
      const item = after.get(key) ?? '';
      for (const secret of options.secrets ?? []) {
        expect.soft(item.includes(secret), `${kind} ${name}: stores no raw input`).toBe(false);
      }
    }
  };

  const echoes = (text: string, secrets: readonly string[]) =>
    secrets.filter((secret) => text.includes(secret));
  /** What the logger writes from now on, to look for echoes in. */
  const logsFromHere = () => {
    const start = logs.text().length;
    return () => logs.text().slice(start);
  };

  it('refuses every malformed CSV file with problems located in the bad file, none echoing a value, and changes nothing', async () => {
    for (const bad of malformedCsvFiles()) {
      // Prepare
      const before = await snapshot();
      const logged = logsFromHere();
      // Act
      const outcome = await importReadModel({
        tenancies: { name: 'tenancies.csv', content: bad.tenancies },
        cases: { name: 'cases.csv', content: bad.cases },
      }).then(
        () => 'imported',
        (error: unknown) => error,
      );
      // Assess
      const after = await snapshot();
      expect.soft(outcome, `${bad.name}: refused`).toBeInstanceOf(InvalidImportError);
      if (outcome instanceof InvalidImportError) {
        const lines = outcome.problems.map(formatRowProblem);
        expect
          .soft(
            outcome.problems.some((problem) => problem.file === bad.badFile),
            `${bad.name}: located`,
          )
          .toBe(true);
        expect
          .soft(
            lines.filter((line) => /[\r\n]/.test(line)),
            `${bad.name}: one line per problem`,
          )
          .toEqual([]);
        expect
          .soft(echoes([outcome.message, ...lines].join('\n'), bad.secrets), `${bad.name}: echoes`)
          .toEqual([]);
      }
      expect.soft(echoes(logged(), bad.secrets), `${bad.name}: logs no value`).toEqual([]);
      assessWrites('csv', bad.name, before, after);
    }
  });

  it('answers a malformed file given to `hotline import` with one line, exit 1 and no stack, and changes nothing', async () => {
    // Prepare: a few of the files, written out as a person would have them
    const picked = malformedCsvFiles().filter((bad) =>
      [
        'tenancies without column tenant_name',
        'a bad postal code in row 500 of 1,000 tenancies',
        'cases arrears_eur "1.234,50"',
        'an unterminated quote at the end',
        'a UTF-16 file without a BOM',
      ].includes(bad.name),
    );
    expect(picked).toHaveLength(5);
    const files = picked.map((bad: MalformedCsv, i) => {
      const tenancies = join(dir, `tenancies-${i}.csv`);
      const cases = join(dir, `cases-${i}.csv`);
      writeFileSync(tenancies, bad.tenancies);
      writeFileSync(cases, bad.cases);
      return { bad, tenancies, cases };
    });
    const cliEnv = {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      HOTLINE_TABLE_PREFIX: prefix,
      HOTLINE_DATA_DIR: join(dir, 'data'),
    };
    const before = await snapshot();
    // Act
    const results = await Promise.all(
      files.map((file) => runCli(['import', '--tenancies', file.tenancies, '--cases', file.cases], cliEnv)),
    );
    // Assess
    const after = await snapshot();
    for (const [i, result] of results.entries()) {
      const { bad } = files[i] as (typeof files)[number];
      const [headline, ...problems] = result.stderr.trimEnd().split('\n');
      expect.soft(result.code, bad.name).toBe(1);
      expect.soft(result.stdout, bad.name).toBe('');
      expect
        .soft(headline, bad.name)
        .toMatch(/^error: import refused: \d+ problem\(s\) in the input; nothing was changed$/);
      expect.soft(problems.length, bad.name).toBeGreaterThan(0);
      for (const problem of problems) expect.soft(problem, bad.name).toMatch(/^ {2}\S+\.csv:\d+:\d+ /);
      expect.soft(result.stderr, bad.name).not.toContain('    at ');
      expect.soft(echoes(result.stderr, bad.secrets), bad.name).toEqual([]);
      assessWrites('cli', bad.name, before, after);
    }
  });

  /** The POST of one malformed request, the contact id in the path as the client wrote it. */
  const outcomeRequest = (request: MalformedRequest) => {
    const rawId = request.rawContactId ?? CALL_ID;
    const path = `/api/contacts/${rawId}/outcomes`;
    const event = anHttpApiEvent({
      method: 'POST',
      path: `/api/contacts/${CALL_ID}/outcomes`,
      ...(request.body === undefined ? {} : { rawBody: request.body }),
      ...(request.base64 ? { base64: true } : {}),
    });
    let contactId: string | undefined;
    try {
      contactId = decodeURIComponent(rawId);
    } catch {
      contactId = undefined; // API Gateway would not route it; the handler must cope either way
    }
    return {
      ...event,
      rawPath: path,
      pathParameters: contactId === undefined ? undefined : { contactId },
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path } },
    };
  };

  const assessRefusal = (
    kind: string,
    request: MalformedRequest,
    result: { statusCode: number; body: string },
  ) => {
    expect
      .soft(request.statuses, `${kind} ${request.name}: status ${result.statusCode}`)
      .toContain(result.statusCode);
    const body = JSON.parse(result.body) as { message?: unknown; fields?: unknown };
    expect.soft(typeof body.message, `${kind} ${request.name}: a message`).toBe('string');
    if (result.statusCode === 400) {
      expect
        .soft(body.fields, `${kind} ${request.name}: field paths`)
        .toEqual(expect.arrayContaining([...(request.fields ?? [])]));
    }
    expect.soft(echoes(result.body, request.secrets), `${kind} ${request.name}: echoes`).toEqual([]);
  };

  it('refuses every malformed outcome request with a 4xx naming fields, never values, and writes nothing', async () => {
    for (const request of malformedOutcomeRequests()) {
      // Prepare
      const before = await snapshot();
      const logged = logsFromHere();
      // Act
      const result = await agentApi(outcomeRequest(request));
      // Assess
      const after = await snapshot();
      assessRefusal('agent-api', request, result);
      expect.soft(Reflect.get({}, 'polluted'), `${request.name}: no prototype pollution`).toBeUndefined();
      expect.soft(echoes(logged(), request.secrets), `${request.name}: logs no value`).toEqual([]);
      assessWrites('agent-api', request.name, before, after);
    }
  });

  it('records the valid base of those requests, so the refusals were not for want of a call', async () => {
    // Prepare
    const before = await snapshot();
    // Act
    const result = await agentApi(
      outcomeRequest({
        name: 'valid',
        body: JSON.stringify(validOutcomeBody()),
        statuses: [200],
        secrets: [],
      }),
    );
    // Assess
    const after = await snapshot();
    expect(result.statusCode).toBe(200);
    expect([...after.keys()].filter((key) => !before.has(key))).toContain(
      `${env.CALLS_TABLE} CALL#${CALL_ID} OUTCOME#CURRENT`,
    );
  });

  it('refuses every malformed metrics query with a 400 naming the parameters and writes nothing', async () => {
    for (const request of malformedMetricsQueries()) {
      // Prepare
      const before = await snapshot();
      const logged = logsFromHere();
      const event = anHttpApiEvent({
        method: 'GET',
        path: '/api/metrics',
        claims: { sub: 'manager-1', 'cognito:groups': '[managers]' },
      });
      // Act
      const result = await metricsApi({ ...event, rawQueryString: request.query ?? '' });
      // Assess
      const after = await snapshot();
      assessRefusal('metrics-api', request, result);
      expect.soft(echoes(logged(), request.secrets), `${request.name}: logs no value`).toEqual([]);
      assessWrites('metrics-api', request.name, before, after);
    }
  });

  it('answers every malformed contact flow event with the documented attributes, never throws, and logs only the enquiry', async () => {
    for (const bad of malformedFlowEvents()) {
      // Prepare
      const before = await snapshot();
      const logged = logsFromHere();
      // Act
      const attributes = await identify(bad.event).catch((error: unknown) => ({ thrown: String(error) }));
      // Assess
      const after = await snapshot();
      expect
        .soft(Object.keys(attributes).sort(), `${bad.name}: the contract's keys`)
        .toEqual([...IDENTIFY_CALLER_KEYS].sort());
      expect
        .soft(
          Object.values(attributes).every((value) => typeof value === 'string'),
          bad.name,
        )
        .toBe(true);
      const status = Reflect.get(attributes, 'lookupStatus');
      if (bad.expected === 'fallback') expect.soft(attributes, bad.name).toEqual(FALLBACK_ATTRIBUTES);
      else if (bad.expected === 'tolerated' || bad.expected === 'unlogged') {
        expect.soft(status, bad.name).toBe('not_found');
      } else expect.soft(status, bad.name).toBe('invalid_input');
      expect.soft(echoes(JSON.stringify(attributes), bad.secrets), `${bad.name}: echoes`).toEqual([]);
      expect.soft(echoes(logged(), bad.secrets), `${bad.name}: logs no value`).toEqual([]);
      assessWrites('identify-caller', bad.name, before, after, {
        expected: bad.callId ? [callLogKey(bad.callId)] : [],
        secrets: bad.expected === 'tolerated' ? [] : bad.secrets,
      });
    }
  });

  it('drops every malformed contact event without throwing (a store refusal is rethrown for a retry), and writes only the milestone of a readable one', async () => {
    for (const bad of malformedContactEvents()) {
      // Prepare
      const before = await snapshot();
      const logged = logsFromHere();
      // Act
      const outcome = await contactEvents(bad.event).then(
        () => 'handled',
        (error: unknown) => `threw ${String(error)}`,
      );
      // Assess
      const after = await snapshot();
      if (bad.expected === 'rejected') expect.soft(outcome, bad.name).toMatch(/^threw StoreUnavailableError/);
      else expect.soft(outcome, bad.name).toBe('handled');
      expect.soft(echoes(logged(), bad.secrets), `${bad.name}: logs no value`).toEqual([]);
      assessWrites('contact-events', bad.name, before, after, {
        expected: bad.expected === 'tolerated' && bad.callId ? [callLogKey(bad.callId)] : [],
        secrets: bad.secrets,
      });
    }
  });

  it('counts the bad inputs tried and the partial writes', async ({ annotate }) => {
    // Assess
    const kinds = [...tally.entries()];
    const tried = kinds.reduce((sum, [, counts]) => sum + counts.tried, 0);
    const partialWrites = kinds.reduce((sum, [, counts]) => sum + counts.partialWrites, 0);
    await annotate(
      `bad input: ${tried} malformed inputs tried (${kinds.map(([kind, c]) => `${kind} ${c.tried}`).join(', ')}), ${partialWrites} partial writes`,
    );
    expect(kinds.map(([kind]) => kind)).toEqual([
      'csv',
      'cli',
      'agent-api',
      'metrics-api',
      'identify-caller',
      'contact-events',
    ]);
    expect(partialWrites).toBe(0);
  });
});

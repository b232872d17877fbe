import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeDemoCsv } from '../../local/demo/demo-data.ts';
import { viennaDate } from '../../shared/domain/vienna-calendar.ts';
import { runCli, startServer } from '../support/cli.ts';
import { nextOpenAt } from '../support/office-time.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

/** The CLI as a person uses it, against the test run's DynamoDB Local, on tables of this file's own. */
describe('hotline import and invoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
  let env: Record<string, string>;
  let demo: { tenanciesPath: string; casesPath: string };

  beforeAll(async () => {
    env = {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      HOTLINE_TABLE_PREFIX: `cli${Date.now()}`,
      HOTLINE_DATA_DIR: dir,
    };
    demo = await writeDemoCsv(join(dir, 'demo'), { seed: 7, today: viennaDate(new Date()), tenancies: 300 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the two CSV files and prints the counts', async () => {
    const result = await runCli(
      ['import', '--tenancies', demo.tenanciesPath, '--cases', demo.casesPath],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^imported 300 tenancies with \d+ phone numbers$/m);
    expect(result.stdout).toMatch(/^and \d+ cases \(\d+ open\)$/m);
  });

  it('imports with --json: stdout holds exactly one JSON document, progress goes to stderr', async () => {
    const result = await runCli(
      ['import', '--tenancies', demo.tenanciesPath, '--cases', demo.casesPath, '--json'],
      env,
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ casesImported: true, counts: { tenancies: 300 } });
    expect(result.stderr).toMatch(/writing .* items \(100 %\)/);
  });

  it('identifies the demo critical caller from a real event file', async () => {
    const result = await runCli(
      ['invoke', 'identify-caller', '--event', fixture('events/identify-caller-phone.json'), '--json'],
      env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      lookupStatus: 'found',
      identifiedBy: 'phone',
      tenancyId: '104711001',
      riskLevel: 'critical',
    });
  });

  it('prints the attributes as aligned lines without --json', async () => {
    const result = await runCli(
      ['invoke', 'identify-caller', '--event', fixture('events/identify-caller-shared.json')],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^lookupStatus +ambiguous$/m);
    expect(result.stdout).toMatch(/^matchCount +2$/m);
  });

  it('refuses a bad file with every problem located, and leaves the read model as it was', async () => {
    const before = await runCli(
      ['invoke', 'identify-caller', '--event', fixture('events/identify-caller-keypad.json'), '--json'],
      env,
    );
    const result = await runCli(['import', '--tenancies', fixture('csv/tenancies-bad.csv')], env);
    const after = await runCli(
      ['invoke', 'identify-caller', '--event', fixture('events/identify-caller-keypad.json'), '--json'],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: import refused: \d+ problem\(s\) in the input; nothing was changed$/m,
    );
    expect(result.stderr).toMatch(/^ {2}.*tenancies-bad\.csv:3:1 tenancy_id: /m);
    expect(result.stderr).not.toContain('    at '); // no stack trace for a user mistake
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    expect(JSON.parse(after.stdout)).toMatchObject({ lookupStatus: 'found', tenancyId: '104711007' });
  });

  it.each([
    [
      ['invoke', 'identify-caller', '--event', 'no-such-file.json'],
      1,
      /^error: cannot read the event file no-such-file\.json: no such file$/m,
    ],
    [
      ['invoke', 'fax-machine', '--event', 'x.json'],
      1,
      /^error: cannot read the event file x\.json: no such file$/m,
    ],
    [['import'], 2, /^error: missing --tenancies FILE$/m],
    [
      ['import', '--tenancies', 'nope.csv'],
      1,
      /^error: cannot read the tenancies file nope\.csv: no such file$/m,
    ],
    [['frobnicate'], 2, /^error: unknown command "frobnicate"$/m],
    [['import', '--bogus'], 2, /^error: unknown option --bogus$/m],
  ])('answers %j with exit %i and one clear line', async (args, code, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('    at ');
  });

  it('places a simulated call with --json: one JSON document with the contract fields', async () => {
    const at = nextOpenAt('10:00').iso;
    const result = await runCli(
      // The critical demo caller's number, written as people write it: normalised to +436641234567.
      ['call', '--from', '0664 123 4567', '--keys', '', '--at', at, '--json'],
      env,
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      identifiedBy: 'phone',
      tenancyId: '104711001',
      riskLevel: 'critical',
      queue: 'urgent',
      priority: 1,
      result: 'queued',
    });
    expect(typeof report.contactId).toBe('string');
    expect(report.courtLetterReported).toBe(false);
    expect(report).not.toHaveProperty('riskReasons');
    expect(report).not.toHaveProperty('summary');
    expect(report.prompts.length).toBeGreaterThan(1);
    expect(report.path[0]).toBe('enable-logging');
  });

  it('describes a call for a person without --json', async () => {
    const at = nextOpenAt('10:00').iso;
    const result = await runCli(['call', '--from', 'anonymous', '--keys', ',104711007,2', '--at', at], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^caller +identified by keypad: tenancy 104711007/m);
    expect(result.stdout).toMatch(/^result +queued in urgent, priority 2$/m);
    expect(result.stdout).toContain('Bitte tippen Sie Ihre Mieternummer ein.');
  });

  it('says shared for a number two tenancies list, and names the keyed lookup by its own status', async () => {
    // A winter Wednesday 10:00 without an offset: Vienna time, so 09:00 UTC, and the office is open.
    const result = await runCli(
      ['call', '--from', '01 987 65 43', '--keys', ',104711005,2', '--at', '2026-12-02T10:00', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.at).toBe('2026-12-02T09:00:00.000Z');
    expect(report.lookups).toEqual([
      { by: 'phone', status: 'ambiguous', matchCount: 2 },
      { by: 'tenancy', status: 'found', matchCount: 1 },
    ]);
    const described = await runCli(
      ['call', '--from', '01 987 65 43', '--keys', ',', '--at', '2026-12-02T10:00'],
      env,
    );
    expect(described.stdout).toMatch(/^lookup +by number: shared \(2 tenancies\), then by tenancy number: /m);
    expect(described.stdout).not.toMatch(/lookup: invalid_input/);
  });

  it('prints call --help with the options, the fault names and the demo callers, exit 0', async () => {
    // Its stdout lists the demo callers' numbers on purpose: only stderr counts as log output.
    const result = await runCli(['call', '--help'], {}, { exportsPersonalData: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: hotline call --from NUMBER\|anonymous/);
    expect(result.stdout).toMatch(/^ {2}--at ISO-8601 +the call's time/m);
    expect(result.stdout).toMatch(/^ {2}dynamodb-throttled +\S/m);
    expect(result.stdout).toMatch(/^ {2}01 987 65 43 +a landline two tenancies list/m);
    const same = await runCli(['help', 'call'], {}, { exportsPersonalData: true });
    expect(same).toEqual(result);
  });

  it.each([
    [['call', '--from', '12ab'], 2, /^error: --from must be a phone number or anonymous/m],
    [
      ['call', '--from', '12345'],
      2,
      /^error: --from must be a phone number or anonymous: the number lacks its area or country code/m,
    ],
    [['call'], 2, /^error: missing --from NUMBER/m],
    [
      ['call', '--from', 'anonymous', '--fault', 'meteor'],
      2,
      /^error: --fault must be one of lambda-throws/m,
    ],
    [
      ['call', '--from', 'anonymous', '--at', 'yesterday'],
      2,
      /^error: --at must be an ISO-8601 date and time/m,
    ],
    [
      ['call', '--from', 'anonymous', '--at', '02.12.2026'],
      2,
      /^error: --at takes ISO-8601, year first, got "02\.12\.2026": write 2026-12-02T10:00/m,
    ],
    [
      ['call', '--from', 'anonymous', '--at', '2026-12-02'],
      2,
      /^error: --at needs a time as well as the date/m,
    ],
  ])('refuses call %j with exit %i, one clear line and the call usage only', async (args, code, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(code);
    const [line, ...rest] = result.stderr.trimEnd().split('\n');
    expect(line).toMatch(message);
    expect(rest).toEqual([expect.stringMatching(/^usage: hotline call --from /)]);
  });

  it('prints the flow CDK deploys, with placeholder ARNs', async () => {
    const result = await runCli(['flow']);
    expect(result.code).toBe(0);
    const flow = JSON.parse(result.stdout);
    expect(flow).toMatchObject({ Version: '2019-10-30', StartAction: 'enable-logging' });
    expect(result.stdout).toContain('arn:aws:lambda:eu-central-1:111111111111:function:identify-caller');
  });

  it('names the functions it knows when asked for another', async () => {
    const result = await runCli(
      ['invoke', 'fax-machine', '--event', fixture('events/identify-caller-phone.json')],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: unknown function "fax-machine": choose one of identify-caller, contact-events, agent-api, metrics-api, privacy-api',
    );
  });
});

describe('hotline invoke contact-events and agent-api, and the call log of hotline call', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-events-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    env = {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      HOTLINE_TABLE_PREFIX: `clievents${Date.now()}`,
      HOTLINE_DATA_DIR: dir,
    };
    const demo = await writeDemoCsv(join(dir, 'demo'), {
      seed: 7,
      today: viennaDate(new Date()),
      tenancies: 50,
    });
    const imported = await runCli(
      ['import', '--tenancies', demo.tenanciesPath, '--cases', demo.casesPath],
      env,
    );
    expect(imported.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('completes a call log from a contact event file, which the agent API then serves without Connect', async () => {
    // Prepare
    const events = await runCli(
      ['invoke', 'contact-events', '--event', fixture('events/contact-events-abandoned.json'), '--json'],
      env,
    );
    // Act: as a supervisor; a process of its own answered no call, so no agent is its contact's
    const context = await runCli(
      ['invoke', 'agent-api', '--event', fixture('events/agent-api-context.json'), '--json'],
      env,
    );
    // Assess
    expect(events.code).toBe(0);
    expect(JSON.parse(events.stdout)).toBeNull();
    expect(context.code).toBe(0);
    const answer = JSON.parse(context.stdout);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ contactId: 'c0ffee00-0000-4000-8000-0000000000ce' });
  });

  it('counts the completed call in the managers’ figures, the same through the CLI and the function', async () => {
    // Act: the abandoned call of the event file is of Tuesday 24 November 2026, 10:30 Vienna
    const cli = await runCli(['metrics', '--from', '2026-11-24', '--to', '2026-11-24', '--json'], env);
    const table = await runCli(['metrics', '--from', '2026-11-24', '--to', '2026-11-24'], env);
    const invoked = await runCli(
      ['invoke', 'metrics-api', '--event', fixture('events/metrics-api-report.json'), '--json'],
      env,
    );
    // Assess
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({
      totals: { calls: 1, abandoned: 1 },
      callsByHourOfDay: expect.arrayContaining([1]),
      reads: { requests: 1 },
    });
    expect(table.stdout).toMatch(/^ {2}abandoned +1 \(100\.0 % of queued\)$/m);
    expect(invoked.code).toBe(0);
    const answer = JSON.parse(invoked.stdout);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ totals: { calls: 1, abandoned: 1 } });
  });

  it('refuses a period that ends before it starts, as a usage error', async () => {
    // Act
    const result = await runCli(['metrics', '--from', '2026-11-25', '--to', '2026-11-24'], env);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --to: to must not be before from$/m);
  });

  it('reports the call log of an abandoned call with --json', async () => {
    // Prepare
    const at = nextOpenAt('10:00').iso;
    // Act
    const result = await runCli(
      ['call', '--from', '0664 123 45 67', '--keys', '', '--at', at, '--abandon-after', '120', '--json'],
      env,
    );
    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).callLog).toMatchObject({
      queue: 'urgent',
      answered: false,
      abandoned: true,
      afterHours: false,
      waitSeconds: 120,
    });
  });

  it('describes the answered call’s log for a person', async () => {
    // Prepare
    const at = nextOpenAt('10:00').iso;
    // Act
    const result = await runCli(
      ['call', '--from', '0664 123 45 67', '--keys', '', '--at', at, '--answer-after', '30'],
      env,
    );
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^log +answered after 30 s in urgent, talked \d+ s \(in hours\)$/m);
  });

  it.each([
    [
      ['call', '--from', 'anonymous', '--answer-after', 'soon'],
      /^error: --answer-after must be whole seconds/m,
    ],
    [
      ['call', '--from', 'anonymous', '--answer-after', '10', '--abandon-after', '20'],
      /^error: give either --answer-after or --abandon-after, not both$/m,
    ],
  ])('refuses call %j with exit 2 and one clear line', async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('hotline call while a hotline start server owns the store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-server-'));
  const prefix = `cliserver${Date.now()}`;
  let server: Awaited<ReturnType<typeof startServer>>;
  /** The CLI cannot reach any DynamoDB itself: what it does, it does through the server. */
  const cliEnv = { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', HOTLINE_TABLE_PREFIX: prefix };

  beforeAll(async () => {
    server = await startServer(['--port', '0', '--data', dir], {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      HOTLINE_TABLE_PREFIX: prefix,
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('places the call through the server, which answers with the report and its call log', async () => {
    // Prepare
    const at = nextOpenAt('10:00').iso;
    // Act
    const result = await runCli(
      [
        'call',
        '--data',
        dir,
        '--from',
        'anonymous',
        '--keys',
        ',,,',
        '--at',
        at,
        '--answer-after',
        '25',
        '--json',
      ],
      cliEnv,
    );
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      result: 'queued',
      queue: 'general',
      callLog: { answered: true, waitSeconds: 25, abandoned: false },
    });
  });

  it('maps the server’s refusal to the same one-line error', async () => {
    // Act
    // Two keys where the language prompt takes one: only the flow can tell.
    const result = await runCli(['call', '--data', dir, '--from', 'anonymous', '--keys', '99'], cliEnv);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: keys: answer 1 \("99"\) is not /m);
    expect(result.stderr).not.toContain('    at ');
  });
});

describe("hotline privacy and hotline audit: a tenant's access and erasure requests", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-privacy-'));
  let env: Record<string, string>;
  /** The demo's critical caller (the identify-caller event file calls from their number). */
  const TENANCY = '104711001';

  beforeAll(async () => {
    env = {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      HOTLINE_TABLE_PREFIX: `cliprivacy${Date.now()}`,
      HOTLINE_DATA_DIR: dir,
    };
    const demo = await writeDemoCsv(join(dir, 'demo'), {
      seed: 7,
      today: viennaDate(new Date()),
      tenancies: 60,
    });
    const imported = await runCli(
      ['import', '--tenancies', demo.tenanciesPath, '--cases', demo.casesPath],
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const called = await runCli(
      ['invoke', 'identify-caller', '--event', fixture('events/identify-caller-phone.json'), '--json'],
      env,
    );
    expect(called.code, called.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports, refuses to erase without --yes, erases, then finds nothing, and the trail says who did each', async () => {
    // Act
    const exported = await runCli(['privacy', 'export', '--tenancy', TENANCY, '--json'], env, {
      exportsPersonalData: true,
    });
    const summary = await runCli(['privacy', 'export', '--tenancy', TENANCY], env, {
      exportsPersonalData: true,
    });
    const unconfirmed = await runCli(['privacy', 'erase', '--tenancy', TENANCY], env);
    const erased = await runCli(['privacy', 'erase', '--tenancy', TENANCY, '--yes'], env);
    const again = await runCli(['privacy', 'erase', '--tenancy', TENANCY, '--yes', '--json'], env);
    const trail = await runCli(['audit', '--tenancy', TENANCY, '--json'], env);
    const table = await runCli(['audit', '--tenancy', TENANCY], env);
    // Assess
    expect(exported.code, exported.stderr).toBe(0);
    const held = JSON.parse(exported.stdout);
    expect(held.readModel).toHaveLength(1);
    expect(held.calls).toHaveLength(1);
    expect(summary.stdout).toMatch(new RegExp(`^data held about tenancy ${TENANCY} `, 'm'));
    expect(summary.stdout).toMatch(/^ {2}calls: 1$/m);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('add --yes to go ahead');
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toMatch(
      new RegExp(
        `^erased tenancy ${TENANCY}: 1 read-model entry, 1 call, 0 outcomes, 0 case resolutions$`,
        'm',
      ),
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ nothingHeld: true });
    const actions = JSON.parse(trail.stdout).entries.map((entry: { action: string }) => entry.action);
    expect(actions.filter((action: string) => action === 'privacy_erase')).toHaveLength(2);
    expect(actions).toContain('privacy_export');
    expect(table.stdout).toMatch(/privacy_erase\s+cli:\S+ \(privacy\)\s+hotline privacy erase$/m);
  });

  it('says which option is wrong, before touching the store', async () => {
    // Act
    const noAction = await runCli(['privacy', '--tenancy', TENANCY], env);
    const badId = await runCli(['privacy', 'export', '--tenancy', '12ab'], env);
    const badDay = await runCli(['audit', '--tenancy', TENANCY, '--from', '2026-02-30'], env);
    // Assess
    expect([noAction.code, badId.code, badDay.code]).toEqual([2, 2, 2]);
    expect(noAction.stderr).toMatch(/^error: say what to do: hotline privacy export --tenancy ID/m);
    expect(badId.stderr).toMatch(/^error: --tenancy: must be 6 to 12 digits/m);
    expect(badDay.stderr).toMatch(/^error: --from must be a calendar day YYYY-MM-DD \(Vienna\)/m);
  });
});

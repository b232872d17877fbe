import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/flow-language/${name}`, import.meta.url));

const MAIN = fixture('tenant-line.json');
const ADVICE = fixture('advice.json');
const MODULE = fixture('announce-hours-module.json');
const ANSWER = `tenant-lookup=${fixture('tenant-lookup-answer.json')}`;
const LOOKUP_ARN = 'arn:aws:lambda:eu-central-1:111111111111:function:tenant-lookup';
const COURT_DESK =
  'arn:aws:connect:eu-central-1:111111111111:instance/11111111-2222-4333-8444-555555555555/contact-flow/cccccccc-0000-4000-8000-0000000c0a27';

const jsonOf = (stdout: string): Record<string, unknown> => {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
};

/** `hotline run-flow` as a person runs exported flows, in a fresh process; it needs no store. */
describe('hotline run-flow', () => {
  it('prints the prompts, the path and the result of a flow that transfers to a given flow and module', async () => {
    // Act
    const result = await runCli(['run-flow', MAIN, ADVICE, MODULE, '--keys', '1', '--lambda', ANSWER]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^result {3}queued in advice, priority 5$/m);
    expect(result.stdout).toContain(
      [
        'heard',
        '  1. Welcome to the tenant line.',
        '  2. Your status is known.',
        '  3. Press 1 for advice, 2 for the court desk.',
        '  4. Connecting you to advice.',
        '  5. Advisers answer around the clock.',
      ].join('\n'),
    );
    expect(result.stdout).toMatch(
      /^path {5}logging → greet → tag → lookup → save status → say status → menu → to advice → Advice:connecting → Advice:announce hours → Announce hours:hours → Announce hours:return → Advice:set queue → Advice:transfer$/m,
    );
    expect(result.stdout).toContain(`lambda   ${LOOKUP_ARN}: ok after 1 attempt(s)`);
  });

  it('prints one JSON object with --json, the Lambda answered from its file', async () => {
    // Act
    const result = await runCli([
      'run-flow',
      MAIN,
      ADVICE,
      MODULE,
      '--keys',
      '1',
      '--lambda',
      ANSWER,
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(jsonOf(result.stdout)).toMatchObject({
      result: 'queued',
      queue: 'advice',
      prompts: expect.arrayContaining(['Your status is known.']),
      path: expect.arrayContaining(['Advice:transfer']),
      attributes: { 'tenant status': 'known' },
      tags: { line: 'tenant', region: 'eu-central-1' },
      lambdaCalls: [{ arn: LOOKUP_ARN, attempts: 1, outcome: 'ok' }],
      errors: [],
    });
  });

  it('takes the error branch of a Lambda given no answer, as for an unreachable function', async () => {
    // Act
    const result = await runCli(['run-flow', MAIN, ADVICE, MODULE, '--keys', '1', '--json']);

    // Assess
    expect(result.code).toBe(0);
    const run = jsonOf(result.stdout);
    expect(run.prompts).toContain('We cannot look you up right now.');
    expect(run.path).toEqual(expect.arrayContaining(['lookup', 'lookup failed', 'menu']));
    expect(run).toMatchObject({
      result: 'queued',
      lambdaCalls: [{ arn: LOOKUP_ARN, attempts: 1, outcome: 'error' }],
      errors: [{ action: 'lookup', errorType: 'NoMatchingError' }],
    });
  });

  it('ends as transferred, naming the target, on a TransferToFlow to a flow not given', async () => {
    // Act
    const text = await runCli(['run-flow', MAIN, ADVICE, '--keys', '2', '--lambda', ANSWER]);
    const json = await runCli(['run-flow', MAIN, '--keys', '2', '--lambda', ANSWER, '--json']);

    // Assess
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^result {3}transferred to ${COURT_DESK}$`, 'm'));
    expect(jsonOf(json.stdout)).toMatchObject({
      result: 'transferred',
      transferredTo: COURT_DESK,
      path: ['logging', 'greet', 'tag', 'lookup', 'save status', 'say status', 'menu', 'to court desk'],
    });
  });

  it('takes the error branch of an InvokeFlowModule whose module is not given', async () => {
    // Act
    const result = await runCli(['run-flow', MAIN, ADVICE, '--keys', '1', '--lambda', ANSWER, '--json']);

    // Assess
    const run = jsonOf(result.stdout);
    expect(run.prompts).not.toContain('Advisers answer around the clock.');
    expect(run).toMatchObject({
      result: 'queued',
      errors: [{ action: 'Advice:announce hours', errorType: 'NoMatchingError' }],
    });
  });

  it('checks the flow as the --type given', async () => {
    // Act
    const inbound = await runCli(['run-flow', fixture('refused.json')]);
    const queueFlow = await runCli([
      'run-flow',
      fixture('refused.json'),
      '--type',
      'CUSTOMER_QUEUE',
      '--json',
    ]);

    // Assess
    expect(inbound.code).toBe(1);
    expect(inbound.stderr).toContain('(CONTACT_FLOW) is refused');
    expect(inbound.stderr).toContain(
      'end: EndFlowExecution is not allowed in an inbound flow (CONTACT_FLOW)',
    );
    expect(queueFlow.code).toBe(0);
    expect(jsonOf(queueFlow.stdout)).toMatchObject({ result: 'ended', path: ['end'] });
  });

  it.each([
    [['run-flow', MAIN, '--type', 'INBOUND'], '--type must be one of CONTACT_FLOW, CUSTOMER_QUEUE'],
    [['run-flow', MAIN, '--lambda', 'no-such-function=x.json'], '--lambda no-such-function names no Lambda'],
    [['run-flow', MAIN, '--lambda', 'tenant-lookup'], '--lambda must be NAME_OR_ARN=RESPONSE.json'],
    [['run-flow'], 'missing FILE'],
    [['run-flow', MAIN, '--speed', 'fast'], 'unknown option --speed'],
  ])('refuses a bad argument: %j', async (args, message) => {
    // Act
    const result = await runCli(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('says which file it cannot read', async () => {
    // Act
    const result = await runCli(['run-flow', fixture('no-such-flow.json')]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read the flow file .*no-such-flow\.json: no such file/);
  });
});

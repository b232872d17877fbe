import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { makeTestCaseRunner } from '../../local/test-case-runner.ts';
import type { IdentifyCallerEnv } from '../../shared/config/env.ts';
import { compileScenario } from '../../shared/connect/test-cases.ts';
import type { TestCaseDocument } from '../../shared/connect/testing-language.ts';
import type { FlowDocument } from '../../shared/flow/flow-language.ts';
import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import { PROMPTS } from '../../shared/flow/prompts.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';
import { INBOUND_FLOW_SCENARIOS, type Scenario } from '../../shared/flow/scenarios.ts';
import { createTablesWithDemoData } from '../support/dynamo.ts';

const scenario = (name: string): Scenario => {
  const found = INBOUND_FLOW_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};
const compiled = (name: string) => compileScenario(scenario(name), PLACEHOLDER_REFERENCES);

/** The inbound flow with one action's transitions rewritten: a flow that routes differently. */
const withAction = (
  flow: FlowDocument,
  id: string,
  change: (a: FlowDocument['Actions'][number]) => object,
) => ({
  ...flow,
  Actions: flow.Actions.map((action) =>
    action.Identifier === id ? { ...action, ...change(action) } : action,
  ),
});

describe('test cases through the local interpreter', () => {
  let env: IdentifyCallerEnv;
  beforeAll(async () => {
    ({ env } = await createTablesWithDemoData('2026-11-25'));
  });

  it.each(INBOUND_FLOW_SCENARIOS.map((s) => [s.name]))('passes the generated case %s', async (name) => {
    const verdict = await makeTestCaseRunner({ env })(name, compiled(name));
    expect(verdict).toMatchObject({ status: 'PASSED', failures: [] });
    expect(verdict.observations.passed).toBe(verdict.observations.total);
  });

  it('fails a case when the flow sends critical callers to the court question instead of the urgent queue', async () => {
    // Prepare: check-critical no longer routes critical callers straight to urgent
    const flow = withAction(buildInboundFlow(PLACEHOLDER_REFERENCES), 'check-critical', (action) => ({
      Transitions: { ...action.Transitions, Conditions: [] },
    }));
    // Act
    const verdict = await makeTestCaseRunner({ env, flow })(
      'recognised-critical',
      compiled('recognised-critical'),
    );
    // Assess: the queued prompt comes only after the court question, then the general queue
    expect(verdict.status).toBe('FAILED');
    expect(verdict.failures[0]).toMatch(/\$\.Queue\.ARN Equals .*urgent failed/);
  });

  it('fails a case when the flow no longer checks the hours before queueing', async () => {
    const flow = withAction(buildInboundFlow(PLACEHOLDER_REFERENCES), 'general-queue-priority', () => ({
      Transitions: { NextAction: 'queued' },
    }));
    const verdict = await makeTestCaseRunner({ env, flow })(
      'recognised-normal',
      compiled('recognised-normal'),
    );
    expect(verdict.status).toBe('FAILED');
    expect(verdict.failures[0]).toMatch(/"check-hours" \(CheckHoursOfOperation .*\): never observed/);
  });

  it('fails a case that expects a prompt the caller does not hear', async () => {
    // Prepare: the case expects the English court question where the caller hears German
    const document = compiled('recognised-normal');
    const mutated: TestCaseDocument = {
      ...document,
      Observations: document.Observations.map((o) =>
        o.Event.Type === 'MessageReceived' && o.Event.Properties.Text === PROMPTS.de.askCourtLetter
          ? {
              ...o,
              Event: { ...o.Event, Properties: { ...o.Event.Properties, Text: PROMPTS.en.askCourtLetter } },
            }
          : o,
      ),
    };
    // Act
    const verdict = await makeTestCaseRunner({ env })('mutated', mutated);
    // Assess
    expect(verdict).toMatchObject({ status: 'FAILED' });
    expect(verdict.failures[0]).toContain('never observed');
    expect(verdict.observations.passed).toBeLessThan(verdict.observations.total);
  });

  it('fails a case whose substituted answer routes the caller elsewhere than it asserts', async () => {
    const critical = scenario('recognised-critical');
    const document = compileScenario(
      { ...critical, name: 'normal-but-expects-urgent', lookups: scenario('recognised-normal').lookups },
      PLACEHOLDER_REFERENCES,
    );
    const verdict = await makeTestCaseRunner({ env })('normal-but-expects-urgent', document);
    expect(verdict.status).toBe('FAILED');
  });

  it('runs the real identify-caller against the store when a case substitutes no answer', async () => {
    // Prepare: the recognised-critical case without its identify-caller answer, from the demo critical caller
    const document = compiled('recognised-critical');
    const withoutLambda: TestCaseDocument = {
      ...document,
      Metadata: {
        hotline: {
          scenario: 'real-lookup',
          from: DEMO_CALLERS.critical.phone,
          at: '2026-11-25T10:00:00+01:00',
        },
      },
      Observations: document.Observations.map((o, i) =>
        i === 0
          ? {
              ...o,
              Actions: o.Actions.filter(
                (a) =>
                  !(
                    a.Type === 'OverrideSystemBehavior' &&
                    a.Parameters.Behavior.Properties.ActionType === 'InvokeLambdaFunction'
                  ),
              ).map((a) => ({ ...a, Transitions: {} })),
            }
          : o,
      ),
    };
    // Act
    const verdict = await makeTestCaseRunner({ env })('real-lookup', withoutLambda);
    // Assess: the demo critical caller is critical on that day, as the substituted answer said
    expect(verdict).toMatchObject({ status: 'PASSED' });
  });

  it('fails a document that is no test case, saying why', async () => {
    const verdict = await makeTestCaseRunner({ env })('broken', { Version: '2019-10-30', Observations: [] });
    expect(verdict).toMatchObject({ status: 'FAILED' });
    expect(verdict.failures[0]).toMatch(/^not a test case: Observations/);
  });
});

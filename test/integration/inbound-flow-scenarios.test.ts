import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { wireAgentApi } from '../../functions/agent-api/wiring.ts';
import { createLocalAuth } from '../../local/auth.ts';
import {
  type CallReport,
  InvalidCallError,
  makeCallSimulator,
  type SimulatedCallRequest,
} from '../../local/call-simulator.ts';
import { LocalContactAssignments } from '../../local/contact-assignments.ts';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { RecordingContactAttributes } from '../../local/recording-contact-attributes.ts';
import { loadAgentApiEnv } from '../../shared/config/env.ts';
import { PROMPTS } from '../../shared/flow/prompts.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { ALLOWED_CONTACT_ATTRIBUTES } from '../fixtures/contact-attributes.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { createTablesWithDemoData } from '../support/dynamo.ts';

/**
 * Every branch of the inbound flow, end to end: the flow JSON CDK deploys, the interpreter, the real
 * identify-caller against DynamoDB Local with the demo data. The demo data is generated for the
 * scenario day, so its critical and high callers are critical and high on that day.
 */
const DAY = '2026-11-25'; // a Wednesday
const de = PROMPTS.de;
const en = PROMPTS.en;
const tr = PROMPTS.tr;

/** Vienna wall-clock time on a day (CET in winter: UTC+1). */
const vienna = (time: string, day = DAY) => `${day}T${time}:00+01:00`;

/** What these tests read of the agent API's caller context. */
const AgentContext = z.object({
  risk: z.object({ reasons: z.array(z.string()) }),
  openCase: z
    .object({
      stage: z.string(),
      arrearsEur: z.number(),
      evictionDate: z.string().nullish(),
      courtHearingDate: z.string().nullish(),
    })
    .nullish(),
});

describe('inbound flow scenarios', () => {
  let call: (request: SimulatedCallRequest) => Promise<CallReport>;
  /** With the flow's time limits scaled down, for the slow-Lambda fault: 4 s become 100 ms. */
  let callInFastTime: (request: SimulatedCallRequest) => Promise<CallReport>;
  /**
   * The call's case and why it was rated as it was, as the agent page learns them: from the agent
   * API (a supervisor reading the call's context), since the contact attributes carry neither.
   */
  let contextOf: (report: CallReport) => Promise<z.infer<typeof AgentContext>>;
  const riskReasonsOf = async (report: CallReport) => (await contextOf(report)).risk.reasons;

  beforeAll(async () => {
    const { env, envVars } = await createTablesWithDemoData(DAY);
    call = makeCallSimulator({ env });
    callInFastTime = makeCallSimulator({ env, timeScale: 0.025 });
    const clock = fixedClock(vienna('10:05'));
    const contactAttributes = new RecordingContactAttributes();
    const agentApi = wireAgentApi(loadAgentApiEnv(envVars), {
      clock,
      contactAttributes,
      contactAssignments: new LocalContactAssignments(),
    });
    const auth = createLocalAuth({ clock });
    const authorizer = auth.authorizerFor(`Bearer ${auth.signIn('supervisor', 'supervisor').idToken}`);
    contextOf = async (report) => {
      // As the local server does: the flow's attributes stay with the contact, for the agent API.
      contactAttributes.rememberFlowAttributes(report.contactId, report.contactAttributes);
      const event = anHttpApiEvent({ path: `/api/contacts/${report.contactId}/context`, claims: null });
      const result = await agentApi({ ...event, requestContext: { ...event.requestContext, authorizer } });
      expect(result.statusCode).toBe(200);
      return AgentContext.parse(JSON.parse(result.body));
    };
  });

  // Answers, in prompt order: [English?, …keypad…, court letter?]
  const NO = '';

  describe('in hours', () => {
    it('puts a known critical caller in the urgent queue with priority 1, without the court question', async () => {
      const report = await call({ from: DEMO_CALLERS.critical.phone, keys: [NO], at: vienna('10:00') });
      expect(report).toMatchObject({
        identifiedBy: 'phone',
        tenancyId: DEMO_CALLERS.critical.tenancyId,
        riskLevel: 'critical',
        queue: 'urgent',
        priority: 1,
        result: 'queued',
      });
      expect(await riskReasonsOf(report)).toContain('eviction_imminent');
      expect(report.prompts).toEqual([de.greeting, de.offerLanguages, de.queued]);
    });

    it('leaves ids, status and risk level on the contact of an urgent known caller, none of the case', async () => {
      // Prepare: the case as the agent API shows it (eviction scheduled, arrears, eviction date)
      const report = await call({ from: DEMO_CALLERS.critical.phone, keys: [NO], at: vienna('10:00') });
      const { openCase, risk } = await contextOf(report);
      // Act
      const attributes = report.contactAttributes;
      // Assess
      expect(report.queue).toBe('urgent');
      expect(attributes).toMatchObject({ lookupStatus: 'found', riskLevel: 'critical' });
      for (const key of Object.keys(attributes)) expect(ALLOWED_CONTACT_ATTRIBUTES).toContain(key);
      const values = Object.values(attributes).join(' ');
      const arrears = Math.round(openCase?.arrearsEur ?? Number.NaN);
      const facts = [
        openCase?.stage,
        openCase?.evictionDate,
        String(arrears),
        arrears.toLocaleString('de-AT'),
        ...risk.reasons,
      ].filter((fact) => typeof fact === 'string');
      expect(facts.length).toBeGreaterThanOrEqual(5);
      for (const fact of facts) expect(values).not.toContain(fact);
      expect(values).not.toMatch(/Offener Fall|Rückstand|Räumung|Verhandlung|€/);
    });

    it('puts a caller whose hearing is near in the urgent queue with priority 1', async () => {
      const report = await call({
        from: DEMO_CALLERS.criticalHearing.phone,
        keys: [NO],
        at: vienna('10:00'),
      });
      expect(report).toMatchObject({ riskLevel: 'critical', queue: 'urgent', priority: 1, result: 'queued' });
      expect(await riskReasonsOf(report)).toContain('court_hearing_imminent');
    });

    it('puts a caller who is high by the stage of the case in the urgent queue with priority 2', async () => {
      const report = await call({ from: DEMO_CALLERS.high.phone, keys: [NO, '2'], at: vienna('10:00') });
      expect(report).toMatchObject({ riskLevel: 'high', queue: 'urgent', priority: 2, result: 'queued' });
      expect(report.prompts).toEqual([de.greeting, de.offerLanguages, de.askCourtLetter, de.queued]);
    });

    it('makes a normal caller who presses 1 for a court letter high: urgent queue, priority 2', async () => {
      const report = await call({ from: DEMO_CALLERS.normal.phone, keys: [NO, '1'], at: vienna('10:00') });
      expect(report).toMatchObject({
        riskLevel: 'high',
        courtLetterReported: true,
        queue: 'urgent',
        priority: 2,
        result: 'queued',
      });
      expect(await riskReasonsOf(report)).toContain('court_letter_reported');
    });

    it('puts a known normal caller in the general queue with priority 5', async () => {
      const report = await call({ from: DEMO_CALLERS.normal.phone, keys: [NO, '2'], at: vienna('10:00') });
      expect(report).toMatchObject({
        identifiedBy: 'phone',
        tenancyId: DEMO_CALLERS.normal.tenancyId,
        riskLevel: 'normal',
        queue: 'general',
        priority: 5,
        result: 'queued',
      });
    });

    it("refuses two keys where the prompt takes one as the request's mistake, saying which answer", async () => {
      // The language prompt takes one key: "12" is no answer a caller could give.
      const attempt = call({ from: DEMO_CALLERS.normal.phone, keys: ['12'], at: vienna('10:00') });
      await expect(attempt).rejects.toBeInstanceOf(InvalidCallError);
      await expect(attempt).rejects.toThrow('keys: answer 1 ("12") is not one key of 0-9 * #');
    });

    it('treats no key at the court question like 2', async () => {
      const report = await call({ from: DEMO_CALLERS.normal.phone, keys: [NO, NO], at: vienna('10:00') });
      expect(report).toMatchObject({ queue: 'general', priority: 5, result: 'queued' });
    });

    it('identifies a withheld caller by the tenancy number keyed in', async () => {
      const report = await call({
        from: 'anonymous',
        keys: [NO, DEMO_CALLERS.noNumber.tenancyId, '2'],
        at: vienna('10:00'),
      });
      expect(report).toMatchObject({
        identifiedBy: 'keypad',
        tenancyId: DEMO_CALLERS.noNumber.tenancyId,
        riskLevel: 'high',
        queue: 'urgent',
        priority: 2,
        result: 'queued',
      });
      expect(report.prompts).toEqual([
        de.greeting,
        de.offerLanguages,
        de.askTenancyNumber,
        de.askCourtLetter,
        de.queued,
      ]);
    });

    it('asks twice for an invalid tenancy number, then goes on with an unidentified caller', async () => {
      const report = await call({
        from: 'anonymous',
        keys: [NO, '12345', '999999999', NO],
        at: vienna('10:00'),
      });
      expect(report).toMatchObject({ identifiedBy: 'none', tenancyId: null, queue: 'general', priority: 5 });
      expect(report.prompts).toEqual([
        de.greeting,
        de.offerLanguages,
        de.askTenancyNumber,
        de.tenancyNumberUnknown,
        de.askTenancyNumber,
        de.continueUnidentified,
        de.askCourtLetter,
        de.queued,
      ]);
    });

    it('asks a caller whose number two tenancies share for the tenancy number', async () => {
      const [, second] = DEMO_CALLERS.shared.tenancyIds;
      const report = await call({
        from: DEMO_CALLERS.shared.phone,
        keys: [NO, second, '2'],
        at: vienna('10:00'),
      });
      expect(report).toMatchObject({ identifiedBy: 'keypad', tenancyId: second, result: 'queued' });
      expect(report.path).toContain('ask-tenancy-number-1');
    });

    it('asks an unknown caller for the tenancy number', async () => {
      const report = await call({
        from: DEMO_CALLERS.unknown.phone,
        keys: [NO, NO, NO, NO],
        at: vienna('10:00'),
      });
      expect(report).toMatchObject({ identifiedBy: 'none', queue: 'general', priority: 5, result: 'queued' });
      expect(report.path.filter((step) => step.startsWith('ask-tenancy-number'))).toHaveLength(2);
    });

    it('speaks English after 9', async () => {
      const report = await call({ from: DEMO_CALLERS.normal.phone, keys: ['9', '2'], at: vienna('10:00') });
      expect(report.prompts).toEqual([de.greeting, de.offerLanguages, en.askCourtLetter, en.queued]);
    });
  });

  describe('languages', () => {
    it('speaks Turkish with the neural voice Burcu to a tenant who prefers Turkish, offering no language', async () => {
      const report = await call({ from: DEMO_CALLERS.criticalHearing.phone, at: vienna('10:00') });
      expect(report).toMatchObject({
        languageCode: 'tr-TR',
        voice: { name: 'Burcu', engine: 'Neural' },
        queue: 'urgent',
        result: 'queued',
      });
      expect(report.prompts).toEqual([de.greeting, tr.queued]);
    });

    it('speaks Turkish to anyone who presses 8', async () => {
      const report = await call({ from: DEMO_CALLERS.normal.phone, keys: ['8', '2'], at: vienna('10:00') });
      expect(report.prompts).toEqual([de.greeting, de.offerLanguages, tr.askCourtLetter, tr.queued]);
      expect(report).toMatchObject({ languageCode: 'tr-TR', voice: { name: 'Burcu', engine: 'Neural' } });
    });

    it('gives a Turkish tenant the hours and the callback in Turkish, the number read back', async () => {
      const report = await call({
        from: DEMO_CALLERS.criticalHearing.phone,
        keys: [NO],
        at: vienna('18:30'),
      });
      expect(report).toMatchObject({ result: 'callback', callback: { queue: 'callback' } });
      expect(report.prompts.slice(1)).toEqual([
        tr.closed,
        tr.closedCallbackOffer,
        `${tr.callbackConfirmed} ${DEMO_CALLERS.criticalHearing.phone}.`,
        tr.goodbye,
      ]);
    });

    it('stays German for a language the flow does not speak (Serbian here), still offering English and Turkish', async () => {
      const report = await call({ from: DEMO_CALLERS.high.phone, keys: [NO, '2'], at: vienna('10:00') });
      expect(report).toMatchObject({ languageCode: 'de-AT', voice: { name: 'Hannah', engine: 'Neural' } });
      expect(report.prompts).toEqual([de.greeting, de.offerLanguages, de.askCourtLetter, de.queued]);
    });
  });

  describe('opening hours', () => {
    it.each([
      ['08:59', 'closed'],
      ['09:00', 'queued'],
      ['16:59', 'queued'],
      ['17:00', 'closed'],
    ])('a normal caller on a weekday at %s is %s', async (time, result) => {
      const report = await call({ from: DEMO_CALLERS.normal.phone, keys: [NO, '2'], at: vienna(time) });
      expect(report.result).toBe(result);
      if (result === 'closed')
        expect(report.prompts.slice(-3)).toEqual([de.closed, de.otherHelp, de.goodbye]);
    });

    it.each([
      ['a Saturday', '2026-11-28'],
      ['Mariä Empfängnis, a fixed holiday on a Tuesday', '2026-12-08'],
      ['Easter Monday, a movable holiday', '2027-03-29'],
    ])('is closed on %s', async (_name, day) => {
      const at = day === '2027-03-29' ? `${day}T10:00:00+02:00` : vienna('10:00', day);
      const report = await call({ from: DEMO_CALLERS.unknown.phone, keys: [NO, NO, NO, NO], at });
      expect(report).toMatchObject({ result: 'closed', queue: null, priority: null });
    });

    it('offers a critical caller a callback when closed, and keeps it when no key is pressed', async () => {
      const report = await call({ from: DEMO_CALLERS.critical.phone, keys: [NO, NO], at: vienna('18:30') });
      expect(report).toMatchObject({
        result: 'callback',
        callback: { queue: 'callback' },
        riskLevel: 'critical',
      });
      expect(report.prompts).toContain(de.closedCallbackOffer);
      expect(report.prompts.at(-2)).toBe(`${de.callbackConfirmed} ${DEMO_CALLERS.critical.phone}.`);
    });

    it('lets a critical caller decline the callback with 2', async () => {
      const report = await call({ from: DEMO_CALLERS.critical.phone, keys: [NO, '2'], at: vienna('18:30') });
      expect(report).toMatchObject({ result: 'closed', callback: null });
      expect(report.prompts).toContain(de.callbackDeclined);
    });

    it('asks a withheld high caller for a number to call back', async () => {
      const report = await call({
        from: 'anonymous',
        keys: [NO, DEMO_CALLERS.noNumber.tenancyId, '2', NO, '06641234567'],
        at: vienna('07:00'),
      });
      expect(report).toMatchObject({
        result: 'callback',
        callback: { queue: 'callback' },
        riskLevel: 'high',
      });
      expect(report.prompts).toContain(de.askCallbackNumber);
    });

    it('queues an after-hours callback even when the urgent queue is full: callbacks never take its places', async () => {
      const report = await call({
        from: DEMO_CALLERS.critical.phone,
        keys: [NO, NO],
        at: vienna('18:30'),
        fullQueues: ['urgent'],
      });
      expect(report).toMatchObject({ result: 'callback', callback: { queue: 'callback' } });
    });

    it('promises no callback when the callback queue is full, and says so', async () => {
      const report = await call({
        from: DEMO_CALLERS.critical.phone,
        keys: [NO, NO],
        at: vienna('18:30'),
        fullQueues: ['callback'],
      });
      expect(report).toMatchObject({ result: 'closed', callback: null });
      expect(report.prompts.slice(-2)).toEqual([de.sorry, de.goodbye]);
    });

    it('gives a normal caller the hours and where else to find help, without a callback', async () => {
      const report = await call({ from: DEMO_CALLERS.normal.phone, keys: [NO, '2'], at: vienna('20:00') });
      expect(report).toMatchObject({ result: 'closed', callback: null });
      expect(report.prompts).not.toContain(de.closedCallbackOffer);
    });
  });

  describe('queue at capacity', () => {
    it('offers a callback when the general queue is full', async () => {
      const report = await call({
        from: DEMO_CALLERS.normal.phone,
        keys: [NO, '2'],
        at: vienna('10:00'),
        fullQueues: ['general'],
      });
      expect(report).toMatchObject({ result: 'callback', callback: { queue: 'callback' } });
      expect(report.prompts).toContain(de.busyCallback);
    });

    it('offers a callback when the urgent queue is full', async () => {
      const report = await call({
        from: DEMO_CALLERS.critical.phone,
        keys: [NO],
        at: vienna('10:00'),
        fullQueues: ['urgent'],
      });
      expect(report).toMatchObject({ result: 'callback', callback: { queue: 'callback' } });
    });
  });

  describe('faults: every one ends in the general queue', () => {
    it.each(['lambda-throws', 'lambda-slow', 'lambda-garbage', 'lambda-non-strings'] as const)(
      'a known critical caller reaches the general queue when %s',
      async (fault) => {
        const report = await callInFastTime({
          from: DEMO_CALLERS.critical.phone,
          keys: [],
          at: vienna('10:00'),
          faults: [fault],
        });
        expect(report).toMatchObject({
          queue: 'general',
          priority: 5,
          result: 'queued',
          lookupStatus: 'error',
        });
      },
    );

    it('a known critical caller reaches the general queue when DynamoDB is unreachable', async () => {
      const report = await call({
        from: DEMO_CALLERS.critical.phone,
        keys: [NO, NO],
        at: vienna('10:00'),
        faults: ['dynamodb-down'],
      });
      expect(report).toMatchObject({
        lookupStatus: 'unavailable',
        queue: 'general',
        priority: 5,
        result: 'queued',
      });
    });
  });
});

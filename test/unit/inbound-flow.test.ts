import { describe, expect, it } from 'vitest';
import { IDENTIFY_CALLER_INVOCATION_LIMIT_SECONDS } from '../../shared/connect/identify-caller-contract.ts';
import type { FlowAction, FlowDocument } from '../../shared/flow/flow-language.ts';
import { buildInboundFlow } from '../../shared/flow/inbound-flow.ts';
import { PROMPT_KEYS, PROMPT_LANGUAGES, PROMPTS } from '../../shared/flow/prompts.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';
import { ALLOWED_CONTACT_ATTRIBUTES } from '../fixtures/contact-attributes.ts';

const flow = buildInboundFlow(PLACEHOLDER_REFERENCES);
const byId = new Map(flow.Actions.map((action) => [action.Identifier, action]));

const targets = (action: FlowAction): string[] => [
  ...(action.Transitions.NextAction ? [action.Transitions.NextAction] : []),
  ...(action.Transitions.Conditions ?? []).map((c) => c.NextAction),
  ...(action.Transitions.Errors ?? []).map((e) => e.NextAction),
];

/** Actions reachable from the start without passing through any of `avoid`. */
const reachable = (document: FlowDocument, avoid: ReadonlySet<string>): Set<string> => {
  const seen = new Set<string>();
  const stack = [document.StartAction];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || avoid.has(id)) continue;
    seen.add(id);
    const action = byId.get(id);
    if (action) stack.push(...targets(action));
  }
  return seen;
};

describe('the prompt catalogue', () => {
  it('has every prompt in German, English and Turkish, and no Turkish one left in another language', () => {
    expect(PROMPT_LANGUAGES).toEqual(['de', 'en', 'tr']);
    for (const language of PROMPT_LANGUAGES)
      for (const key of PROMPT_KEYS) expect(PROMPTS[language][key].trim(), `${language}.${key}`).not.toBe('');
    const translated = PROMPT_KEYS.filter((key) => key !== 'offerLanguages');
    for (const key of translated) {
      expect(PROMPTS.tr[key], `tr.${key}`).not.toBe(PROMPTS.de[key]);
      expect(PROMPTS.tr[key], `tr.${key}`).not.toBe(PROMPTS.en[key]);
    }
  });

  it('names the key before what it does, and the key each language is offered on', () => {
    expect(PROMPTS.tr.askCourtLetter).toMatch(/1'e basın.*2'ye basın/);
    expect(PROMPTS.de.offerLanguages).toBe("For English, press 9. Türkçe için 8'e basın.");
  });
});

describe('the inbound flow document', () => {
  it('fits Connect’s limits: at most 250 actions and 256,000 characters of content', () => {
    expect(flow.Actions.length).toBeLessThanOrEqual(250);
    expect(JSON.stringify(flow).length).toBeLessThan(256_000);
  });

  it('refers only to the ARNs it was given', () => {
    const arns = JSON.stringify(flow).match(/arn:aws:[^"]+/g) ?? [];
    expect(new Set(arns)).toEqual(new Set(Object.values(PLACEHOLDER_REFERENCES)));
  });

  it('has every action reachable and every transition pointing at an action', () => {
    for (const action of flow.Actions)
      for (const target of targets(action)) expect(byId.has(target)).toBe(true);
    expect(reachable(flow, new Set()).size).toBe(flow.Actions.length);
  });

  it('drops no caller: without a queue, a callback or the closed message, no path reaches the hang-up', () => {
    const callbacks = flow.Actions.filter((a) => a.Type === 'CreateCallbackContact').map((a) => a.Identifier);
    // `sorry` is the one exception: a callback number that cannot be had (see the next test).
    const avoid = new Set(['closed', 'sorry', ...callbacks]);
    // Every hang-up, found by its type: a second one added under another name is covered too.
    const hangUps = flow.Actions.filter((a) => a.Type === 'DisconnectParticipant').map((a) => a.Identifier);
    expect(hangUps.length).toBeGreaterThan(0);
    const reached = reachable(flow, avoid);
    expect(hangUps.filter((id) => reached.has(id))).toEqual([]);
  });

  it('says sorry only when no callback number can be had or the callback cannot be created', () => {
    const beforeSorry = flow.Actions.filter((a) => targets(a).includes('sorry')).map((a) => a.Type);
    expect(new Set(beforeSorry)).toEqual(
      new Set(['GetParticipantInput', 'UpdateContactCallbackNumber', 'CreateCallbackContact']),
    );
  });

  it('waits for identify-caller no longer than the contract says, and validates its answer as a string map', () => {
    const lookups = flow.Actions.filter((a) => a.Type === 'InvokeLambdaFunction');
    expect(lookups).toHaveLength(3);
    for (const lookup of lookups) {
      expect(lookup.Parameters).toMatchObject({
        InvocationTimeLimitSeconds: String(IDENTIFY_CALLER_INVOCATION_LIMIT_SECONDS),
        ResponseValidation: { ResponseType: 'STRING_MAP' },
      });
    }
  });

  it('keeps on the contact only ids, status, risk level, language and the court-letter answer', () => {
    // Connect keeps contact attributes for 24 months: no case stage, risk reasons or summary.
    const stored = flow.Actions.filter((a) => a.Type === 'UpdateContactAttributes').flatMap((a) =>
      Object.keys((a.Parameters as { Attributes: Record<string, string> }).Attributes),
    );
    expect([...new Set(stored)].sort()).toEqual(ALLOWED_CONTACT_ATTRIBUTES);
    expect(JSON.stringify(flow)).not.toMatch(/caseStage|riskReasons|summary/);
  });

  it('plays only prompts that exist in every language', () => {
    const used = JSON.stringify(flow).match(/\$\.FlowAttributes\.(\w+)/g) ?? [];
    for (const reference of used) expect(PROMPT_KEYS).toContain(reference.replace('$.FlowAttributes.', ''));
    for (const language of PROMPT_LANGUAGES) {
      expect(Object.keys(PROMPTS[language]).sort()).toEqual([...PROMPT_KEYS].sort());
      for (const text of Object.values(PROMPTS[language])) expect(text.trim()).not.toBe('');
    }
  });

  it('names the key before the action in every keypad question (docs/glossary.md)', () => {
    expect(PROMPTS.de.askCourtLetter).toMatch(/drücken Sie die 1\. Sonst drücken Sie die 2\.$/);
    expect(PROMPTS.de.closed).toContain('Montag bis Freitag von 9 bis 17 Uhr');
  });
});

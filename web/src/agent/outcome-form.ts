/**
 * The outcome form: one act, one choice. Ticking "consultation booked" asks for its time; ticking
 * "callback agreed" offers one; the follow-up the API stores is built from them, by the domain's
 * rule (shared/domain/outcomes.ts). The form reads into a Draft and writes one back, so the page can
 * keep each contact's unsaved input.
 */

import { FOLLOW_UP_CODES, OUTCOME_CODES } from '../../../shared/domain/outcomes.ts';
import { NOTE_MAX_LENGTH } from '../../../shared/http/agent-api-contract.ts';
import { byId, element, inputsOf } from '../shell/dom.ts';
import { type Language, OUTCOME_LABELS } from '../shell/i18n.ts';
import { fromVienna, viennaWallClock } from '../shell/vienna-time.ts';
import type { ContextAnswer } from './agent-api.ts';
import { type Draft, EMPTY_DRAFT } from './desk.ts';

/** The code that books a consultation (it needs its time) and the one that agrees a callback. */
const CONSULTATION_CODE = FOLLOW_UP_CODES.consultation;
const CALLBACK_CODE = FOLLOW_UP_CODES.callback;

/** Field paths of a 400 answer → where its message goes and which control gets the focus. */
export const FIELD_ERRORS = [
  { prefix: 'codes', error: 'codes-error', text: 'errCodes', control: () => inputsOf(byId('codes'))[0] },
  { prefix: 'note', error: 'note-error', text: 'errNote', control: () => byId('note') },
  {
    prefix: 'followUp',
    error: 'followup-error',
    text: 'errFollowUp',
    control: () => byId('consultation-at'),
  },
  {
    prefix: 'caseResolution',
    error: 'resolution-error',
    text: 'errResolution',
    control: () => inputsOf(byId('resolution-fieldset'))[0],
  },
] as const;
export type FieldErrorText = (typeof FIELD_ERRORS)[number]['text'];

export const renderCodes = (language: Language): void => {
  const group = byId('codes');
  if (group.childElementCount === 0) {
    for (const code of OUTCOME_CODES) {
      const label = element('label');
      const input = element('input');
      input.type = 'checkbox';
      input.name = 'codes';
      input.value = code;
      label.append(input, ' ', element('span', '', 'code-label'));
      group.append(label);
    }
  }
  for (const input of inputsOf(group)) {
    const text = input.parentElement?.querySelector('.code-label');
    const code = OUTCOME_CODES.find((known) => known === input.value);
    if (text && code) text.textContent = OUTCOME_LABELS[code][language];
  }
};

const radioValue = (name: string): string =>
  inputsOf(byId('outcome-form'), `input[name="${name}"]:checked`)[0]?.value ?? '';

/** What the form holds now. */
export const readForm = (): Draft => ({
  codes: inputsOf(byId('codes'), 'input:checked').map((input) => input.value),
  note: byId('note', HTMLTextAreaElement).value,
  consultationAt: byId('consultation-at', HTMLInputElement).value,
  callbackAt: byId('callback-at', HTMLInputElement).value,
  caseResolution: radioValue('caseResolution'),
});

/** Shows the time fields that the ticked codes ask for. */
export const showFollowUpFields = (): void => {
  const codes = new Set(readForm().codes);
  byId('consultation-field').hidden = !codes.has(CONSULTATION_CODE);
  byId('callback-field').hidden = !codes.has(CALLBACK_CODE) || codes.has(CONSULTATION_CODE);
};

export const writeForm = (draft: Draft): void => {
  for (const input of inputsOf(byId('codes'))) input.checked = draft.codes.includes(input.value);
  byId('note', HTMLTextAreaElement).value = draft.note;
  byId('consultation-at', HTMLInputElement).value = draft.consultationAt;
  byId('callback-at', HTMLInputElement).value = draft.callbackAt;
  for (const input of inputsOf(byId('resolution-fieldset')))
    input.checked = input.value === draft.caseResolution;
  showFollowUpFields();
};

/** The form as it starts for a call: its stored outcome (corrected as a whole), or empty. */
export const baselineOf = (context: ContextAnswer | undefined): Draft => {
  const outcome = context?.outcome;
  if (!outcome) return EMPTY_DRAFT;
  const at = outcome.followUp?.at ? viennaWallClock(outcome.followUp.at) : '';
  return {
    codes: outcome.codes,
    note: outcome.note ?? '',
    consultationAt: outcome.followUp?.kind === 'consultation' ? at : '',
    callbackAt: outcome.followUp?.kind === 'callback' ? at : '',
    caseResolution: '',
  };
};

const isAhead = (local: string, now: Date): boolean => {
  const at = fromVienna(local);
  return at !== undefined && Date.parse(at) > now.getTime();
};

/**
 * The field paths the page itself finds wrong, before asking the API (which checks again, with the
 * opening hours): codes ticked, the note's length, a consultation's time given and ahead.
 */
export const checkDraft = (draft: Draft, now = new Date()): string[] => [
  ...(draft.codes.length === 0 ? ['codes'] : []),
  ...(draft.note.trim().length > NOTE_MAX_LENGTH ? ['note'] : []),
  ...(draft.codes.includes(CONSULTATION_CODE) && !isAhead(draft.consultationAt, now) ? ['followUp.at'] : []),
  ...(draft.codes.includes(CALLBACK_CODE) && draft.callbackAt !== '' && !isAhead(draft.callbackAt, now)
    ? ['followUp.at']
    : []),
];

/** The API's outcome body from a draft. */
export const outcomeBody = (draft: Draft, options: { canResolve: boolean; expectedRevision: number }) => {
  const note = draft.note.trim();
  const consultationAt = draft.codes.includes(CONSULTATION_CODE)
    ? fromVienna(draft.consultationAt)
    : undefined;
  const callbackAt =
    draft.codes.includes(CALLBACK_CODE) && !consultationAt ? fromVienna(draft.callbackAt) : undefined;
  const followUp = consultationAt
    ? { kind: 'consultation', at: consultationAt }
    : callbackAt
      ? { kind: 'callback', at: callbackAt }
      : undefined;
  return {
    codes: draft.codes,
    ...(note ? { note } : {}),
    ...(followUp ? { followUp } : {}),
    ...(draft.caseResolution && options.canResolve ? { caseResolution: draft.caseResolution } : {}),
    requestId: crypto.randomUUID(),
    expectedRevision: options.expectedRevision,
  };
};

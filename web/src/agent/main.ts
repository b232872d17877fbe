// The agent page: the caller's context the moment a call is offered, and the outcome in a few
// clicks. Where contacts come from, first match wins:
// 1. Amazon Connect's agent workspace (and locally its stand-in, /workspace.html): the page is a
//    third-party app there and learns of the agent's contacts through the workspace SDK
//    (workspace-contacts.ts);
// 2. the address, for a page opened on its own: `agent.html?contactId=…`.
// Unsaved input is never replaced: a new contact is announced, and the agent switches on purpose
// (desk.ts).
import { ACCESS_REFUSALS, SUPERVISOR_GROUP } from '../../../shared/domain/contact-access.ts';
import { AGENT_GROUP } from '../../../shared/http/agent-api-contract.ts';
import { byId, describe, element } from '../shell/dom.ts';
import { SignedOutError, startSignedInPage } from '../shell/page-shell.ts';
import {
  attachTenancy,
  type CandidateAnswer,
  type ContextAnswer,
  type ContextResult,
  confirmIdentity,
  fetchContext,
  findCandidates,
  holdingContact,
  saveOutcome,
} from './agent-api.ts';
import { makeContextView } from './context-view.ts';
import { AgentDesk, type DeskEvent, sameDraft } from './desk.ts';
import {
  baselineOf,
  checkDraft,
  FIELD_ERRORS,
  outcomeBody,
  readForm,
  renderCodes,
  showFollowUpFields,
  writeForm,
} from './outcome-form.ts';
import { TEXTS } from './texts.ts';
import { listenToWorkspace } from './workspace-contacts.ts';

const desk = new AgentDesk();
/** The API for one call, naming the contact this agent holds when the call was transferred to them. */
const apiFor = (contactId: string) => holdingContact(shell.api, desk.heldContactOf(contactId));
/** Each contact's context as last loaded. */
const contexts = new Map<string, ContextAnswer>();
let fieldErrors: readonly string[] = [];

const current = (): ContextAnswer | undefined => {
  const id = desk.view().current;
  return id === undefined ? undefined : contexts.get(id);
};

const renderFieldErrors = () => {
  for (const field of FIELD_ERRORS) {
    const failed = fieldErrors.some((path) => path === field.prefix || path.startsWith(`${field.prefix}.`));
    byId(field.error).textContent = failed ? shell.t(field.text) : '';
    field.control()?.setAttribute('aria-invalid', String(failed));
  }
};

const stateWords = (contactId: string): string => {
  const contact = desk.view().contacts.find((one) => one.contactId === contactId);
  if (!contact) return '';
  const state =
    contact.state === 'offered'
      ? shell.t('stateOffered')
      : contact.state === 'connected'
        ? shell.t('stateConnected')
        : shell.t('stateEnded');
  const work = contact.draft ? shell.t('stateDraft') : contact.saved ? shell.t('stateSaved') : '';
  return [state, work].filter(Boolean).join(' · ');
};

const renderDesk = () => {
  const view = desk.view();
  const list = byId('contact-list');
  list.replaceChildren();
  byId('contacts').hidden = view.contacts.length < 2;
  for (const contact of view.contacts) {
    const time = new Date(contact.since).toLocaleTimeString(shell.locale(), {
      timeZone: 'Europe/Vienna',
      hour: '2-digit',
      minute: '2-digit',
    });
    const button = element('button', `${shell.t('contactLabel', time)} · ${stateWords(contact.contactId)}`);
    button.type = 'button';
    if (contact.contactId === view.current) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => switchTo(contact.contactId));
    const item = element('li');
    item.append(button);
    list.append(item);
  }
  byId('announce').hidden = view.announced.length === 0;
  const context = current();
  byId('waiting').hidden = view.current !== undefined;
  byId('context').hidden = context === undefined;
};

const renderStored = (context: ContextAnswer) => {
  const outcome = context.outcome;
  byId('stored').hidden = !outcome;
  if (!outcome) return;
  const followUp = outcome.followUp
    ? `${outcome.followUp.kind === 'consultation' ? shell.t('consultation') : shell.t('callback')}${outcome.followUp.at ? ` ${view.formatInstant(outcome.followUp.at)}` : ''}`
    : shell.t('none');
  describe(byId('stored-details'), [
    [shell.t('outcome'), view.outcomeWords(outcome.codes)],
    [shell.t('note'), outcome.note ?? shell.t('none')],
    [shell.t('followUp'), followUp],
    [shell.t('storedAt'), view.formatInstant(outcome.recordedAt)],
  ]);
};

const render = () => {
  renderCodes(shell.language());
  renderDesk();
  const context = current();
  if (context) {
    view.render(context, (tenancyId) => void attach(tenancyId));
    renderSearch();
    renderStored(context);
    byId('resolution-fieldset').hidden = !(context.openCase && !context.openCase.resolution);
  }
  renderFieldErrors();
};

/** Fills the form for the contact now on screen: its draft if it has one, else its baseline. */
const fillForm = () => {
  const id = desk.view().current;
  fieldErrors = [];
  writeForm(id === undefined ? baselineOf(undefined) : (desk.draftOf(id) ?? baselineOf(contexts.get(id))));
};

/** Loads a contact's context and shows it if it is on screen; `quiet` keeps the current message. */
const loadContext = async (contactId: string, messageKey: 'loading' | 'newCall' | 'quiet' = 'loading') => {
  if (messageKey !== 'quiet') shell.say(messageKey);
  try {
    const result = await fetchContext(apiFor(contactId), contactId);
    if (result.kind === 'ok') {
      contexts.set(contactId, result.context);
      if (desk.view().current === contactId) {
        if (!desk.draftOf(contactId)) fillForm();
        render();
        // The screen pop's end: the context is on screen (the bench measures from the offer).
        performance.mark(`context-visible:${contactId}`);
        if (messageKey !== 'quiet') shell.say('loaded', 'ok');
      }
    } else {
      sayRefusal(result);
    }
  } catch (error) {
    if (!(error instanceof SignedOutError)) shell.say('failed', 'bad');
  }
};

/** Why a context could not be shown: the API's reason code in words, else what kind of failure. */
const sayRefusal = (result: Exclude<ContextResult, { kind: 'ok' }>) => {
  if (result.kind === 'forbidden') {
    const { reason } = result;
    const known = ACCESS_REFUSALS.find((refusal) => refusal === reason);
    shell.say(known ? `refused_${known}` : 'notAgent', 'bad');
    return;
  }
  shell.say(result.kind === 'not_found' ? 'notFound' : 'failed', 'bad');
};

/** The agent checked who is calling: the whole file is shown, the check recorded on the call. */
const confirmCaller = async () => {
  const id = desk.view().current;
  if (id === undefined) return;
  try {
    const result = await confirmIdentity(apiFor(id), id);
    if (result.kind !== 'ok') return sayRefusal(result);
    contexts.set(id, result.context);
    render();
    shell.say('identityConfirmedSay', 'ok');
    byId('identity-confirmed').focus();
  } catch (error) {
    if (!(error instanceof SignedOutError)) shell.say('failed', 'bad');
  }
};

const showCurrent = (messageKey: 'loading' | 'newCall' = 'loading') => {
  const id = desk.view().current;
  if (id !== undefined) {
    const url = new URL(location.href);
    url.searchParams.set('contactId', id);
    history.replaceState(null, '', url);
  }
  fillForm();
  render();
  if (id !== undefined) void loadContext(id, messageKey);
};

/** The agent picks a contact: what the form holds stays with the contact it was typed for. */
function switchTo(contactId: string) {
  if (desk.show(contactId)) showCurrent();
  else render();
  byId('workspace-heading').focus();
}

const onContactEvent = (event: DeskEvent) => {
  if (!shell.session()) return;
  const before = desk.view().current;
  const changed = desk.apply(event);
  if (event.kind === 'cleared' && !desk.view().contacts.some((one) => one.contactId === event.contactId)) {
    contexts.delete(event.contactId);
    if (before === event.contactId && desk.view().current === undefined) shell.say('cleared');
  }
  if (changed) showCurrent(event.kind === 'cleared' ? 'loading' : 'newCall');
  else render();
};

const keepDraft = () => {
  const id = desk.view().current;
  if (id === undefined) return;
  const draft = readForm();
  desk.keepDraft(id, sameDraft(draft, baselineOf(contexts.get(id))) ? undefined : draft);
  showFollowUpFields();
  renderDesk();
};

/** The form's errors beside their fields, the message, and the focus on the first wrong field. */
const refuse = (fields: readonly string[]) => {
  fieldErrors = fields;
  renderFieldErrors();
  shell.say('invalid', 'bad');
  FIELD_ERRORS.find((field) => fieldErrors.some((path) => path.startsWith(field.prefix)))
    ?.control()
    ?.focus();
};

const save = async () => {
  const id = desk.view().current;
  const context = id === undefined ? undefined : contexts.get(id);
  if (id === undefined || !context) return;
  const draft = readForm();
  fieldErrors = checkDraft(draft);
  if (fieldErrors.length > 0) return refuse(fieldErrors);
  shell.say('saving');
  try {
    const result = await saveOutcome(
      apiFor(context.contactId),
      context.contactId,
      outcomeBody(draft, {
        canResolve: !byId('resolution-fieldset').hidden,
        expectedRevision: context.outcome?.revision ?? 0,
      }),
    );
    if (result.kind === 'invalid') return refuse(result.fields);
    if (result.kind === 'conflict') {
      await loadContext(id);
      shell.say('conflict', 'bad');
      return;
    }
    if (result.kind === 'forbidden') return sayRefusal(result);
    if (result.kind === 'failed') {
      shell.say('failed', 'bad');
      return;
    }
    desk.saved(id);
    contexts.set(id, { ...context, outcome: result.outcome });
    fieldErrors = [];
    if (desk.dismissIfCleared(id)) {
      contexts.delete(id);
      showCurrent();
    } else {
      fillForm();
      render();
      void loadContext(id, 'quiet');
    }
    shell.say('saved', 'ok');
  } catch (error) {
    if (!(error instanceof SignedOutError)) shell.say('failed', 'bad');
  }
};

/** The agent found who a not-identified caller is: the tenancy is attached to the call. */
const attach = async (tenancyId: string) => {
  const id = desk.view().current;
  if (id === undefined) return;
  const error = byId('attach-error');
  error.textContent = '';
  if (!/^\d{6,12}$/.test(tenancyId)) {
    error.textContent = shell.t('attachInvalid');
    byId('attach-id').focus();
    return;
  }
  try {
    const result = await attachTenancy(apiFor(id), id, tenancyId);
    if (result.kind === 'ok') {
      contexts.set(id, result.context);
      render();
      shell.say('attached', 'ok');
      return;
    }
    error.textContent =
      result.kind === 'invalid'
        ? shell.t('attachInvalid')
        : result.kind === 'not_found'
          ? shell.t('attachNotFound')
          : result.kind === 'conflict'
            ? shell.t('attachConflict')
            : shell.t('failed');
  } catch (caught) {
    if (!(caught instanceof SignedOutError)) shell.say('failed', 'bad');
  }
};

/** What the last search by name found, for the contact it was made for: another contact shows none. */
let searched: { readonly contactId: string; readonly candidates: readonly CandidateAnswer[] } | undefined;

const renderSearch = () => {
  const id = desk.view().current;
  const own = searched !== undefined && searched.contactId === id;
  view.renderSearchResults(own ? (searched?.candidates ?? []) : [], (tenancyId) => void attach(tenancyId));
  if (!own) byId('search-error').textContent = '';
};

/** The agent asks a not-identified caller for name and postal code (and street) and looks them up. */
const search = async () => {
  const id = desk.view().current;
  if (id === undefined) return;
  const message = byId('search-error');
  // One line for both: red for what to correct, plain for how many were found.
  const say = (text: string, isError: boolean) => {
    message.textContent = text;
    message.className = isError ? 'field-error' : 'hint';
  };
  const name = byId('search-name', HTMLInputElement).value.trim();
  const postalCode = byId('search-postal', HTMLInputElement).value.trim();
  const street = byId('search-street', HTMLInputElement).value.trim();
  searched = undefined;
  renderSearch();
  if (name.length < 2 || !/^\d{4}$/.test(postalCode)) {
    say(shell.t('searchInvalid'), true);
    byId(name.length < 2 ? 'search-name' : 'search-postal').focus();
    return;
  }
  try {
    const result = await findCandidates(apiFor(id), id, { name, postalCode, ...(street ? { street } : {}) });
    if (result.kind !== 'ok') {
      say(
        result.kind === 'invalid'
          ? shell.t('searchInvalid')
          : result.kind === 'conflict'
            ? shell.t('attachConflict')
            : shell.t('failed'),
        true,
      );
      return;
    }
    const { candidates, more, tooMany } = result.answer;
    searched = { contactId: id, candidates };
    renderSearch();
    say(
      tooMany
        ? shell.t('searchTooMany')
        : candidates.length === 0
          ? shell.t('searchNone')
          : more
            ? shell.t('searchMore', candidates.length)
            : shell.t('searchFound', candidates.length),
      tooMany || candidates.length === 0,
    );
  } catch (caught) {
    if (!(caught instanceof SignedOutError)) shell.say('failed', 'bad');
  }
};

const shell = await startSignedInPage({
  texts: TEXTS,
  storageKey: 'agentSession',
  group: [AGENT_GROUP, SUPERVISOR_GROUP],
  refusal: 'notAgent',
  panelId: 'workspace',
  render: () => render(),
  onSession: () => {
    byId('workspace-heading').focus();
    const fromAddress = new URL(location.href).searchParams.get('contactId');
    if (fromAddress && desk.view().current === undefined) {
      desk.show(fromAddress);
    }
    showCurrent();
  },
  onSessionEnd: () => {
    desk.reset();
    contexts.clear();
    fieldErrors = [];
  },
});
const view = makeContextView(shell);

byId('outcome-form').addEventListener('input', keepDraft);
byId('outcome-form').addEventListener('change', keepDraft);
byId('outcome-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void save();
});
// Keyboard only: Ctrl+Enter (or ⌘+Enter) saves from anywhere in the form.
byId('outcome-form').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void save();
  }
});
byId('attach-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void attach(byId('attach-id', HTMLInputElement).value.trim());
});
byId('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void search();
});
byId('confirm-identity').addEventListener('click', () => void confirmCaller());
byId('switch-to').addEventListener('click', () => {
  const next = desk.view().announced[0];
  if (next !== undefined) switchTo(next);
});
listenToWorkspace(onContactEvent);

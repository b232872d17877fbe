/**
 * The agent's desk: the contacts offered to this agent, which one is on screen, and the unsaved
 * input (draft) of each. Pure state, no DOM, so that its rules are tested on their own
 * (test/unit/agent-desk.test.ts):
 * - a new contact opens by itself only while the screen holds no unsaved input; otherwise it is
 *   announced, and the agent switches on purpose;
 * - a draft belongs to its contact and survives switching back and forth;
 * - a cleared contact leaves the desk once nothing of it is unsaved; while a draft is unsaved it stays
 *   (ended), so that the agent can still save it against the right caller.
 */

/** What the agent has typed or ticked for one contact and not saved yet. */
export interface Draft {
  readonly codes: readonly string[];
  readonly note: string;
  readonly consultationAt: string;
  readonly callbackAt: string;
  readonly caseResolution: string;
}

export const EMPTY_DRAFT: Draft = {
  codes: [],
  note: '',
  consultationAt: '',
  callbackAt: '',
  caseResolution: '',
};

/** Two drafts say the same (codes in any order; the note trimmed). */
export const sameDraft = (a: Draft, b: Draft): boolean =>
  a.codes.length === b.codes.length &&
  a.codes.every((code) => b.codes.includes(code)) &&
  a.note.trim() === b.note.trim() &&
  a.consultationAt === b.consultationAt &&
  a.callbackAt === b.callbackAt &&
  a.caseResolution === b.caseResolution;

export type ContactState = 'offered' | 'connected' | 'ended';

export interface DeskContact {
  /** The call's initial contact id: what the agent API knows the call by. */
  readonly contactId: string;
  /**
   * The contact this agent holds, when it is not the initial one (a transferred call): the agent API
   * admits the agent by it (header `x-connect-contact-id`), since Connect names them its agent.
   */
  readonly heldContactId?: string | undefined;
  readonly state: ContactState;
  /** When it reached this desk (ISO instant), for the agent's list. */
  readonly since: string;
  readonly draft?: Draft | undefined;
  /** The outcome was saved at least once. */
  readonly saved: boolean;
  /** The workspace cleared it while a draft was unsaved: it goes once the draft is saved. */
  readonly cleared?: boolean;
}

export interface DeskView {
  readonly contacts: readonly DeskContact[];
  /** The contact on screen, if any. */
  readonly current: string | undefined;
  /** Newer contacts waiting while the screen holds a draft. */
  readonly announced: readonly string[];
}

export type DeskEvent =
  | {
      readonly kind: 'offered' | 'connected';
      readonly contactId: string;
      readonly at: string;
      /** The contact the workspace offered, when it is not the call's initial contact (a transfer). */
      readonly heldContactId?: string | undefined;
    }
  | { readonly kind: 'ended' | 'cleared'; readonly contactId: string };

export class AgentDesk {
  private contacts: DeskContact[] = [];
  private current: string | undefined;
  private announced: string[] = [];

  view(): DeskView {
    return { contacts: [...this.contacts], current: this.current, announced: [...this.announced] };
  }

  /** The contact's draft, if one is kept. */
  draftOf(contactId: string): Draft | undefined {
    return this.find(contactId)?.draft;
  }

  /** True when the contact on screen has unsaved input: nothing may replace it unasked. */
  holdsUnsavedInput(): boolean {
    return this.current !== undefined && this.draftOf(this.current) !== undefined;
  }

  /** A contact event from the workspace (or the page's address). Returns true when the screen changed. */
  apply(event: DeskEvent): boolean {
    const known = this.find(event.contactId);
    switch (event.kind) {
      case 'offered':
      case 'connected': {
        const state: ContactState = event.kind;
        const held = event.heldContactId === undefined ? {} : { heldContactId: event.heldContactId };
        if (known) {
          this.replace(event.contactId, {
            state: known.state === 'connected' ? 'connected' : state,
            ...held,
          });
          return false;
        }
        this.contacts.push({ contactId: event.contactId, ...held, state, since: event.at, saved: false });
        if (this.current === undefined || !this.holdsUnsavedInput()) return this.show(event.contactId);
        this.announced.push(event.contactId);
        return false;
      }
      case 'ended':
        if (known) this.replace(event.contactId, { state: 'ended' });
        return false;
      case 'cleared': {
        if (!known) return false;
        if (known.draft !== undefined) {
          this.replace(event.contactId, { state: 'ended', cleared: true });
          return false;
        }
        this.contacts = this.contacts.filter((contact) => contact.contactId !== event.contactId);
        this.announced = this.announced.filter((id) => id !== event.contactId);
        if (this.current !== event.contactId) return false;
        this.current = undefined;
        const next = this.announced[0] ?? this.contacts.at(-1)?.contactId;
        if (next !== undefined) this.show(next);
        return true;
      }
    }
  }

  /** The agent picks a contact (or the page's address names one). */
  show(contactId: string): boolean {
    if (!this.find(contactId)) {
      this.contacts.push({ contactId, state: 'connected', since: new Date().toISOString(), saved: false });
    }
    this.announced = this.announced.filter((id) => id !== contactId);
    const changed = this.current !== contactId;
    this.current = contactId;
    return changed;
  }

  /** What the form holds for a contact that differs from what is stored; undefined when nothing does. */
  keepDraft(contactId: string, draft: Draft | undefined): void {
    this.replace(contactId, { draft });
  }

  /** The outcome was stored: the draft is done. */
  saved(contactId: string): void {
    this.replace(contactId, { draft: undefined, saved: true });
  }

  /** Removes a contact the workspace already cleared, once its work is done (its outcome saved). */
  dismissIfCleared(contactId: string): boolean {
    const contact = this.find(contactId);
    if (!contact?.cleared || contact.draft !== undefined) return false;
    return this.apply({ kind: 'cleared', contactId });
  }

  /** Everything goes (sign-out). */
  reset(): void {
    this.contacts = [];
    this.current = undefined;
    this.announced = [];
  }

  /** The contact this agent holds of the call, when it is a transfer's own (see DeskContact). */
  heldContactOf(contactId: string): string | undefined {
    return this.find(contactId)?.heldContactId;
  }

  private find(contactId: string): DeskContact | undefined {
    return this.contacts.find((contact) => contact.contactId === contactId);
  }

  private replace(contactId: string, change: Partial<Omit<DeskContact, 'contactId'>>): void {
    this.contacts = this.contacts.map((contact) =>
      contact.contactId === contactId ? { ...contact, ...change } : contact,
    );
  }
}

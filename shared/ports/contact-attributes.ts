import type { OutcomeCode } from '../domain/outcomes.ts';

/**
 * The attribute the inbound flow sets when a caller presses 1 for "court letter or eviction date"
 * (shared/flow/inbound-flow.ts): the caller's own report, which the read model cannot know.
 */
export const COURT_LETTER_REPORTED_ATTRIBUTE = 'courtLetterReported';

/** The attributes of a Connect contact: what the flow set during the call, and the outcome codes after it. */
export interface ContactAttributes {
  /**
   * Writes a call's outcome codes back to the contact (UpdateContactAttributes), so that the contact
   * record carries them too. Connect re-sends the contact record after such an update.
   */
  recordOutcomeCodes(initialContactId: string, codes: readonly OutcomeCode[]): Promise<void>;
  /** The contact's user-defined attributes (GetContactAttributes); `{}` when it has none. */
  read(initialContactId: string): Promise<Readonly<Record<string, string>>>;
}

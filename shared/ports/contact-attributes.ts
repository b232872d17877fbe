import type { OutcomeCode } from '../domain/outcomes.ts';

/**
 * Writes a call's outcome codes back to the Connect contact (UpdateContactAttributes), so that the
 * contact record carries them too. Connect re-sends the contact record after such an update.
 */
export interface ContactAttributes {
  recordOutcomeCodes(initialContactId: string, codes: readonly OutcomeCode[]): Promise<void>;
}

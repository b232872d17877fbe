import { OUTCOME_CODES_ATTRIBUTE } from '../shared/adapters/connect/contact-attributes.ts';
import type { OutcomeCode } from '../shared/domain/outcomes.ts';
import type { ContactAttributes } from '../shared/ports/contact-attributes.ts';

export interface RecordedAttributeUpdate {
  readonly initialContactId: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Local mode has no Connect instance: outcome codes are kept here, as UpdateContactAttributes would
 * have received them, so the local page and tests can see what would have been sent.
 */
export class RecordingContactAttributes implements ContactAttributes {
  readonly updates: RecordedAttributeUpdate[] = [];

  async recordOutcomeCodes(initialContactId: string, codes: readonly OutcomeCode[]): Promise<void> {
    this.updates.push({ initialContactId, attributes: { [OUTCOME_CODES_ATTRIBUTE]: codes.join(',') } });
  }
}

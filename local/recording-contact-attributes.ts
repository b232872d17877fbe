import { OUTCOME_CODES_ATTRIBUTE } from '../shared/adapters/connect/contact-attributes.ts';
import type { OutcomeCode } from '../shared/domain/outcomes.ts';
import type { ContactAttributes } from '../shared/ports/contact-attributes.ts';

export interface RecordedAttributeUpdate {
  readonly initialContactId: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Local mode has no Connect instance: the attributes the simulated flow set on a contact, and the
 * outcome codes UpdateContactAttributes would have received, are kept here, so the agent API reads
 * them as it reads Connect's, and the local page and tests can see what would have been sent.
 * In memory: they end with the process, like the simulated contacts.
 */
export class RecordingContactAttributes implements ContactAttributes {
  readonly updates: RecordedAttributeUpdate[] = [];
  private readonly contacts = new Map<string, Readonly<Record<string, string>>>();

  /** What the flow left on a simulated contact (the call simulator's `contactAttributes`). */
  rememberFlowAttributes(initialContactId: string, attributes: Readonly<Record<string, string>>): void {
    this.contacts.set(initialContactId, { ...this.contacts.get(initialContactId), ...attributes });
  }

  async recordOutcomeCodes(initialContactId: string, codes: readonly OutcomeCode[]): Promise<void> {
    const attributes = { [OUTCOME_CODES_ATTRIBUTE]: codes.join(',') };
    this.updates.push({ initialContactId, attributes });
    this.rememberFlowAttributes(initialContactId, attributes);
  }

  async read(initialContactId: string): Promise<Readonly<Record<string, string>>> {
    return this.contacts.get(initialContactId) ?? {};
  }
}

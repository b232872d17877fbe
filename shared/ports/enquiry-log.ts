import type { E164 } from '../domain/phone.ts';
import type { TenancyId } from '../domain/tenancy.ts';
import type { LookupOptions } from './tenancy-directory.ts';

export type LookupMode = 'phone' | 'tenancy';

/**
 * One inbound enquiry, as known when the call arrives. It is written in parallel with the lookup
 * (one round trip, docs/performance-targets.md), so it holds only what is known before the lookup answers.
 */
export interface Enquiry {
  /** The call's first contact id: transfers and Connect's retries share it. */
  readonly initialContactId: string;
  readonly contactId: string;
  readonly channel: string;
  readonly receivedAt: Date;
  readonly mode: LookupMode;
  /** The caller's number, when one was presented and valid. */
  readonly callerNumber?: E164 | undefined;
  /** The tenancy number keyed in, when the lookup is by keypad. */
  readonly keyedTenancyId?: TenancyId | undefined;
}

export interface EnquiryLog {
  /** Idempotent per `initialContactId`: repeating it changes nothing. */
  logEnquiry(enquiry: Enquiry, options?: LookupOptions): Promise<{ readonly firstForContact: boolean }>;
}

import { createHmac } from 'node:crypto';
import type { E164 } from '../../domain/phone.ts';
import { sortableId } from '../../domain/sortable-id.ts';
import { isTenancyId, type TenancyId } from '../../domain/tenancy.ts';
import type { IsoDate } from '../../domain/vienna-calendar.ts';
import type { CallFiling } from '../../ports/call-records.ts';
import type { HashKey } from '../../ports/hash-keys.ts';

/**
 * Every key of every table is built here and nowhere else.
 *
 * Read model: each import writes a new generation under its own key prefix `G#<generation>#`, then
 * flips the pointer item; readers follow the pointer, so they see one whole import or the other.
 * Phone numbers appear in keys only as a hash: keys show up in tooling (consoles, contributor
 * insights, error messages) that is not meant to carry personal data.
 */
/**
 * Personal values (phone numbers, a postal code with a name word) as they may appear in a key: an
 * HMAC-SHA-256 with the hash key, never the value, and never an unkeyed hash, which hashing every
 * Austrian number reverses in under a second. Each hash carries the version of its key
 * (`<version>#<hmac>`), so that a key change is seen, not silently mismatched: an import hashes its
 * generation with the current key and records that version on the pointer, and every reader hashes
 * with the active generation's key.
 */
export interface PersonalHasher {
  /** The version of the key: recorded on the generation's pointer and manifest. */
  readonly version: string;
  phone(phone: E164): string;
  name(postalCode: string, word: string): string;
}

/**
 * HMAC-SHA-256 with the key, cut to 128 bits: collisions stay out of reach for a few million
 * numbers. Each hash then costs microseconds, no network.
 */
export const personalHasher = (key: HashKey): PersonalHasher => {
  const hmac = (text: string) =>
    `${key.version}#${createHmac('sha256', key.secret).update(text).digest('hex').slice(0, 32)}`;
  return {
    version: key.version,
    phone: (phone) => hmac(phone),
    // A space cannot occur in a postal code: the pair cannot be confused with another.
    name: (postalCode, word) => hmac(`${postalCode} ${word}`),
  };
};

/** What a key hash looks like: the key's version, `#`, 32 hex digits. */
const KEY_HASH = '[A-Za-z0-9-]{1,64}#[0-9a-f]{32}';

export const keys = {
  readModelPointer: () => ({ pk: 'READMODEL', sk: 'ACTIVE' }),
  /** Which keys an import generation wrote, in chunks: clean-up deletes by key instead of scanning. */
  generationManifest: (generation: string, chunk: number) => ({
    pk: 'READMODEL',
    sk: `MANIFEST#${generation}#${String(chunk).padStart(5, '0')}`,
  }),
  /** The generation and chunk number inside a manifest's `sk`. */
  manifestOfSk: (sk: string): { generation: string; chunk: number } | undefined => {
    const match = /^MANIFEST#(.+)#(\d+)$/.exec(sk);
    return match?.[1] === undefined ? undefined : { generation: match[1], chunk: Number(match[2]) };
  },
  manifestPrefix: (generation?: string) =>
    generation === undefined ? 'MANIFEST#' : `MANIFEST#${generation}#`,
  generationPrefix: (generation: string) => `G#${generation}#`,
  tenancyFile: (generation: string, tenancyId: TenancyId) => ({
    pk: `G#${generation}#TENANCY#${tenancyId}`,
    sk: 'FILE',
  }),
  /** Every tenancy that lists a number, by the number's hash (PersonalHasher.phone). */
  phoneEntry: (generation: string, phoneHash: string) => ({
    pk: `G#${generation}#PHONE#${phoneHash}`,
    sk: 'FILES',
  }),
  /**
   * The tenancies whose tenant's name holds a (folded) word, in one postal code: the agent's search
   * by name, by the hash of postal code and word (PersonalHasher.name), so that no name shows in a key.
   */
  nameEntry: (generation: string, nameHash: string) => ({
    pk: `G#${generation}#NAME#${nameHash}`,
    sk: 'TENANCIES',
  }),
  call: (initialContactId: string) => ({ pk: `CALL#${initialContactId}`, sk: 'LOG' }),
  /** The initial contact id inside a call log's `pk`. */
  contactIdOfCall: (pk: string): string | undefined => /^CALL#(.+)$/.exec(pk)?.[1],
  /** What a call log remembers of the caller: the same hash as the phone entry, never the number. */
  callerKey: (phoneHash: string) => `PHONE#${phoneHash}`,
  /** The phone hash inside a call log's `callerKey`, to read the phone entry by. */
  phoneHashOfCallerKey: (callerKey: string): string | undefined =>
    new RegExp(`^PHONE#(${KEY_HASH})$`).exec(callerKey)?.[1],
  /**
   * The `callsByTenancy` index key of a call filed under its tenancy: by identify-caller for a
   * tenancy number keyed in, by the agent API once the caller's tenancy is known.
   */
  callsOfTenancy: (tenancyId: TenancyId) => ({ tenancyKey: `TENANCY#${tenancyId}` }),
  /**
   * The same index key for a call filed under the caller's number (its hash, as in `callerKey`):
   * identify-caller writes it before its lookup answers, so the tenancy is not known yet. A tenancy's
   * history reads the keys of the numbers that tenancy alone lists, besides its own.
   */
  callsOfNumber: (phoneHash: string) => ({ tenancyKey: `PHONE#${phoneHash}` }),
  /** Where a call log's `tenancyKey` files it: under a tenancy, or under a number's hash. */
  filingOfTenancyKey: (tenancyKey: string): CallFiling | undefined => {
    const tenancyId = /^TENANCY#(.+)$/.exec(tenancyKey)?.[1];
    if (tenancyId !== undefined) return isTenancyId(tenancyId) ? { tenancyId } : undefined;
    const phoneHash = keys.phoneHashOfCallerKey(tenancyKey);
    return phoneHash === undefined ? undefined : { phoneHash };
  },
  /** A call's current outcome: same partition as its call log. */
  outcome: (initialContactId: string) => ({ pk: `CALL#${initialContactId}`, sk: 'OUTCOME#CURRENT' }),
  /**
   * A call's log and current outcome and nothing else of its partition, as one `sk BETWEEN` range:
   * `LOG` < `OUTCOME#CURRENT` < `OUTCOME#V…` (the revisions sort after the current outcome).
   */
  callWithCurrentOutcome: (initialContactId: string) => ({
    pk: keys.call(initialContactId).pk,
    from: keys.call(initialContactId).sk,
    to: keys.outcome(initialContactId).sk,
  }),
  /** An earlier revision of a call's outcome, kept when a correction replaces it (zero-padded: sorts). */
  outcomeRevision: (initialContactId: string, revision: number) => ({
    pk: `CALL#${initialContactId}`,
    sk: `OUTCOME#V${String(revision).padStart(4, '0')}`,
  }),
  /** A case closed from the hotline, in the calls table: the read model is written by imports only. */
  caseResolution: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'RESOLUTION' }),
} as const;

/**
 * The metric counters, in the calls table: one partition per calendar year, so a year of days is
 * one Query (`sk BETWEEN`), and one item per Vienna day, so each stays small (write units grow with
 * item size) and only today's is written to. Apart from `keys` so that functions that never count
 * (identify-caller) do not carry them.
 */
/** What every counter partition key starts with: the metrics API may read no other (its IAM policy). */
export const METRICS_KEY_PREFIX = 'METRICS#';

export const metricsKeys = {
  day: (day: IsoDate) => ({ pk: `${METRICS_KEY_PREFIX}${day.slice(0, 4)}`, sk: `DAY#${day}` }),
  /** The partition of a year's day counters. */
  year: (year: number) => ({ pk: `${METRICS_KEY_PREFIX}${String(year).padStart(4, '0')}` }),
  /** The sort key of a day's counters, for `BETWEEN` ranges. */
  daySk: (day: IsoDate) => `DAY#${day}`,
  /** The day inside a day counter's `sk`. */
  dayOfSk: (sk: string): IsoDate | undefined =>
    /^DAY#(\d{4}-\d{2}-\d{2})$/.exec(sk)?.[1] as IsoDate | undefined,
} as const;

/** Sortable, unique generation ids: `20261125T091500123Z-k3f9`. */
export const newGenerationId = (at: Date): string => sortableId(at);

/**
 * The audit trail's keys, in a table of its own: one partition per tenancy (an access request reads
 * one), or per contact while no tenancy is known, or per signed-in user when neither is (a search
 * that found nobody). Ids only: the trail outlives the call logs it describes. The sort key is the
 * entry's id, which sorts by time (`20261125T091500123Z-k3f9`), so a period is one `sk >=` range.
 */
export const auditKeys = {
  partitionOf: (about: {
    readonly tenancyId?: TenancyId | undefined;
    readonly contactId?: string | undefined;
    readonly subject: string;
  }): string =>
    about.tenancyId !== undefined
      ? auditKeys.tenancy(about.tenancyId).pk
      : about.contactId !== undefined
        ? auditKeys.contact(about.contactId).pk
        : `SUBJECT#${about.subject}`,
  tenancy: (tenancyId: TenancyId) => ({ pk: `TENANCY#${tenancyId}` }),
  contact: (contactId: string) => ({ pk: `CONTACT#${contactId}` }),
  entry: (pk: string, entryId: string) => ({ pk, sk: `ENTRY#${entryId}` }),
  /** The entry id inside an entry's `sk`. */
  entryIdOfSk: (sk: string): string | undefined => /^ENTRY#(.+)$/.exec(sk)?.[1],
  /** The first `sk` at or after an instant: ids begin with the instant they were made at. */
  entriesFrom: (at: Date) => `ENTRY#${sortableId(at).split('-')[0]}`,
  newEntryId: (at: Date): string => sortableId(at),
} as const;

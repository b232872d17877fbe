import * as z from 'zod/mini';
import { callDayOf } from '../../../domain/call-metrics.ts';
import { type CallTimeline, deriveTimeline } from '../../../domain/call-timeline.ts';
import { CorruptRecordError } from '../../../domain/errors.ts';
import { AgentCaseResolution, OutcomeCode, type OutcomeSummary } from '../../../domain/outcomes.ts';
import { isTenancyId, type TenancyId, TenancyIdSchema } from '../../../domain/tenancy.ts';
import type { IsoDate } from '../../../domain/vienna-calendar.ts';
import type { CallCountState } from '../../../ports/call-counters.ts';
import type { CallLogEntry } from '../../../ports/call-log-completion.ts';
import type { CallFiling, CallRecord, FiledCall, IdentityConfirmation } from '../../../ports/call-records.ts';
import type { Enquiry } from '../../../ports/enquiry-log.ts';
import { ContributionRecord } from './contribution.ts';
import { KEY_HASH_PATTERN, type PersonalHasher } from './personal-hasher.ts';
import { parseRecord, versionedRecord } from './versioned-record.ts';

/**
 * The call log (Calls table, `CALL#<initialContactId>` / `LOG`): one item per call, written by
 * several functions, each with its own fields and an idempotent update: identify-caller's enquiry,
 * contact events' milestones and what the counters hold of the call, the agent API's filing,
 * attached tenancy, identity check and outcome summary. Each reader parses only what it needs.
 * The call's outcomes (call-outcome.ts) share its partition.
 */
export const callKeys = {
  /** The partition of a call: its log and its outcomes. */
  partition: (initialContactId: string) => `CALL#${initialContactId}`,
  log: (initialContactId: string) => ({ pk: callKeys.partition(initialContactId), sk: 'LOG' }),
  /** The initial contact id inside a call log's `pk`. */
  contactIdOfPk: (pk: string): string | undefined => /^CALL#(.+)$/.exec(pk)?.[1],
  /** What a call log remembers of the caller: the same hash as the phone entry, never the number. */
  callerKey: (phoneHash: string) => `PHONE#${phoneHash}`,
  /** The phone hash inside a call log's `callerKey`, to read the phone entry by. */
  phoneHashOfCallerKey: (callerKey: string): string | undefined =>
    new RegExp(`^PHONE#(${KEY_HASH_PATTERN})$`).exec(callerKey)?.[1],
  /**
   * The `callsByTenancy` index key of a call filed under its tenancy: by identify-caller for a
   * tenancy number keyed in, by the agent API once the caller's tenancy is known.
   */
  filedUnderTenancy: (tenancyId: TenancyId) => ({ tenancyKey: `TENANCY#${tenancyId}` }),
  /**
   * The same index key for a call filed under the caller's number (its hash, as in `callerKey`):
   * identify-caller writes it before its lookup answers, so the tenancy is not known yet. A tenancy's
   * history reads the keys of the numbers that tenancy alone lists, besides its own.
   */
  filedUnderNumber: (phoneHash: string) => ({ tenancyKey: `PHONE#${phoneHash}` }),
  /** Where a call log's `tenancyKey` files it: under a tenancy, or under a number's hash. */
  filingOf: (tenancyKey: string): CallFiling | undefined => {
    const tenancyId = /^TENANCY#(.+)$/.exec(tenancyKey)?.[1];
    if (tenancyId !== undefined) return isTenancyId(tenancyId) ? { tenancyId } : undefined;
    const phoneHash = callKeys.phoneHashOfCallerKey(tenancyKey);
    return phoneHash === undefined ? undefined : { phoneHash };
  },
} as const;

const CALL = versionedRecord('call', 1);

/**
 * The call-log fields an enquiry sets, as attribute values for an idempotent update. `tenancyKey`
 * files the call for its tenancy's history in the same write, with what is known before the lookup
 * answers: the tenancy number keyed in, else the caller's number (see callKeys.filedUnderNumber).
 */
export const enquiryValues = (enquiry: Enquiry, retentionDays: number, hasher: PersonalHasher) => {
  const { callerNumber, keyedTenancyId } = enquiry;
  const numberHash = callerNumber ? hasher.phone(callerNumber) : undefined;
  return {
    ...CALL.stamp,
    receivedAt: enquiry.receivedAt.toISOString(),
    channel: enquiry.channel,
    expiresAt: Math.floor(enquiry.receivedAt.getTime() / 1000) + retentionDays * 86_400,
    callerKey: numberHash ? callKeys.callerKey(numberHash) : undefined,
    keyedTenancyId,
    tenancyKey: keyedTenancyId
      ? callKeys.filedUnderTenancy(keyedTenancyId).tenancyKey
      : numberHash && callKeys.filedUnderNumber(numberHash).tenancyKey,
  };
};

/**
 * Call-log milestones from Amazon Connect's contact events. Events come late, twice and out of
 * order, and one call (a transfer) has several contacts, so the item keeps every observation in a
 * string set (`ADD`: a union, the same in any order and after any repetition) and the timeline is
 * derived on the way out: the earliest initiation, enqueue and answer, the latest disconnect.
 * Each entry is a fixed-width ISO-8601 UTC instant (so string order is time order), optionally
 * followed by `#` and a tag: the queue name, the disconnect reason, `open`/`closed` for the hours.
 */
export const MILESTONE_SETS = ['initiations', 'enqueues', 'answers', 'disconnects'] as const;
export type MilestoneSet = (typeof MILESTONE_SETS)[number];

const ISO_LENGTH = 24; // 2026-11-25T10:00:00.000Z
const milestoneEntry = (at: Date, tag?: string): string =>
  tag ? `${at.toISOString()}#${tag}` : at.toISOString();

/** `initiationMethod` of a callback's own log (the contact events' value). */
export const CALLBACK_LOG_INITIATION = 'CALLBACK';

/** The call-log values one contact event adds: the milestone sets, and the TTL if the item is new. */
export const callLogEntryValues = (entry: CallLogEntry, retentionDays: number) => {
  const times = [entry.initiated?.at, entry.queued?.at, entry.answeredAt, entry.disconnected?.at]
    .filter((at): at is Date => at !== undefined)
    .map((at) => at.getTime());
  if (times.length === 0) throw new RangeError('a call-log entry needs at least one milestone, got none');
  const sets: Record<MilestoneSet, Set<string> | undefined> = {
    initiations:
      entry.initiated &&
      new Set([milestoneEntry(entry.initiated.at, entry.initiated.afterHours ? 'closed' : 'open')]),
    enqueues: entry.queued && new Set([milestoneEntry(entry.queued.at, entry.queued.queue)]),
    answers: entry.answeredAt && new Set([milestoneEntry(entry.answeredAt)]),
    disconnects:
      entry.disconnected && new Set([milestoneEntry(entry.disconnected.at, entry.disconnected.reason)]),
  };
  return {
    ...CALL.stamp,
    channel: entry.channel,
    // A callback's log says so, and which call it came from; a call's log has neither.
    initiationMethod: entry.callback ? CALLBACK_LOG_INITIATION : undefined,
    previousContactId: entry.callback?.previousContactId,
    // Timed from the initiation when the event has it: every event of a contact then agrees.
    expiresAt:
      Math.floor((entry.initiated?.at.getTime() ?? Math.min(...times)) / 1000) + retentionDays * 86_400,
    contactIds: new Set([entry.contactId]),
    sets,
  };
};

const MILESTONE_ENTRY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z(#.*)?$/;
const milestones = () => z.optional(z.set(z.string().check(z.regex(MILESTONE_ENTRY))));

const CallMilestonesRecord = z.looseObject({
  ...CALL.shape,
  initiationMethod: z.optional(z.string()),
  previousContactId: z.optional(z.string()),
  initiations: milestones(),
  enqueues: milestones(),
  answers: milestones(),
  disconnects: milestones(),
});

/**
 * The earliest or latest instant in a set, with its tag. Entries of the same instant are ordered by
 * tag and the greatest wins, so that an entry with a tag beats one without: deterministic either way.
 */
const pick = (entries: ReadonlySet<string> | undefined, which: 'earliest' | 'latest') => {
  if (!entries || entries.size === 0) return undefined;
  const sorted = [...entries].sort();
  const instant = (which === 'earliest' ? sorted[0] : sorted[sorted.length - 1])?.slice(0, ISO_LENGTH) ?? '';
  // Sorted, so the entries of one instant are adjacent and the last of them has the greatest tag.
  const sameInstant = sorted.filter((entry) => entry.startsWith(instant));
  const tag = sameInstant[sameInstant.length - 1]?.slice(ISO_LENGTH + 1);
  return { at: new Date(instant), tag: tag || undefined };
};

/** The call's timeline from a call-log item (identify-caller's fields are not read here). */
export const fromCallTimelineItem = (item: unknown): CallTimeline => {
  const record = CALL.parse(CallMilestonesRecord, item);
  const initiated = pick(record.initiations, 'earliest');
  const queued = pick(record.enqueues, 'earliest');
  const disconnected = pick(record.disconnects, 'latest');
  return deriveTimeline({
    ...(record.initiationMethod === CALLBACK_LOG_INITIATION
      ? {
          callback: record.previousContactId ? { previousContactId: record.previousContactId } : {},
        }
      : {}),
    initiatedAt: initiated?.at,
    afterHours: initiated && initiated.tag === 'closed',
    queuedAt: queued?.at,
    queue: queued?.tag,
    answeredAt: pick(record.answers, 'earliest')?.at,
    disconnectedAt: disconnected?.at,
    disconnectReason: disconnected?.tag,
  });
};

/**
 * What the metric counters need of a call log: its timeline and first log time, and what it says
 * the day counters hold of it (`counted`, see call-counters.ts).
 */
const CallCountingRecord = z.looseObject({
  ...CALL.shape,
  receivedAt: z.optional(z.iso.datetime({ offset: true })),
  counted: z.optional(ContributionRecord),
});

export const fromCallCountingItem = (item: unknown): CallCountState => {
  const record = CALL.parse(CallCountingRecord, item);
  return {
    facts: {
      timeline: fromCallTimelineItem(item),
      receivedAt: record.receivedAt ? new Date(record.receivedAt) : undefined,
    },
    counted: record.counted && { day: record.counted.day as IsoDate, counts: record.counted.counts },
  };
};

/*
 * The agent side: call logs as the agent API reads them, and what it writes to them.
 */
const OutcomeSummaryRecord = z.object({
  codes: z.array(OutcomeCode).check(z.minLength(1)),
  note: z.optional(z.string()),
  caseResolution: z.optional(AgentCaseResolution),
  recordedAt: z.string(),
  revision: z.int().check(z.minimum(1)),
});

/** identify-caller's fields (see enquiryValues) plus what the agent API adds; other fields pass. */
const AgentCallRecord = z.object({
  pk: z.string(),
  ...CALL.shape,
  /** Absent while only contact events have written the call (they can come before identify-caller). */
  receivedAt: z.optional(z.string()),
  expiresAt: z.number(),
  callerKey: z.optional(z.string()),
  keyedTenancyId: z.optional(TenancyIdSchema),
  agentTenancyId: z.optional(TenancyIdSchema),
  tenancyKey: z.optional(z.string()),
  outcome: z.optional(OutcomeSummaryRecord),
  identityConfirmed: z.optional(z.object({ by: z.string(), at: z.string() })),
});

export const fromCallItem = (item: unknown): CallRecord => {
  const record = CALL.parse(AgentCallRecord, item);
  const contactId = callKeys.contactIdOfPk(record.pk);
  if (contactId === undefined) throw new CorruptRecordError(CALL.entity);
  const callerPhoneHash = record.callerKey ? callKeys.phoneHashOfCallerKey(record.callerKey) : undefined;
  const filing = record.tenancyKey ? callKeys.filingOf(record.tenancyKey) : undefined;
  const timeline = fromCallTimelineItem(item);
  const day = callDayOf({
    timeline,
    receivedAt: record.receivedAt ? new Date(record.receivedAt) : undefined,
  });
  return {
    contactId,
    expiresAt: record.expiresAt,
    ...(record.receivedAt ? { receivedAt: record.receivedAt } : {}),
    ...(day ? { day } : {}),
    ...(callerPhoneHash ? { callerPhoneHash } : {}),
    ...(record.keyedTenancyId ? { keyedTenancyId: record.keyedTenancyId } : {}),
    ...(record.agentTenancyId ? { agentTenancyId: record.agentTenancyId } : {}),
    ...(filing ? { filing } : {}),
    timeline,
    ...(record.outcome ? { outcome: record.outcome } : {}),
    ...(record.identityConfirmed ? { identityConfirmed: record.identityConfirmed } : {}),
  };
};

/** What the index `callsByTenancy` keeps of a call: its keys (it projects nothing else). */
const FiledCallRecord = z.object({
  pk: z.string(),
  receivedAt: z.string(),
  tenancyKey: z.string(),
});

export const fromFiledCallItem = (item: unknown): FiledCall => {
  const record = parseRecord(FiledCallRecord, 'filed call', item);
  const contactId = callKeys.contactIdOfPk(record.pk);
  const filing = callKeys.filingOf(record.tenancyKey);
  if (contactId === undefined || filing === undefined) throw new CorruptRecordError('filed call');
  return { contactId, receivedAt: record.receivedAt, filing };
};

/**
 * The update clause that attaches a tenancy to a call log and files the call under it (the index
 * `callsByTenancy`), with its placeholders: the agent API's writes share it.
 */
export const tenancyFilingUpdate = (tenancyId: TenancyId) => ({
  set: '#tenancyId = :tenancyId, #tenancyKey = :tenancyKey',
  names: { '#tenancyId': 'tenancyId', '#tenancyKey': 'tenancyKey' },
  values: { ':tenancyId': tenancyId, ':tenancyKey': callKeys.filedUnderTenancy(tenancyId).tenancyKey },
});

/** The call log's `identityConfirmed` attribute, set once: a repeat keeps the first confirmation. */
export const identityConfirmationUpdate = (confirmation: IdentityConfirmation) => ({
  set: '#identityConfirmed = if_not_exists(#identityConfirmed, :identityConfirmed)',
  names: { '#identityConfirmed': 'identityConfirmed' },
  values: { ':identityConfirmed': { by: confirmation.by, at: confirmation.at } },
});

/** What a call log shows of its outcome (the `outcome` attribute), so one query serves the history. */
export const toCallOutcomeValue = (outcome: OutcomeSummary) => ({
  codes: [...outcome.codes],
  ...(outcome.note ? { note: outcome.note } : {}),
  ...(outcome.caseResolution ? { caseResolution: outcome.caseResolution } : {}),
  recordedAt: outcome.recordedAt,
  revision: outcome.revision,
});

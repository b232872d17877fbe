import * as z from 'zod/mini';
import { callDayOf } from '../../domain/call-metrics.ts';
import { type CallTimeline, deriveTimeline } from '../../domain/call-timeline.ts';
import { CorruptRecordError } from '../../domain/errors.ts';
import {
  AgentCaseResolution,
  type CaseResolutionEntry,
  type FollowUp,
  OutcomeCode,
  type OutcomeSummary,
  type RecordedOutcome,
} from '../../domain/outcomes.ts';
import {
  type ListedTenancyFile,
  ListedTenancyFileSchema,
  type TenancyId,
  TenancyIdSchema,
} from '../../domain/tenancy.ts';
import type { IsoDate } from '../../domain/vienna-calendar.ts';
import type { CallLogEntry } from '../../ports/call-log-completion.ts';
import type { CallRecord, FiledCall, IdentityConfirmation } from '../../ports/call-records.ts';
import type { Enquiry } from '../../ports/enquiry-log.ts';
import type { ReadModelCounts } from '../../ports/read-model.ts';
import { keys, type PersonalHasher } from './keys.ts';

/**
 * Stored shapes, apart from the domain types: each record says what it is (`entity`) and which
 * shape it has (`version`), and is parsed with zod on the way out.
 */
const parseRecord = <T>(schema: z.ZodMiniType<T>, entity: string, item: unknown): T => {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw new CorruptRecordError(entity, { cause: parsed.error });
  return parsed.data;
};

const tally = () => z.int().check(z.minimum(0));
const ReadModelCountsRecord = z.object({
  tenancies: tally(),
  cases: tally(),
  openCases: tally(),
  phoneNumbers: tally(),
}) satisfies z.ZodMiniType<ReadModelCounts>;

const PointerRecord = z.object({
  entity: z.literal('read-model-pointer'),
  version: z.literal(1),
  generation: z.string().check(z.minLength(1)),
  previousGeneration: z.optional(z.string()),
  activatedAt: z.string(),
  counts: ReadModelCountsRecord,
  /**
   * The version of the hash key the generation's keys were made with (keys.ts PersonalHasher).
   * Absent only on pointers of imports before keyed hashes: readers then cannot find numbers or
   * names until the next import.
   */
  hashKeyVersion: z.optional(z.string()),
});
export type ReadModelPointer = Omit<z.infer<typeof PointerRecord>, 'entity' | 'version'>;

export const toPointerItem = (pointer: ReadModelPointer) => ({
  ...keys.readModelPointer(),
  entity: 'read-model-pointer',
  version: 1,
  ...pointer,
});
export const fromPointerItem = (item: unknown): ReadModelPointer => {
  const { entity: _e, version: _v, ...pointer } = parseRecord(PointerRecord, 'read-model-pointer', item);
  return pointer;
};

/**
 * Version 2: the file without phone numbers, their keyed hashes instead (domain ListedTenancyFile).
 * Version 1 held the numbers; it is not read, since the next import rewrites every item.
 */
const TenancyFileRecord = z.object({
  entity: z.literal('tenancy-file'),
  version: z.literal(2),
  file: ListedTenancyFileSchema,
});

export const toTenancyFileItem = (generation: string, file: ListedTenancyFile) => ({
  ...keys.tenancyFile(generation, file.tenancy.tenancyId),
  entity: 'tenancy-file',
  version: 2,
  file,
});
export const fromTenancyFileItem = (item: unknown): ListedTenancyFile =>
  parseRecord(TenancyFileRecord, 'tenancy-file', item).file;

/** One item per number, holding every tenancy that lists it: a shared number is one read, seen as shared. */
const PhoneEntryRecord = z.object({
  entity: z.literal('phone-entry'),
  version: z.literal(2),
  files: z.array(ListedTenancyFileSchema).check(z.minLength(1)),
});

export const toPhoneEntryItem = (
  generation: string,
  phoneHash: string,
  files: readonly ListedTenancyFile[],
) => ({
  ...keys.phoneEntry(generation, phoneHash),
  entity: 'phone-entry',
  version: 2,
  files,
});
export const fromPhoneEntryItem = (item: unknown): readonly ListedTenancyFile[] =>
  parseRecord(PhoneEntryRecord, 'phone-entry', item).files;

/**
 * One item per postal code and name word, holding the tenancy numbers whose tenant's name holds the
 * word (domain/tenancy-search.ts). A word more common than NAME_ENTRY_MAX_TENANCIES in one postal
 * code keeps no list, only that it is too common to narrow a search (DynamoDB items stop at 400 KB).
 */
export const NAME_ENTRY_MAX_TENANCIES = 20_000;
const NameEntryRecord = z.object({
  entity: z.literal('name-entry'),
  version: z.literal(1),
  tenancyIds: z.array(TenancyIdSchema),
  tooCommon: z.boolean(),
});
export type NameEntry = Omit<z.infer<typeof NameEntryRecord>, 'entity' | 'version'>;

export const toNameEntryItem = (generation: string, nameHash: string, tenancyIds: readonly TenancyId[]) => {
  const tooCommon = tenancyIds.length > NAME_ENTRY_MAX_TENANCIES;
  return {
    ...keys.nameEntry(generation, nameHash),
    entity: 'name-entry',
    version: 1,
    tenancyIds: tooCommon ? [] : [...tenancyIds],
    tooCommon,
  };
};
export const fromNameEntryItem = (item: unknown): NameEntry => {
  const { entity: _e, version: _v, ...entry } = parseRecord(NameEntryRecord, 'name-entry', item);
  return entry;
};

/**
 * The call-log fields an enquiry sets, as attribute values for an idempotent update. `tenancyKey`
 * files the call for its tenancy's history in the same write, with what is known before the lookup
 * answers: the tenancy number keyed in, else the caller's number (see keys.callsOfNumber).
 */
export const enquiryValues = (enquiry: Enquiry, retentionDays: number, hasher: PersonalHasher) => {
  const { callerNumber, keyedTenancyId } = enquiry;
  const numberHash = callerNumber ? hasher.phone(callerNumber) : undefined;
  return {
    entity: 'call',
    version: 1,
    receivedAt: enquiry.receivedAt.toISOString(),
    channel: enquiry.channel,
    expiresAt: Math.floor(enquiry.receivedAt.getTime() / 1000) + retentionDays * 86_400,
    callerKey: numberHash ? keys.callerKey(numberHash) : undefined,
    keyedTenancyId,
    tenancyKey: keyedTenancyId
      ? keys.callsOfTenancy(keyedTenancyId).tenancyKey
      : numberHash && keys.callsOfNumber(numberHash).tenancyKey,
  };
};

/**
 * The keys one import generation wrote, as `pk sk` strings (neither part holds a space). Written
 * before the items themselves, so even an import that dies half-way can be cleaned up by key.
 */
const ManifestRecord = z.object({
  entity: z.literal('generation-manifest'),
  version: z.literal(1),
  generation: z.string().check(z.minLength(1)),
  /** The hash key's version of the generation: an erasure in a superseded generation needs it. */
  hashKeyVersion: z.optional(z.string()),
  keys: z.array(z.string()),
});

export const toManifestItem = (
  generation: string,
  chunk: number,
  itemKeys: readonly { pk: string; sk: string }[],
  hashKeyVersion: string | undefined,
) => ({
  ...keys.generationManifest(generation, chunk),
  entity: 'generation-manifest',
  version: 1,
  generation,
  ...(hashKeyVersion === undefined ? {} : { hashKeyVersion }),
  keys: itemKeys.map(({ pk, sk }) => `${pk} ${sk}`),
});

export const fromManifestItem = (
  item: unknown,
): { generation: string; hashKeyVersion?: string | undefined; keys: { pk: string; sk: string }[] } => {
  const record = parseRecord(ManifestRecord, 'generation-manifest', item);
  return {
    generation: record.generation,
    ...(record.hashKeyVersion === undefined ? {} : { hashKeyVersion: record.hashKeyVersion }),
    keys: record.keys.map((key) => {
      const [pk = '', sk = ''] = key.split(' ');
      return { pk, sk };
    }),
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
    entity: 'call',
    version: 1,
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
/** `initiationMethod` of a callback's own log (the contact events' value). */
export const CALLBACK_LOG_INITIATION = 'CALLBACK';

const CallMilestonesRecord = z.looseObject({
  entity: z.literal('call'),
  version: z.literal(1),
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
  const record = parseRecord(CallMilestonesRecord, 'call', item);
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

/*
 * The agent side: call logs as the agent API reads them, outcome revisions, and cases closed from
 * the hotline. All in the calls table, all expiring with the call (`expiresAt`).
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
  entity: z.literal('call'),
  version: z.literal(1),
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
  const record = parseRecord(AgentCallRecord, 'call', item);
  const contactId = keys.contactIdOfCall(record.pk);
  if (contactId === undefined) throw new CorruptRecordError('call');
  const callerPhoneHash = record.callerKey ? keys.phoneHashOfCallerKey(record.callerKey) : undefined;
  const filing = record.tenancyKey ? keys.filingOfTenancyKey(record.tenancyKey) : undefined;
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
  const contactId = keys.contactIdOfCall(record.pk);
  const filing = keys.filingOfTenancyKey(record.tenancyKey);
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
  values: { ':tenancyId': tenancyId, ':tenancyKey': keys.callsOfTenancy(tenancyId).tenancyKey },
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

const FollowUpRecord = z.object({
  kind: z.enum(['consultation', 'callback']),
  at: z.optional(z.string()),
});

const OutcomeRecord = z.object({
  entity: z.literal('call-outcome'),
  version: z.literal(1),
  contactId: z.string().check(z.minLength(1)),
  revision: z.int().check(z.minimum(1)),
  codes: z.array(OutcomeCode).check(z.minLength(1)),
  note: z.optional(z.string()),
  followUp: z.optional(FollowUpRecord),
  caseResolution: z.optional(AgentCaseResolution),
  caseId: z.optional(z.string()),
  recordedAt: z.string(),
  recordedBy: z.string(),
  requestIds: z.array(z.string()),
  expiresAt: z.number(),
  callDay: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
});

const followUpValue = (followUp: FollowUp) =>
  followUp.at === undefined ? { kind: followUp.kind } : { kind: followUp.kind, at: followUp.at };

const outcomeValues = (outcome: RecordedOutcome, expiresAt: number) => ({
  entity: 'call-outcome',
  version: 1,
  contactId: outcome.contactId,
  revision: outcome.revision,
  codes: [...outcome.codes],
  ...(outcome.note ? { note: outcome.note } : {}),
  ...(outcome.followUp ? { followUp: followUpValue(outcome.followUp) } : {}),
  ...(outcome.caseResolution ? { caseResolution: outcome.caseResolution } : {}),
  ...(outcome.caseId ? { caseId: outcome.caseId } : {}),
  recordedAt: outcome.recordedAt,
  recordedBy: outcome.recordedBy,
  requestIds: [...outcome.requestIds],
  expiresAt,
  ...(outcome.callDay ? { callDay: outcome.callDay } : {}),
});

/** The current outcome of a call (sk `OUTCOME#CURRENT`). */
export const toOutcomeItem = (outcome: RecordedOutcome, expiresAt: number) => ({
  ...keys.outcome(outcome.contactId),
  ...outcomeValues(outcome, expiresAt),
});

/** An outcome a correction replaced, kept under its revision. */
export const toOutcomeRevisionItem = (outcome: RecordedOutcome, expiresAt: number) => ({
  ...keys.outcomeRevision(outcome.contactId, outcome.revision),
  ...outcomeValues(outcome, expiresAt),
});

export const fromOutcomeItem = (item: unknown): RecordedOutcome => {
  const record = parseRecord(OutcomeRecord, 'call-outcome', item);
  const { followUp } = record;
  if (followUp?.kind === 'consultation' && followUp.at === undefined) {
    throw new CorruptRecordError('call-outcome');
  }
  return {
    contactId: record.contactId,
    revision: record.revision,
    codes: record.codes,
    ...(record.note ? { note: record.note } : {}),
    ...(followUp
      ? {
          followUp:
            followUp.kind === 'consultation'
              ? { kind: 'consultation' as const, at: followUp.at ?? '' }
              : { kind: 'callback' as const, ...(followUp.at ? { at: followUp.at } : {}) },
        }
      : {}),
    ...(record.caseResolution ? { caseResolution: record.caseResolution } : {}),
    ...(record.caseId ? { caseId: record.caseId } : {}),
    recordedAt: record.recordedAt,
    recordedBy: record.recordedBy,
    requestIds: record.requestIds,
    ...(record.callDay ? { callDay: record.callDay as IsoDate } : {}),
  };
};

const CaseResolutionRecord = z.object({
  entity: z.literal('case-resolution'),
  version: z.literal(1),
  caseId: z.string().check(z.minLength(1)),
  tenancyId: TenancyIdSchema,
  resolution: AgentCaseResolution,
  contactId: z.string().check(z.minLength(1)),
  recordedAt: z.string(),
});

export const toCaseResolutionItem = (entry: CaseResolutionEntry, expiresAt: number) => ({
  ...keys.caseResolution(entry.caseId),
  entity: 'case-resolution',
  version: 1,
  caseId: entry.caseId,
  tenancyId: entry.tenancyId,
  resolution: entry.resolution,
  contactId: entry.contactId,
  recordedAt: entry.recordedAt,
  expiresAt,
});

export const fromCaseResolutionItem = (item: unknown): CaseResolutionEntry => {
  const { entity: _e, version: _v, ...entry } = parseRecord(CaseResolutionRecord, 'case-resolution', item);
  return entry;
};

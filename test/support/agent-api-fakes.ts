import { vi } from 'vitest';
import { deriveTimeline } from '../../shared/domain/call-timeline.ts';
import {
  CaseAlreadyResolvedError,
  ContactNotFoundError,
  StaleOutcomeError,
  TenancyConflictError,
} from '../../shared/domain/errors.ts';
import type { CaseResolutionEntry, OutcomeCode, RecordedOutcome } from '../../shared/domain/outcomes.ts';
import { outcomeSummary } from '../../shared/domain/outcomes.ts';
import type { ListedTenancyFile, TenancyFile, TenancyId } from '../../shared/domain/tenancy.ts';
import { nameWordsOf } from '../../shared/domain/tenancy-search.ts';
import type { CallRecord, CallRecords, FiledCall } from '../../shared/ports/call-records.ts';
import type { CallerDirectory } from '../../shared/ports/caller-directory.ts';
import type { ContactAttributes } from '../../shared/ports/contact-attributes.ts';
import type { OutcomeChange, OutcomeStore } from '../../shared/ports/outcome-store.ts';
import { listedTenancyOf } from '../fixtures/tenancy-files.ts';

/** In-memory ports for the agent-side use cases, with the same rules the DynamoDB adapters enforce. */

export const aCallRecord = (overrides: Partial<CallRecord> = {}): CallRecord => ({
  contactId: 'c0ffee00-0000-4000-8000-000000000001',
  receivedAt: '2026-11-25T09:59:58.000Z',
  expiresAt: Math.floor(Date.parse('2027-12-30T10:00:00Z') / 1000),
  callerPhoneHash: 'hash-of-caller',
  timeline: deriveTimeline({}),
  ...overrides,
});

/** A call filed under its tenancy, as the agent API or a keyed tenancy number files it. */
export const filedUnder = (tenancyId: string): CallRecord['filing'] => ({
  tenancyId: tenancyId as TenancyId,
});

export const fakeCalls = (records: readonly CallRecord[]) => {
  const byId = new Map(records.map((record) => [record.contactId, record]));
  /** The current outcome by call: fakeOutcomeStore(calls) keeps it here, as both share a partition. */
  const outcomes = new Map<string, RecordedOutcome>();
  const calls = {
    byId,
    outcomes,
    findWithOutcome: vi.fn<CallRecords['findWithOutcome']>(async (contactId) => {
      const call = byId.get(contactId);
      return call && { call, outcome: outcomes.get(contactId) };
    }),
    confirmIdentity: vi.fn<CallRecords['confirmIdentity']>(async (contactId, confirmation) => {
      const record = byId.get(contactId);
      if (!record) throw new ContactNotFoundError();
      byId.set(contactId, { ...record, identityConfirmed: record.identityConfirmed ?? confirmation });
    }),
    attachTenancy: vi.fn<CallRecords['attachTenancy']>(async (contactId, tenancyId) => {
      const record = byId.get(contactId);
      if (!record) throw new ContactNotFoundError();
      byId.set(contactId, { ...record, filing: { tenancyId } });
    }),
    attachAgentTenancy: vi.fn<CallRecords['attachAgentTenancy']>(
      async (contactId, tenancyId, { replaces }) => {
        const record = byId.get(contactId);
        if (!record) throw new ContactNotFoundError();
        const still =
          record.agentTenancyId === undefined
            ? replaces === undefined
            : record.agentTenancyId === replaces && record.outcome?.caseResolution === undefined;
        if (!still && record.agentTenancyId !== tenancyId) throw new TenancyConflictError();
        byId.set(contactId, { ...record, agentTenancyId: tenancyId, filing: { tenancyId } });
      },
    ),
    /**
     * The hashes in the tests stand for numbers, so every number's filing is listed here: the use
     * case must keep only those that CallerDirectory.ownPhoneHashes says are the tenancy's.
     */
    listFiledUnder: vi.fn<CallRecords['listFiledUnder']>(async (tenancy, { limit }) => {
      const byFiling = new Map<string, FiledCall[]>();
      for (const record of byId.values()) {
        const { filing, receivedAt } = record;
        if (filing === undefined || receivedAt === undefined) continue;
        if ('tenancyId' in filing && filing.tenancyId !== tenancy.tenancyId) continue;
        const key = JSON.stringify(filing);
        byFiling.set(key, [
          ...(byFiling.get(key) ?? []),
          { contactId: record.contactId, receivedAt, filing },
        ]);
      }
      return [...byFiling.values()].flatMap((filed) =>
        filed.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, limit),
      );
    }),
    findMany: vi.fn<CallRecords['findMany']>(async (contactIds, { now }) =>
      contactIds.flatMap((contactId) => {
        const record = byId.get(contactId);
        return record && record.expiresAt > now.getTime() / 1000 ? [record] : [];
      }),
    ),
  } satisfies CallRecords & { byId: unknown; outcomes: unknown };
  return calls;
};

export const fakeDirectory = (
  importedFiles: readonly TenancyFile[],
  phones: Record<string, readonly TenancyId[]>,
) => {
  /** As the read model lists them: the hashes in `phones` that list a tenancy stand for its numbers. */
  const files: ListedTenancyFile[] = importedFiles.map(({ tenancy, cases }) => ({
    tenancy: listedTenancyOf(tenancy),
    cases,
    phoneHashes: Object.entries(phones)
      .filter(([, ids]) => ids.includes(tenancy.tenancyId))
      .map(([hash]) => hash),
  }));
  return {
    findByTenancyId: vi.fn<CallerDirectory['findByTenancyId']>(async (id) =>
      files.find((file) => file.tenancy.tenancyId === id),
    ),
    findByPhoneHash: vi.fn<CallerDirectory['findByPhoneHash']>(async (hash) =>
      (phones[hash] ?? []).flatMap((id) => files.filter((file) => file.tenancy.tenancyId === id)),
    ),
    /** The read model's rule: every word in the tenant's name, in the postal code. */
    findByName: vi.fn<CallerDirectory['findByName']>(async (postalCode, words, { readLimit }) => {
      const matching = files.filter(
        (file) =>
          file.tenancy.postalCode === postalCode &&
          words.every((word) => nameWordsOf(file.tenancy).includes(word)),
      );
      return matching.length > readLimit ? { kind: 'too_many' } : { kind: 'found', files: matching };
    }),
    /** By the hashes in `phones`, which stand for the files' numbers here. */
    ownPhoneHashes: vi.fn<CallerDirectory['ownPhoneHashes']>(async (file) =>
      Object.entries(phones)
        .filter(([, ids]) => ids.length === 1 && ids[0] === file.tenancy.tenancyId)
        .map(([hash]) => hash),
    ),
  };
};

/** Keeps the revision rule (a write must replace the revision it read) and the case-ownership rule. */
export const fakeOutcomeStore = (calls?: ReturnType<typeof fakeCalls>) => {
  const current = calls?.outcomes ?? new Map<string, RecordedOutcome>();
  const history: RecordedOutcome[] = [];
  const resolutions = new Map<string, CaseResolutionEntry>();
  const saved: OutcomeChange[] = [];
  const store = {
    current: vi.fn<OutcomeStore['current']>(async (contactId) => current.get(contactId)),
    caseResolution: vi.fn<OutcomeStore['caseResolution']>(async (caseId) => resolutions.get(caseId)),
    save: vi.fn<OutcomeStore['save']>(async (change) => {
      const { next, previous } = change;
      if (current.get(next.contactId)?.revision !== previous?.revision) throw new StaleOutcomeError();
      const { put, remove } = change.caseResolution ?? {};
      for (const caseId of [put?.caseId, remove?.caseId]) {
        const owner = caseId === undefined ? undefined : resolutions.get(caseId)?.contactId;
        if (owner !== undefined && owner !== next.contactId) throw new CaseAlreadyResolvedError();
      }
      if (previous) history.push(previous);
      current.set(next.contactId, next);
      if (put) resolutions.set(put.caseId, put);
      if (remove) resolutions.delete(remove.caseId);
      const call = calls?.byId.get(next.contactId);
      if (call && calls) {
        calls.byId.set(next.contactId, {
          ...call,
          outcome: outcomeSummary(next),
          ...(change.tenancyId ? { filing: { tenancyId: change.tenancyId } } : {}),
        });
      }
      saved.push(change);
    }),
  } satisfies OutcomeStore;
  return { ...store, currentById: current, history, resolutions, saved };
};

export const fakeContactAttributes = (
  options: {
    fails?: boolean;
    flowAttributes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  } = {},
) => {
  const updates: { contactId: string; codes: readonly OutcomeCode[] }[] = [];
  const port = {
    updates,
    recordOutcomeCodes: vi.fn<ContactAttributes['recordOutcomeCodes']>(async (contactId, codes) => {
      if (options.fails) throw new Error('ThrottlingException: Rate exceeded');
      updates.push({ contactId, codes });
    }),
    read: vi.fn<ContactAttributes['read']>(async (contactId) => {
      if (options.fails) throw new Error('ThrottlingException: Rate exceeded');
      return options.flowAttributes?.[contactId] ?? {};
    }),
  };
  return port;
};

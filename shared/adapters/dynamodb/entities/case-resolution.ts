import * as z from 'zod/mini';
import { AgentCaseResolution, type CaseResolutionEntry } from '../../../domain/outcomes.ts';
import { TenancyIdSchema } from '../../../domain/tenancy.ts';
import { versionedRecord } from './versioned-record.ts';

/**
 * A case closed from the hotline (Calls table, `CASE#<caseId>` / `RESOLUTION`), in the calls table
 * since the read model is written by imports only; expires with the call that closed it.
 */
export const caseResolutionKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'RESOLUTION' });

const CASE_RESOLUTION = versionedRecord('case-resolution', 1);

const CaseResolutionRecord = z.object({
  ...CASE_RESOLUTION.shape,
  caseId: z.string().check(z.minLength(1)),
  tenancyId: TenancyIdSchema,
  resolution: AgentCaseResolution,
  contactId: z.string().check(z.minLength(1)),
  recordedAt: z.string(),
});

export const toCaseResolutionItem = (entry: CaseResolutionEntry, expiresAt: number) => ({
  ...caseResolutionKey(entry.caseId),
  ...CASE_RESOLUTION.stamp,
  caseId: entry.caseId,
  tenancyId: entry.tenancyId,
  resolution: entry.resolution,
  contactId: entry.contactId,
  recordedAt: entry.recordedAt,
  expiresAt,
});

export const fromCaseResolutionItem = (item: unknown): CaseResolutionEntry => {
  const { entity: _e, version: _v, ...entry } = CASE_RESOLUTION.parse(CaseResolutionRecord, item);
  return entry;
};

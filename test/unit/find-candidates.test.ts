import { describe, expect, it } from 'vitest';
import {
  ContactNotFoundError,
  InvalidSearchError,
  TenancyConflictError,
} from '../../shared/domain/errors.ts';
import type { TenancyFile } from '../../shared/domain/tenancy.ts';
import { SEARCH_MATCH_LIMIT, SEARCH_READ_LIMIT } from '../../shared/domain/tenancy-search.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { makeFindCandidates } from '../../shared/use-cases/find-candidates.ts';
import { aTenancyFile, listedTenancyOf } from '../fixtures/tenancy-files.ts';
import { aCallRecord, fakeCalls, fakeDirectory } from '../support/agent-api-fakes.ts';

const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const KNOWN = aTenancyFile({ tenancyId: '100200300' });
const HUBER = aTenancyFile({
  tenancyId: '100200320',
  tenantName: 'Josef Huber',
  address: 'Quellenstraße 1/1',
});
const HUBERIN = aTenancyFile({
  tenancyId: '100200321',
  tenantName: 'Anna Huber',
  address: 'Laxenburger Straße 4/2',
});

const setUp = (files: TenancyFile[] = [KNOWN, HUBER, HUBERIN], callerPhoneHash = 'hash-unknown') => {
  const calls = fakeCalls([aCallRecord({ contactId: CONTACT, callerPhoneHash })]);
  const directory = fakeDirectory(files, { 'hash-known': [KNOWN.tenancy.tenancyId] });
  const find = makeFindCandidates({ calls, directory, clock: fixedClock('2026-11-25T10:00:00Z') });
  return { find, directory };
};

describe('finding the tenancy of a caller the flow did not find', () => {
  it('lists the tenancies whose name holds every word typed, by name, and narrows them by the street', async () => {
    const { find } = setUp();
    const all = await find({ contactId: CONTACT, name: 'huber', postalCode: '1100' });
    const narrowed = await find({
      contactId: CONTACT,
      name: 'huber',
      postalCode: '1100',
      street: 'Quellenstr',
    });
    expect(all).toEqual({
      kind: 'found',
      candidates: [HUBERIN, HUBER].map((file) => listedTenancyOf(file.tenancy)),
      more: false,
    });
    expect(narrowed).toEqual({ kind: 'found', candidates: [listedTenancyOf(HUBER.tenancy)], more: false });
  });

  it(`shows at most ${SEARCH_MATCH_LIMIT} and says that more match`, async () => {
    const many = Array.from({ length: SEARCH_MATCH_LIMIT + 2 }, (_, i) =>
      aTenancyFile({ tenancyId: `1002004${String(i).padStart(2, '0')}`, tenantName: `Eva Berger` }),
    );
    const { find } = setUp(many);
    const result = await find({ contactId: CONTACT, name: 'Berger', postalCode: '1100' });
    expect(result).toMatchObject({ kind: 'found', more: true });
    expect(result.kind === 'found' && result.candidates).toHaveLength(SEARCH_MATCH_LIMIT);
  });

  it('asks for more of the name when more tenancies hold it than one search reads', async () => {
    const { find, directory } = setUp();
    directory.findByName.mockResolvedValueOnce({ kind: 'too_many' });
    expect(await find({ contactId: CONTACT, name: 'Huber', postalCode: '1100' })).toEqual({
      kind: 'too_many',
    });
    expect(directory.findByName).toHaveBeenCalledWith('1100', ['huber'], { readLimit: SEARCH_READ_LIMIT });
  });

  it('refuses a name of initials only, before reading anything', async () => {
    const { find, directory } = setUp();
    await expect(find({ contactId: CONTACT, name: 'J. H.', postalCode: '1100' })).rejects.toBeInstanceOf(
      InvalidSearchError,
    );
    expect(directory.findByName).not.toHaveBeenCalled();
  });

  it('refuses the search for a caller the flow found by their number, and for a call not logged', async () => {
    const { find } = setUp(undefined, 'hash-known');
    await expect(find({ contactId: CONTACT, name: 'Huber', postalCode: '1100' })).rejects.toBeInstanceOf(
      TenancyConflictError,
    );
    await expect(find({ contactId: 'other', name: 'Huber', postalCode: '1100' })).rejects.toBeInstanceOf(
      ContactNotFoundError,
    );
  });
});

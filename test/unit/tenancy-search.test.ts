import { describe, expect, it } from 'vitest';
import { addressMatches, nameWordsOf, searchWordsOf } from '../../shared/domain/tenancy-search.ts';

describe('tenancy search: words as the agent types them', () => {
  it.each([
    ['Müller', 'Mueller'],
    ['MÜLLER', 'muller'],
    ['Öztürk', 'Oeztuerk'],
    ['Yılmaz', 'Yilmaz'],
    ['Đorđević', 'Dordevic'],
    ['Strauß', 'Strauss'],
    ['Kovačević', 'Kovacevic'],
  ])('folds %s and %s to the same word', (written, typed) => {
    expect(searchWordsOf(written)).toEqual(searchWordsOf(typed));
  });

  it('splits a name into its words, each once, without initials and punctuation', () => {
    expect(searchWordsOf('Anna-Maria v. Huber  Huber')).toEqual(['anna', 'maria', 'huber']);
    expect(searchWordsOf('A. B.')).toEqual([]);
  });

  it("finds a tenancy by each word of the tenant's name", () => {
    expect(nameWordsOf({ tenantName: 'Ayşe Öztürk' })).toEqual(['ayse', 'ozturk']);
  });
});

describe('tenancy search: the street', () => {
  const address = { address: 'Quellenstraße 12/3/14' };

  it('matches when every word typed begins a word of the address', () => {
    expect(addressMatches(address, 'Quellenstr. 12')).toBe(true);
    expect(addressMatches(address, 'quellenstrasse 12/3')).toBe(true);
    expect(addressMatches(address, '12 Quellen')).toBe(true);
  });

  it('does not match another house number or street', () => {
    expect(addressMatches(address, 'Quellenstr 40')).toBe(false);
    expect(addressMatches(address, 'Favoritenstraße 12')).toBe(false);
  });
});

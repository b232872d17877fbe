import { describe, expect, it } from 'vitest';
import { callerIdOf, InvalidCallError } from '../../local/call-simulator.ts';
import { parseCallerId } from '../../shared/domain/caller-id.ts';
import { maskPhone, parseCallerNumber, parsePhone } from '../../shared/domain/phone.ts';
import { E164Schema } from '../../shared/domain/tenancy.ts';

describe('parsePhone: the notations of docs/tenancy-data.md', () => {
  it.each([
    ['01/4000-8000', '+43140008000'],
    ['0664 123 45 67', '+436641234567'],
    ['+43 1 234567', '+431234567'],
    ['0043 664 1234567', '+436641234567'],
  ])('normalises %j to %s', (raw, e164) => {
    // Act
    const parsed = parsePhone(raw);
    // Assess
    expect(parsed).toEqual({ kind: 'number', e164 });
  });
});

describe('parsePhone: other Austrian notations', () => {
  it.each([
    ['(01) 4000 8000', '+43140008000'],
    ['0699/12345678', '+4369912345678'],
    ['+43 (0) 664 1234567', '+436641234567'],
    ['+43 (0)664 1234567', '+436641234567'],
    ['+43 0664 1234567', '+436641234567'],
    ['00436641234567', '+436641234567'],
    ['06641234567', '+436641234567'],
    ['0664-1234567', '+436641234567'],
    ['01.4000.8000', '+43140008000'],
    ['+43-1-4000-8000', '+43140008000'],
    ['  0664 123 45 67  ', '+436641234567'],
  ])('normalises %j to %s', (raw, e164) => {
    // Act
    const parsed = parsePhone(raw);
    // Assess
    expect(parsed).toEqual({ kind: 'number', e164 });
  });

  it.each(['+436641234567', '+43140008000'])('keeps %s, as Connect presents it, unchanged', (e164) => {
    // Act
    const parsed = parsePhone(e164);
    // Assess
    expect(parsed).toEqual({ kind: 'number', e164 });
  });
});

describe('parsePhone: foreign numbers', () => {
  it.each([
    ['+49 30 12345678', '+493012345678', 'German landline'],
    ['+49 151 23456789', '+4915123456789', 'German mobile'],
    ['0049 30 12345678', '+493012345678', 'German landline dialled from Austria'],
    ['+90 212 345 67 89', '+902123456789', 'Turkish landline'],
    ['+90 532 123 45 67', '+905321234567', 'Turkish mobile'],
    ['+381 11 1234567', '+381111234567', 'Serbian landline'],
    ['+381 64 1234567', '+381641234567', 'Serbian mobile'],
  ])('normalises %j to %s (%s), not to an Austrian number', (raw, e164) => {
    // Act
    const parsed = parsePhone(raw);
    // Assess
    expect(parsed).toEqual({ kind: 'number', e164 });
  });
});

describe('parsePhone: withheld numbers', () => {
  it.each([
    'anonymous',
    'Anonymous',
    'ANONYMOUS',
    ' anonymous ',
    'private',
    'Restricted',
    'unknown',
    'Unavailable',
    'withheld',
  ])('reads %j as anonymous', (raw) => {
    // Act
    const parsed = parsePhone(raw);
    // Assess
    expect(parsed).toEqual({ kind: 'anonymous' });
  });

  it.each([
    ['an empty string', ''],
    ['blanks', '   '],
    ['null', null],
    ['undefined', undefined],
  ])('reads %s as anonymous', (_what, raw) => {
    // Act
    const parsed = parsePhone(raw);
    // Assess
    expect(parsed).toEqual({ kind: 'anonymous' });
  });
});

describe('parsePhone: garbage', () => {
  it.each([
    '12ab',
    '+++',
    '--',
    '+43',
    '0',
    '()',
    '+4366412345678901234',
    '+43 1 4000 8000 ext 5',
    '0664 123 45 67; 01/4000-8000',
    'sip:anonymous@anonymous.invalid',
    'Unknown Caller',
  ])('refuses %j as invalid', (raw) => {
    // Act
    const parsed = parsePhone(raw);
    // Assess
    expect(parsed.kind).toBe('invalid');
  });

  it('does not repeat the input in the reason it gives', () => {
    // Act
    const parsed = parsePhone('0664 12ab 45 67');
    // Assess
    expect(parsed).toMatchObject({ kind: 'invalid' });
    expect(JSON.stringify(parsed)).not.toContain('0664');
  });

  it.each(['01/4000-8000', '0664 123 45 67', '+43 1 234567', '0043 664 1234567', '+49 30 12345678'])(
    'returns for %j a number that the stored-record schema accepts',
    (raw) => {
      // Act
      const parsed = parsePhone(raw);
      // Assess
      expect(parsed.kind).toBe('number');
      if (parsed.kind === 'number') expect(E164Schema.safeParse(parsed.e164).success).toBe(true);
    },
  );
});

describe('maskPhone', () => {
  it('keeps the country code and the last two digits only', () => {
    // Act
    const masked = maskPhone('+436641234567');
    // Assess
    expect(masked).toBe('+43 ••• 67');
  });

  it.each(['+436641234567', '+43140008000', '+493012345678', '+905321234567', '+381641234567'])(
    'shows no run of digits from %s beyond the country code and the last two',
    (e164) => {
      // Act
      const masked = maskPhone(e164);
      // Assess
      expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(5);
      expect(masked).not.toContain(e164.slice(3, 7));
    },
  );

  it.each([
    ['+905321234567', '+90 ••• 67'],
    ['+381641234567', '+381 ••• 67'],
  ])('keeps the foreign country code of %s', (e164, expected) => {
    // Act
    const masked = maskPhone(e164);
    // Assess
    expect(masked).toBe(expected);
  });

  it.each(['', 'anonymous', 'garbage'])('masks %j completely', (raw) => {
    // Act
    const masked = maskPhone(raw);
    // Assess
    expect(masked).toBe('•••');
  });
});

describe('parsePhone: truncated numbers', () => {
  // The default "min" metadata of libphonenumber-js let these through; '+431234' is not even E.164.
  it.each(['+43 1 234', '0664 123'])('refuses the truncated number %j', (raw) => {
    // Act
    const parsed = parsePhone(raw);
    // Assess
    expect(parsed.kind).toBe('invalid');
  });
});

describe('parseCallerId: the caller id on the call path', () => {
  it.each(['+436641234567', '+43140008000', '+493012345678', '+905321234567', '+381641234567'])(
    'takes %s as Connect presents it',
    (e164) => {
      // Act
      const parsed = parseCallerId(e164);
      // Assess
      expect(parsed).toEqual({ kind: 'number', e164 });
    },
  );

  it('ignores blanks around the caller id', () => {
    // Act
    const parsed = parseCallerId(' +436641234567 ');
    // Assess
    expect(parsed).toEqual({ kind: 'number', e164: '+436641234567' });
  });

  it.each([
    'anonymous',
    'Anonymous',
    'ANONYMOUS',
    'private',
    'Restricted',
    'unknown',
    'Unavailable',
    'withheld',
    '',
    '   ',
    null,
    undefined,
  ])('reads the withheld caller id %j as anonymous', (raw) => {
    // Act
    const parsed = parseCallerId(raw);
    // Assess
    expect(parsed).toEqual({ kind: 'anonymous' });
  });

  it.each([
    '12ab',
    '+++',
    '--',
    '+43',
    '+0436641234567',
    '436641234567',
    '+4366412345678901234',
    '0664 123 45 67',
    '+43 664 1234567',
    'sip:anonymous@anonymous.invalid',
  ])('refuses %j, which is not E.164, as invalid', (raw) => {
    // Act
    const parsed = parseCallerId(raw);
    // Assess
    expect(parsed.kind).toBe('invalid');
  });

  it.each(['01/4000-8000', '0664 123 45 67', '+43 1 234567', '0043 664 1234567', '+49 30 12345678'])(
    'accepts what parsePhone makes of %j at import',
    (raw) => {
      // Prepare
      const imported = parsePhone(raw);
      if (imported.kind !== 'number') throw new Error(`fixture ${raw} did not parse`);
      // Act
      const parsed = parseCallerId(imported.e164);
      // Assess
      expect(parsed).toEqual(imported);
    },
  );
});

describe('a simulated caller number (the CLI and the simulator page share the rule)', () => {
  it.each([
    ['0664 123 4567', '+436641234567'],
    ['0664 123 45 67', '+436641234567'],
    ['+43 664 1234567', '+436641234567'],
    ['0043 699 12345678', '+4369912345678'],
    ['01/5049-312', '+4315049312'],
    ['+49 151 12345678', '+4915112345678'],
  ])('takes %j as %s', (written, e164) => {
    expect(parseCallerNumber(written)).toEqual({ kind: 'number', e164 });
    expect(callerIdOf(written)).toBe(e164);
  });

  it('takes the word anonymous, in any case, for a withheld number', () => {
    expect(parseCallerNumber('anonymous')).toEqual({ kind: 'anonymous' });
    expect(callerIdOf(' Anonymous ')).toBe('anonymous');
  });

  it.each([
    ['12345', 'lacks its area or country code'], // libphonenumber alone would read +4312345
    ['4312345678', 'lacks its area or country code'],
    ['0664 123', 'is not a valid phone number'],
    ['12ab', 'contains characters other than digits'],
    ['private', 'is not a number'],
    ['', 'is empty'],
  ])('refuses %j: the number %s', (written, reason) => {
    const parsed = parseCallerNumber(written);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.reason).toMatch(new RegExp(`^${reason}`));
    expect(() => callerIdOf(written, '--from')).toThrow(InvalidCallError);
    expect(() => callerIdOf(written, '--from')).toThrow(
      /^--from must be a phone number or anonymous: the number /,
    );
  });
});

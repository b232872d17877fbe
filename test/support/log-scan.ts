import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DEMO_CALLERS, generateDemoData, SHOWCASE_SIZE } from '../../local/demo/demo-data.ts';
import { DEMO_SEED, DEMO_TENANCIES } from '../../local/seed.ts';
import { parsePhone } from '../../shared/domain/phone.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { GENERATED_NOTES } from './malformed-input.ts';

/**
 * The scan behind docs/security.md, "What is guaranteed": no phone number, name or case note in any log line. It
 * knows the personal data the tests use (collectPersonalData) and finds it in a line in any
 * notation: a number as E.164, national with 0, with `0043`, `+43 (0)`, spaces, dashes, slashes or
 * dots; names, notes and addresses as written or JSON-escaped. A finding says what kind of data and
 * where it starts, never the value, so a report can show the line up to there.
 */
export type PersonalDataKind = 'phone number' | 'tenant name' | 'case note' | 'address' | 'case fact';

/**
 * Case facts are found by their shape, not by the test data: a log entry (the one logger's JSON
 * line) that carries a field of a case (arrears, months in arrears, hearing and eviction dates,
 * the stage, the case worker, the agent's summary, the reasons of the risk) or the summary's words
 * (`Rückstand € 4.873`, `Räumung in 5 Tagen`). A CLI's result on stdout is no log entry: `hotline
 * lookup` shows an operator the summary on purpose.
 */
const LOG_ENTRY = /^\s*\{"level":/;
// `cases` and `openCase` are facts as a record or a list; as a number they are an import's count.
const CASE_FACT_FIELD =
  /"(?:arrearsEur|monthsInArrears|courtHearingDate|evictionDate|caseWorker|caseStage|stage|summary|riskReasons)"\s*:|"(?:openCase|cases)"\s*:\s*[[{]/;
const CASE_FACT_WORDS =
  /Rückstand €|R(?:ä|\\u00e4)umung (?:in \d|heute|morgen|vor \d)|Verhandlung (?:in \d|heute|morgen|vor \d)|Offener Fall:/;

export interface PersonalData {
  /** E.164. */
  readonly phones: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
  readonly notes: ReadonlySet<string>;
  readonly addresses: ReadonlySet<string>;
}

export interface Finding {
  readonly kind: PersonalDataKind;
  /** Where the value starts in the line. */
  readonly index: number;
}

/** Digits with up to three separators between them: `+43 (0) 664 / 123-45 67`. */
const DIGIT_RUN = /\d(?:[\s/().-]{0,3}\d)*/g;
const MIN_TEXT_LENGTH = 6;
const MIN_NATIONAL_DIGITS = 7;
const WORD = /[\p{L}\p{N}]/u;
const KEY_LENGTH = 3;

export const makePersonalDataScanner = (data: PersonalData) => {
  // A number is found by its national significant number, after a trunk or country prefix or none.
  const prefixesByNumber = new Map<string, Set<string>>();
  for (const phone of data.phones) {
    const parsed = parsePhoneNumberFromString(phone);
    // Shorter national numbers (`+43 1 2345`) are digits that occur anywhere; no fixture needs them.
    if (!parsed || parsed.nationalNumber.length < MIN_NATIONAL_DIGITS) continue;
    const cc = parsed.countryCallingCode;
    const prefixes = prefixesByNumber.get(parsed.nationalNumber) ?? new Set<string>();
    for (const prefix of ['', '0', cc, `00${cc}`, `${cc}0`, `00${cc}0`]) prefixes.add(prefix);
    prefixesByNumber.set(parsed.nationalNumber, prefixes);
  }
  const lengths = [...new Set([...prefixesByNumber.keys()].map((nsn) => nsn.length))];

  // Text is found through its first characters, so a line is read once, not once per value.
  const texts = new Map<string, { kind: PersonalDataKind; text: string }[]>();
  const addText = (kind: PersonalDataKind, value: string) => {
    for (const text of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      if (text.length < MIN_TEXT_LENGTH) continue;
      const key = text.slice(0, KEY_LENGTH);
      texts.set(key, [...(texts.get(key) ?? []), { kind, text }]);
    }
  };
  for (const name of data.names) addText('tenant name', name);
  for (const note of data.notes) addText('case note', note);
  for (const address of data.addresses) addText('address', address);

  const phonesIn = (line: string): Finding[] => {
    const findings: Finding[] = [];
    for (const run of line.matchAll(DIGIT_RUN)) {
      // The run's digits, where each digit stands in the line, and where separators split them.
      let digits = '';
      const at: number[] = [];
      const boundaries = new Set<number>([0]);
      for (let i = 0; i < run[0].length; i++) {
        const char = run[0][i] ?? '';
        if (char >= '0' && char <= '9') {
          digits += char;
          at.push(run.index + i);
        } else {
          boundaries.add(digits.length);
        }
      }
      boundaries.add(digits.length);
      for (const length of lengths) {
        for (let start = 0; start + length <= digits.length; start++) {
          if (!boundaries.has(start + length)) continue;
          const prefixes = prefixesByNumber.get(digits.slice(start, start + length));
          if (!prefixes) continue;
          const from = [...boundaries].find((b) => b <= start && prefixes.has(digits.slice(b, start)));
          if (from !== undefined) findings.push({ kind: 'phone number', index: at[from] ?? run.index });
        }
      }
    }
    return findings;
  };

  // A name is found as a whole: `Maria Testerin` is not in `Maria Testerine`.
  const wordAt = (line: string, i: number) => WORD.test(line.charAt(i));
  const textsIn = (line: string): Finding[] => {
    const findings: Finding[] = [];
    for (let i = 0; i + MIN_TEXT_LENGTH <= line.length; i++) {
      for (const { kind, text } of texts.get(line.slice(i, i + KEY_LENGTH)) ?? []) {
        if (!line.startsWith(text, i)) continue;
        const end = i + text.length;
        const whole =
          !(wordAt(line, i) && wordAt(line, i - 1)) && !(wordAt(line, end - 1) && wordAt(line, end));
        if (whole) findings.push({ kind, index: i });
      }
    }
    return findings;
  };

  const caseFactsIn = (line: string): Finding[] => {
    if (!LOG_ENTRY.test(line)) return [];
    return [CASE_FACT_FIELD.exec(line), CASE_FACT_WORDS.exec(line)].flatMap((match) =>
      match ? [{ kind: 'case fact' as const, index: match.index }] : [],
    );
  };

  return {
    /** What of `data` the line holds, first finding first; case facts in log entries by their shape. */
    scan: (line: string): Finding[] => {
      // The first finding of each kind is enough to report, and shows the line up to it.
      const first = new Map<PersonalDataKind, Finding>();
      for (const finding of [...phonesIn(line), ...textsIn(line), ...caseFactsIn(line)]) {
        const earlier = first.get(finding.kind);
        if (!earlier || finding.index < earlier.index) first.set(finding.kind, finding);
      }
      return [...first.values()].sort((a, b) => a.index - b.index);
    },
    counts: {
      phones: prefixesByNumber.size,
      names: data.names.size,
      notes: data.notes.size,
      addresses: data.addresses.size,
    },
  };
};

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEST_DIR = join(ROOT, 'test');
/** Demo data does not depend on the day in its names and numbers, only its dates do. */
const DEMO_DAY = '2026-11-25' as IsoDate;

const filesUnder = (dir: string, pattern: RegExp): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));

/** String literals after `key:` in source text (single, double or back quotes, no interpolation). */
const literalsAfter = (source: string, key: RegExp): string[] => {
  const found: string[] = [];
  const pattern = new RegExp(`${key.source}\\s*(['"\`])((?:\\\\.|(?!\\1)[^\\\\])*)\\1`, 'g');
  for (const match of source.matchAll(pattern)) {
    const value = match[2] ?? '';
    if (!value.includes('${')) found.push(value.replace(/\\(['"`\\])/g, '$1').trim());
  }
  return found;
};

/**
 * The personal data of the test run: the demo callers and the demo data of every seed the tests
 * and `hotline start` use; the CSV fixtures' names, numbers, addresses and notes; and what the test
 * sources write as a tenant name, an address, a case note or a phone number (any string literal
 * that parses as one), so a new test's data is looked for without being registered by hand.
 */
export const collectPersonalData = (): PersonalData & { readonly sources: readonly string[] } => {
  const phones = new Set<string>();
  const names = new Set<string>();
  const notes = new Set<string>(GENERATED_NOTES);
  const addresses = new Set<string>();
  const addPhone = (written: string) => {
    const parsed = parsePhone(written);
    if (parsed.kind === 'number') phones.add(parsed.e164);
  };
  const addName = (name: string) => {
    if (/\S\s+\S/.test(name.trim())) names.add(name.trim());
  };

  for (const caller of Object.values(DEMO_CALLERS)) {
    if ('phone' in caller) phones.add(caller.phone);
    if ('written' in caller) addPhone(caller.written);
  }

  const sourceFiles = [...filesUnder(TEST_DIR, /\.(ts|json)$/), join(ROOT, 'local', 'seed.ts')];
  /** Each seed the sources generate demo data with, and the most tenancies they ask it for. */
  const seeds = new Map<number, number>([[DEMO_SEED, DEMO_TENANCIES]]);
  for (const file of sourceFiles) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:generateDemoData|writeDemoCsv)\([^{;]*\{([^}]*)\}/g)) {
      const seed = /seed:\s*(\d+)/.exec(match[1] ?? '')?.[1];
      const size = /tenancies:\s*([\d_]+)/.exec(match[1] ?? '')?.[1];
      if (seed === undefined) continue;
      const tenancies = Math.max(size ? Number(size.replaceAll('_', '')) : DEMO_TENANCIES, SHOWCASE_SIZE);
      seeds.set(Number(seed), Math.max(tenancies, seeds.get(Number(seed)) ?? 0));
    }
    for (const name of literalsAfter(source, /\b(?:tenantName|tenant_name)["']?:/)) addName(name);
    for (const note of literalsAfter(source, /\bnote["']?:/)) if (note.length >= 8) notes.add(note);
    for (const note of literalsAfter(source, /Notiz\/?\)?\.fill\(/)) notes.add(note);
    for (const address of literalsAfter(source, /\baddress["']?:/))
      if (address.length >= 8) addresses.add(address);
    for (const match of source.matchAll(/(['"`])(\+?\d[\d\s/().-]{5,})\1/g)) {
      const literal = match[2] ?? '';
      if (/^[+0]/.test(literal)) addPhone(literal);
    }
  }
  for (const [seed, tenancies] of seeds) {
    for (const { tenancy } of generateDemoData({ seed, today: DEMO_DAY, tenancies }).files) {
      addName(tenancy.tenantName);
      addresses.add(tenancy.address);
      for (const phone of tenancy.phoneNumbers) phones.add(phone);
    }
  }

  for (const file of filesUnder(join(TEST_DIR, 'fixtures', 'csv'), /\.csv$/)) {
    const bytes = readFileSync(file);
    const text = bytes.toString(file.includes('1252') ? 'latin1' : 'utf8');
    const records: Record<string, string>[] = parse(text, {
      bom: true,
      columns: true,
      relax_column_count: true,
      skip_records_with_error: true,
    });
    for (const record of records) {
      if (record.tenant_name) addName(record.tenant_name);
      if (record.address && record.address.length >= 8) addresses.add(record.address.trim());
      if (record.notes && record.notes.length >= 8) notes.add(record.notes.trim());
      for (const phone of (record.phone_numbers ?? '').split(';')) addPhone(phone);
    }
  }
  // A "note" a test sends that is the product's own text (`Grüß Gott` greets every caller) is no
  // case note: the prompts are meant to be printed.
  const productText = ['shared', 'local', 'functions', 'web']
    .flatMap((dir) => filesUnder(join(ROOT, dir), /\.(ts|js|html)$/))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  for (const note of notes) if (productText.includes(note)) notes.delete(note);
  return { phones, names, notes, addresses, sources: sourceFiles.map((file) => relative(ROOT, file)) };
};

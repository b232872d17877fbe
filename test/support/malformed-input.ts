import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { type Random, seededRandom } from '../../local/demo/random.ts';
import { CASE_LAYOUT, TENANCY_LAYOUT } from '../../shared/import/row-schemas.ts';
import { aContactEvent, anAnsweredCall } from '../fixtures/contact-events.ts';
import { aContactFlowEvent } from '../fixtures/tenancy-files.ts';

/**
 * Malformed variants of every input that crosses an edge (docs/architecture.md, "Rules the code keeps": bad input gets a
 * clear error and writes nothing partial), generated from a valid base. Deterministic: the same seed
 * gives the same inputs on every machine, so a failing case can be named and replayed.
 *
 * Each case says what it broke (`name`), what the entry point must answer, and which of its values
 * (`secrets`) must not come back in any message: the inputs hold personal data.
 */

/** Strings that mean something to some interpreter: a spreadsheet, SQL, HTML, log4j, a file system. */
export const INJECTION_STRINGS = [
  "=cmd|' /C calc'!A0",
  "'; DROP TABLE tenancies; --",
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, as plain text
  '${jndi:ldap://x}',
  '../../etc/passwd',
] as const;

const JNDI_LOOKUP = INJECTION_STRINGS[3];

/** Text that trips naive handling: right-to-left override, emoji, NUL, combining marks, zero width, non-ASCII digits, a lone surrogate. */
export const UNICODE_STRINGS = [
  '\u202Egnp.exe\u202C',
  '🏠🔥👨‍👩‍👧',
  'a\u0000b',
  'Z\u0351\u0315\u0300\u0301a\u0352l\u0310g\u0307o',
  '\u200B\u200D\uFEFF',
  '١٠٠٢٠٠٣٠٠',
  '\uD800x',
] as const;

/**
 * Case notes the generated agent requests carry: personal data by nature, so the log scan
 * (test/support/log-scan.ts) looks for them in every log line of the run.
 */
export const GENERATED_NOTES = [
  'Mieterin hat Angst vor dem Gerichtstermin, Sohn ist krank',
  'Vermieter droht mit Räumung, Ratenzahlung abgelehnt',
] as const;

const KB = 1024;

/** `length` characters of seeded text: letters, digits and spaces, the kind a real field holds. */
export const hugeText = (random: Random, length: number): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzäöüß ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)];
  return text;
};

// ---------------------------------------------------------------- CSV

export type CsvContentKind = string | Buffer;

export interface MalformedCsv {
  readonly name: string;
  readonly tenancies: CsvContentKind;
  /** Always given: the valid cases file when the tenancies file is the bad one. */
  readonly cases: CsvContentKind;
  /** The file the problem must be reported against. */
  readonly badFile: 'tenancies.csv' | 'cases.csv';
  /** Values placed in the file that no message may repeat. */
  readonly secrets: readonly string[];
}

type Row = Record<string, string>;
interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');

const parseTable = (text: string): Table => {
  const records: string[][] = parse(text, { bom: true, relax_column_count: true });
  const [header = [], ...rows] = records;
  return {
    columns: header,
    rows: rows.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']))),
  };
};

const quote = (value: string): string =>
  /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** RFC 4180 text of a table; `eol` may be a function to mix line ends. */
export const toCsv = (
  table: Table,
  options: { readonly eol?: string | ((line: number) => string); readonly header?: boolean } = {},
): string => {
  const eol = options.eol ?? '\n';
  const lines = [
    ...(options.header === false ? [] : [table.columns.map(quote).join(',')]),
    ...table.rows.map((row) => table.columns.map((column) => quote(row[column] ?? '')).join(',')),
  ];
  return lines.map((line, i) => `${line}${typeof eol === 'string' ? eol : eol(i)}`).join('');
};

const setCell = (table: Table, rowIndex: number, column: string, value: string): Table => ({
  columns: table.columns,
  rows: table.rows.map((row, i) => (i === rowIndex ? { ...row, [column]: value } : row)),
});

const dropColumn = (table: Table, column: string): Table => ({
  columns: table.columns.filter((c) => c !== column),
  rows: table.rows,
});

/** The valid files of the fixtures, as tables to break. */
export const validCsvBase = (): { readonly tenancies: Table; readonly cases: Table } => ({
  tenancies: parseTable(fixture('tenancies-valid.csv')),
  cases: parseTable(fixture('cases-valid.csv')),
});

/** Wrong values per column, each one a problem on its own. */
const WRONG_TENANCY_VALUES: Readonly<Record<string, readonly string[]>> = {
  tenancy_id: ['ABC123456', '12345', '1234567890123', '-100200300', '１００２００３００', '100200300.0'],
  tenant_name: [''],
  phone_numbers: ['0664 12', 'abc', '+43', '0'.repeat(30), '0664 123 45 67;nonsense'],
  address: [''],
  postal_code: ['11OO', '123', '12345', '-110', ''],
  preferred_language: ['deu', 'de-AT', '1', 'd'],
  household_size: ['drei', '0', '-1', '2.5', '1e3', ''],
  children: ['zwei', '-1', '1.5', ''],
};

const WRONG_CASE_VALUES: Readonly<Record<string, readonly string[]>> = {
  case_id: [''],
  tenancy_id: ['999999999', 'x', ''],
  status: ['pending', ''],
  stage: ['court', 'eviction scheduled', ''],
  arrears_eur: ['abc', '-100.00', '1.234,50', '1234,50', '12.345', '1e5', '€ 100', ''],
  months_in_arrears: ['drei', '-1', '1.5', ''],
  court_hearing_date: ['2026-13-01', '31.12.2026', '2026-02-30', 'morgen'],
  eviction_date: ['2026-00-10', '2026/11/30'],
  case_worker: [''],
  opened_on: ['', '2026-1-5', '20260105'],
};

/** Columns whose values follow a format, so any foreign text in them is a problem. */
const FORMATTED_TENANCY_COLUMNS = [
  'tenancy_id',
  'phone_numbers',
  'postal_code',
  'preferred_language',
  'household_size',
  'children',
];
const FORMATTED_CASE_COLUMNS = [
  'tenancy_id',
  'status',
  'stage',
  'arrears_eur',
  'months_in_arrears',
  'court_hearing_date',
  'opened_on',
];
/** Free text: a 100 KB value in any of them is no name, address or case worker. */
const TEXT_TENANCY_COLUMNS = ['tenant_name', 'address'];
const TEXT_CASE_COLUMNS = ['case_id', 'case_worker'];

/** A value worth checking for echoes: long enough not to occur in a message by chance. */
const secretsOf = (...values: string[]): string[] =>
  values.filter((value) => value.length >= 4 && !/^[\d\s.,-]*$/.test(value));

/** What a caller sent, to look for in what is stored: digits too, but not a run of one character. */
const rawInput = (value: string): string[] =>
  value.length >= 6 && !/^(.)\1*$/.test(value) ? [value.slice(0, 200)] : [];

/**
 * Malformed CSV files: every required column dropped, headers missing or broken, required cells
 * empty, wrong types, 100 KB cells, unicode and injection strings in formatted fields, a bad row in
 * the middle of 1,000 good ones, duplicate ids, broken quoting and encodings, BOM/CRLF mixes.
 */
export const malformedCsvFiles = (seed = 7): MalformedCsv[] => {
  const random = seededRandom(seed);
  const base = validCsvBase();
  const validTenancies = toCsv(base.tenancies);
  const validCases = toCsv(base.cases);
  const cases: MalformedCsv[] = [];
  const badTenancies = (name: string, tenancies: CsvContentKind, secrets: string[] = []) =>
    cases.push({ name, tenancies, cases: validCases, badFile: 'tenancies.csv', secrets });
  const badCases = (name: string, content: CsvContentKind, secrets: string[] = []) =>
    cases.push({ name, tenancies: validTenancies, cases: content, badFile: 'cases.csv', secrets });
  const anyRow = (table: Table) => random.int(0, table.rows.length - 1);

  // A required column dropped, header and values.
  for (const column of TENANCY_LAYOUT.required) {
    badTenancies(`tenancies without column ${column}`, toCsv(dropColumn(base.tenancies, column)));
  }
  for (const column of CASE_LAYOUT.required) {
    badCases(`cases without column ${column}`, toCsv(dropColumn(base.cases, column)));
  }

  // Headers missing or broken.
  badTenancies('tenancies without a header row', toCsv(base.tenancies, { header: false }));
  badCases('cases without a header row', toCsv(base.cases, { header: false }));
  badTenancies(
    'tenancies with a blank header name',
    toCsv({ columns: base.tenancies.columns, rows: base.tenancies.rows }).replace('tenant_name', ''),
  );
  badTenancies(
    'tenancies with a column named twice',
    toCsv(base.tenancies).replace('postal_code', 'tenancy_id'),
  );
  badTenancies('tenancies separated by semicolons', toCsv(base.tenancies).replaceAll(',', ';'));
  badCases('cases separated by tabs', toCsv(base.cases).replaceAll(',', '\t'));
  badTenancies('an empty tenancies file', '');
  badTenancies('a tenancies file of a BOM only', '\uFEFF');
  badCases('a cases file of blank lines', '\r\n\n\r\n');

  // Wrong values, each in a row of its own choosing.
  for (const [column, values] of Object.entries(WRONG_TENANCY_VALUES)) {
    for (const value of values) {
      badTenancies(
        `tenancies ${column} ${JSON.stringify(value)}`,
        toCsv(setCell(base.tenancies, anyRow(base.tenancies), column, value)),
        secretsOf(value),
      );
    }
  }
  for (const [column, values] of Object.entries(WRONG_CASE_VALUES)) {
    for (const value of values) {
      badCases(
        `cases ${column} ${JSON.stringify(value)}`,
        toCsv(setCell(base.cases, anyRow(base.cases), column, value)),
        secretsOf(value),
      );
    }
  }
  // Resolution against status: the open case (row 1) with one, the closed case (row 0) without.
  badCases('an open case with a resolution', toCsv(setCell(base.cases, 1, 'resolution', 'housing_secured')));
  badCases('a closed case without a resolution', toCsv(setCell(base.cases, 0, 'resolution', '')));
  badCases('a resolution nobody knows', toCsv(setCell(base.cases, 0, 'resolution', 'won')), ['won']);

  // Unicode and injection strings where a format is expected.
  for (const value of [...UNICODE_STRINGS, ...INJECTION_STRINGS]) {
    const tenancyColumn = random.pick(FORMATTED_TENANCY_COLUMNS);
    badTenancies(
      `tenancies ${tenancyColumn} ${JSON.stringify(value)}`,
      toCsv(setCell(base.tenancies, anyRow(base.tenancies), tenancyColumn, value)),
      secretsOf(value),
    );
    const caseColumn = random.pick(FORMATTED_CASE_COLUMNS);
    badCases(
      `cases ${caseColumn} ${JSON.stringify(value)}`,
      toCsv(setCell(base.cases, anyRow(base.cases), caseColumn, value)),
      secretsOf(value),
    );
  }

  // 100 KB cells, in every column.
  for (const column of [...FORMATTED_TENANCY_COLUMNS, ...TEXT_TENANCY_COLUMNS]) {
    const value = hugeText(random, 100 * KB);
    badTenancies(
      `tenancies ${column} of 100 KB`,
      toCsv(setCell(base.tenancies, anyRow(base.tenancies), column, value)),
      [value.slice(0, 64)],
    );
  }
  for (const column of [...FORMATTED_CASE_COLUMNS, ...TEXT_CASE_COLUMNS]) {
    const value = hugeText(random, 100 * KB);
    badCases(`cases ${column} of 100 KB`, toCsv(setCell(base.cases, anyRow(base.cases), column, value)), [
      value.slice(0, 64),
    ]);
  }

  // One bad row in the middle of 1,000 good ones.
  const thousand = thousandTenancies(base.tenancies);
  badTenancies(
    'a bad postal code in row 500 of 1,000 tenancies',
    toCsv(setCell(thousand, 499, 'postal_code', 'Wien')),
    ['Wien'],
  );
  const thousandCases: Table = {
    columns: base.cases.columns,
    rows: thousand.rows.map((row, i) => ({
      ...(base.cases.rows[1] as Row),
      case_id: `G-${String(i).padStart(5, '0')}`,
      tenancy_id: row.tenancy_id ?? '',
    })),
  };
  cases.push({
    name: 'a bad date in row 500 of 1,000 cases',
    tenancies: toCsv(thousand),
    cases: toCsv(setCell(thousandCases, 499, 'opened_on', '2026-02-31')),
    badFile: 'cases.csv',
    secrets: [],
  });

  // Duplicate ids and rules across rows.
  badTenancies(
    'a tenancy id twice',
    toCsv(setCell(base.tenancies, 2, 'tenancy_id', base.tenancies.rows[0]?.tenancy_id ?? '')),
  );
  badCases('a case id twice', toCsv(setCell(base.cases, 2, 'case_id', base.cases.rows[1]?.case_id ?? '')));
  badCases(
    'two open cases for one tenancy',
    toCsv(setCell(base.cases, 2, 'tenancy_id', base.cases.rows[1]?.tenancy_id ?? '')),
  );

  // Broken quoting, shifted rows, encodings, BOM and line-end mixes.
  const lines = validTenancies.split('\n');
  badTenancies(
    'an unterminated quote at the end',
    `${validTenancies}100200399,"Anna Bauer,0664 7654321,Praterstraße 1,1020,de,1,0\n`,
  );
  badTenancies(
    'a stray quote inside a field',
    validTenancies.replace('Quellenstraße 24/3/7', 'Quellen"straße 24/3/7'),
  );
  badTenancies(
    'a row shifted by an unquoted comma',
    validTenancies.replace('Quellenstraße 24/3/7', 'Quellenstraße 24, Stiege 3, Tür 7'),
  );
  badTenancies(
    'an export concatenated to another, BOM and header in the middle',
    `\uFEFF${validTenancies}\uFEFF${validTenancies.replace(/100200(\d{3})/g, '100300$1')}`,
  );
  badTenancies(
    'a BOM with CRLF, LF and CR mixed, and a bad row among them',
    `\uFEFF${toCsv(setCell(base.tenancies, 3, 'household_size', 'viele'), {
      eol: (line) => ['\r\n', '\n', '\r'][line % 3] ?? '\n',
    })}`,
    ['viele'],
  );
  // With its BOM, UTF-16 is read as such (csv-parse); without, it is garbage.
  badTenancies('a UTF-16 file without a BOM', Buffer.from(validTenancies, 'utf16le'));
  badTenancies(
    'Windows-1252 bytes',
    readFileSync(new URL('../fixtures/csv/tenancies-windows-1252.csv', import.meta.url)),
  );
  badTenancies('binary garbage', Buffer.from(Array.from({ length: 4 * KB }, () => random.int(0, 255))));
  badTenancies('the header line only, then garbage rows', `${lines[0]}\n\u0000\u0000\u0000\n"\n`);
  return cases;
};

/** 1,000 valid tenancies in the shape of the fixture's rows, without phone numbers. */
const thousandTenancies = (tenancies: Table): Table => ({
  columns: tenancies.columns,
  rows: Array.from({ length: 1000 }, (_, i) => ({
    ...(tenancies.rows[i % tenancies.rows.length] as Row),
    tenancy_id: String(500_000_000 + i),
    phone_numbers: '',
  })),
});

// ---------------------------------------------------------------- agent API and metrics API

export interface MalformedRequest {
  readonly name: string;
  /** The raw body as sent, or undefined for none. */
  readonly body?: string | undefined;
  readonly base64?: boolean;
  /** Overrides the request path (the contact id as the client wrote it, still encoded). */
  readonly rawContactId?: string;
  /** A metrics query string. */
  readonly query?: string;
  /** The statuses a clear refusal may have: 400 for a bad field, 404 for a path no route or contact has. */
  readonly statuses: readonly number[];
  /** Field paths the 400 must name (a subset), when the case pins them down. */
  readonly fields?: readonly string[];
  readonly secrets: readonly string[];
}

const json = (value: unknown): string => JSON.stringify(value);

/** As a client would put it in a path (slashes kept); a lone surrogate as the bytes UTF-8 cannot have. */
const percentEncoded = (value: string): string =>
  [...value]
    .map((char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('')
    .replaceAll('%2F', '/');

/** A body that would record an outcome, the base every variant breaks. */
export const validOutcomeBody = () => ({
  codes: ['information_only', 'callback_needed'],
  note: GENERATED_NOTES[0],
  followUp: { kind: 'callback' },
  requestId: 'req-bad-input-1',
});

/**
 * Malformed bodies for POST /api/contacts/{contactId}/outcomes (RecordOutcomeBody): missing fields,
 * wrong types, unknown codes, unknown fields, huge notes, unicode and injection strings, bodies
 * that are no JSON or no object, a 1 MB body; and contact ids in the path that are none.
 */
export const malformedOutcomeRequests = (seed = 11): MalformedRequest[] => {
  const random = seededRandom(seed);
  const valid = validOutcomeBody();
  const note = GENERATED_NOTES[1];
  const requests: MalformedRequest[] = [];
  const body = (name: string, value: unknown, fields?: string[], secrets: string[] = []) =>
    requests.push({ name, body: json(value), statuses: [400], ...(fields ? { fields } : {}), secrets });
  const raw = (name: string, text: string, secrets: string[] = []) =>
    requests.push({ name, body: text, statuses: [400], fields: ['(body)'], secrets });

  // Missing fields.
  body('an empty object', {}, ['codes']);
  body('a note without codes', { note }, ['codes'], [note]);
  body(
    'a consultation without its time',
    { ...valid, followUp: { kind: 'consultation' } },
    ['followUp.at'],
    [note],
  );
  body('a follow-up without its kind', { ...valid, followUp: { at: '2026-11-26T10:00:00+01:00' } }, [
    'followUp.kind',
  ]);
  // Wrong types.
  body('codes as a string', { ...valid, codes: 'information_only' }, ['codes']);
  body('codes as numbers', { ...valid, codes: [1, 2] }, ['codes.0', 'codes.1']);
  body('codes as null', { ...valid, codes: null }, ['codes']);
  body('a note as a number', { ...valid, note: 42 }, ['note']);
  body('a note as an object', { ...valid, note: { text: note } }, ['note'], [note]);
  body('a follow-up as a string', { ...valid, followUp: 'tomorrow' }, ['followUp'], ['tomorrow']);
  body('a follow-up as an array', { ...valid, followUp: [] }, ['followUp']);
  body('a case resolution as true', { ...valid, caseResolution: true }, ['caseResolution']);
  body('a request id as a number', { ...valid, requestId: 7 }, ['requestId']);
  body('a revision as text', { ...valid, expectedRevision: '1' }, ['expectedRevision']);
  body('a negative revision', { ...valid, expectedRevision: -1 }, ['expectedRevision']);
  body('a fractional revision', { ...valid, expectedRevision: 1.5 }, ['expectedRevision']);
  body(
    'a consultation at no instant',
    { codes: ['appointment_booked'], followUp: { kind: 'consultation', at: 'morgen um 10' } },
    ['followUp.at'],
    ['morgen um 10'],
  );
  body(
    'a consultation at a date without offset',
    { codes: ['appointment_booked'], followUp: { kind: 'consultation', at: '2026-11-26T10:00:00' } },
    ['followUp.at'],
  );
  // Unknown codes and values.
  body('an unknown code', { ...valid, codes: ['free_flat'] }, ['codes.0'], ['free_flat']);
  body('no code at all', { ...valid, codes: [] }, ['codes']);
  body('a code twice', { ...valid, codes: ['information_only', 'information_only'] }, ['codes']);
  body('a code in capitals', { ...valid, codes: ['INFORMATION_ONLY'] }, ['codes.0'], ['INFORMATION_ONLY']);
  body(
    'an unknown follow-up kind',
    { ...valid, followUp: { kind: 'letter' } },
    ['followUp.kind'],
    ['letter'],
  );
  body('the resolution `other`, which only imports set', { ...valid, caseResolution: 'other' }, [
    'caseResolution',
  ]);
  body('100,000 codes', { ...valid, codes: Array.from({ length: 100_000 }, () => 'information_only') }, [
    'codes',
  ]);
  // Unknown extra fields.
  body(
    'a tenant name the API does not take',
    { ...valid, tenantName: 'Maria Testerin' },
    ['tenantName'],
    ['Maria Testerin'],
  );
  body(
    'an agent id the API takes from the token',
    { ...valid, agentId: 'someone-else' },
    ['agentId'],
    ['someone-else'],
  );
  body(
    'an extra field inside the follow-up',
    { ...valid, followUp: { kind: 'callback', phone: '+436641234567' } },
    ['followUp.phone'],
    ['+436641234567', '6641234567'],
  );
  requests.push({
    name: 'a __proto__ key',
    body: '{"codes":["information_only"],"__proto__":{"polluted":"yes"}}',
    statuses: [400],
    secrets: ['polluted'],
  });
  body(
    'a constructor key',
    { ...valid, constructor: { prototype: { polluted: 'yes' } } },
    ['constructor'],
    ['polluted'],
  );
  // Huge notes.
  body('a note of 501 characters', { ...valid, note: hugeText(random, 501) }, ['note']);
  const hugeNote = hugeText(random, 100 * KB);
  body('a note of 100 KB', { ...valid, note: hugeNote }, ['note'], [hugeNote.slice(0, 64)]);
  body('a note of 501 emoji', { ...valid, note: '🏠'.repeat(501) }, ['note'], ['🏠🏠🏠🏠']);
  const megabyte = hugeText(random, 1024 * KB);
  body('a body of 1 MB', { ...valid, note: megabyte }, ['note'], [megabyte.slice(0, 64)]);
  // Unicode and injection strings where a format is expected.
  for (const value of [...UNICODE_STRINGS, ...INJECTION_STRINGS]) {
    body(`code ${JSON.stringify(value)}`, { ...valid, codes: [value] }, ['codes.0'], secretsOf(value));
    body(
      `request id ${JSON.stringify(value)}`,
      { ...valid, requestId: value },
      ['requestId'],
      secretsOf(value),
    );
    const field = random.pick(['caseResolution', 'followUp.kind', 'followUp.at'] as const);
    const followUp =
      field === 'followUp.kind'
        ? { kind: value }
        : field === 'followUp.at'
          ? { kind: 'consultation', at: value }
          : undefined;
    body(
      `${field} ${JSON.stringify(value)}`,
      field === 'caseResolution' ? { ...valid, caseResolution: value } : { ...valid, followUp },
      [field],
      secretsOf(value),
    );
  }
  // No JSON, or no object.
  raw('an empty body', '');
  raw('half an object', '{"codes":["information_only"]');
  raw('single quotes', "{'codes': ['information_only']}");
  raw('a trailing comma', '{"codes":["information_only"],}');
  raw('NaN', '{"codes":["information_only"],"expectedRevision":NaN}');
  raw('a form instead of JSON', 'codes=information_only&note=Hallo');
  raw('null', 'null');
  raw('a number', '42');
  raw('a string', json(note), [note]);
  raw('an array instead of an object', json([valid]), [valid.note]);
  raw('an empty array', '[]');
  raw('JSON nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  raw('an XML body', `<outcome><codes>information_only</codes><note>${note}</note></outcome>`, [note]);
  requests.push({
    name: 'base64 that is no JSON',
    body: Buffer.from('\u0000\u0001garbage').toString('base64'),
    base64: true,
    statuses: [400],
    fields: ['(body)'],
    secrets: [],
  });
  requests.push({
    name: 'no body at all',
    body: undefined,
    statuses: [400],
    fields: ['(body)'],
    secrets: [],
  });
  // Contact ids in the path that are none: a 400, or a 404 where no route or no call matches.
  const path = (name: string, rawContactId: string, statuses: number[], secrets: string[] = []) =>
    requests.push({ name, body: json(valid), rawContactId, statuses, secrets });
  path('a contact id of 129 characters', 'c'.repeat(129), [400]);
  path('a contact id of 100 KB', hugeText(random, 100 * KB).replace(/[^A-Za-z0-9]/g, 'x'), [400]);
  path('a malformed escape in the contact id', '%ZZ', [400]);
  path('an encoded slash in the contact id', '..%2F..%2Fetc%2Fpasswd', [400], ['etc/passwd']);
  path('a path traversal', '../../etc/passwd', [404], ['etc/passwd']);
  path('a NUL in the contact id', 'abc%00def', [400]);
  path('a contact id nobody called from', 'no-such-contact', [404]);
  for (const value of [...UNICODE_STRINGS, ...INJECTION_STRINGS]) {
    path(`contact id ${JSON.stringify(value)}`, percentEncoded(value), [400, 404], secretsOf(value));
  }
  return requests;
};

/**
 * Malformed query strings for GET /api/metrics (MetricsQuery): missing and repeated parameters,
 * days that are none, periods backwards or too long, unknown values and parameters, huge values,
 * unicode and injection strings.
 */
export const malformedMetricsQueries = (seed = 13): MalformedRequest[] => {
  const random = seededRandom(seed);
  const queries: MalformedRequest[] = [];
  const query = (name: string, text: string, fields: string[], secrets: string[] = []) =>
    queries.push({ name, query: text, statuses: [400], fields, secrets });
  query('no parameters', '', ['from', 'to']);
  query('no end', 'from=2026-11-01', ['to']);
  query('a day that is none', 'from=2026-02-30&to=2026-03-01', ['from']);
  query('a month 13', 'from=2026-13-01&to=2026-12-31', ['from']);
  query('a German date', 'from=01.11.2026&to=30.11.2026', ['from', 'to']);
  query('a timestamp instead of a day', 'from=2026-11-01T00:00:00Z&to=2026-11-30', ['from']);
  query('backwards', 'from=2026-11-30&to=2026-11-01', ['to']);
  query('more than two years', 'from=2020-01-01&to=2026-12-31', ['to']);
  query(
    'an unknown granularity',
    'from=2026-11-01&to=2026-11-30&granularity=minute',
    ['granularity'],
    ['minute'],
  );
  query('an unknown format', 'from=2026-11-01&to=2026-11-30&format=xlsx', ['format'], ['xlsx']);
  query('an unknown parameter', 'from=2026-11-01&to=2026-11-30&tenancyId=100200300', ['tenancyId']);
  query('a parameter twice', 'from=2026-11-01&from=2026-11-02&to=2026-11-30', ['from']);
  const huge = hugeText(random, 100 * KB);
  query('a 100 KB day', `from=${encodeURIComponent(huge)}&to=2026-11-30`, ['from'], [huge.slice(0, 64)]);
  for (const value of [...UNICODE_STRINGS, ...INJECTION_STRINGS]) {
    const field = random.pick(['from', 'to', 'granularity', 'format'] as const);
    const params = new URLSearchParams({ from: '2026-11-01', to: '2026-11-30', [field]: value });
    query(`${field} ${JSON.stringify(value)}`, params.toString(), [field], secretsOf(value));
  }
  return queries;
};

// ---------------------------------------------------------------- Connect and EventBridge events

export interface MalformedFlowEvent {
  readonly name: string;
  readonly event: unknown;
  /**
   * - `fallback`: the event cannot be read; the flow gets FALLBACK_ATTRIBUTES and nothing is written;
   * - `invalid_parameters`: the lookup parameters are wrong; `invalid_input`, nothing written;
   * - `invalid_input`: the caller's number or keypad input is garbage; `invalid_input`, and the
   *   enquiry is logged under the call's id (no number in it);
   * - `tolerated`: only unknown or unused fields hold garbage; the lookup runs as usual and logs;
   * - `unlogged`: a contact id no key can hold; the lookup still answers, nothing is written.
   */
  readonly expected: 'fallback' | 'invalid_parameters' | 'invalid_input' | 'tolerated' | 'unlogged';
  /** The call-log item the enquiry goes to, where one is expected. */
  readonly callId?: string;
  readonly secrets: readonly string[];
}

/** A caller number in no read model, so a tolerated lookup answers `not_found`. */
export const UNKNOWN_CALLER = '+436509998877';

type Json = Record<string, unknown>;
const withPath = (event: Json, path: readonly string[], value: unknown): Json => {
  const [head, ...rest] = path;
  if (head === undefined) return event;
  const copy: Json = { ...event };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  copy[head] = withPath((event[head] ?? {}) as Json, rest, value);
  return copy;
};

/**
 * Malformed Connect contact flow events for identify-caller: missing Details or ContactData, wrong
 * types, huge strings, garbage phone numbers and keypad input, injection strings in attributes.
 */
export const malformedFlowEvents = (seed = 17): MalformedFlowEvent[] => {
  const random = seededRandom(seed);
  const events: MalformedFlowEvent[] = [];
  let n = 0;
  const nextId = () => `bad-flow-${String(++n).padStart(3, '0')}`;
  const base = (callerNumber: string | null = UNKNOWN_CALLER, parameters?: Record<string, string>) => {
    const id = nextId();
    return {
      id,
      event: aContactFlowEvent({
        contactId: id,
        callerNumber,
        ...(parameters ? { parameters } : {}),
      }) as Json,
    };
  };
  const broken = (name: string, path: string[], value: unknown) => {
    const { event } = base();
    events.push({ name, event: withPath(event, path, value), expected: 'fallback', secrets: [] });
  };

  for (const [name, event] of [
    ['null', null],
    ['a string', 'ContactFlowEvent'],
    ['a number', 42],
    ['an array', [aContactFlowEvent()]],
    ['an empty object', {}],
  ] as const) {
    events.push({ name: `an event that is ${name}`, event, expected: 'fallback', secrets: [] });
  }
  broken('no Details', ['Details'], undefined);
  broken('Details null', ['Details'], null);
  broken('Details a string', ['Details'], 'x');
  broken('no ContactData', ['Details', 'ContactData'], undefined);
  broken('ContactData an array', ['Details', 'ContactData'], []);
  broken('no ContactId', ['Details', 'ContactData', 'ContactId'], undefined);
  broken('an empty ContactId', ['Details', 'ContactData', 'ContactId'], '');
  broken('ContactId a number', ['Details', 'ContactData', 'ContactId'], 42);
  broken('ContactId an object', ['Details', 'ContactData', 'ContactId'], { id: 'x' });
  broken('InitialContactId a number', ['Details', 'ContactData', 'InitialContactId'], 7);
  broken('Channel a number', ['Details', 'ContactData', 'Channel'], 1);
  broken('Attributes a string', ['Details', 'ContactData', 'Attributes'], 'x=1');
  broken('an attribute that is a number', ['Details', 'ContactData', 'Attributes'], { risk: 5 });
  broken('CustomerEndpoint a number', ['Details', 'ContactData', 'CustomerEndpoint'], 5);
  broken(
    'the caller address a number',
    ['Details', 'ContactData', 'CustomerEndpoint', 'Address'],
    436641234567,
  );
  broken('Queue a string', ['Details', 'ContactData', 'Queue'], 'urgent');
  broken('Parameters a string', ['Details', 'Parameters'], 'lookup=phone');
  broken('a parameter that is a number', ['Details', 'Parameters'], { lookup: 5 });
  broken('Name another event', ['Name'], 'ScheduledEvent');

  for (const [parameters, bad] of [
    [{ lookup: 'bogus' }, 'bogus'],
    [{ lookup: '<script>alert(1)</script>' }, '<script>alert(1)</script>'],
    [{ lookup: 'phone', courtLetter: 'maybe' }, 'maybe'],
    [{ lookup: 'tenancy', courtLetter: "'; DROP TABLE tenancies; --" }, "'; DROP TABLE tenancies; --"],
  ] as const) {
    const { event } = base(UNKNOWN_CALLER, parameters);
    events.push({
      name: `parameters ${JSON.stringify(parameters)}`,
      event,
      expected: 'invalid_parameters',
      secrets: secretsOf(bad),
    });
  }

  const garbageNumbers = [
    'abc',
    '+43',
    '0664 123 45 67',
    '+43 664 1234567',
    '+4366412345678901234',
    '0'.repeat(1000),
    hugeText(random, 100 * KB),
    ...UNICODE_STRINGS,
    ...INJECTION_STRINGS,
  ];
  for (const number of garbageNumbers) {
    const { id, event } = base(number);
    events.push({
      name: `caller number ${JSON.stringify(number.slice(0, 40))}`,
      event,
      expected: 'invalid_input',
      callId: id,
      secrets: rawInput(number),
    });
  }
  for (const keyed of [
    'abc',
    '',
    '1'.repeat(1000),
    '*#',
    'Timeout',
    ...UNICODE_STRINGS,
    ...INJECTION_STRINGS,
  ]) {
    const { id, event } = base(null, { lookup: 'tenancy', tenancyNumber: keyed });
    events.push({
      name: `keyed tenancy number ${JSON.stringify(keyed.slice(0, 40))}`,
      event,
      expected: 'invalid_input',
      callId: id,
      secrets: rawInput(keyed),
    });
  }

  // Garbage only where the lookup does not read: tolerated, as AWS asks for unknown fields.
  const tolerated = (name: string, path: string[], value: unknown, secrets: string[] = []) => {
    const { id, event } = base();
    events.push({ name, event: withPath(event, path, value), expected: 'tolerated', callId: id, secrets });
  };
  tolerated(
    'injection strings in contact attributes',
    ['Details', 'ContactData', 'Attributes'],
    Object.fromEntries(INJECTION_STRINGS.map((value, i) => [`a${i}`, value])),
    [...INJECTION_STRINGS],
  );
  tolerated(
    'unicode in contact attributes',
    ['Details', 'ContactData', 'Attributes'],
    Object.fromEntries(UNICODE_STRINGS.map((value, i) => [`u${i}`, value])),
  );
  const hugeAttribute = hugeText(random, 100 * KB);
  tolerated('a 100 KB attribute', ['Details', 'ContactData', 'Attributes'], { big: hugeAttribute }, [
    hugeAttribute.slice(0, 64),
  ]);
  tolerated('an unknown field in ContactData', ['Details', 'ContactData', 'Tags'], { '<b>': "'; DROP" });
  tolerated('an unknown parameter', ['Details', 'Parameters', 'extra'], JNDI_LOOKUP, [JNDI_LOOKUP]);
  tolerated('a system endpoint of garbage', ['Details', 'ContactData', 'SystemEndpoint'], {
    Address: '../../etc/passwd',
    Type: 'TELEPHONE_NUMBER',
  });
  const hugeId = hugeText(random, 100 * KB);
  events.push({
    name: 'a ContactId of 100 KB',
    event: aContactFlowEvent({ contactId: hugeId, callerNumber: UNKNOWN_CALLER }),
    expected: 'unlogged',
    // The contact id is the log lines' correlation id: logged, as any contact id is.
    secrets: [],
  });
  return events;
};

export interface MalformedContactEvent {
  readonly name: string;
  readonly event: unknown;
  /**
   * - `dropped`: logged (field paths only) and dropped; nothing written, nothing thrown;
   * - `ignored`: readable but nothing for the call log (not a voice contact); nothing written;
   * - `tolerated`: garbage only in unknown or unused fields; the call log gets the milestone;
   * - `rejected`: a contact id no key can hold (Connect's are at most 256 characters): the store
   *   refuses the write, the handler throws as for any store failure, so EventBridge retries the
   *   event and Lambda parks it in the dead-letter queue. Nothing is written.
   */
  readonly expected: 'dropped' | 'ignored' | 'tolerated' | 'rejected';
  readonly callId?: string;
  readonly secrets: readonly string[];
}

/**
 * Malformed EventBridge contact events for contact-events: missing detail or ids, wrong types,
 * timestamps that are none, huge strings, injection strings in attributes and unknown fields.
 */
export const malformedContactEvents = (seed = 19): MalformedContactEvent[] => {
  const random = seededRandom(seed);
  const events: MalformedContactEvent[] = [];
  let n = 0;
  const base = () => {
    const id = `bad-event-${String(++n).padStart(3, '0')}`;
    return { id, event: aContactEvent(anAnsweredCall(id), 'INITIATED', { id: `evt-${id}` }) as Json };
  };
  const dropped = (name: string, path: string[], value: unknown, secrets: string[] = []) =>
    events.push({ name, event: withPath(base().event, path, value), expected: 'dropped', secrets });

  for (const [name, event] of [
    ['null', null],
    ['a string', 'Amazon Connect Contact Event'],
    ['an array', []],
    ['an empty object', {}],
  ] as const) {
    events.push({ name: `an event that is ${name}`, event, expected: 'dropped', secrets: [] });
  }
  dropped('no id', ['id'], undefined);
  dropped('an empty id', ['id'], '');
  dropped('an id that is a number', ['id'], 5);
  dropped('another source', ['source'], 'aws.ec2');
  dropped('another detail-type', ['detail-type'], 'EC2 Instance State-change Notification');
  dropped('no time', ['time'], undefined);
  dropped('a time that is none', ['time'], 'yesterday');
  dropped('no detail', ['detail'], undefined);
  dropped('detail null', ['detail'], null);
  dropped('detail a string', ['detail'], '{"contactId":"x"}');
  dropped('no eventType', ['detail', 'eventType'], undefined);
  dropped('an empty eventType', ['detail', 'eventType'], '');
  dropped('no contactId', ['detail', 'contactId'], undefined);
  dropped('an empty contactId', ['detail', 'contactId'], '');
  dropped('a contactId that is a number', ['detail', 'contactId'], 42);
  dropped('initialContactId an object', ['detail', 'initialContactId'], { id: 'x' });
  dropped('no channel', ['detail', 'channel'], undefined);
  dropped('a channel that is a number', ['detail', 'channel'], 1);
  dropped('an initiation time that is none', ['detail', 'initiationTimestamp'], 'gestern');
  dropped('an initiation time in month 13', ['detail', 'initiationTimestamp'], '2026-13-01T09:00:00Z');
  dropped('an initiation time in epoch seconds', ['detail', 'initiationTimestamp'], 1795600800);
  const huge = hugeText(random, 100 * KB);
  dropped('a 100 KB initiation time', ['detail', 'initiationTimestamp'], huge, [huge.slice(0, 64)]);
  dropped('queueInfo a string', ['detail', 'queueInfo'], 'urgent');
  dropped('an enqueue time that is none', ['detail', 'queueInfo'], { enqueueTimestamp: 'soon' });
  dropped('agentInfo a string', ['detail', 'agentInfo'], 'agent-1');
  dropped('AgentInfo a number', ['detail', 'AgentInfo'], 5);
  dropped('a disconnect reason that is a number', ['detail', 'disconnectReason'], 500);
  for (const value of [...UNICODE_STRINGS, ...INJECTION_STRINGS]) {
    const field = random.pick(['initiationTimestamp', 'disconnectTimestamp'] as const);
    dropped(`${field} ${JSON.stringify(value)}`, ['detail', field], value, secretsOf(value));
  }

  const { event: chat } = base();
  events.push({
    name: 'a chat contact',
    event: withPath(chat, ['detail', 'channel'], 'CHAT'),
    expected: 'ignored',
    secrets: [],
  });
  const tolerated = (name: string, path: string[], value: unknown, secrets: string[] = []) => {
    const { id, event } = base();
    events.push({ name, event: withPath(event, path, value), expected: 'tolerated', callId: id, secrets });
  };
  tolerated(
    'injection strings in contact attributes',
    ['detail', 'Attributes'],
    Object.fromEntries(INJECTION_STRINGS.map((value, i) => [`a${i}`, value])),
  );
  tolerated('unicode in an unknown field', ['detail', 'tags'], [...UNICODE_STRINGS]);
  tolerated('a 100 KB unknown field', ['detail', 'description'], hugeText(random, 100 * KB));
  tolerated('an unknown event type', ['detail', 'eventType'], 'TELEPATHY_STARTED');
  tolerated('an unknown top-level field', ['comment'], JNDI_LOOKUP);
  const hugeId = hugeText(random, 100 * KB);
  events.push({
    name: 'a contactId of 100 KB',
    event: withPath(
      withPath(base().event, ['detail', 'contactId'], hugeId),
      ['detail', 'initialContactId'],
      undefined,
    ),
    expected: 'rejected',
    secrets: [],
  });
  return events;
};

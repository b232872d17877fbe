import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatRowProblem, InvalidImportError } from '../../shared/domain/errors.ts';
import { readTenancyFiles, type TenancyImportInput } from '../../shared/import/read-tenancy-files.ts';

const FIXTURES = new URL('../fixtures/csv/', import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES);

const TENANCY_HEADER =
  'tenancy_id,tenant_name,phone_numbers,address,postal_code,preferred_language,household_size,children';
const CASE_HEADER =
  'case_id,tenancy_id,status,stage,arrears_eur,months_in_arrears,court_hearing_date,eviction_date,case_worker,opened_on,resolution';
const A_TENANCY = '100200300,Maria Gruber,0664 123 45 67,Quellenstraße 24/3/7,1100,de,3,2';
const AN_OPEN_CASE = 'F-1,100200300,open,lawsuit,1234.50,3,2026-12-01,,Eva Novak,2026-06-01,';

const tenanciesCsv = (...rows: string[]) => [TENANCY_HEADER, ...rows].join('\n');
const casesCsv = (...rows: string[]) => [CASE_HEADER, ...rows].join('\n');

const read = (tenancies: string, cases?: string) =>
  readTenancyFiles({
    tenancies: { name: 'tenancies.csv', content: tenancies },
    cases: cases === undefined ? undefined : { name: 'cases.csv', content: cases },
  });

/** The problems a refused import reports, as a person reads them: `file:line:column field: message`. */
const problemsOf = async (input: Promise<unknown>): Promise<string[]> => {
  const error = await input.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidImportError)) throw new Error('expected the import to be refused');
  return error.problems.map(formatRowProblem);
};

describe('reading tenancies.csv and cases.csv', () => {
  it('reads a file saved as Excel "CSV UTF-8" (BOM, CRLF) like the same file with LF and no BOM', async () => {
    // Prepare
    const excelBytes = await readFile(fixture('tenancies-valid-excel.csv'));
    expect(excelBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(excelBytes.includes('\r\n')).toBe(true);
    const plain = await readFile(fixture('tenancies-valid.csv'), 'utf8');
    expect(plain.includes('\r')).toBe(false);
    // Act
    const excel = await readTenancyFiles({
      tenancies: { name: 'tenancies.csv', content: excelBytes },
      cases: { name: 'cases.csv', content: await readFile(fixture('cases-valid-excel.csv')) },
    });
    const lf = await readTenancyFiles({
      tenancies: { name: 'tenancies.csv', content: plain },
      cases: { name: 'cases.csv', content: await readFile(fixture('cases-valid.csv'), 'utf8') },
    });
    // Assess
    expect(excel.files.map((f) => f.tenancy.tenancyId)).toEqual([
      '100200300',
      '100200301',
      '100200302',
      '100200303',
    ]);
    expect(excel.files[0]?.tenancy.tenancyId).toBe('100200300'); // the BOM is not part of the first column
    expect(excel.files.map((f) => f.tenancy)).toEqual(lf.files.map((f) => f.tenancy));
    expect(excel.files.map((f) => f.cases)).toEqual(lf.files.map((f) => f.cases));
  });

  it('reads files from disk as streams', async () => {
    // Act
    const result = await readTenancyFiles({
      tenancies: { name: 'tenancies.csv', content: createReadStream(fixture('tenancies-valid.csv')) },
      cases: { name: 'cases.csv', content: createReadStream(fixture('cases-valid.csv')) },
    });
    // Assess
    expect(result).toMatchObject({ tenancyRows: 4, caseRows: 4 });
    expect(result.files[0]?.cases.map((c) => c.caseId)).toEqual(['F-2025-00017', 'F-2026-00101']);
  });

  it('reads quoted fields with commas, doubled quotes, umlauts and a line break', async () => {
    // Act
    const { files } = await read(
      tenanciesCsv(
        '100200300,"Gruber, Maria",,"Quellenstraße 24/3/7",1100,de,3,2',
        '100200301,"Josef ""Sepp"" Hüber",,"Sandleitengasse 43\nStiege 18/4",1160,de,1,0',
      ),
      casesCsv('F-1,100200301,open,lawsuit,1234.50,3,,,"Eva Novak, BA",2026-06-01,'),
    );
    // Assess
    expect(files[0]?.tenancy).toMatchObject({ tenantName: 'Gruber, Maria', address: 'Quellenstraße 24/3/7' });
    expect(files[1]?.tenancy).toMatchObject({
      tenantName: 'Josef "Sepp" Hüber',
      address: 'Sandleitengasse 43\nStiege 18/4',
    });
    expect(files[1]?.cases[0]?.caseWorker).toBe('Eva Novak, BA');
  });

  it('reads a stream whose chunks split the bytes of an umlaut', async () => {
    // Prepare
    const bytes = Buffer.from(`\uFEFF${tenanciesCsv('100200300,Jürgen Müller,,Märzstraße 1/2,1150,de,1,0')}`);
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    // Act
    const { files } = await readTenancyFiles({
      tenancies: { name: 't.csv', content: Readable.from(chunks) },
    });
    // Assess
    expect(files[0]?.tenancy).toMatchObject({ tenantName: 'Jürgen Müller', address: 'Märzstraße 1/2' });
  });

  it('ignores extra columns, takes columns in any order and matches names case-insensitively', async () => {
    // Act
    const { files } = await read(
      [
        'Bezirk,CHILDREN,household_size,postal_code,address,phone_numbers,tenant_name,tenancy_id,notes',
        '"10., Favoriten",2,3,1100,Quellenstraße 24/3/7,0664 123 45 67,Maria Gruber,100200300,whatever',
      ].join('\n'),
    );
    // Assess
    expect(files).toEqual([
      {
        tenancy: {
          tenancyId: '100200300',
          tenantName: 'Maria Gruber',
          phoneNumbers: ['+436641234567'],
          address: 'Quellenstraße 24/3/7',
          postalCode: '1100',
          preferredLanguage: 'de',
          householdSize: 3,
          children: 2,
        },
        cases: [],
      },
    ]);
  });

  it('defaults the preferred language to de and lower-cases a given one', async () => {
    // Act
    const { files } = await read(
      tenanciesCsv(
        '100200300,Maria Gruber,,Quellenstraße 24/3/7,1100,,3,2',
        '100200301,Ayşe Kaya,,Quellenstraße 26/1/2,1100,TR,3,2',
      ),
    );
    // Assess
    expect(files.map((f) => f.tenancy.preferredLanguage)).toEqual(['de', 'tr']);
  });

  it('skips empty lines and rows of empty fields, as spreadsheets leave them', async () => {
    // Act
    const result = await read(`\n${TENANCY_HEADER}\n\n${A_TENANCY}\n,,,,,,,\n\n`);
    // Assess
    expect(result.files).toHaveLength(1);
    expect(result.tenancyRows).toBe(1);
  });

  it.each([
    ['01/4000-8000', '+43140008000'],
    ['0664 123 45 67', '+436641234567'],
    ['+43 1 234567', '+431234567'],
    ['0043 664 1234567', '+436641234567'],
    ['0699/12345678', '+4369912345678'],
    ['+43 (0)676 9876543', '+436769876543'],
    ['+49 170 1234567', '+491701234567'],
  ])('normalises the phone number %s to %s', async (written, e164) => {
    // Act
    const { files } = await read(tenanciesCsv(`100200300,Maria Gruber,${written},Gasse 1/2,1100,de,1,0`));
    // Assess
    expect(files[0]?.tenancy.phoneNumbers).toEqual([e164]);
  });

  it('reads several numbers separated by semicolons, drops repeats and allows an empty field', async () => {
    // Act
    const { files } = await read(
      tenanciesCsv(
        '100200300,Maria Gruber,01/4000-8000; 0664 123 45 67 ;0043 664 1234567;,Gasse 1/2,1100,de,1,0',
        '100200301,Karl Berger,,Gasse 1/3,1100,de,1,0',
      ),
    );
    // Assess
    expect(files[0]?.tenancy.phoneNumbers).toEqual(['+43140008000', '+436641234567']);
    expect(files[1]?.tenancy.phoneNumbers).toEqual([]);
  });

  it('reads cases into their tenancy, with optional dates and a resolution for closed cases', async () => {
    // Act
    const { files, caseRows } = await read(
      tenanciesCsv(A_TENANCY),
      casesCsv('F-0,100200300,closed,termination,0,0,,,Eva Novak,2025-01-10,housing_secured', AN_OPEN_CASE),
    );
    // Assess
    expect(caseRows).toBe(2);
    expect(files[0]?.cases).toEqual([
      {
        caseId: 'F-0',
        tenancyId: '100200300',
        status: 'closed',
        stage: 'termination',
        arrearsEur: 0,
        monthsInArrears: 0,
        caseWorker: 'Eva Novak',
        openedOn: '2025-01-10',
        resolution: 'housing_secured',
      },
      {
        caseId: 'F-1',
        tenancyId: '100200300',
        status: 'open',
        stage: 'lawsuit',
        arrearsEur: 1234.5,
        monthsInArrears: 3,
        courtHearingDate: '2026-12-01',
        caseWorker: 'Eva Novak',
        openedOn: '2026-06-01',
      },
    ]);
  });

  it('accepts a cases file without the optional date and resolution columns', async () => {
    // Act
    const { files } = await read(
      tenanciesCsv(A_TENANCY),
      [
        'case_id,tenancy_id,status,stage,arrears_eur,months_in_arrears,case_worker,opened_on',
        'F-1,100200300,open,arrears,99.9,1,Eva Novak,2026-06-01',
      ].join('\n'),
    );
    // Assess
    expect(files[0]?.cases[0]).toMatchObject({ caseId: 'F-1', arrearsEur: 99.9 });
  });
});

describe('problems in the files', () => {
  it('names each required column the header lacks', async () => {
    // Act
    const problems = await problemsOf(
      read('tenancy_id,tenant_name,address,postal_code,household_size\n100200300,A,B,1100,1'),
    );
    // Assess
    expect(problems).toEqual([
      'tenancies.csv:1:6 phone_numbers: required column "phone_numbers" is missing from the header',
      'tenancies.csv:1:6 children: required column "children" is missing from the header',
    ]);
  });

  it('refuses an empty file, a header separated by semicolons and a repeated column', async () => {
    // Act
    const empty = await problemsOf(read(''));
    const semicolons = await problemsOf(read(TENANCY_HEADER.replaceAll(',', ';')));
    const repeated = await problemsOf(read(`${TENANCY_HEADER},tenant_name\n${A_TENANCY},X`));
    // Assess
    expect(empty).toEqual([
      'tenancies.csv:1:1 : the file is empty; expected a header row with tenancy_id, tenant_name, phone_numbers, address, postal_code, household_size, children',
    ]);
    expect(semicolons).toEqual([
      'tenancies.csv:1:1 : the header is separated by semicolons; separate the columns with commas',
    ]);
    expect(repeated).toEqual([
      'tenancies.csv:1:9 tenant_name: column "tenant_name" appears twice in the header (columns 2 and 9)',
    ]);
  });

  it.each([
    ['tenancy_id', '12345,Maria Gruber,,Gasse 1,1100,de,1,0', '2:1 tenancy_id: must be 6 to 12 digits'],
    ['tenancy_id', '10020030A,Maria Gruber,,Gasse 1,1100,de,1,0', '2:1 tenancy_id: must be 6 to 12 digits'],
    ['tenant_name', '100200300,,,Gasse 1,1100,de,1,0', '2:2 tenant_name: is required'],
    [
      'phone_numbers',
      '100200300,Maria Gruber,0664 1234567;0664 12,Gasse 1,1100,de,1,0',
      '2:3 phone_numbers: phone number 2 is not a valid phone number',
    ],
    [
      'phone_numbers',
      '100200300,Maria Gruber,ruft nicht an,Gasse 1,1100,de,1,0',
      '2:3 phone_numbers: phone number 1 contains characters other than digits',
    ],
    ['address', '100200300,Maria Gruber,,,1100,de,1,0', '2:4 address: is required'],
    [
      'postal_code',
      '100200300,Maria Gruber,,Gasse 1,A-1100,de,1,0',
      '2:5 postal_code: must be a four-digit Austrian postal code',
    ],
    [
      'preferred_language',
      '100200300,Maria Gruber,,Gasse 1,1100,deutsch,1,0',
      '2:6 preferred_language: must be an ISO 639-1 code such as de or en',
    ],
    [
      'household_size',
      '100200300,Maria Gruber,,Gasse 1,1100,de,0,0',
      '2:7 household_size: must be a whole number, 1 or more',
    ],
    [
      'children',
      '100200300,Maria Gruber,,Gasse 1,1100,de,2,-1',
      '2:8 children: must be a whole number, 0 or more',
    ],
    [
      'children',
      '100200300,Maria Gruber,,Gasse 1,1100,de,2,1.5',
      '2:8 children: must be a whole number, 0 or more',
    ],
  ])('reports a bad %s in tenancies.csv with file, line and column', async (_field, row, expected) => {
    // Act
    const problems = await problemsOf(read(tenanciesCsv(row)));
    // Assess
    expect(problems).toEqual([`tenancies.csv:${expected}`]);
  });

  it.each([
    ['case_id', ',100200300,open,arrears,1,1,,,Eva Novak,2026-06-01,', '2:1 case_id: is required'],
    [
      'tenancy_id',
      'F-1,1002,open,arrears,1,1,,,Eva Novak,2026-06-01,',
      '2:2 tenancy_id: must be 6 to 12 digits',
    ],
    [
      'status',
      'F-1,100200300,pending,arrears,1,1,,,Eva Novak,2026-06-01,',
      '2:3 status: must be open or closed',
    ],
    [
      'stage',
      'F-1,100200300,open,eviction,1,1,,,Eva Novak,2026-06-01,',
      '2:4 stage: must be one of arrears, reminder, termination, lawsuit, judgment, eviction_scheduled',
    ],
    [
      'arrears_eur',
      'F-1,100200300,open,arrears,"1.234,50",1,,,Eva Novak,2026-06-01,',
      '2:5 arrears_eur: must be an amount in euros like 1234.50: a point before the cents, no thousands separator',
    ],
    [
      'arrears_eur',
      'F-1,100200300,open,arrears,"1234,50",1,,,Eva Novak,2026-06-01,',
      '2:5 arrears_eur: must be an amount in euros like 1234.50: a point before the cents, no thousands separator',
    ],
    [
      'months_in_arrears',
      'F-1,100200300,open,arrears,1,drei,,,Eva Novak,2026-06-01,',
      '2:6 months_in_arrears: must be a whole number, 0 or more',
    ],
    [
      'court_hearing_date',
      'F-1,100200300,open,lawsuit,1,1,24.12.2026,,Eva Novak,2026-06-01,',
      '2:7 court_hearing_date: must be a date YYYY-MM-DD',
    ],
    [
      'eviction_date',
      'F-1,100200300,open,judgment,1,1,,2026-02-30,Eva Novak,2026-06-01,',
      '2:8 eviction_date: must be a date YYYY-MM-DD',
    ],
    ['case_worker', 'F-1,100200300,open,arrears,1,1,,,,2026-06-01,', '2:9 case_worker: is required'],
    ['opened_on', 'F-1,100200300,open,arrears,1,1,,,Eva Novak,,', '2:10 opened_on: is required'],
    [
      'resolution',
      'F-1,100200300,closed,arrears,1,1,,,Eva Novak,2026-06-01,won',
      '2:11 resolution: must be one of housing_secured, housing_lost, other',
    ],
    [
      'resolution',
      'F-1,100200300,closed,arrears,1,1,,,Eva Novak,2026-06-01,',
      '2:11 resolution: is required for a closed case: housing_secured, housing_lost or other',
    ],
    [
      'resolution',
      'F-1,100200300,open,arrears,1,1,,,Eva Novak,2026-06-01,housing_secured',
      '2:11 resolution: must be empty for an open case',
    ],
  ])('reports a bad %s in cases.csv with file, line and column', async (_field, row, expected) => {
    // Act
    const problems = await problemsOf(read(tenanciesCsv(A_TENANCY), casesCsv(row)));
    // Assess
    expect(problems).toEqual([`cases.csv:${expected}`]);
  });

  it('reports every problem of a row and of both files in one go', async () => {
    // Act
    const problems = await problemsOf(
      readTenancyFiles({
        tenancies: { name: 'tenancies.csv', content: createReadStream(fixture('tenancies-bad.csv')) },
        cases: { name: 'cases.csv', content: createReadStream(fixture('cases-bad.csv')) },
      }),
    );
    // Assess
    expect(problems).toEqual([
      'tenancies.csv:3:1 tenancy_id: must be 6 to 12 digits',
      'tenancies.csv:3:3 phone_numbers: phone number 2 is not a valid phone number',
      'tenancies.csv:4:5 postal_code: must be a four-digit Austrian postal code',
      'tenancies.csv:4:7 household_size: must be a whole number, 1 or more',
      'tenancies.csv:5:1 tenancy_id: tenancy 100200300 is already on line 2',
      'cases.csv:2:5 arrears_eur: must be an amount in euros like 1234.50: a point before the cents, no thousands separator',
      'cases.csv:2:7 court_hearing_date: must be a date YYYY-MM-DD',
      'cases.csv:3:3 status: tenancy 100200300 already has an open case (F-1 on line 2); a tenancy has at most one open case',
      'cases.csv:4:1 case_id: case F-2 is already on line 3',
      'cases.csv:4:2 tenancy_id: tenancy 999999999 is not in tenancies.csv',
      'cases.csv:4:11 resolution: is required for a closed case: housing_secured, housing_lost or other',
    ]);
  });

  it('counts physical lines, also after a quoted field that spans lines', async () => {
    // Act
    const problems = await problemsOf(
      read(
        [
          TENANCY_HEADER,
          '100200300,"Maria\r\nGruber",,"Gasse 1\nStiege 2\r\nTür 3",1100,de,1,X',
          '100200301,Karl Berger,,Gasse 2,1100,de,0,0',
        ].join('\r\n'),
      ),
    );
    // Assess: the bad field of row 1 sits on the row's fourth line; row 2 starts on line 6
    expect(problems).toEqual([
      'tenancies.csv:5:8 children: must be a whole number, 0 or more',
      'tenancies.csv:6:7 household_size: must be a whole number, 1 or more',
    ]);
  });

  it('never repeats a phone number in a message', async () => {
    // Act
    const problems = await problemsOf(
      read(tenanciesCsv('100200300,Maria Gruber,0664 1234567;0664 98765432109876,Gasse 1,1100,de,1,0')),
    );
    // Assess
    expect(problems).toEqual(['tenancies.csv:2:3 phone_numbers: phone number 2 is not a valid phone number']);
    expect(problems.join()).not.toMatch(/98765|1234567/);
  });

  it('refuses a row with more fields than the header, as an unquoted comma leaves it', async () => {
    // Act
    const problems = await problemsOf(
      read(tenanciesCsv('100200300,Gruber, Maria,,Gasse 1,1100,de,1,0'), casesCsv(AN_OPEN_CASE)),
    );
    // Assess: one problem, not a cascade of shifted values, and its tenancy is still known to cases.csv
    expect(problems).toEqual([
      'tenancies.csv:2:9 : the row has 9 fields but the header has 8; quote values that contain commas',
    ]);
  });

  it('reports a quote that is never closed at the row where it opens', async () => {
    // Act
    const problems = await problemsOf(
      read(tenanciesCsv(A_TENANCY, '100200301,"Karl Berger,,Gasse 2,1100,de,1,0', A_TENANCY)),
    );
    // Assess
    expect(problems).toEqual([
      'tenancies.csv:3:2 tenant_name: a quoted field that starts in this row is never closed',
    ]);
  });

  it('reports text that is not UTF-8, as older Excel versions save it', async () => {
    // Act
    const problems = await problemsOf(
      readTenancyFiles({
        tenancies: { name: 'tenancies.csv', content: await readFile(fixture('tenancies-windows-1252.csv')) },
      }),
    );
    // Assess
    expect(problems).toEqual([
      'tenancies.csv:2:2 tenant_name: contains characters that are not UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8")',
    ]);
  });

  it('lists the first 100 problems and says how many more there are', async () => {
    // Prepare
    const rows = Array.from({ length: 150 }, (_, i) => `${100200300 + i},Name,,Gasse 1,1100,de,0,0`);
    // Act
    const problems = await problemsOf(read(tenanciesCsv(...rows)));
    // Assess
    expect(problems).toHaveLength(101);
    expect(problems[99]).toBe('tenancies.csv:101:7 household_size: must be a whole number, 1 or more');
    expect(problems[100]).toBe(
      'tenancies.csv:151:7 household_size: and 50 more problem(s) up to this one; only the first 100 are listed',
    );
  });

  it('refuses a case whose tenancy is missing, a second open case and a repeated case id', async () => {
    // Act
    const problems = await problemsOf(
      read(
        tenanciesCsv(A_TENANCY),
        casesCsv(
          AN_OPEN_CASE,
          'F-2,100200300,open,arrears,1,1,,,Eva Novak,2026-06-01,',
          'F-1,100200300,closed,arrears,1,1,,,Eva Novak,2026-06-01,other',
          'F-3,100200399,closed,arrears,1,1,,,Eva Novak,2026-06-01,other',
        ),
      ),
    );
    // Assess
    expect(problems).toEqual([
      'cases.csv:3:3 status: tenancy 100200300 already has an open case (F-1 on line 2); a tenancy has at most one open case',
      'cases.csv:4:1 case_id: case F-1 is already on line 2',
      'cases.csv:5:2 tenancy_id: tenancy 100200399 is not in tenancies.csv',
    ]);
  });

  it('does not blame cases.csv for a tenancy whose own row had a problem', async () => {
    // Act
    const problems = await problemsOf(
      read(tenanciesCsv('100200300,Maria Gruber,,Gasse 1,1100,de,0,0'), casesCsv(AN_OPEN_CASE)),
    );
    // Assess
    expect(problems).toEqual(['tenancies.csv:2:7 household_size: must be a whole number, 1 or more']);
  });

  it('passes on errors of the source stream instead of reporting them as rows', async () => {
    // Prepare
    const input: TenancyImportInput = {
      tenancies: {
        name: 'tenancies.csv',
        content: new Readable({
          read() {
            this.destroy(new Error('disk went away'));
          },
        }),
      },
    };
    // Act
    const attempt = readTenancyFiles(input);
    // Assess
    await expect(attempt).rejects.toThrow('disk went away');
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CALLERS, type DemoData, generateDemoData, writeDemoCsv } from '../../local/demo/demo-data.ts';
import { parsePhone } from '../../shared/domain/phone.ts';
import { assessRisk, DEFAULT_RISK_THRESHOLDS } from '../../shared/domain/risk.ts';
import { CASE_STAGES, type EvictionCase, openCaseOf, type TenancyFile } from '../../shared/domain/tenancy.ts';
import { daysBetween, type IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { readTenancyFiles } from '../../shared/import/read-tenancy-files.ts';

const TODAY = '2026-11-25' as IsoDate;

const importCsv = (data: DemoData) =>
  readTenancyFiles({
    tenancies: { name: 'tenancies.csv', content: data.tenanciesCsv },
    cases: { name: 'cases.csv', content: data.casesCsv },
  });

const byTenancyId = (files: readonly TenancyFile[], id: string) => {
  const file = files.find((f) => f.tenancy.tenancyId === id);
  if (!file) throw new Error(`tenancy ${id} is not in the demo data`);
  return file;
};

const riskOf = (file: TenancyFile, today: IsoDate) =>
  assessRisk({ openCase: openCaseOf(file), today, thresholds: DEFAULT_RISK_THRESHOLDS }).level;

describe('demo data', () => {
  let data: DemoData;
  let openCases: EvictionCase[];
  let closedCases: EvictionCase[];

  beforeAll(() => {
    data = generateDemoData({ seed: 7, today: TODAY, tenancies: 2000 });
    openCases = data.files.flatMap((f) => f.cases.filter((c) => c.status === 'open'));
    closedCases = data.files.flatMap((f) => f.cases.filter((c) => c.status === 'closed'));
  });

  it('is the same for the same seed, day and size, and different for another seed', () => {
    // Act
    const again = generateDemoData({ seed: 7, today: TODAY, tenancies: 2000 });
    const other = generateDemoData({ seed: 8, today: TODAY, tenancies: 2000 });
    // Assess
    expect(again.tenanciesCsv).toBe(data.tenanciesCsv);
    expect(again.casesCsv).toBe(data.casesCsv);
    expect(other.tenanciesCsv).not.toBe(data.tenanciesCsv);
  });

  it('imports from its CSV text to exactly its tenancy files', async () => {
    // Act
    const imported = await importCsv(data);
    // Assess
    expect(imported.files).toEqual(data.files);
  });

  it('has unique tenancy ids of 6 to 12 digits that do not start with 0', () => {
    // Act
    const ids = data.files.map((f) => f.tenancy.tenancyId);
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[1-9]\d{5,11}$/);
    expect(new Set(ids.map((id) => id.length)).size).toBeGreaterThan(3);
  });

  it('has Vienna postal codes and addresses with house, stair and door', () => {
    // Act
    const postalCodes = new Set(data.files.map((f) => f.tenancy.postalCode));
    // Assess
    for (const code of postalCodes) expect(code).toMatch(/^1(0[1-9]|1\d|2[0-3])0$/);
    expect(postalCodes.size).toBeGreaterThanOrEqual(20);
    expect(data.files.some((f) => /^\D+ \d+\/\d+\/\d+$/.test(f.tenancy.address))).toBe(true);
  });

  it('writes numbers in mixed Austrian notations that all parse, and shares some between two tenancies', () => {
    // Prepare
    const written = data.tenanciesCsv
      .split('\r\n')
      .slice(1)
      .flatMap((line) => line.split(',')[2]?.split(';') ?? [])
      .filter((n) => n !== '');
    const holders = new Map<string, number>();
    for (const f of data.files)
      for (const n of f.tenancy.phoneNumbers) holders.set(n, (holders.get(n) ?? 0) + 1);
    // Act
    const unparsable = written.filter((n) => parsePhone(n).kind !== 'number');
    // Assess
    expect(unparsable).toEqual([]);
    for (const notation of [/^01\/\d{4}-\d+$/, /^06\d\d \d{3} \d\d \d+$/, /^\+43 \d/, /^0043 \d/]) {
      expect(written.some((n) => notation.test(n))).toBe(true);
    }
    const shared = [...holders.values()].filter((count) => count > 1);
    expect(shared.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...shared)).toBe(2);
    expect(data.files.filter((f) => f.tenancy.phoneNumbers.length === 0).length).toBeGreaterThan(20);
  });

  it('prefers German mostly and each other hotline language sometimes', () => {
    // Act
    const languages = data.files.map((f) => f.tenancy.preferredLanguage);
    // Assess
    expect(languages.filter((l) => l === 'de').length / languages.length).toBeGreaterThan(0.7);
    for (const code of ['en', 'tr', 'bs', 'sr', 'hr', 'pl', 'ro', 'ar']) expect(languages).toContain(code);
    expect(data.tenanciesCsv).toMatch(/,,\d,\d\r\n/); // some rows leave the language to the default
  });

  it('has open cases in every stage and at most one open case per tenancy', () => {
    // Assess
    expect(new Set(openCases.map((c) => c.stage))).toEqual(new Set(CASE_STAGES));
    for (const f of data.files)
      expect(f.cases.filter((c) => c.status === 'open').length).toBeLessThanOrEqual(1);
  });

  it('has critical dates within 0 to 14 and 0 to 7 days, and dates already past', () => {
    // Act
    const evictionDays = openCases.flatMap((c) =>
      c.evictionDate ? [daysBetween(TODAY, c.evictionDate)] : [],
    );
    const hearingDays = openCases.flatMap((c) =>
      c.courtHearingDate ? [daysBetween(TODAY, c.courtHearingDate)] : [],
    );
    // Assess
    expect(evictionDays.filter((d) => d >= 0 && d <= 14).length).toBeGreaterThanOrEqual(5);
    expect(hearingDays.filter((d) => d >= 0 && d <= 7).length).toBeGreaterThanOrEqual(5);
    expect(evictionDays.some((d) => d < 0)).toBe(true);
    expect(hearingDays.some((d) => d < 0)).toBe(true);
    const levels = data.files.map((f) => riskOf(f, TODAY));
    for (const level of ['critical', 'high', 'normal'] as const) expect(levels).toContain(level);
  });

  it('closes cases with the flat secured about three times as often as lost', () => {
    // Act
    const secured = closedCases.filter((c) => c.resolution === 'housing_secured').length;
    const lost = closedCases.filter((c) => c.resolution === 'housing_lost').length;
    // Assess
    expect(closedCases.every((c) => c.resolution !== undefined)).toBe(true);
    expect(closedCases.some((c) => c.resolution === 'other')).toBe(true);
    expect(secured / (secured + lost)).toBeGreaterThan(0.65);
    expect(secured / (secured + lost)).toBeLessThan(0.85);
  });

  it.each(['2026-11-25', '2027-03-01'] as IsoDate[])(
    'contains the demo callers at their risk levels on %s',
    (today) => {
      // Prepare
      const { files } = generateDemoData({ seed: 99, today, tenancies: 50 });
      const holdersOf = (phone: string) =>
        files.filter((f) => f.tenancy.phoneNumbers.some((n) => n === phone)).map((f) => f.tenancy.tenancyId);
      // Assess
      for (const caller of [
        DEMO_CALLERS.critical,
        DEMO_CALLERS.criticalHearing,
        DEMO_CALLERS.high,
        DEMO_CALLERS.normal,
      ]) {
        expect(holdersOf(caller.phone)).toEqual([caller.tenancyId]);
        expect(riskOf(byTenancyId(files, caller.tenancyId), today)).toBe(caller.riskLevel);
      }
      expect(holdersOf(DEMO_CALLERS.shared.phone)).toEqual([...DEMO_CALLERS.shared.tenancyIds]);
      expect(holdersOf(DEMO_CALLERS.unknown.phone)).toEqual([]);
      const noNumber = byTenancyId(files, DEMO_CALLERS.noNumber.tenancyId);
      expect(noNumber.tenancy.phoneNumbers).toEqual([]);
      expect(riskOf(noNumber, today)).toBe(DEMO_CALLERS.noNumber.riskLevel);
    },
  );

  it('writes tenancies.csv and cases.csv as UTF-8 with BOM that import like the text', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'demo-csv-'));
    try {
      // Act
      const written = await writeDemoCsv(dir, { seed: 3, today: TODAY, tenancies: 30 });
      const bytes = await readFile(written.tenanciesPath);
      const imported = await readTenancyFiles({
        tenancies: { name: 'tenancies.csv', content: bytes },
        cases: { name: 'cases.csv', content: await readFile(written.casesPath) },
      });
      // Assess
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(imported.files).toEqual(written.data.files);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a size too small for the demo callers', () => {
    // Act
    const attempt = () => generateDemoData({ seed: 1, today: TODAY, tenancies: 3 });
    // Assess
    expect(attempt).toThrow(RangeError);
  });
});

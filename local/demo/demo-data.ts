import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type E164, parsePhone } from '../../shared/domain/phone.ts';
import {
  type CaseResolution,
  type CaseStage,
  type EvictionCase,
  isTenancyId,
  type PreferredLanguage,
  PreferredLanguageSchema,
  type Tenancy,
  type TenancyFile,
  type TenancyId,
} from '../../shared/domain/tenancy.ts';
import { addDays, type IsoDate, isIsoDate } from '../../shared/domain/vienna-calendar.ts';
import { CASE_CSV_COLUMNS, TENANCY_CSV_COLUMNS } from '../../shared/import/row-schemas.ts';
import { type Random, seededRandom } from './random.ts';
import {
  CASE_WORKERS,
  DISTRICTS,
  type District,
  MOBILE_PREFIXES,
  NAMES,
  ORIGIN_WEIGHTS,
  type Origin,
  TITLES,
} from './vienna.ts';

/**
 * Callers the demo data always contains, whatever the seed and size: for docs/cli.md, the local
 * server and tests. Risk levels hold for any `today`, because the dates are relative to it.
 * `written` is how the number appears in tenancies.csv.
 */
export const DEMO_CALLERS = {
  /** Eviction scheduled in 5 days. */
  critical: {
    phone: '+436641234567',
    written: '0664 123 45 67',
    tenancyId: '104711001',
    riskLevel: 'critical',
  },
  /** Eviction lawsuit with the court hearing in 3 days. */
  criticalHearing: {
    phone: '+4369912345678',
    written: '0043 699 12345678',
    tenancyId: '104711002',
    riskLevel: 'critical',
  },
  /** Eviction judgment, eviction date in 40 days, 5 months in arrears. */
  high: { phone: '+436769876543', written: '+43 676 9876543', tenancyId: '104711003', riskLevel: 'high' },
  /** A payment reminder, one month in arrears, and an earlier case that ended with the flat secured. */
  normal: { phone: '+4315049312', written: '01/5049-312', tenancyId: '104711004', riskLevel: 'normal' },
  /** A landline two tenancies list (mother and daughter, separate flats): the caller must key in. */
  shared: { phone: '+4319876543', written: '01 987 65 43', tenancyIds: ['104711005', '104711006'] },
  /** A tenancy without any phone number, found only by keying in the tenancy number; high risk. */
  noNumber: { tenancyId: '104711007', riskLevel: 'high' },
  /** In no tenancy. */
  unknown: { phone: '+436509998877' },
} as const;

/** What calling each demo caller shows (README "The command line", `hotline call --help`). */
export const DEMO_CALLER_SHOWS: Readonly<Record<keyof typeof DEMO_CALLERS, string>> = {
  critical: 'eviction in 5 days: critical, urgent queue, priority 1',
  criticalHearing: 'court hearing in 3 days: critical, urgent queue, priority 1',
  high: 'eviction date in 40 days, 5 months in arrears: high risk, urgent queue, priority 2',
  normal: 'a payment reminder: normal risk, general queue',
  shared: 'a landline two tenancies list: the lookup says shared and the caller keys in the tenancy number',
  noNumber: 'no phone number on file: found only by keying in its tenancy number (high risk)',
  unknown: 'in no tenancy: not found, the caller may key in a tenancy number',
};

export interface DemoDataOptions {
  /** The same seed, today and size always give the same data. */
  readonly seed: number;
  /** Court and eviction dates are set relative to this day (Vienna calendar). */
  readonly today: IsoDate;
  /** How many tenancies; at least SHOWCASE_SIZE, which holds DEMO_CALLERS. */
  readonly tenancies: number;
}

export interface DemoData {
  /** What importing the two CSV texts yields. */
  readonly files: TenancyFile[];
  /** The import's format (docs/tenancy-data.md) plus an extra `district` column (which the import ignores); CRLF line ends. */
  readonly tenanciesCsv: string;
  readonly casesCsv: string;
}

/** The fixed tenancies behind DEMO_CALLERS, always first in the data. */
export const SHOWCASE_SIZE = 7;

/** CSV header of the demo tenancies file: the import's columns (docs/tenancy-data.md) plus `district` after the postal code. */
const TENANCY_HEADER = [...TENANCY_CSV_COLUMNS.slice(0, 5), 'district', ...TENANCY_CSV_COLUMNS.slice(5)];

interface Entry {
  readonly tenancy: Tenancy;
  /** The numbers as written in the CSV file, in the order of `tenancy.phoneNumbers`. */
  readonly writtenPhones: readonly string[];
  /** `''` where the CSV leaves the language to the default. */
  readonly writtenLanguage: string;
  readonly district: string;
  readonly cases: DraftCase[];
}

type DraftCase = Omit<EvictionCase, 'caseId'> & { caseId: string };

/**
 * Generates a deterministic, plausible read model: Viennese addresses and names, Austrian phone
 * numbers in mixed notations (some shared by two tenancies, some tenants without any), preferred
 * languages, cases in every stage with court and eviction dates around `today` (some within the
 * critical windows, some already past), and closed cases whose resolutions are secured three
 * times as often as lost, as in the team's real figures.
 */
export const generateDemoData = (options: DemoDataOptions): DemoData => {
  if (!isIsoDate(options.today)) throw new RangeError('today must be a date YYYY-MM-DD');
  if (!Number.isInteger(options.tenancies) || options.tenancies < SHOWCASE_SIZE) {
    throw new RangeError(`tenancies must be a whole number of at least ${SHOWCASE_SIZE}`);
  }
  const random = seededRandom(options.seed);
  const generator = new Generator(random, options.today);
  const entries = showcase(options.today, generator);
  while (entries.length < options.tenancies) entries.push(generator.randomEntry());

  const cases = assignCaseIds(entries);
  const files = entries.map(
    (entry): TenancyFile => ({ tenancy: entry.tenancy, cases: entry.cases.map(toEvictionCase) }),
  );
  return {
    files,
    tenanciesCsv: toCsv(TENANCY_HEADER, entries.map(tenancyRecord)),
    casesCsv: toCsv(CASE_CSV_COLUMNS, cases.map(caseRecord)),
  };
};

/** Writes `tenancies.csv` and `cases.csv` into `dir` as UTF-8 with BOM, the way Excel saves "CSV UTF-8". */
export const writeDemoCsv = async (
  dir: string,
  options: DemoDataOptions,
): Promise<{ readonly tenanciesPath: string; readonly casesPath: string; readonly data: DemoData }> => {
  const data = generateDemoData(options);
  await mkdir(dir, { recursive: true });
  const tenanciesPath = join(dir, 'tenancies.csv');
  const casesPath = join(dir, 'cases.csv');
  await writeFile(tenanciesPath, `\uFEFF${data.tenanciesCsv}`, 'utf8');
  await writeFile(casesPath, `\uFEFF${data.casesCsv}`, 'utf8');
  return { tenanciesPath, casesPath, data };
};

const language = (() => {
  const parsed = new Map<string, PreferredLanguage>();
  return (code: string): PreferredLanguage => {
    let value = parsed.get(code);
    if (value === undefined) {
      value = PreferredLanguageSchema.parse(code);
      parsed.set(code, value);
    }
    return value;
  };
})();

const STAGE_WEIGHTS: Readonly<Record<CaseStage, number>> = {
  arrears: 28,
  reminder: 24,
  termination: 16,
  lawsuit: 14,
  judgment: 9,
  eviction_scheduled: 9,
};
/** Months in arrears by stage: a case escalates as the debt grows. */
const MONTHS_BY_STAGE: Readonly<Record<CaseStage, readonly [number, number]>> = {
  arrears: [1, 2],
  reminder: [1, 3],
  termination: [2, 5],
  lawsuit: [3, 8],
  judgment: [4, 12],
  eviction_scheduled: [5, 14],
};
/** Secured : lost is 3 : 1 (the team's 75 % success rate); `other` covers moves and deaths. */
const RESOLUTION_WEIGHTS: Readonly<Record<CaseResolution, number>> = {
  housing_secured: 66,
  housing_lost: 22,
  other: 12,
};
const HOUSEHOLD_WEIGHTS = { '1': 35, '2': 28, '3': 15, '4': 12, '5': 6, '6': 3, '7': 1 } as const;
const PHONE_COUNT_WEIGHTS = { '0': 6, '1': 64, '2': 25, '3': 5 } as const;
const TENANCY_ID_LENGTH_WEIGHTS = { '6': 3, '7': 5, '8': 10, '9': 70, '10': 6, '11': 3, '12': 3 } as const;
const RESERVED_PHONES: ReadonlySet<string> = new Set(
  Object.values(DEMO_CALLERS).flatMap((caller) => ('phone' in caller ? [caller.phone] : [])),
);

class Generator {
  readonly #usedPhones = new Set<string>(RESERVED_PHONES);
  readonly #usedIds = new Set<string>();
  /** Numbers of earlier tenancies that another tenancy may still share. */
  readonly #shareable: { e164: E164; origin: Origin }[] = [];
  readonly #districtWeights: Record<string, number>;
  readonly #districts: ReadonlyMap<string, District>;

  constructor(
    private readonly random: Random,
    private readonly today: IsoDate,
  ) {
    this.#districtWeights = Object.fromEntries(DISTRICTS.map((d) => [d.postalCode, d.weight]));
    this.#districts = new Map(DISTRICTS.map((d) => [d.postalCode, d]));
  }

  reserveId(id: string): void {
    this.#usedIds.add(id);
  }

  reservePhone(e164: E164): void {
    this.#usedPhones.add(e164);
  }

  district(postalCode: string): District {
    const district = this.#districts.get(postalCode);
    if (!district) throw new RangeError(`no Vienna district with postal code ${postalCode}`);
    return district;
  }

  randomEntry(): Entry {
    const { random } = this;
    const origin = random.weighted(ORIGIN_WEIGHTS);
    const district = this.district(random.weighted(this.#districtWeights));
    const size = Number(random.weighted(HOUSEHOLD_WEIGHTS));
    const adults = size === 1 ? 1 : random.chance(0.6) ? 2 : 1;
    const code = origin === 'de' || random.chance(0.4) ? 'de' : origin;
    const phones = this.phonesFor(origin);
    const cases: DraftCase[] = [];
    const tenancyId = this.tenancyId();
    if (random.chance(0.14)) {
      const count = random.chance(0.8) ? 1 : 2;
      for (let i = 0; i < count; i++) cases.push(this.closedCase(tenancyId));
    }
    if (random.chance(0.32)) cases.push(this.openCase(tenancyId));
    return {
      tenancy: {
        tenancyId,
        tenantName: this.name(origin),
        phoneNumbers: phones.map((p) => p.e164),
        address: this.address(district),
        postalCode: district.postalCode,
        preferredLanguage: language(code),
        householdSize: size,
        children: size - adults,
      },
      writtenPhones: phones.map((p) => p.written),
      writtenLanguage: code === 'de' && random.chance(0.35) ? '' : code,
      district: district.name,
      cases,
    };
  }

  tenancyId(): TenancyId {
    for (;;) {
      const id = this.random.digits(Number(this.random.weighted(TENANCY_ID_LENGTH_WEIGHTS)));
      if (!this.#usedIds.has(id)) {
        this.#usedIds.add(id);
        return toTenancyId(id);
      }
    }
  }

  name(origin: Origin): string {
    const { random } = this;
    const pool = NAMES[origin];
    const female = random.chance(0.55);
    const first = random.pick(female ? pool.female : pool.male);
    let family = random.pick(pool.family);
    if (origin === 'pl' && female) family = family.replace(/ski$/, 'ska').replace(/cki$/, 'cka');
    const titles = TITLES.filter((t) => (female ? t !== 'Mag.' : t !== 'Mag.a'));
    const title = origin === 'de' && random.chance(0.04) ? `${random.pick(titles)} ` : '';
    return `${title}${first} ${family}`;
  }

  address(district: District): string {
    const { random } = this;
    const street = random.pick(district.streets);
    const house = random.int(1, 180);
    const door = random.int(1, 40);
    return random.chance(0.75)
      ? `${street} ${house}/${random.int(1, 12)}/${door}`
      : `${street} ${house}/${door}`;
  }

  phonesFor(origin: Origin): { e164: E164; written: string }[] {
    const { random } = this;
    const count = Number(random.weighted(PHONE_COUNT_WEIGHTS));
    const phones: { e164: E164; written: string }[] = [];
    for (let i = 0; i < count; i++) {
      if (i === 0 && this.#shareable.length > 0 && random.chance(0.02)) {
        // Take a number an earlier tenancy lists (a relative, a neighbour's landline); at most two share.
        const at = random.int(0, this.#shareable.length - 1);
        const shared = this.#shareable[at];
        const last = this.#shareable.pop();
        if (shared && last) {
          if (at < this.#shareable.length) this.#shareable[at] = last;
          phones.push({ e164: shared.e164, written: this.write(shared.e164) });
          continue;
        }
      }
      const phone = this.newPhone(origin);
      this.#shareable.push({ e164: phone.e164, origin });
      phones.push(phone);
    }
    return phones;
  }

  newPhone(origin: Origin): { e164: E164; written: string } {
    const { random } = this;
    const home = NAMES[origin].homeMobile;
    for (let attempt = 0; attempt < 50; attempt++) {
      let written: string;
      if (home && random.chance(origin === 'de' ? 0.01 : 0.08)) {
        written = `+${home.country} ${random.pick(home.prefixes)} ${random.digits(home.length)}`;
      } else if (random.chance(0.25)) {
        written = this.writeLandline(random.digits(random.chance(0.7) ? 7 : 8));
      } else {
        const prefix = random.weighted(MOBILE_PREFIXES);
        const long = (prefix === '699' || prefix === '681') && random.chance(0.5);
        written = this.writeMobile(prefix, random.digits(long ? 8 : 7));
      }
      const parsed = parsePhone(written);
      if (parsed.kind === 'number' && !this.#usedPhones.has(parsed.e164)) {
        this.#usedPhones.add(parsed.e164);
        return { e164: parsed.e164, written };
      }
    }
    throw new Error('could not generate an unused valid phone number');
  }

  /** Another notation of a number already in use (a shared number is rarely written the same way twice). */
  write(e164: E164): string {
    if (e164.startsWith('+431')) return this.writeLandline(e164.slice(4));
    if (e164.startsWith('+436')) return this.writeMobile(e164.slice(3, 6), e164.slice(6));
    return e164;
  }

  writeLandline(subscriber: string): string {
    const notation = this.random.int(0, 5);
    switch (notation) {
      case 0:
        return `01/${subscriber.slice(0, 4)}-${subscriber.slice(4)}`;
      case 1:
        return `01 ${subscriber.slice(0, 3)} ${subscriber.slice(3, 5)} ${subscriber.slice(5)}`;
      case 2:
        return `+43 1 ${subscriber}`;
      case 3:
        return `0043 1 ${subscriber}`;
      case 4:
        return `(01) ${subscriber}`;
      default:
        return `01/${subscriber}`;
    }
  }

  writeMobile(prefix: string, subscriber: string): string {
    const notation = this.random.int(0, 6);
    switch (notation) {
      case 0:
        return `0${prefix} ${subscriber}`;
      case 1:
        return `0${prefix} ${subscriber.slice(0, 3)} ${subscriber.slice(3, 5)} ${subscriber.slice(5)}`;
      case 2:
        return `0${prefix}/${subscriber}`;
      case 3:
        return `+43 ${prefix} ${subscriber}`;
      case 4:
        return `+43${prefix}${subscriber}`;
      case 5:
        return `0043 ${prefix} ${subscriber}`;
      default:
        return `+43 (0)${prefix} ${subscriber}`;
    }
  }

  caseWorker(): string {
    return this.random.pick(CASE_WORKERS);
  }

  arrears(months: number): number {
    const rent = this.random.int(38_000, 95_000); // monthly rent in cents
    const paid = this.random.int(0, rent - 1); // part of one month paid back
    return (months * rent - paid) / 100;
  }

  openCase(tenancyId: TenancyId): DraftCase {
    const { random, today } = this;
    const stage = random.weighted(STAGE_WEIGHTS);
    const [min, max] = MONTHS_BY_STAGE[stage];
    const months = random.int(min, max);
    const openedOn = addDays(today, -Math.max(7, months * 30 + random.int(0, 45)));
    const dated: Pick<EvictionCase, 'courtHearingDate' | 'evictionDate'> = {};
    const roll = random.next();
    if (stage === 'lawsuit' && roll < 0.75) {
      dated.courtHearingDate =
        roll < 0.2
          ? addDays(today, random.int(0, 7))
          : roll < 0.55
            ? addDays(today, random.int(8, 70))
            : addDays(today, -random.int(1, 45));
    }
    if (stage === 'judgment') {
      dated.courtHearingDate = addDays(today, -random.int(10, 120));
      if (roll < 0.15) dated.evictionDate = addDays(today, random.int(0, 14));
      else if (roll < 0.6) dated.evictionDate = addDays(today, random.int(15, 90));
      else if (roll < 0.7) dated.evictionDate = addDays(today, -random.int(1, 10));
    }
    if (stage === 'eviction_scheduled') {
      if (random.chance(0.7)) dated.courtHearingDate = addDays(today, -random.int(30, 150));
      dated.evictionDate =
        roll < 0.35
          ? addDays(today, random.int(0, 14))
          : roll < 0.85
            ? addDays(today, random.int(15, 75))
            : addDays(today, -random.int(1, 10));
    }
    return {
      caseId: '',
      tenancyId,
      status: 'open',
      stage,
      arrearsEur: this.arrears(months),
      monthsInArrears: months,
      ...dated,
      caseWorker: this.caseWorker(),
      openedOn,
    };
  }

  closedCase(tenancyId: TenancyId): DraftCase {
    const { random, today } = this;
    const stage = random.weighted({ ...STAGE_WEIGHTS, lawsuit: 15, judgment: 10, eviction_scheduled: 5 });
    const resolution = random.weighted(RESOLUTION_WEIGHTS);
    const [min, max] = MONTHS_BY_STAGE[stage];
    const months = random.int(min, max);
    const openedOn = addDays(today, -random.int(150, 1500));
    const dated: Pick<EvictionCase, 'courtHearingDate' | 'evictionDate'> = {};
    if (stage === 'lawsuit' || stage === 'judgment' || stage === 'eviction_scheduled') {
      dated.courtHearingDate = addDays(openedOn, random.int(40, 100));
    }
    if (stage === 'eviction_scheduled') dated.evictionDate = addDays(openedOn, random.int(110, 140));
    const settled = resolution === 'housing_secured' && random.chance(0.7);
    return {
      caseId: '',
      tenancyId,
      status: 'closed',
      stage,
      arrearsEur: settled ? 0 : this.arrears(months),
      monthsInArrears: settled ? 0 : months,
      ...dated,
      caseWorker: this.caseWorker(),
      openedOn,
      resolution,
    };
  }
}

/** The fixed tenancies of DEMO_CALLERS; names and addresses are fixed too, for docs/cli.md. */
const showcase = (today: IsoDate, generator: Generator): Entry[] => {
  const days = (n: number) => addDays(today, n);
  const entry = (
    fields: Omit<Tenancy, 'tenancyId' | 'phoneNumbers' | 'preferredLanguage' | 'postalCode'> & {
      tenancyId: string;
      phones: readonly { phone: string; written: string }[];
      language: string;
      writtenLanguage?: string;
      postalCode: string;
    },
    cases: Omit<DraftCase, 'caseId' | 'tenancyId' | 'caseWorker'>[],
  ): Entry => {
    generator.reserveId(fields.tenancyId);
    const { phones, language: code, writtenLanguage, ...tenancy } = fields;
    const tenancyId = toTenancyId(tenancy.tenancyId);
    return {
      tenancy: {
        tenancyId,
        tenantName: tenancy.tenantName,
        phoneNumbers: phones.map((p) => {
          const parsed = parsePhone(p.written);
          if (parsed.kind !== 'number' || parsed.e164 !== p.phone)
            throw new Error('demo caller number mismatch');
          generator.reservePhone(parsed.e164);
          return parsed.e164;
        }),
        address: tenancy.address,
        postalCode: tenancy.postalCode,
        preferredLanguage: language(code),
        householdSize: tenancy.householdSize,
        children: tenancy.children,
      },
      writtenPhones: phones.map((p) => p.written),
      writtenLanguage: writtenLanguage ?? code,
      district: generator.district(tenancy.postalCode).name,
      cases: cases.map((c) => ({
        ...c,
        caseId: '',
        tenancyId,
        caseWorker: generator.caseWorker(),
      })),
    };
  };
  const C = DEMO_CALLERS;
  return [
    entry(
      {
        tenancyId: C.critical.tenancyId,
        tenantName: 'Maria Gruber',
        phones: [C.critical],
        address: 'Quellenstraße 24/3/7',
        postalCode: '1100',
        language: 'de',
        householdSize: 3,
        children: 2,
      },
      [
        {
          status: 'open',
          stage: 'eviction_scheduled',
          arrearsEur: 4873.4,
          monthsInArrears: 7,
          courtHearingDate: days(-60),
          evictionDate: days(5),
          openedOn: days(-240),
        },
      ],
    ),
    entry(
      {
        tenancyId: C.criticalHearing.tenancyId,
        tenantName: 'Mehmet Yılmaz',
        phones: [C.criticalHearing],
        address: 'Rinnböckstraße 47/5/12',
        postalCode: '1110',
        language: 'tr',
        householdSize: 5,
        children: 3,
      },
      [
        {
          status: 'open',
          stage: 'lawsuit',
          arrearsEur: 2891.2,
          monthsInArrears: 4,
          courtHearingDate: days(3),
          openedOn: days(-150),
        },
      ],
    ),
    entry(
      {
        tenancyId: C.high.tenancyId,
        tenantName: 'Jelena Petrović',
        phones: [C.high, { phone: '+381641234567', written: '+381 64 1234567' }],
        address: 'Brünner Straße 34/2/15',
        postalCode: '1210',
        language: 'sr',
        householdSize: 2,
        children: 1,
      },
      [
        {
          status: 'open',
          stage: 'judgment',
          arrearsEur: 3350,
          monthsInArrears: 5,
          courtHearingDate: days(-30),
          evictionDate: days(40),
          openedOn: days(-190),
        },
      ],
    ),
    entry(
      {
        tenancyId: C.normal.tenancyId,
        tenantName: 'Josef Huber',
        phones: [C.normal],
        address: 'Sandleitengasse 43/18/4',
        postalCode: '1160',
        language: 'de',
        householdSize: 1,
        children: 0,
      },
      [
        {
          status: 'closed',
          stage: 'termination',
          arrearsEur: 0,
          monthsInArrears: 0,
          openedOn: days(-700),
          resolution: 'housing_secured',
        },
        { status: 'open', stage: 'reminder', arrearsEur: 612.8, monthsInArrears: 1, openedOn: days(-20) },
      ],
    ),
    entry(
      {
        tenancyId: C.shared.tenancyIds[0],
        tenantName: 'Anna Nowotny',
        phones: [C.shared, { phone: '+436601928374', written: '0660/1928374' }],
        address: 'Rennbahnweg 27/11/9',
        postalCode: '1220',
        language: 'de',
        writtenLanguage: '',
        householdSize: 2,
        children: 0,
      },
      [{ status: 'open', stage: 'arrears', arrearsEur: 1290.5, monthsInArrears: 2, openedOn: days(-45) }],
    ),
    entry(
      {
        tenancyId: C.shared.tenancyIds[1],
        tenantName: 'Karin Nowotny',
        phones: [{ phone: C.shared.phone, written: '+43 1 9876543' }],
        address: 'Rennbahnweg 27/4/2',
        postalCode: '1220',
        language: 'de',
        householdSize: 1,
        children: 0,
      },
      [],
    ),
    entry(
      {
        tenancyId: C.noNumber.tenancyId,
        tenantName: 'Emina Hodžić',
        phones: [],
        address: 'Wallensteinstraße 12/3/21',
        postalCode: '1200',
        language: 'bs',
        householdSize: 4,
        children: 2,
      },
      [
        {
          status: 'open',
          stage: 'termination',
          arrearsEur: 2140.75,
          monthsInArrears: 3,
          openedOn: days(-110),
        },
      ],
    ),
  ];
};

/**
 * Case ids like `F-2026-00042`, numbered per year in the order the cases were opened, as a case
 * management system would; returns every case in that order (the order of cases.csv).
 */
const assignCaseIds = (entries: readonly Entry[]): DraftCase[] => {
  const all = entries.flatMap((entry) => entry.cases);
  const order = all
    .map((c, i) => ({ c, i }))
    .sort((a, b) => compare(a.c.openedOn, b.c.openedOn) || a.i - b.i);
  const perYear = new Map<string, number>();
  for (const { c } of order) {
    const year = c.openedOn.slice(0, 4);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    c.caseId = `F-${year}-${String(n).padStart(5, '0')}`;
  }
  for (const entry of entries) entry.cases.sort((a, b) => compare(a.caseId, b.caseId));
  return order.map(({ c }) => c);
};

const toTenancyId = (id: string): TenancyId => {
  if (!isTenancyId(id)) throw new RangeError('a demo tenancy id must be 6 to 12 digits');
  return id;
};

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const toEvictionCase = (draft: DraftCase): EvictionCase => ({ ...draft });

const tenancyRecord = (entry: Entry): string[] => {
  const t = entry.tenancy;
  return [
    t.tenancyId,
    t.tenantName,
    entry.writtenPhones.join(';'),
    t.address,
    t.postalCode,
    entry.district,
    entry.writtenLanguage,
    String(t.householdSize),
    String(t.children),
  ];
};

const caseRecord = (c: DraftCase): string[] => [
  c.caseId,
  c.tenancyId,
  c.status,
  c.stage,
  c.arrearsEur.toFixed(2),
  String(c.monthsInArrears),
  c.courtHearingDate ?? '',
  c.evictionDate ?? '',
  c.caseWorker,
  c.openedOn,
  c.resolution ?? '',
];

const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted. */
const toCsv = (header: readonly string[], records: readonly (readonly string[])[]): string =>
  [header, ...records].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');

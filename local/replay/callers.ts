import type { E164 } from '../../shared/domain/phone.ts';
import { assessRisk, type RiskLevel, type RiskThresholds } from '../../shared/domain/risk.ts';
import { openCaseOf, type TenancyFile } from '../../shared/domain/tenancy.ts';
import { viennaDate } from '../../shared/domain/vienna-calendar.ts';
import type { Random } from '../demo/random.ts';

/**
 * Who calls in a replayed year, and what they key in. Callers come from the read model the store
 * holds (the demo data), so that the share of known, critical, unknown and withheld callers is
 * the data's own. The flow asks for keys in an order that depends on who the caller is (a known
 * number skips the tenancy number, a critical caller the court-letter question), so the caller's
 * answers follow the same rules the flow and identify-caller apply, from the same data.
 */

export const CALLER_KINDS = ['known', 'shared', 'withheld', 'unknown'] as const;
/** How the caller presents: a number one tenancy lists, a number several list, none, or another one. */
export type CallerKind = (typeof CALLER_KINDS)[number];

/** Most callers are tenants calling from a number on file; a quarter from a number the landlord does not know. */
const CALLER_KIND_WEIGHTS: Readonly<Record<CallerKind, number>> = {
  known: 60,
  shared: 2,
  withheld: 10,
  unknown: 28,
};
/** Tenants with an open case call far more often than those without one. */
const OPEN_CASE_SHARE = 0.7;
/**
 * The nearer the eviction, the more often a tenant calls: a draw among tenants with an open case is
 * kept with probability weight / highest weight.
 */
const CALL_WEIGHT_BY_RISK: Readonly<Record<RiskLevel, number>> = { critical: 6, high: 2, normal: 1 };
const HIGHEST_CALL_WEIGHT = 6;
/** What a caller without a recognised number does at the tenancy-number prompts. */
const KEYPAD_BEHAVIOUR: Readonly<Record<Exclude<CallerKind, 'known'>, Record<KeypadBehaviour, number>>> = {
  shared: { keysRightNumber: 85, keysWrongThenRight: 5, keysNothing: 10 },
  withheld: { keysRightNumber: 65, keysWrongThenRight: 10, keysNothing: 25 },
  // From a relative's or a work phone; most do not have the tenancy number at hand.
  unknown: { keysRightNumber: 15, keysWrongThenRight: 3, keysNothing: 82 },
};
type KeypadBehaviour = 'keysRightNumber' | 'keysWrongThenRight' | 'keysNothing';
/** A few callers take the English menu; it changes only what they hear. */
const ENGLISH_SHARE = 0.03;
/** Who says "court letter or eviction date" at the question: more of those whose case is in court. */
const COURT_LETTER_SHARE = { caseInCourt: 0.35, openCase: 0.15, other: 0.08 } as const;
/** Pressing 2 ("no court letter") rather than waiting out the question. */
const ANSWERS_NO_SHARE = 0.7;
const COURT_STAGES: ReadonlySet<string> = new Set(['lawsuit', 'judgment', 'eviction_scheduled']);
/** Critical and high callers after hours who decline the callback (press 2). */
const DECLINES_CALLBACK_SHARE = 0.2;

/** The read model as callers meet it: by number (one tenancy or several) and by tenancy number. */
export interface CallerPool {
  readonly byTenancyId: ReadonlyMap<string, TenancyFile>;
  readonly byPhone: ReadonlyMap<string, readonly TenancyFile[]>;
  /** Tenancies with a number no other tenancy lists, so that the number identifies them. */
  readonly withOpenCase: readonly ReachableTenancy[];
  readonly withoutOpenCase: readonly ReachableTenancy[];
  /** Numbers several tenancies list: the flow asks such a caller for the tenancy number. */
  readonly sharedNumbers: readonly E164[];
  readonly files: readonly TenancyFile[];
}

export interface ReachableTenancy {
  readonly file: TenancyFile;
  readonly phone: E164;
}

export const callerPoolOf = (files: readonly TenancyFile[]): CallerPool => {
  const byPhone = new Map<E164, TenancyFile[]>();
  for (const file of files) {
    for (const phone of file.tenancy.phoneNumbers) byPhone.set(phone, [...(byPhone.get(phone) ?? []), file]);
  }
  const reachable = files.flatMap((file): ReachableTenancy[] => {
    const phone = file.tenancy.phoneNumbers.find((number) => byPhone.get(number)?.length === 1);
    return phone === undefined ? [] : [{ file, phone }];
  });
  const pool: CallerPool = {
    byTenancyId: new Map(files.map((file) => [file.tenancy.tenancyId, file])),
    byPhone,
    withOpenCase: reachable.filter(({ file }) => openCaseOf(file) !== undefined),
    withoutOpenCase: reachable.filter(({ file }) => openCaseOf(file) === undefined),
    sharedNumbers: [...byPhone].filter(([, listed]) => listed.length > 1).map(([phone]) => phone),
    files,
  };
  if (pool.withOpenCase.length === 0 || pool.withoutOpenCase.length === 0 || files.length === 0) {
    throw new RangeError('the read model needs tenancies with and without an open case to replay calls');
  }
  return pool;
};

/** What the flow will make of the call, as the caller's answers were chosen for it. */
export interface ExpectedRoute {
  /** The tenancy the flow identifies (by number or keyed in); undefined: unidentified. */
  readonly file: TenancyFile | undefined;
  readonly identifiedBy: 'phone' | 'keypad' | 'none';
  /** After the court-letter answer. */
  readonly riskLevel: RiskLevel;
  readonly courtLetterReported: boolean;
  readonly result: 'queued' | 'callback' | 'closed';
  readonly queue: 'urgent' | 'general' | null;
}

export interface Caller {
  readonly kind: CallerKind;
  /** The number presented (E.164), or `anonymous`. */
  readonly from: string;
  /** Answers to the flow's keypad prompts, in the order the flow asks; `''` is silence. */
  readonly keys: readonly string[];
  readonly expected: ExpectedRoute;
}

const unusedDigits = (random: Random, length: number, used: (candidate: string) => boolean): string => {
  for (;;) {
    const candidate = random.digits(length);
    if (!used(candidate)) return candidate;
  }
};

/** Among tenants with an open case, the ones near their court or eviction date call more. */
const drawOpenCaseTenant = (
  random: Random,
  pool: CallerPool,
  risk: (file: TenancyFile) => RiskLevel,
): ReachableTenancy => {
  for (;;) {
    const candidate = random.pick(pool.withOpenCase);
    if (random.chance(CALL_WEIGHT_BY_RISK[risk(candidate.file)] / HIGHEST_CALL_WEIGHT)) return candidate;
  }
};

/** The tenancy numbers a caller keys in at the (at most two) prompts, and whose they are. */
const keypadAttempts = (
  random: Random,
  pool: CallerPool,
  kind: Exclude<CallerKind, 'known'>,
  own: TenancyFile,
): string[] => {
  const behaviour = random.weighted(KEYPAD_BEHAVIOUR[kind]);
  const right = own.tenancy.tenancyId;
  const wrong = () => unusedDigits(random, right.length, (digits) => pool.byTenancyId.has(digits));
  if (behaviour === 'keysRightNumber') return [right];
  if (behaviour === 'keysWrongThenRight') return [wrong(), right];
  return ['', ''];
};

const courtLetterShare = (file: TenancyFile | undefined): number => {
  const openCase = file && openCaseOf(file);
  if (!openCase) return COURT_LETTER_SHARE.other;
  return COURT_STAGES.has(openCase.stage) ? COURT_LETTER_SHARE.caseInCourt : COURT_LETTER_SHARE.openCase;
};

/** An Austrian mobile number as a caller keys it for a callback (the flow checks it as a local number). */
const keyedCallbackNumber = (random: Random): string => `0664${random.digits(7)}`;

/**
 * One caller at `at`: who, from which number, and the keys they press, answering the flow's
 * questions in the order the flow asks them (docs/architecture.md, "The inbound flow"); `open` says whether the
 * hotline is open then.
 */
export const drawCaller = (
  random: Random,
  pool: CallerPool,
  call: { readonly at: Date; readonly open: boolean; readonly thresholds: RiskThresholds },
): Caller => {
  const today = viennaDate(call.at);
  const riskOf = (file: TenancyFile | undefined, courtLetterReported = false) =>
    assessRisk({
      openCase: file && openCaseOf(file),
      today,
      thresholds: call.thresholds,
      courtLetterReported,
    }).level;

  const kind = random.weighted(CALLER_KIND_WEIGHTS);
  let from: string;
  let byPhone: TenancyFile | undefined;
  let attempts: string[] = [];
  if (kind === 'known') {
    const tenant = random.chance(OPEN_CASE_SHARE)
      ? drawOpenCaseTenant(random, pool, (file) => riskOf(file))
      : random.pick(pool.withoutOpenCase);
    from = tenant.phone;
    byPhone = tenant.file;
  } else if (kind === 'shared') {
    from = random.pick(pool.sharedNumbers);
    const listed = pool.byPhone.get(from) ?? [];
    attempts = keypadAttempts(random, pool, kind, random.pick(listed));
  } else {
    from =
      kind === 'withheld'
        ? 'anonymous'
        : `+43664${unusedDigits(random, 7, (digits) => pool.byPhone.has(`+43664${digits}`))}`;
    attempts = keypadAttempts(random, pool, kind, random.pick(pool.files));
  }

  const keys: string[] = [];
  // A tenant on file who prefers English or Turkish hears it at once and is offered no language.
  const preferred = byPhone?.tenancy.preferredLanguage;
  if (preferred !== 'en' && preferred !== 'tr') keys.push(random.chance(ENGLISH_SHARE) ? '9' : '');
  let keyed: TenancyFile | undefined;
  for (const attempt of attempts) {
    keys.push(attempt);
    keyed = pool.byTenancyId.get(attempt);
    if (keyed) break;
  }
  const file = byPhone ?? keyed;

  let riskLevel = riskOf(file);
  let courtLetterReported = false;
  // Critical callers go straight to the urgent queue; everyone else is asked about a court letter.
  if (riskLevel !== 'critical') {
    courtLetterReported = random.chance(courtLetterShare(file));
    keys.push(courtLetterReported ? '1' : random.chance(ANSWERS_NO_SHARE) ? '2' : '');
    if (courtLetterReported) riskLevel = riskOf(file, true);
  }

  const urgent = riskLevel !== 'normal';
  let result: ExpectedRoute['result'];
  if (call.open) result = 'queued';
  else if (!urgent) result = 'closed';
  else {
    const declines = random.chance(DECLINES_CALLBACK_SHARE);
    keys.push(declines ? '2' : '');
    // A withheld number cannot be called back: the flow asks for one.
    if (!declines && kind === 'withheld') keys.push(keyedCallbackNumber(random));
    result = declines ? 'closed' : 'callback';
  }

  return {
    kind,
    from,
    keys,
    expected: {
      file,
      identifiedBy: byPhone ? 'phone' : keyed ? 'keypad' : 'none',
      riskLevel,
      courtLetterReported,
      result,
      queue: result === 'queued' ? (urgent ? 'urgent' : 'general') : null,
    },
  };
};

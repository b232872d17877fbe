import { type E164, parsePhone } from '../shared/domain/phone.ts';
import type { TenancyFile, TenancyId } from '../shared/domain/tenancy.ts';

/** Whom to call with, for a given read model: callers found by number, from shared numbers, unknown and withheld. */
export interface Callers {
  /** Numbers listed by exactly one tenancy. */
  readonly found: readonly E164[];
  /** Numbers listed by two or more tenancies: the caller must key in the tenancy number. */
  readonly shared: readonly E164[];
  /** Valid Austrian numbers that no tenancy lists. */
  readonly unknown: readonly E164[];
  /** Tenancy numbers to key in. */
  readonly keypad: readonly TenancyId[];
}

export const callersOf = (files: readonly TenancyFile[]): Callers => {
  const tenanciesByPhone = new Map<E164, number>();
  for (const { tenancy } of files) {
    for (const phone of new Set(tenancy.phoneNumbers)) {
      tenanciesByPhone.set(phone, (tenanciesByPhone.get(phone) ?? 0) + 1);
    }
  }
  const unknown: E164[] = [];
  for (let k = 0; unknown.length < 500 && k < 5_000; k++) {
    const parsed = parsePhone(`+43650${String(1_000_000 + k * 7_919).padStart(7, '0')}`);
    if (parsed.kind === 'number' && !tenanciesByPhone.has(parsed.e164)) unknown.push(parsed.e164);
  }
  const phones = [...tenanciesByPhone];
  const callers = {
    found: phones.filter(([, n]) => n === 1).map(([phone]) => phone),
    shared: phones.filter(([, n]) => n > 1).map(([phone]) => phone),
    unknown,
    keypad: files.map((file) => file.tenancy.tenancyId),
  };
  for (const [kind, list] of Object.entries(callers)) {
    if (list.length === 0) throw new Error(`the read model offers no ${kind} callers`);
  }
  return callers;
};

import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parsePhone } from '../../shared/domain/phone.ts';

/** One menu key. */
export const MENU_KEY = /^[0-9*#]$/;
/** Digits keyed into stored input; the terminating `#` may be written or implied. */
export const STORED_DIGITS = /^[0-9*]+#?$/;

/** How a stored input is validated (GetParticipantInput `InputValidation`). */
export type InputValidation =
  | { readonly kind: 'none' }
  | { readonly kind: 'maximumLength'; readonly maximumLength: number }
  | { readonly kind: 'phone'; readonly format: 'Local' | 'E164'; readonly countryCode: string | undefined };

export type StoredInputCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly errorType: 'NoMatchingError' | 'InvalidPhoneNumber' };

const toE164 = (
  digits: string,
  validation: Extract<InputValidation, { kind: 'phone' }>,
): string | undefined => {
  if (validation.format === 'E164') {
    const parsed = parsePhone(`+${digits}`);
    return parsed.kind === 'number' ? parsed.e164 : undefined;
  }
  if (validation.countryCode === 'AT') {
    const parsed = parsePhone(digits);
    return parsed.kind === 'number' ? parsed.e164 : undefined;
  }
  const parsed = parsePhoneNumberFromString(digits, validation.countryCode as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
};

/**
 * The value stored for keyed `digits` (without `#`). A phone number is stored in E.164, as Connect
 * stores a validated number; more digits than `MaximumLength` take the error branch (Connect would
 * stop listening at the limit; a simulated caller who types more is treated as a bad entry).
 */
export const checkStoredInput = (digits: string, validation: InputValidation): StoredInputCheck => {
  switch (validation.kind) {
    case 'none':
      return { ok: true, value: digits };
    case 'maximumLength':
      return digits.length > validation.maximumLength
        ? { ok: false, errorType: 'NoMatchingError' }
        : { ok: true, value: digits };
    case 'phone': {
      const e164 = toE164(digits, validation);
      return e164 === undefined ? { ok: false, errorType: 'InvalidPhoneNumber' } : { ok: true, value: e164 };
    }
  }
};

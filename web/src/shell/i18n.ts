// The pages' two languages: German first (the hotline's working language), English for colleagues
// who read it better. Each page keeps its words in its own module (`texts.ts` beside it) and builds
// its `t` here; the compiler then checks that every key a page asks for exists in both languages,
// with the same arguments.
import type { OutcomeCode } from '../../../shared/domain/outcomes.ts';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A page's words: a string, or a function of the values it names. */
export type Texts = Readonly<Record<string, string | ((...args: never[]) => string)>>;

/** German and English with the same keys and the same shape. */
export interface PageTexts<T extends Texts> {
  readonly de: T;
  readonly en: { readonly [K in keyof T]: T[K] };
}

/** A page's words, checked: English has exactly German's keys, with the same shape. */
export const defineTexts = <T extends Texts>(texts: PageTexts<T>): PageTexts<T> => texts;

export type ArgsOf<V> = V extends (...args: infer A) => string ? A : [];

/** `t(key, ...args)`: the key's words in the current language. */
export type Translate<T extends Texts> = <K extends keyof T & string>(
  key: K,
  ...args: ArgsOf<T[K]>
) => string;

export const translator =
  <T extends Texts>(texts: PageTexts<T>, language: () => Language): Translate<T> =>
  (key, ...args) => {
    const value: string | ((...a: never[]) => string) = texts[language()][key];
    return typeof value === 'function' ? (value as (...a: unknown[]) => string)(...args) : value;
  };

const LANGUAGE_KEY = 'language';

/** The language the user chose last on any page of this origin; German at first. */
export const storedLanguage = (): Language => (localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'de');
export const storeLanguage = (language: Language): void => localStorage.setItem(LANGUAGE_KEY, language);

/** The locale numbers and dates are written in. */
export const localeOf = (language: Language): string => (language === 'de' ? 'de-AT' : 'en-GB');

/** The outcome codes in the words agents and managers use; a new code fails to compile until it has them. */
export const OUTCOME_LABELS: { readonly [C in OutcomeCode]: Readonly<Record<Language, string>> } = {
  housing_allowance: { de: 'Wohnbeihilfe', en: 'housing allowance' },
  instalment_plan: { de: 'Ratenvereinbarung', en: 'instalment plan' },
  fund_application: { de: 'Wohnschirm-Antrag', en: 'rent-arrears fund application' },
  court_letter_explained: { de: 'Gerichtsschreiben erklärt', en: 'court letter explained' },
  authority_escort: { de: 'Begleitung auf Amtswegen', en: 'accompanied to an authority' },
  referral_social_welfare: {
    de: 'Vermittlung an die MA 40 (Soziales)',
    en: 'referral to the social-welfare office',
  },
  referral_youth_welfare: {
    de: 'Vermittlung an die MA 11 (Kinder- und Jugendhilfe)',
    en: 'referral to child and youth welfare',
  },
  appointment_booked: { de: 'persönliche Beratung vereinbart', en: 'consultation booked' },
  information_only: { de: 'nur Auskunft', en: 'information only' },
  callback_needed: { de: 'Rückruf nötig', en: 'callback needed' },
};

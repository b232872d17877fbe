/** Types of web/outcome-codes.js, for the test that compares it with the domain's codes. */
export declare const OUTCOME_LABELS: Readonly<Record<string, { readonly de: string; readonly en: string }>>;
export declare const OUTCOME_CODES: readonly string[];

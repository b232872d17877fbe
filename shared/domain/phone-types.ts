/** A phone number in E.164 form, e.g. `+436641234567`. */
export type E164 = string & { readonly __brand: 'E164' };

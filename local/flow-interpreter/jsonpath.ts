/**
 * The JSONPath references of the flow language that the local interpreter knows
 * (https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html). A keyed
 * reference takes one name of letters, digits, `_` or `-` after a dot, or any name in brackets
 * (`$.Attributes.['a b']`, `$.Attributes['a b']`), as console exports write names with spaces.
 * Nested `$.External` paths are unverified in Connect and not supported here.
 */
export type Reference =
  | { readonly kind: 'keyed'; readonly root: KeyedRoot; readonly key: string; readonly text: string }
  | { readonly kind: 'system'; readonly name: SystemReference; readonly text: string };

export const KEYED_ROOTS = ['External', 'Attributes', 'FlowAttributes'] as const;
export type KeyedRoot = (typeof KEYED_ROOTS)[number];

export const SYSTEM_REFERENCES = [
  'StoredCustomerInput',
  'CustomerEndpoint.Address',
  'SystemEndpoint.Address',
  'ContactId',
  'InitialContactId',
  'Channel',
  'LanguageCode',
  'Queue.Name',
  'Queue.ARN',
  'Queue.OutboundCallerId.Address',
  'AwsRegion',
  'InstanceARN',
  'InitiationMethod',
  'PreviousContactId',
  'CustomerEndpoint.Type',
  'SystemEndpoint.Type',
  'Name',
  'Description',
  'Wisdom.SessionArn',
] as const;
export type SystemReference = (typeof SYSTEM_REFERENCES)[number];

const escapeRegExp = (text: string) => text.replace(/[.$]/g, (c) => `\\${c}`);
const KEY = '[A-Za-z0-9_-]+';
/** A bracketed name, single or double quoted, with or without the dot before it. */
const BRACKETED = `\\.?\\[(?:'([^']*)'|"([^"]*)")\\]`;
const SYSTEM_ALTERNATIVES = [...SYSTEM_REFERENCES]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegExp)
  .join('|');
/**
 * Groups: 1 keyed root, 2 dotted key, 3 and 4 bracketed key, 5 system reference. Not followed by
 * more of a name.
 */
const REFERENCE_SOURCE = `\\$\\.(?:(${KEYED_ROOTS.join('|')})(?:\\.(${KEY})|${BRACKETED})|(${SYSTEM_ALTERNATIVES}))(?![A-Za-z0-9_])`;

const WHOLE_REFERENCE = new RegExp(`^\\s*${REFERENCE_SOURCE}\\s*$`);

const toReference = (match: RegExpExecArray): Reference => {
  const [text, root, dotted, single, double, name] = match;
  const trimmed = text.trim();
  const key = dotted ?? single ?? double;
  if (root !== undefined && key !== undefined)
    return { kind: 'keyed', root: root as KeyedRoot, key, text: trimmed };
  return { kind: 'system', name: name as SystemReference, text: trimmed };
};

/** The reference when `value` is exactly one JSONPath (surrounding spaces allowed), else `null`. */
export const parseWholeReference = (value: string): Reference | null => {
  const match = WHOLE_REFERENCE.exec(value);
  return match ? toReference(match) : null;
};

/** Whether `value` is meant as one JSONPath (starts with `$.`), known or not. */
export const looksLikeWholePath = (value: string): boolean =>
  /^\s*\$\.(?:[^\s[]|\[(?:'[^']*'|"[^"]*")\])*\s*$/.test(value);

/** Whether `value` refers to anything at runtime: a static parameter must not. */
export const containsPath = (value: string): boolean => value.includes('$.');

/** Every `$.` in `value` that starts no known reference, as written (`$.BadValue`). */
export const unknownReferences = (value: string): string[] => {
  const unknown: string[] = [];
  const known = new RegExp(REFERENCE_SOURCE, 'y');
  for (let at = value.indexOf('$.'); at !== -1; at = value.indexOf('$.', at + 2)) {
    known.lastIndex = at;
    if (!known.test(value))
      unknown.push((/^\$\.[A-Za-z0-9_.]*/.exec(value.slice(at))?.[0] ?? '$.').replace(/\.+$/, ''));
  }
  return unknown;
};

export type Lookup = (reference: Reference) => string | undefined;

export type Resolution =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly missing: string };

/**
 * A parameter value at runtime. Exactly one JSONPath resolves to its value, and a path that does
 * not exist fails (the action's error); text with embedded paths has each replaced by its value,
 * a missing one by nothing (unverified in Connect).
 */
export const resolveValue = (value: string, lookup: Lookup): Resolution => {
  const whole = parseWholeReference(value);
  if (whole) {
    const resolved = lookup(whole);
    return resolved === undefined ? { ok: false, missing: whole.text } : { ok: true, value: resolved };
  }
  const embedded = new RegExp(REFERENCE_SOURCE, 'g');
  return {
    ok: true,
    value: value.replace(
      embedded,
      (...match) => lookup(toReference(match as unknown as RegExpExecArray)) ?? '',
    ),
  };
};

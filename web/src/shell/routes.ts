/**
 * The path of an API route from its route key, as the contracts name routes (`GET /api/metrics`,
 * `GET /api/contacts/{contactId}/context`), with its path parameters filled in and encoded.
 */
export const pathOf = (routeKey: string, parameters: Readonly<Record<string, string>> = {}): string =>
  (routeKey.split(' ')[1] ?? '').replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(parameters[name] ?? ''),
  );

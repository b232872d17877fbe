// zod/mini: parsed on every agent API request in the Lambda.
import * as z from 'zod/mini';
import { logger } from '../observability/logger.ts';

/**
 * The API Gateway HTTP API event, payload format 2.0 (APIGatewayProxyEventV2 with a JWT authoriser).
 * Our own schema, as for Connect: every object is loose, so fields AWS adds later pass untouched,
 * and only what the handlers read is required.
 */
const Strings = z.nullish(z.record(z.string(), z.string()));

export const HttpApiEvent = z.looseObject({
  version: z.optional(z.string()),
  routeKey: z.optional(z.string()),
  rawPath: z.string(),
  rawQueryString: z.optional(z.string()),
  headers: Strings,
  pathParameters: Strings,
  body: z.nullish(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  requestContext: z.looseObject({
    requestId: z.optional(z.string()),
    http: z.looseObject({ method: z.string(), path: z.optional(z.string()) }),
    authorizer: z.nullish(
      z.looseObject({
        jwt: z.nullish(
          z.looseObject({
            claims: z.nullish(z.record(z.string(), z.unknown())),
            scopes: z.nullish(z.array(z.string())),
          }),
        ),
      }),
    ),
  }),
});
export type HttpApiEvent = z.infer<typeof HttpApiEvent>;

/** What a Lambda proxy integration answers (APIGatewayProxyStructuredResultV2). */
export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * A group claim as it reaches the function: the JWT has an array, and the HTTP API authoriser hands
 * array claims over as one string, `[agents managers]`: the names between the brackets, one space
 * apart. Nothing else is read as a list: a Cognito group name may hold a comma but no white space
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html),
 * so splitting on commas would let a group named `x,agents` pass as `agents`, and a bare string is
 * not what the authoriser sends. An array (the local server's own claims) is taken as it is.
 */
export const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string');
  if (typeof claim !== 'string') return [];
  const listed = /^\[([^\s\]][^\]]*)\]$/.exec(claim)?.[1];
  return listed === undefined ? [] : listed.split(' ').filter((group) => group.length > 0);
};

/**
 * The ID token's claim that maps a user to their Amazon Connect user id: a custom attribute of the
 * user pool that administrators set and users cannot write (infra/constructs/hotline-users.ts).
 * Cognito puts custom attributes into the ID token as `custom:<name>`
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html).
 */
export const CONNECT_USER_ID_CLAIM = 'custom:connect_user_id';

export interface SignedInUser {
  readonly sub: string;
  readonly groups: readonly string[];
  /** The user's Connect user id, when an administrator mapped one. */
  readonly connectUserId?: string | undefined;
}

/** The signed-in user from the authoriser's claims, or undefined when there is none. */
export const signedInUser = (event: HttpApiEvent): SignedInUser | undefined => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  const connectUserId = claims?.[CONNECT_USER_ID_CLAIM];
  return {
    sub,
    groups: groupsOf(claims?.['cognito:groups']),
    ...(typeof connectUserId === 'string' && connectUserId.length > 0 ? { connectUserId } : {}),
  };
};

export type Authorisation =
  | { readonly ok: true; readonly user: SignedInUser }
  | { readonly ok: false; readonly statusCode: 401 | 403 };

/**
 * Whether the request may go on: a signed-in user (else 401) in `group`, or one of the groups
 * (else 403). The APIs repeat what the API Gateway authoriser enforces (defence in depth); it is
 * what protects the local server.
 */
export const authorise = (event: HttpApiEvent, group: string | readonly string[]): Authorisation => {
  const user = signedInUser(event);
  if (user === undefined) return { ok: false, statusCode: 401 };
  const admitted = typeof group === 'string' ? [group] : group;
  return user.groups.some((own) => admitted.includes(own))
    ? { ok: true, user }
    : { ok: false, statusCode: 403 };
};

/** The request body as text (API Gateway base64-encodes some bodies). */
export const bodyText = (event: HttpApiEvent): string | undefined => {
  if (event.body === undefined || event.body === null) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

export type BodyParse<T> =
  | { readonly ok: true; readonly body: T }
  | { readonly ok: false; readonly fields: string[] };

/** The JSON body checked by `schema`; a body that is not JSON fails as `(body)`. */
export const parseBody = <T>(event: HttpApiEvent, schema: z.ZodMiniType<T>): BodyParse<T> => {
  let value: unknown;
  try {
    value = JSON.parse(bodyText(event) ?? '');
  } catch {
    return { ok: false, fields: ['(body)'] };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, fields: fieldPaths(parsed.error) };
};

/** Dotted paths of the fields that failed, never their values; unknown keys are named one by one. */
export const fieldPaths = (error: z.core.$ZodError): string[] => {
  const paths = error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => [...at, key].join('.'));
    return [at.join('.') || '(body)'];
  });
  return [...new Set(paths)];
};

export type AdmittedRequest =
  | { readonly ok: true; readonly request: HttpApiEvent; readonly user: SignedInUser }
  | { readonly ok: false; readonly result: HttpResult };

/**
 * The first step of every API handler: the event parsed (400 when it is not an HTTP API event,
 * naming field paths in the log only) and the user admitted (401, or 403 with `refusal`, the words
 * the API uses for the group it serves). Refusals are logged under `api` without personal data.
 */
export const admit = (
  event: unknown,
  group: string | readonly string[],
  api: string,
  refusal: string,
): AdmittedRequest => {
  const parsed = HttpApiEvent.safeParse(event);
  if (!parsed.success) {
    logger.warn('invalid http api event', { api, paths: fieldPaths(parsed.error) });
    return { ok: false, result: json(400, { message: 'invalid request', fields: [] }) };
  }
  const access = authorise(parsed.data, group);
  if (!access.ok) {
    logger.warn('api request refused', { api, statusCode: access.statusCode });
    return {
      ok: false,
      result: json(access.statusCode, { message: access.statusCode === 401 ? 'sign-in required' : refusal }),
    };
  }
  return { ok: true, request: parsed.data, user: access.user };
};

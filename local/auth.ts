import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { type Clock, systemClock } from '../shared/ports/clock.ts';

/**
 * Local sign-in, standing in for Cognito (docs/architecture.md, "The agent's side", local sign-in): the demo users sign in and get
 * an HMAC-SHA256 JWT whose claims have the shape of a Cognito ID token. The verifier turns a bearer
 * token into the claims API Gateway's JWT authoriser would hand the function, so the handler runs
 * the very same group check here as in AWS.
 */
export const LOCAL_ISSUER = 'hotline-local';
export const LOCAL_AUDIENCE = 'hotline-local-pages';

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly sub: string;
  readonly groups: readonly string[];
  /** The Connect user an administrator mapped to this user (`custom:connect_user_id`), if any. */
  readonly connectUserId?: string;
}

/** Demo accounts of the local mode only (documented in docs/architecture.md); AWS uses Cognito users. */
export const DEMO_USERS = {
  agent: {
    username: 'agent',
    password: 'agent',
    sub: '5e1f0000-0000-4000-8000-0000000a9e47',
    groups: ['agents'],
    // The agent the simulated contact events name (local/contact-events-feed.ts).
    connectUserId: '10ca1a9e-0000-4000-8000-000000000001',
  },
  /** A second agent: sees the calls they answer, not the first agent's. */
  colleague: {
    username: 'colleague',
    password: 'colleague',
    sub: '5e1f0000-0000-4000-8000-0000c011ea90',
    groups: ['agents'],
    connectUserId: '10ca1a9e-0000-4000-8000-000000000002',
  },
  /** A team lead: reads any call and corrects any outcome, without answering calls. */
  supervisor: {
    username: 'supervisor',
    password: 'supervisor',
    sub: '5e1f0000-0000-4000-8000-00005afe7e1d',
    groups: ['supervisors'],
  },
  /** The data-protection office: exports, erasures and the audit trail, never a call. */
  privacy: {
    username: 'privacy',
    password: 'privacy',
    sub: '5e1f0000-0000-4000-8000-0000d0a0ff1c',
    groups: ['privacy'],
  },
  manager: {
    username: 'manager',
    password: 'manager',
    sub: '5e1f0000-0000-4000-8000-00000ba4a9e4',
    groups: ['managers'],
  },
} as const satisfies Record<string, DemoUser>;

export class InvalidCredentialsError extends Error {
  constructor(options?: ErrorOptions) {
    super('unknown user or wrong password', options);
    this.name = 'InvalidCredentialsError';
  }
}

export interface SignedIn {
  readonly idToken: string;
  readonly expiresAt: string;
  readonly username: string;
  readonly groups: readonly string[];
}

/** As the HTTP API authoriser passes claims: every value a string, an array as `[a b]`. */
export type AuthorizerClaims = Readonly<Record<string, string>>;

const TokenHeader = z.object({ alg: z.literal('HS256'), typ: z.literal('JWT') });

const IdTokenClaims = z.object({
  sub: z.string().min(1),
  'cognito:groups': z.array(z.string()),
  'cognito:username': z.string(),
  'custom:connect_user_id': z.string().min(1).optional(),
  token_use: z.literal('id'),
  iss: z.literal(LOCAL_ISSUER),
  aud: z.literal(LOCAL_AUDIENCE),
  auth_time: z.number().int(),
  iat: z.number().int(),
  exp: z.number().int(),
});
type IdTokenClaims = z.infer<typeof IdTokenClaims>;

export interface LocalAuthOptions {
  /** HMAC key; default: random per process (tokens end with the process). */
  readonly secret?: string | Buffer | undefined;
  readonly clock?: Clock;
  /** Cognito's default ID-token lifetime. */
  readonly tokenLifetimeSeconds?: number;
  readonly users?: readonly DemoUser[];
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const isCanonicalBase64url = (part: string): boolean =>
  /^[A-Za-z0-9_-]+$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;

/** How far ahead of this clock a token's `iat` may be (another process's clock). */
const CLOCK_SKEW_SECONDS = 60;

const decodeJson = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

/** Compared by digest, so neither length nor content leaks through timing. */
const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

const toAuthorizerClaims = (claims: IdTokenClaims): AuthorizerClaims =>
  Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );

export const createLocalAuth = (options: LocalAuthOptions = {}) => {
  const secret = options.secret ?? randomBytes(32);
  const clock = options.clock ?? systemClock;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const users: readonly DemoUser[] = options.users ?? Object.values(DEMO_USERS);
  const signature = (input: string): Buffer => createHmac('sha256', secret).update(input).digest();
  /**
   * Issued no later than now (a minute's clock skew), valid no longer than this server issues
   * tokens for, and not yet expired: a token minted with a leaked secret for ten years, or dated
   * ahead, is refused all the same.
   */
  const withinLifetime = (claims: IdTokenClaims, now: number): boolean =>
    claims.auth_time <= claims.iat &&
    claims.iat <= now + CLOCK_SKEW_SECONDS &&
    claims.exp - claims.iat <= lifetime &&
    claims.exp > now;

  /** A signed ID token for a demo user; InvalidCredentialsError for anything else. */
  const signIn = (username: string, password: string): SignedIn => {
    const user = users.find((candidate) => candidate.username === username);
    // Compared even for an unknown name, so the answer takes as long either way.
    const passwordMatches = sameSecret(password, user?.password ?? '');
    if (!user || !passwordMatches) throw new InvalidCredentialsError();
    const now = Math.floor(clock.now().getTime() / 1000);
    const claims: IdTokenClaims = {
      sub: user.sub,
      'cognito:groups': [...user.groups],
      'cognito:username': user.username,
      ...(user.connectUserId === undefined ? {} : { 'custom:connect_user_id': user.connectUserId }),
      token_use: 'id',
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      auth_time: now,
      iat: now,
      exp: now + lifetime,
    };
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
    return {
      idToken: `${unsigned}.${signature(unsigned).toString('base64url')}`,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      username: user.username,
      groups: user.groups,
    };
  };

  /**
   * The claims of a valid, unexpired token from an `Authorization: Bearer …` header, or undefined
   * (no header, bad signature, other algorithm, expired): the handler then answers 401.
   */
  const verify = (authorization: string | undefined): AuthorizerClaims | undefined => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const [header, payload, signed, ...rest] = token?.split('.') ?? [];
    if (header === undefined || payload === undefined || signed === undefined || rest.length > 0) {
      return undefined;
    }
    // One spelling per token: Node's base64url decoder skips stray characters and ignores a last
    // character's spare bits, so `…A` and `…B` could carry the same signature
    // (https://www.rfc-editor.org/rfc/rfc7515#section-2 asks for base64url without padding).
    if (![header, payload, signed].every(isCanonicalBase64url)) return undefined;
    if (!TokenHeader.safeParse(decodeJson(header)).success) return undefined;
    const expected = signature(`${header}.${payload}`);
    const given = Buffer.from(signed, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = IdTokenClaims.safeParse(decodeJson(payload));
    if (!claims.success || !withinLifetime(claims.data, Math.floor(clock.now().getTime() / 1000))) {
      return undefined;
    }
    return toAuthorizerClaims(claims.data);
  };

  /** `requestContext.authorizer` of an HTTP API event, as API Gateway fills it after its JWT check. */
  const authorizerFor = (authorization: string | undefined) => {
    const claims = verify(authorization);
    return claims === undefined ? undefined : { jwt: { claims, scopes: null } };
  };

  return { signIn, verify, authorizerFor };
};
export type LocalAuth = ReturnType<typeof createLocalAuth>;

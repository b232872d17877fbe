// Sign-in for the signed-in pages (agent, dashboard), the same code in both places:
// - locally (`/config.json` says `local`): the demo users' form posts to `/api/sign-in`;
// - in AWS (`cognito`): Cognito's hosted sign-in, authorization code with PKCE (RFC 7636), since a
//   page cannot keep a client secret. The page sends the ID token to its API, whose Cognito
//   authoriser checks it (audience: this client); the token never goes anywhere else.
// Inside Amazon Connect's agent workspace the page runs in an iframe, which the hosted sign-in does
// not allow to frame it: the sign-in then opens in a pop-up, which hands the code back to this page
// (same origin, postMessage) and closes; the page exchanges it, since only it holds the verifier.
import * as z from 'zod/mini';
import type { WebAuthConfig } from '../../../shared/http/web-pages.ts';

const PENDING_KEY = 'hotline-sign-in-pending';
const MESSAGE_TYPE = 'hotline-sign-in-code';
/** The pop-up's window name: it survives the round trip through the hosted sign-in, and marks the pop-up. */
const POPUP_NAME = 'hotline-sign-in';

/** A signed-in user as a page keeps it for its tab. */
export interface Session {
  readonly token: string;
  readonly username: string;
  readonly groups: readonly string[];
  readonly expiresAt: string;
}

const SessionSchema = z.object({
  token: z.string(),
  username: z.string(),
  groups: z.array(z.string()),
  expiresAt: z.string(),
});

/** The claims the pages read; the API verifies the token, the page only shows who signed in. */
const Claims = z.object({
  sub: z.optional(z.string()),
  email: z.optional(z.string()),
  username: z.optional(z.string()),
  'cognito:username': z.optional(z.string()),
  'cognito:groups': z.optional(z.union([z.array(z.string()), z.string()])),
  exp: z.number(),
});

const AuthConfig = z.union([
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.literal('cognito'), signInUrl: z.string(), clientId: z.string() }),
]);

const Pending = z.object({ verifier: z.string(), state: z.string(), search: z.string() });
const PopupMessage = z.object({ type: z.literal(MESSAGE_TYPE), code: z.string(), state: z.string() });
const PasswordAnswer = z.object({ token: z.string(), username: z.string() });
const TokenAnswer = z.object({ id_token: z.string() });

const jsonOrNull = (text: string | null): unknown => {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
};

const base64Url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomString = (): string => base64Url(crypto.getRandomValues(new Uint8Array(32)));

/** The claims of a JWT, unverified. */
const claimsOf = (token: string) => {
  const payload = token.split('.')[1] ?? '';
  const binary = atob(
    payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '='),
  );
  const text = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  return Claims.parse(jsonOrNull(text));
};

/** A session from a token answer of either sign-in. */
const sessionFrom = (token: string): Session => {
  const claims = claimsOf(token);
  const groups = claims['cognito:groups'];
  return {
    token,
    username: claims.email ?? claims['cognito:username'] ?? claims.username ?? claims.sub ?? '',
    groups: Array.isArray(groups) ? groups : typeof groups === 'string' ? [groups] : [],
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
};

/** `/config.json`: how this deployment signs in. Without one (an old local server), the form. */
export const loadAuthConfig = async (): Promise<WebAuthConfig> => {
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (response.ok) {
      const parsed = z.object({ auth: AuthConfig }).safeParse(await response.json());
      if (parsed.success) return parsed.data.auth;
    }
  } catch {
    // the form below works wherever /api/sign-in does
  }
  return { kind: 'local' };
};

export interface Auth {
  readonly kind: WebAuthConfig['kind'];
  /** The tab's session, if one is kept and not expired. */
  read(): Session | undefined;
  /** Local demo users: resolves undefined when refused. */
  signInWithPassword(username: string, password: string): Promise<Session | undefined>;
  /** Sends the user to the hosted sign-in (a pop-up when framed); the page comes back with a code. */
  beginHostedSignIn(): Promise<void>;
  /** Completes a hosted sign-in when the page is its redirect target; undefined when there is none. */
  completeHostedSignIn(): Promise<Session | undefined>;
  /** Forgets the session in this tab only. */
  forget(): void;
  /** Ends the session here; with the hosted sign-in, also its own session (unless framed). */
  signOut(): void;
}

/**
 * The sign-in of one page. `storageKey` keeps the session for the tab (sessionStorage: gone with
 * the tab, never shared with other sites); `onSignedIn` runs after a pop-up's sign-in completes.
 */
export const createAuth = (options: {
  readonly config: WebAuthConfig;
  readonly storageKey: string;
  readonly onSignedIn: (session: Session | undefined) => void;
}): Auth => {
  const { config, storageKey } = options;
  const redirectUri = `${location.origin}${location.pathname}`;

  const keep = (session: Session): Session => {
    sessionStorage.setItem(storageKey, JSON.stringify(session));
    return session;
  };

  const exchange = async (hosted: { signInUrl: string; clientId: string }, code: string, state: string) => {
    const pending = Pending.safeParse(jsonOrNull(sessionStorage.getItem(PENDING_KEY)));
    sessionStorage.removeItem(PENDING_KEY);
    // Back to the page as it was before the sign-in (its contact id), without the code in the URL.
    history.replaceState(null, '', `${location.pathname}${pending.success ? pending.data.search : ''}`);
    if (!pending.success || pending.data.state !== state) {
      throw new Error('sign-in answer does not match its request');
    }
    const response = await fetch(`${hosted.signInUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: hosted.clientId,
        code,
        redirect_uri: redirectUri,
        code_verifier: pending.data.verifier,
      }),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    return keep(sessionFrom(TokenAnswer.parse(await response.json()).id_token));
  };

  if (config.kind === 'cognito') {
    // The framed page: the pop-up's code arrives as a message from this origin only.
    window.addEventListener('message', async (event) => {
      const message = PopupMessage.safeParse(event.data);
      if (event.origin !== location.origin || !message.success) return;
      try {
        options.onSignedIn(await exchange(config, message.data.code, message.data.state));
      } catch {
        options.onSignedIn(undefined);
      }
    });
  }

  const forget = () => sessionStorage.removeItem(storageKey);

  return {
    kind: config.kind,
    read: () => {
      const kept = SessionSchema.safeParse(jsonOrNull(sessionStorage.getItem(storageKey)));
      return kept.success && Date.parse(kept.data.expiresAt) > Date.now() ? kept.data : undefined;
    },
    signInWithPassword: async (username, password) => {
      const response = await fetch('/api/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (!response.ok) return undefined;
      const answer = PasswordAnswer.parse(await response.json());
      return keep({ ...sessionFrom(answer.token), username: answer.username });
    },
    beginHostedSignIn: async () => {
      if (config.kind !== 'cognito') return;
      const verifier = randomString();
      const state = randomString();
      const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, search: location.search }));
      const url = new URL(`${config.signInUrl}/oauth2/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state,
        code_challenge_method: 'S256',
        code_challenge: challenge,
      }).toString();
      if (window.top === window.self) location.assign(url.toString());
      else window.open(url.toString(), POPUP_NAME, 'popup,width=480,height=720');
    },
    completeHostedSignIn: async () => {
      if (config.kind !== 'cognito') return undefined;
      const params = new URLSearchParams(location.search);
      const code = params.get('code');
      const state = params.get('state');
      const error = params.get('error');
      if (error) {
        history.replaceState(null, '', location.pathname);
        throw new Error('sign-in refused');
      }
      if (!code || !state) return undefined;
      if (window.name === POPUP_NAME && window.opener) {
        // Only a page of this origin receives it (targetOrigin), and only it holds the verifier.
        window.opener.postMessage({ type: MESSAGE_TYPE, code, state }, location.origin);
        window.close();
        return undefined;
      }
      return exchange(config, code, state);
    },
    forget,
    signOut: () => {
      forget();
      if (config.kind === 'cognito' && window.top === window.self) {
        const url = new URL(`${config.signInUrl}/logout`);
        url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri }).toString();
        location.assign(url.toString());
      }
    },
  };
};

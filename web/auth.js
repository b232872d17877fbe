// Sign-in for the agent and manager pages, the same code in both places:
// - locally (`/config.json` says `local`): the demo users' form posts to `/api/sign-in`;
// - in AWS (`cognito`): Cognito's hosted sign-in, authorization code with PKCE (RFC 7636), since a
//   page cannot keep a client secret. The page sends the ID token to its API, whose Cognito
//   authoriser checks it (audience: this client); the token never goes anywhere else.
// Inside Amazon Connect's agent workspace the page runs in an iframe, which the hosted sign-in does
// not allow to frame it: the sign-in then opens in a pop-up, which hands the code back to this page
// (same origin, postMessage) and closes; the page exchanges it, since only it holds the verifier.

const PENDING_KEY = 'hotline-sign-in-pending';
const MESSAGE_TYPE = 'hotline-sign-in-code';
/** The pop-up's window name: it survives the round trip through the hosted sign-in, and marks the pop-up. */
const POPUP_NAME = 'hotline-sign-in';

/** The claims of a JWT, unverified: the page only reads who signed in; the API verifies. */
const claimsOf = (token) => {
  const payload = token.split('.')[1] ?? '';
  const json = atob(
    payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (char) => char.charCodeAt(0))));
};

const base64Url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomString = () => base64Url(crypto.getRandomValues(new Uint8Array(32)));

const groupsOf = (claim) => (Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : []);

/** A session as the pages keep it, from a token answer of either sign-in. */
const sessionFrom = (token) => {
  const claims = claimsOf(token);
  return {
    token,
    username: claims.email ?? claims['cognito:username'] ?? claims.username ?? claims.sub,
    groups: groupsOf(claims['cognito:groups']),
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
};

/** `/config.json`: how this deployment signs in. Without one (an old local server), the form. */
export const loadAuthConfig = async () => {
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (response.ok) return (await response.json()).auth;
  } catch {
    // the form below works wherever /api/sign-in does
  }
  return { kind: 'local' };
};

/**
 * The sign-in of one page. `storageKey` keeps the session for the tab (sessionStorage: gone with
 * the tab, never shared with other sites); `onSignedIn(session)` runs after a completed sign-in.
 */
export const createAuth = ({ config, storageKey, onSignedIn }) => {
  const redirectUri = `${location.origin}${location.pathname}`;

  const read = () => {
    try {
      const value = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
      if (value && typeof value.token === 'string' && Date.parse(value.expiresAt) > Date.now()) return value;
    } catch {
      // an unreadable session is no session
    }
    return undefined;
  };

  const keep = (session) => {
    sessionStorage.setItem(storageKey, JSON.stringify(session));
    return session;
  };

  /** Local demo users: username and password to the local server. Resolves undefined when refused. */
  const signInWithPassword = async (username, password) => {
    const response = await fetch('/api/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) return undefined;
    const answer = await response.json();
    return keep({ ...sessionFrom(answer.token), username: answer.username });
  };

  /** Sends the user to the hosted sign-in (a pop-up when framed); the page comes back with a code. */
  const beginHostedSignIn = async () => {
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
  };

  /** Exchanges a code for tokens at the hosted sign-in's token endpoint, with the stored verifier. */
  const exchange = async (code, state) => {
    const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
    sessionStorage.removeItem(PENDING_KEY);
    // Back to the page as it was before the sign-in (its contact id), without the code in the URL.
    history.replaceState(null, '', `${location.pathname}${pending?.search ?? ''}`);
    if (!pending || pending.state !== state) throw new Error('sign-in answer does not match its request');
    const response = await fetch(`${config.signInUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code,
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
      }),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    return keep(sessionFrom((await response.json()).id_token));
  };

  /**
   * Completes a hosted sign-in when the page is the redirect target (`?code=…&state=…`). In the
   * pop-up, hands the code to the page that opened it and closes. Resolves the new session, or
   * undefined when there is nothing to complete; rejects when the answer is an error or forged.
   */
  const completeHostedSignIn = async () => {
    const params = new URLSearchParams(location.search);
    const code = params.get('code');
    const state = params.get('state');
    const error = params.get('error');
    if (error) {
      history.replaceState(null, '', location.pathname);
      throw new Error(`sign-in refused: ${error}`);
    }
    if (!code || !state) return undefined;
    if (window.name === POPUP_NAME && window.opener) {
      // Only a page of this origin receives it (targetOrigin), and only it holds the verifier.
      window.opener.postMessage({ type: MESSAGE_TYPE, code, state }, location.origin);
      window.close();
      return undefined;
    }
    return exchange(code, state);
  };

  /** The framed page: the pop-up's code arrives as a message from this origin only. */
  const listenForPopup = () => {
    window.addEventListener('message', async (event) => {
      if (event.origin !== location.origin || event.data?.type !== MESSAGE_TYPE) return;
      try {
        onSignedIn(await exchange(event.data.code, event.data.state));
      } catch {
        onSignedIn(undefined);
      }
    });
  };

  /** Forgets the session in this tab only (expired, or not allowed on this page). */
  const forget = () => sessionStorage.removeItem(storageKey);

  /** Ends the session here; with the hosted sign-in, also its own session (unless framed). */
  const signOut = () => {
    forget();
    if (config.kind === 'cognito' && window.top === window.self) {
      const url = new URL(`${config.signInUrl}/logout`);
      url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri }).toString();
      location.assign(url.toString());
    }
  };

  if (config.kind === 'cognito') listenForPopup();

  return {
    kind: config.kind,
    read,
    signInWithPassword,
    beginHostedSignIn,
    completeHostedSignIn,
    forget,
    signOut,
  };
};

/**
 * The sign-in part every signed-in page shares: the local form (`#sign-in` with `#username` and
 * `#password`), the hosted sign-in button (`#hosted-sign-in`) and `#sign-out`, wired to a new
 * `auth`. Every sign-in, by form, redirect, pop-up or a session kept in the tab, goes through one
 * admission: a user outside `group` is forgotten and told `refusal`; only an admitted one reaches
 * `startSession`. `say(key, className)` reports progress in the page's words; `signOut` ends the
 * session everywhere; `showSignIn` shows the sign-in and moves the focus there.
 */
export const startPageSignIn = async ({
  storageKey,
  group,
  refusal,
  say,
  startSession,
  signOut,
  showSignIn,
}) => {
  const byId = (id) => document.getElementById(id);
  let auth;
  const admit = (signedIn) => {
    if (!signedIn) {
      say('signInFailed', 'bad');
      showSignIn();
    } else if (!signedIn.groups.includes(group)) {
      auth.forget();
      say(refusal, 'bad');
      showSignIn();
    } else {
      startSession(signedIn);
    }
  };
  auth = createAuth({ config: await loadAuthConfig(), storageKey, onSignedIn: admit });
  byId('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    say('signingIn');
    try {
      const signedIn = await auth.signInWithPassword(byId('username').value, byId('password').value);
      byId('password').value = '';
      if (!signedIn) {
        say('badCredentials', 'bad');
        byId('password').focus();
        return;
      }
      admit(signedIn);
    } catch {
      say('failed', 'bad');
    }
  });
  byId('hosted-sign-in').addEventListener('click', () => {
    say('signingIn');
    auth.beginHostedSignIn().catch(() => say('signInFailed', 'bad'));
  });
  byId('sign-out').addEventListener('click', () => signOut());
  return {
    auth,
    /** Completes a hosted sign-in or takes up the tab's session, and admits it; else shows the sign-in. */
    resume: async () => {
      let restored;
      try {
        restored = (await auth.completeHostedSignIn()) ?? auth.read();
      } catch {
        say('signInFailed', 'bad');
      }
      if (restored) admit(restored);
      else showSignIn();
    },
    /** Where the focus goes when the page asks for a sign-in. */
    focusSignIn: () => byId(auth.kind === 'local' ? 'username' : 'hosted-sign-in').focus(),
  };
};

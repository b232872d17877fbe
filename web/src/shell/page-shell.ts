// The one shell of every page: language and static words; and for the signed-in pages also the
// sign-in (web/src/shell/auth.ts), the session, `api()` with its token, the status message and
// sign-out. A page supplies its words and what it does once a user is admitted.
import { type Auth, createAuth, loadAuthConfig, type Session } from './auth.ts';
import { byId, element } from './dom.ts';
import {
  type ArgsOf,
  type Language,
  localeOf,
  type PageTexts,
  storedLanguage,
  storeLanguage,
  type Texts,
  type Translate,
  translator,
} from './i18n.ts';

/** The language switch's words, the same on every page. */
const SWITCH_TEXTS = {
  de: { switch: 'English', switchLabel: 'Switch to English' },
  en: { switch: 'Deutsch', switchLabel: 'Auf Deutsch umschalten' },
} as const;

/** The words of the sign-in and the shell's messages, the same on every signed-in page. */
export const SHELL_TEXTS = {
  de: {
    signIn: 'Anmelden',
    username: 'Benutzername',
    password: 'Passwort',
    signInButton: 'Anmelden',
    signingIn: 'Anmeldung läuft …',
    badCredentials: 'Benutzername oder Passwort stimmt nicht.',
    signInFailed: 'Die Anmeldung hat nicht geklappt. Bitte erneut anmelden.',
    signedInAs: (name: string) => `Angemeldet als ${name}.`,
    signedOut: 'Abgemeldet.',
    expired: 'Die Anmeldung ist abgelaufen. Bitte neu anmelden.',
    signOut: 'Abmelden',
    failed: 'Der Server antwortet nicht wie erwartet.',
  },
  en: {
    signIn: 'Sign in',
    username: 'User name',
    password: 'Password',
    signInButton: 'Sign in',
    signingIn: 'Signing in …',
    badCredentials: 'Unknown user name or wrong password.',
    signInFailed: 'The sign-in did not succeed. Please sign in again.',
    signedInAs: (name: string) => `Signed in as ${name}.`,
    signedOut: 'Signed out.',
    expired: 'The sign-in has expired. Please sign in again.',
    signOut: 'Sign out',
    failed: 'The server does not answer as expected.',
  },
} as const satisfies PageTexts<Texts>;
export type ShellTexts = typeof SHELL_TEXTS.de;

/** The language switch: `t`, the current language and its locale, and the `[data-i18n]` words. */
export interface LanguageShell<T extends Texts> {
  readonly t: Translate<T>;
  language(): Language;
  locale(): string;
}

/**
 * Starts the language part of a page: writes every `[data-i18n]` node's words, and on a click of
 * `#language` switches, remembers the choice and calls `render` again.
 */
export const startLanguage = <T extends Texts>(
  pageTexts: PageTexts<T>,
  render: () => void,
): LanguageShell<T> & { renderStatic(): void } => {
  let language = storedLanguage();
  const texts = {
    de: { ...SWITCH_TEXTS.de, ...pageTexts.de },
    en: { ...SWITCH_TEXTS.en, ...pageTexts.en },
  };
  const t = translator(pageTexts, () => language);
  const renderStatic = () => {
    document.documentElement.lang = language;
    const words: Texts = texts[language];
    for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
      const value = words[node.dataset.i18n ?? ''];
      if (typeof value === 'string') node.textContent = value;
    }
    byId('language').setAttribute('aria-label', texts[language].switchLabel);
  };
  byId('language').addEventListener('click', () => {
    language = language === 'de' ? 'en' : 'de';
    storeLanguage(language);
    renderStatic();
    render();
  });
  renderStatic();
  return { t, language: () => language, locale: () => localeOf(language), renderStatic };
};

export type Tone = '' | 'ok' | 'bad';

export interface SignedInShell<T extends Texts> extends LanguageShell<T> {
  /** Shows `key`'s words in `#message` (a live region), kept across a language switch. */
  say<K extends keyof T & string>(key: K, tone?: Tone, ...args: ArgsOf<T[K]>): void;
  /** The signed-in user, if any. */
  session(): Session | undefined;
  /** A request to the page's API with the user's token; a 401 ends the session (and rejects). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Ends the session in this tab and shows the sign-in with `key`'s message. */
  signOut(key?: keyof T & string, tone?: Tone): void;
  /** Writes the static words and the shell's parts again (after a page's own state changed). */
  renderShell(): void;
}

export interface SignedInPageOptions<P extends Texts> {
  readonly texts: PageTexts<P>;
  /** Where the tab keeps the session (sessionStorage). */
  readonly storageKey: string;
  /** The group a user must be in, or one of them (the API checks it too); others are refused with `refusal`. */
  readonly group: string | readonly string[];
  readonly refusal: keyof P & string;
  /** The element shown only while signed in. */
  readonly panelId: string;
  /** The page's rendering, called on a language switch and after a session starts or ends. */
  readonly render: () => void;
  /** An admitted user: the page starts its work. */
  readonly onSession: (session: Session) => void;
  /** The session ended (sign-out, expiry): the page drops what it holds. */
  readonly onSessionEnd: () => void;
}

/** An error the shell raises when the API answered 401: the session is gone, the page stops. */
export class SignedOutError extends Error {
  constructor() {
    super('the session has ended');
    this.name = 'SignedOutError';
  }
}

/**
 * The sign-in section every signed-in page has, built here once into its `#sign-in-section`: the
 * local form (with the page's `demoUsers` hint) and the hosted sign-in's button. Its words come
 * from the `[data-i18n]` keys like the page's own.
 */
const mountSignIn = (): void => {
  const input = (id: string, type: string, autocomplete: string) => {
    const node = element('input');
    Object.assign(node, { id, name: id, type, autocomplete, required: true });
    return node;
  };
  const label = (target: string, key: string) => {
    const node = element('label');
    node.htmlFor = target;
    node.dataset.i18n = key;
    return node;
  };
  const words = (tag: 'h2' | 'p' | 'button', key: string, attributes: Record<string, string> = {}) => {
    const node = element(tag);
    node.dataset.i18n = key;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };
  const form = element('form');
  form.id = 'sign-in';
  form.noValidate = true;
  form.append(
    label('username', 'username'),
    input('username', 'text', 'username'),
    label('password', 'password'),
    input('password', 'password', 'current-password'),
    words('p', 'demoUsers', { class: 'hint' }),
    words('button', 'signInButton', { type: 'submit' }),
  );
  byId('sign-in-section').replaceChildren(
    words('h2', 'signIn', { id: 'sign-in-heading' }),
    form,
    words('button', 'signInButton', { type: 'button', id: 'hosted-sign-in', hidden: '' }),
  );
};

/**
 * Starts a signed-in page. Every sign-in, by form, redirect, pop-up or a session kept in the tab,
 * goes through one admission: a user outside `group` is forgotten and told `refusal`; only an
 * admitted one reaches `onSession`.
 */
export const startSignedInPage = async <P extends Texts & { demoUsers: string }>(
  options: SignedInPageOptions<P>,
): Promise<SignedInShell<P & ShellTexts>> => {
  type T = P & ShellTexts;
  mountSignIn();
  // Typed for the page at the edge (the returned shell); inside, keys are the strings of both parts.
  const texts: PageTexts<Texts> = {
    de: { ...SHELL_TEXTS.de, ...options.texts.de },
    en: { ...SHELL_TEXTS.en, ...options.texts.en },
  };
  let session: Session | undefined;
  let message: { key: string; tone: Tone; args: unknown[] } | undefined;
  const words = (key: string, ...args: unknown[]): string =>
    (language.t as (key: string, ...args: unknown[]) => string)(key, ...args);

  const renderShell = () => {
    language.renderStatic();
    const node = byId('message');
    node.textContent = message ? words(message.key, ...message.args) : '';
    node.className = message?.tone ?? '';
    byId('sign-in-section').hidden = session !== undefined;
    byId('sign-in').hidden = auth.kind !== 'local';
    byId('hosted-sign-in').hidden = auth.kind === 'local';
    byId(options.panelId).hidden = session === undefined;
    byId('who').textContent = session ? words('signedInAs', session.username) : '';
  };
  const language = startLanguage(texts, () => {
    renderShell();
    options.render();
  });

  const say = (key: string, tone: Tone = '', ...args: unknown[]) => {
    message = { key, tone, args };
    renderShell();
  };

  const focusSignIn = () => byId(auth.kind === 'local' ? 'username' : 'hosted-sign-in').focus();
  const showSignIn = () => {
    renderShell();
    options.render();
    focusSignIn();
  };

  const end = (key: string, tone: Tone, everywhere: boolean) => {
    session = undefined;
    options.onSessionEnd();
    if (everywhere) auth.signOut();
    else auth.forget();
    say(key, tone);
    showSignIn();
  };

  const admit = (signedIn: Session | undefined) => {
    if (!signedIn) {
      say('signInFailed', 'bad');
      showSignIn();
    } else if (!signedIn.groups.some((own) => [options.group].flat().includes(own))) {
      auth.forget();
      say(options.refusal, 'bad');
      showSignIn();
    } else {
      session = signedIn;
      say('signedInAs', 'ok', signedIn.username);
      options.render();
      options.onSession(signedIn);
    }
  };

  const auth: Auth = createAuth({
    config: await loadAuthConfig(),
    storageKey: options.storageKey,
    onSignedIn: admit,
  });

  byId('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    say('signingIn');
    const password = byId('password', HTMLInputElement);
    try {
      const signedIn = await auth.signInWithPassword(
        byId('username', HTMLInputElement).value,
        password.value,
      );
      password.value = '';
      if (!signedIn) {
        say('badCredentials', 'bad');
        password.focus();
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
  byId('sign-out').addEventListener('click', () => end('signedOut', '', true));

  const shell = {
    t: language.t,
    language: language.language,
    locale: language.locale,
    say,
    session: () => session,
    api: async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${session?.token ?? ''}`);
      const response = await fetch(path, { ...init, cache: 'no-store', headers });
      if (response.status === 401) {
        end('expired', 'bad', false);
        throw new SignedOutError();
      }
      return response;
    },
    signOut: (key = 'signedOut', tone: Tone = '') => end(key, tone, false),
    renderShell,
  };

  // Completes a hosted sign-in or takes up the tab's session, and admits it; else shows the sign-in.
  // Deferred a turn, so the page has its shell before its onSession runs.
  queueMicrotask(async () => {
    let restored: Session | undefined;
    try {
      restored = (await auth.completeHostedSignIn()) ?? auth.read();
    } catch {
      say('signInFailed', 'bad');
    }
    if (restored) admit(restored);
    else showSignIn();
  });
  return shell as unknown as SignedInShell<T>;
};

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { createLocalAuth, InvalidCredentialsError } from '../../local/auth.ts';
import { SIGN_IN_PAGES } from '../../shared/http/web-pages.ts';
import { launchBrowser } from './browser.ts';
import { type StartedServer, startServer } from './cli.ts';

/**
 * A stand-in for Cognito's hosted sign-in, for browser tests: the three endpoints the pages use
 * (`/oauth2/authorize`, `/oauth2/token`, `/logout`), with the checks of OAuth 2.0 and PKCE that make
 * a page's mistakes fail here as they would against Cognito: the client id, the registered redirect
 * URL, S256 challenge and verifier, one use per code, the same redirect URL at exchange. Users sign
 * in on its own form with the local demo users; its ID tokens are signed with the local server's
 * secret, so the local API accepts them as API Gateway accepts Cognito's.
 */
export interface HostedSignIn {
  readonly url: string;
  /** Every request's method and path, in order, for assertions on what the page did. */
  readonly requests: readonly string[];
  stop(): Promise<void>;
}

interface PendingCode {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly username: string;
  readonly password: string;
}

const readForm = async (req: IncomingMessage): Promise<URLSearchParams> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export const startHostedSignIn = async (options: {
  readonly clientId: string;
  readonly secret: string;
  /** Registered callback URLs (asked per request: the pages' server may start later); others are refused, as by Cognito. */
  readonly redirectUris: () => readonly string[];
}): Promise<HostedSignIn> => {
  const auth = createLocalAuth({ secret: options.secret });
  const codes = new Map<string, PendingCode>();
  const requests: string[] = [];

  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const authorize = (url: URL, res: ServerResponse) => {
    const params = url.searchParams;
    const redirectUri = params.get('redirect_uri') ?? '';
    const problems = [
      params.get('response_type') !== 'code' && 'response_type',
      params.get('client_id') !== options.clientId && 'client_id',
      !options.redirectUris().includes(redirectUri) && 'redirect_uri',
      params.get('code_challenge_method') !== 'S256' && 'code_challenge_method',
      !/^[\w-]{43}$/.test(params.get('code_challenge') ?? '') && 'code_challenge',
      !params.get('state') && 'state',
    ].filter(Boolean);
    if (problems.length > 0) return answer(res, 400, { error: 'invalid_request', fields: problems });
    const hidden = ['redirect_uri', 'state', 'code_challenge']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
      .join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Sign in</title><form method="post" action="/login">${hidden}` +
        '<label for="u">Username</label><input id="u" name="username">' +
        '<label for="p">Password</label><input id="p" name="password" type="password">' +
        '<button type="submit">Sign in</button></form>',
    );
  };

  const login = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    const code = randomBytes(16).toString('hex');
    codes.set(code, {
      challenge: form.get('code_challenge') ?? '',
      redirectUri: form.get('redirect_uri') ?? '',
      username: form.get('username') ?? '',
      password: form.get('password') ?? '',
    });
    const back = new URL(form.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', form.get('state') ?? '');
    res.writeHead(302, { location: back.toString() });
    res.end();
  };

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    // Cognito's token endpoint answers cross-origin requests of browser clients.
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*' };
    const form = await readForm(req);
    const code = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challengeOfVerifier = createHash('sha256').update(verifier).digest('base64url');
    if (
      form.get('grant_type') !== 'authorization_code' ||
      form.get('client_id') !== options.clientId ||
      code === undefined ||
      code.redirectUri !== form.get('redirect_uri') ||
      code.challenge !== challengeOfVerifier
    ) {
      return answer(res, 400, { error: 'invalid_grant' }, cors);
    }
    try {
      const { idToken } = auth.signIn(code.username, code.password);
      answer(
        res,
        200,
        { id_token: idToken, access_token: idToken, token_type: 'Bearer', expires_in: 3600 },
        cors,
      );
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
      answer(res, 400, { error: 'invalid_grant' }, cors);
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${req.method} ${url.pathname}`);
    const route = `${req.method} ${url.pathname}`;
    const work =
      route === 'GET /oauth2/authorize'
        ? Promise.resolve(authorize(url, res))
        : route === 'POST /login'
          ? login(req, res)
          : route === 'POST /oauth2/token'
            ? token(req, res)
            : route === 'GET /logout'
              ? Promise.resolve(
                  res.writeHead(302, { location: url.searchParams.get('logout_uri') ?? '/' }).end(),
                )
              : Promise.resolve(answer(res, 404, { error: 'not_found' }));
    work.catch(() => answer(res, 500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

export interface HostedSignInWorld {
  readonly server: StartedServer;
  readonly signInServer: HostedSignIn;
  readonly browser: Browser;
}

/**
 * For one test file: a stand-in hosted sign-in, a local server whose pages sign in through it (as
 * CloudFront's config.json points them at Cognito), and a browser; all stopped after the file.
 * Call at the top of a `describe`; read `world()` inside the tests.
 */
export const useHostedSignIn = (name: string): (() => HostedSignInWorld) => {
  const clientId = 'pages-client';
  const secret = randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), `hotline-${name}-`));
  let world: HostedSignInWorld | undefined;
  beforeAll(async () => {
    let serverUrl = '';
    const signInServer = await startHostedSignIn({
      clientId,
      secret,
      redirectUris: () => SIGN_IN_PAGES.map((page) => `${serverUrl}${page}`),
    });
    const [server, browser] = await Promise.all([
      startServer(['--port', '0', '--data', dataDir], {
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        HOTLINE_TABLE_PREFIX: `${name.replace(/[^A-Za-z0-9]/g, '')}${Date.now()}`,
        HOTLINE_AUTH_SECRET: secret,
        HOTLINE_SIGN_IN_URL: signInServer.url,
        HOTLINE_SIGN_IN_CLIENT_ID: clientId,
      }),
      launchBrowser(),
    ]);
    serverUrl = server.url;
    world = { server, signInServer, browser };
  });
  afterAll(async () => {
    await Promise.all([world?.server.stop(), world?.browser.close(), world?.signInServer.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!world) throw new Error('the hosted sign-in world is not up: call useHostedSignIn in a describe');
    return world;
  };
};

/** Signs in on the stand-in's own form, as a user would on Cognito's. */
export const fillHostedForm = async (page: Page, username: string, password = username): Promise<void> => {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

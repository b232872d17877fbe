import { describe, expect, it } from 'vitest';
import { loadLocalAuthEnv, localWebConfig } from '../../shared/config/env.ts';
import { connectWorkspaceOrigins, contentSecurityPolicy } from '../../shared/http/web-pages.ts';

describe('the pages’ content security policy', () => {
  it('allows only the own origin by default, framing included', () => {
    // Act
    const policy = contentSecurityPolicy();
    // Assess
    expect(policy).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'",
    );
  });

  it('adds the sign-in origin to fetches and the agent workspace to framing, nothing else', () => {
    // Act
    const directives = contentSecurityPolicy({
      connect: ['https://signin.example'],
      frameAncestors: connectWorkspaceOrigins('hotline'),
    }).split('; ');
    // Assess
    expect(directives).toContain("connect-src 'self' https://signin.example");
    expect(directives).toContain(
      "frame-ancestors 'self' https://hotline.my.connect.aws https://hotline.awsapps.com",
    );
    expect(directives).toContain("script-src 'self'");
  });

  it("names exactly the instance's two workspace origins, never a wildcard", () => {
    expect(connectWorkspaceOrigins('hotline')).toEqual([
      'https://hotline.my.connect.aws',
      'https://hotline.awsapps.com',
    ]);
  });

  it.each([
    '*',
    'https://*.my.connect.aws',
    'https:',
    "'self' https://a.example",
    'http://hotline.my.connect.aws',
  ])('refuses the framing source %s: one https origin each, never a wildcard', (source) => {
    expect(() => contentSecurityPolicy({ frameAncestors: [source] })).toThrow(/single https origins/);
  });

  it.each(['*', 'x.*', 'a b', 'evil.example/x', 'd-1234567890', 'a'.repeat(46)])(
    'refuses %j as an instance alias, so no wildcard or other host gets into the policy',
    (alias) => {
      expect(() => connectWorkspaceOrigins(alias)).toThrow(/no Amazon Connect instance alias/);
    },
  );
});

describe('how the local pages sign in', () => {
  it('uses the demo users’ form unless a sign-in server is configured', () => {
    expect(localWebConfig(loadLocalAuthEnv({}))).toEqual({ auth: { kind: 'local' } });
  });

  it('points the pages at the configured OAuth server, without a trailing slash', () => {
    // Act
    const config = localWebConfig(
      loadLocalAuthEnv({ HOTLINE_SIGN_IN_URL: 'http://127.0.0.1:9000/', HOTLINE_SIGN_IN_CLIENT_ID: 'pages' }),
    );
    // Assess
    expect(config).toEqual({
      auth: { kind: 'cognito', signInUrl: 'http://127.0.0.1:9000', clientId: 'pages' },
    });
  });

  it('refuses a sign-in URL without its client id, and one that is not http(s)', () => {
    expect(() => loadLocalAuthEnv({ HOTLINE_SIGN_IN_URL: 'http://127.0.0.1:9000' })).toThrow(
      /HOTLINE_SIGN_IN_URL and HOTLINE_SIGN_IN_CLIENT_ID together/,
    );
    expect(() =>
      loadLocalAuthEnv({ HOTLINE_SIGN_IN_URL: 'javascript:alert(1)', HOTLINE_SIGN_IN_CLIENT_ID: 'pages' }),
    ).toThrow(/HOTLINE_SIGN_IN_URL/);
  });
});

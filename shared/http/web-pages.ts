/**
 * What the agent and manager pages need from where they are served, in AWS (CloudFront and a
 * deployed `config.json`) and locally (local/server.ts): the same headers and the same config shape,
 * built here once so that both places behave alike.
 */

/** How a page signs its user in. */
export type WebAuthConfig =
  /** Locally: a username and password form posting to `/api/sign-in` (demo users). */
  | { readonly kind: 'local' }
  /**
   * Cognito's hosted sign-in: authorization code with PKCE (RFC 7636) for a public client. `signInUrl`
   * is the domain's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`), whose
   * `/oauth2/authorize`, `/oauth2/token` and `/logout` the page uses.
   */
  | { readonly kind: 'cognito'; readonly signInUrl: string; readonly clientId: string };

/** `/config.json` beside the pages. */
export interface WebConfig {
  readonly auth: WebAuthConfig;
}

/** The agent's page: also the third-party application of Amazon Connect's agent workspace. */
export const AGENT_PAGE = '/agent.html';

/** The pages that sign users in: each is its own OAuth redirect (and sign-out) URL. */
export const SIGN_IN_PAGES = [AGENT_PAGE, '/dashboard.html'] as const;

export interface ContentSecurityPolicyOptions {
  /** Origins besides the page's own that scripts may fetch from (the hosted sign-in's token endpoint). */
  readonly connect?: readonly string[];
  /**
   * Who may frame the pages besides themselves: Amazon Connect's agent workspace loads the agent page
   * as a third-party app in an iframe (https://docs.aws.amazon.com/agentworkspace/latest/devguide/getting-started-create-application.html).
   */
  readonly frameAncestors?: readonly string[];
}

/**
 * Only the page's own origin may supply scripts, styles and images; forms post nowhere else; the
 * page may be framed only by itself and the given hosts. `frame-ancestors` replaces
 * X-Frame-Options, which cannot name an allowed host.
 */
export const contentSecurityPolicy = (options: ContentSecurityPolicyOptions = {}): string => {
  for (const source of options.frameAncestors ?? []) assertOneFramingOrigin(source);
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    ["connect-src 'self'", ...(options.connect ?? [])].join(' '),
    ["frame-ancestors 'self'", ...(options.frameAncestors ?? [])].join(' '),
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
};

/**
 * A framing source must be one https origin: a wildcard (`https://*.my.connect.aws`, `*`, `https:`)
 * would let every Connect instance's workspace, or every site, frame the agent page with a
 * signed-in agent's data in it. (A CDK token stands for one alias and has neither `*` nor `/`.)
 */
const assertOneFramingOrigin = (source: string): void => {
  if (source.includes('*') || !/^https:\/\/[^/\s*]+$/.test(source))
    throw new Error(`frame-ancestors takes single https origins only, not "${source}"`);
};

/** An Amazon Connect instance alias (https://docs.aws.amazon.com/connect/latest/APIReference/API_Instance.html). */
const INSTANCE_ALIAS = /^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$/;

/**
 * The origins Amazon Connect serves an instance's agent workspace from: `https://<alias>.my.connect.aws`,
 * and `https://<alias>.awsapps.com` for instances still reached on that domain
 * (https://docs.aws.amazon.com/connect/latest/adminguide/case-agent-experience.html). Never a wildcard:
 * any other instance's workspace could frame the pages.
 */
export const connectWorkspaceOrigins = (instanceAlias: string): string[] => {
  const isToken = instanceAlias.includes('${Token[');
  if (!isToken && (instanceAlias.length > 45 || !INSTANCE_ALIAS.test(instanceAlias)))
    throw new Error(
      `"${instanceAlias}" is no Amazon Connect instance alias: letters, digits and inner dashes, at most 45`,
    );
  return [`https://${instanceAlias}.my.connect.aws`, `https://${instanceAlias}.awsapps.com`];
};

/**
 * What the agent page may receive and ask for in the workspace: the lifecycle events of its contacts
 * (`onIncoming`, `onConnected`, `onCleared`) and the contact's initial contact id and channel type
 * (`getInitialContactId`, `getChannelType`). AWS documents `Contact.Details.View` for all of them
 * but `onIncoming`, which no permission page lists yet
 * (https://docs.aws.amazon.com/connect/latest/adminguide/3p-apps-events-requests.html,
 * https://docs.aws.amazon.com/agentworkspace/latest/devguide/3p-apps-contact-events-connected-sub.html,
 * https://docs.aws.amazon.com/agentworkspace/latest/devguide/3p-apps-contact-requests-oncleared-sub.html,
 * https://docs.aws.amazon.com/agentworkspace/latest/devguide/3p-apps-contact-requests-getinitialcontactid.html,
 * https://docs.aws.amazon.com/agentworkspace/latest/devguide/3P-apps-contact-requests-getchanneltype.html).
 * Nothing about the agent (`User.Details.View`: name, ARN) or the caller's number
 * (`Contact.CustomerDetails.View`): the page signs its user in itself and looks callers up through the API.
 */
export const AGENT_PAGE_APP_PERMISSIONS = ['Contact.Details.View'] as const;

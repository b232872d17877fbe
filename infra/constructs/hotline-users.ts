import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { AGENT_GROUP } from '../../shared/http/agent-api-contract.ts';
import { MANAGER_GROUP } from '../../shared/http/metrics-api-contract.ts';
import { SIGN_IN_PAGES } from '../../shared/http/web-pages.ts';

/** The Cognito groups the APIs authorise by (`cognito:groups` in the token). */
export const USER_GROUPS = { agents: AGENT_GROUP, managers: MANAGER_GROUP } as const;

export interface HotlineUsersProps {
  /** Where the web pages are served (`https://<distribution domain>`): its sign-in pages are the only callback and sign-out URLs. */
  readonly webOrigin: string;
  /**
   * Prefix of the Cognito domain of the hosted sign-in (`https://<prefix>.auth.<region>.amazoncognito.com`).
   * Unique per region across AWS; the same the pages' CSP was given (`HotlineUsers.signInUrl`).
   */
  readonly domainPrefix: string;
  /**
   * What happens to the user pool when it leaves the stack. The pool holds every agent's and manager's sign-in.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Who may sign in to the agent and manager pages: a Cognito user pool that only an administrator
 * fills (no self sign-up), with a strong password, TOTP MFA required for everyone, the groups
 * `agents` and `managers`, and one public client for the web pages (authorization code with PKCE
 * through the hosted sign-in, or SRP; no secret, since a browser cannot keep one).
 */
export class HotlineUsers extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  /**
   * The hosted sign-in's base URL for a domain prefix, before the domain exists: the pages' CSP needs
   * it, and the pages (their URL) come before the client that redirects to them.
   */
  static signInUrl(scope: Construct, domainPrefix: string): string {
    const stack = Stack.of(scope);
    return `https://${domainPrefix}.auth.${stack.region}.amazoncognito.com`;
  }

  constructor(scope: Construct, id: string, props: HotlineUsersProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: false },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // Agents see tenants' arrears, court and eviction dates: a password alone is not enough.
      // Required (not optional) also satisfies AwsSolutions-COG2. TOTP only: SMS would need an SNS role.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials, not Plus: the pool is a small, administrator-created staff directory with TOTP MFA required for every user and no self sign-up; Plus threat protection (compromised-credential and adaptive checks) adds a per-user cost that buys little here. Revisit if sign-ins open beyond staff.',
    });

    for (const [key, groupName] of Object.entries(USER_GROUPS)) {
      new CfnUserPoolGroup(this, `${key[0]?.toUpperCase()}${key.slice(1)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description:
          groupName === USER_GROUPS.agents
            ? 'Phone agents: the caller context and outcomes of one call at a time.'
            : 'Managers: aggregate metrics only.',
      });
    }

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix: props.domainPrefix,
      },
    });

    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: SIGN_IN_PAGES.map((page) => `${props.webOrigin}${page}`),
        logoutUrls: SIGN_IN_PAGES.map((page) => `${props.webOrigin}${page}`),
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }
}

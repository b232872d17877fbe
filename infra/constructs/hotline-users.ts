import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPoolClient,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { SUPERVISOR_GROUP } from '../../shared/domain/contact-access.ts';
import { AGENT_GROUP } from '../../shared/http/agent-api-contract.ts';
import { CONNECT_USER_ID_CLAIM } from '../../shared/http/http-api-event.ts';
import { MANAGER_GROUP } from '../../shared/http/metrics-api-contract.ts';
import { PRIVACY_GROUP } from '../../shared/http/privacy-api-contract.ts';
import { SIGN_IN_PAGES } from '../../shared/http/web-pages.ts';

/** The Cognito groups the APIs authorise by (`cognito:groups` in the token). */
export const USER_GROUPS = {
  agents: AGENT_GROUP,
  supervisors: SUPERVISOR_GROUP,
  managers: MANAGER_GROUP,
  privacy: PRIVACY_GROUP,
} as const;

const GROUP_DESCRIPTIONS: Record<keyof typeof USER_GROUPS, string> = {
  agents: 'Phone agents: the caller context and outcomes of the calls they serve.',
  supervisors: 'Team leads: any call, any outcome; every read audited.',
  managers: 'Managers: aggregate metrics only.',
  privacy:
    "Data-protection office: a tenant's access and erasure requests and the audit trail; never a call.",
};

/** The custom attribute behind CONNECT_USER_ID_CLAIM (`custom:connect_user_id`). */
const CONNECT_USER_ID_ATTRIBUTE = CONNECT_USER_ID_CLAIM.replace(/^custom:/, '');

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
 * `agents`, `supervisors` and `managers`, and one public client for the web pages (authorization
 * code with PKCE through the hosted sign-in only; no secret, since a browser cannot keep one).
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
      // The agent's Amazon Connect user id (DescribeContact's AgentInfo.Id): which calls are theirs.
      // Set by an administrator (AdminUpdateUserAttributes); no client may write it (below).
      customAttributes: {
        [CONNECT_USER_ID_ATTRIBUTE]: new StringAttribute({ mutable: true, minLen: 1, maxLen: 256 }),
      },
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
        description: GROUP_DESCRIPTIONS[key as keyof typeof USER_GROUPS],
      });
    }

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix: props.domainPrefix,
      },
    });

    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      // The pages read the mapping from the ID token; users write no attribute of their own, so
      // nobody maps themselves to another agent's calls.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(CONNECT_USER_ID_ATTRIBUTE),
      writeAttributes: new ClientAttributes(),
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
    // Sign-in only through the hosted pages (code + PKCE), refresh tokens besides: no SRP or
    // password flow. CDK leaves ExplicitAuthFlows out when no flow is chosen, and Cognito then
    // allows SRP and more by default
    // (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html);
    // and tokens of the hosted pages lack `aws.cognito.signin.user.admin`, the scope that lets a
    // user change their own attributes with UpdateUserAttributes.
    (this.client.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
  }
}

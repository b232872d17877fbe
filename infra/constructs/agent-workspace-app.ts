import { Stack } from 'aws-cdk-lib';
import { CfnApplication } from 'aws-cdk-lib/aws-appintegrations';
import { CfnIntegrationAssociation, CfnSecurityProfile } from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import { AGENT_PAGE, AGENT_PAGE_APP_PERMISSIONS } from '../../shared/http/web-pages.ts';

/**
 * What an agent needs besides the app to take calls in the agent workspace: the Contact Control
 * Panel (https://docs.aws.amazon.com/connect/latest/adminguide/security-profile-list.html). Not
 * `OutboundCallAccess`: the hotline takes calls; add it through `agentPermissions` for agents who dial.
 */
export const AGENT_SECURITY_PERMISSIONS = ['BasicAgentAccess'] as const;

/**
 * How the workspace runs the app across an agent's contacts (ApplicationConfig.ContactHandling.Scope,
 * https://docs.aws.amazon.com/agentworkspace/latest/devguide/getting-started-application-contact-scope.html):
 * `CROSS_CONTACTS` is one instance per browser session, `PER_CONTACT` one instance per contact,
 * created with its contact id and destroyed when the contact ends.
 */
export type AgentAppContactScope = 'CROSS_CONTACTS' | 'PER_CONTACT';

export interface AgentWorkspaceAppProps {
  /** ARN of the Connect instance whose agent workspace shows the app. */
  readonly instanceArn: string;
  /** Where the pages are served (`https://<distribution domain>`, no trailing slash): the app's only approved origin. */
  readonly webOrigin: string;
  /**
   * Path of the page on `webOrigin` that the workspace loads.
   *
   * @default AGENT_PAGE (`/agent.html`)
   */
  readonly pagePath?: `/${string}`;
  /**
   * The app's name in the agent workspace's app launcher; unique in the account and region.
   *
   * @default - `<stack name> agent page`
   */
  readonly name?: string;
  /**
   * The app's namespace: unique in the account and region, and how the security profile names the app.
   *
   * @default - `<stack name in lower case>.agent-page`
   */
  readonly namespace?: string;
  /**
   * The workspace events and requests the app may use.
   *
   * @default AGENT_PAGE_APP_PERMISSIONS
   */
  readonly permissions?: readonly string[];
  /**
   * How the workspace runs the app across contacts. The page follows the agent from call to call
   * itself (it subscribes to incoming, connected and cleared), keeps its sign-in and waits between
   * calls, so one instance per browser session fits it.
   *
   * @default 'CROSS_CONTACTS'
   */
  readonly contactScope?: AgentAppContactScope;
  /**
   * Security profile permissions of the agents' profile, besides access to the app.
   *
   * @default AGENT_SECURITY_PERMISSIONS
   */
  readonly agentPermissions?: readonly string[];
}

/**
 * The agent page as a third-party application of the instance's agent workspace
 * (https://docs.aws.amazon.com/agentworkspace/latest/devguide/getting-started.html): the AppIntegrations
 * application (the page's URL, its origin, its workspace permissions), its association with the
 * instance, and a security profile that grants agents the CCP and the app, so that an administrator
 * only assigns the profile to users.
 */
export class AgentWorkspaceApp extends Construct {
  readonly application: CfnApplication;
  readonly association: CfnIntegrationAssociation;
  /** The profile to assign to agents: the Contact Control Panel and this app. */
  readonly securityProfile: CfnSecurityProfile;
  /** The URL the workspace loads. */
  readonly accessUrl: string;
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: AgentWorkspaceAppProps) {
    super(scope, id);
    const { stackName } = Stack.of(this);
    this.accessUrl = `${props.webOrigin}${props.pagePath ?? AGENT_PAGE}`;
    this.namespace = props.namespace ?? `${stackName.toLowerCase()}.agent-page`;

    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-appintegrations-application.html
    // IsService and InitializationTimeout stay unset: the page is a visible app, not a background
    // service, and the timeout is required only for services.
    this.application = new CfnApplication(this, 'Application', {
      name: props.name ?? `${stackName} agent page`,
      namespace: this.namespace,
      description:
        'Eviction-prevention hotline: the caller context and the outcome form for the current call.',
      applicationSourceConfig: {
        externalUrlConfig: { accessUrl: this.accessUrl, approvedOrigins: [props.webOrigin] },
      },
      permissions: [...(props.permissions ?? AGENT_PAGE_APP_PERMISSIONS)],
      applicationConfig: { contactHandling: { scope: props.contactScope ?? 'CROSS_CONTACTS' } },
    });

    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-connect-integrationassociation.html
    this.association = new CfnIntegrationAssociation(this, 'Association', {
      instanceId: props.instanceArn,
      integrationType: 'APPLICATION',
      integrationArn: this.application.attrApplicationArn,
    });

    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-connect-securityprofile-application.html:
    // for a third-party application, ACCESS is the only application permission.
    this.securityProfile = new CfnSecurityProfile(this, 'AgentSecurityProfile', {
      instanceArn: props.instanceArn,
      securityProfileName: `${stackName}-agents`,
      description: 'Hotline agents: the Contact Control Panel and the agent page in the agent workspace.',
      permissions: [...(props.agentPermissions ?? AGENT_SECURITY_PERMISSIONS)],
      applications: [{ namespace: this.namespace, applicationPermissions: ['ACCESS'] }],
    });
    this.securityProfile.addResourceDependency(
      this.association,
      'The profile names the app by namespace only: it grants the app once the instance knows it.',
    );
  }
}

import { Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnInstance, CfnIntegrationAssociation } from 'aws-cdk-lib/aws-connect';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const INSTANCE_ARN =
  /^arn:(aws[a-z-]*):connect:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):instance\/([0-9a-f-]{36})$/;

export interface ConnectInstanceArn {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly instanceId: string;
}

/** Checks an instance ARN given on the command line (`-c connectInstanceArn=…`) and splits it. */
export const parseConnectInstanceArn = (value: unknown): ConnectInstanceArn => {
  const match = typeof value === 'string' ? INSTANCE_ARN.exec(value.trim()) : null;
  if (!match) {
    throw new Error(
      `connectInstanceArn must be an Amazon Connect instance ARN such as arn:aws:connect:eu-central-1:123456789012:instance/<instance id>; got ${JSON.stringify(value)}.`,
    );
  }
  const [arn, partition = '', region = '', account = '', instanceId = ''] = match;
  return { arn, partition, region, account, instanceId };
};

/** An instance alias as Connect allows it (https://docs.aws.amazon.com/connect/latest/APIReference/API_Instance.html). */
const INSTANCE_ALIAS = /^(?!d-)[\da-zA-Z]+(?:-+[\da-zA-Z]+)*$/;

/**
 * Checks an instance alias given on the command line (`-c connectInstanceAlias=…`). It becomes part of
 * the pages' Content-Security-Policy, so nothing but what Connect accepts as an alias gets through.
 */
export const parseConnectInstanceAlias = (value: unknown): string => {
  if (typeof value !== 'string' || value.length > 45 || !INSTANCE_ALIAS.test(value)) {
    throw new Error(
      `connectInstanceAlias must be an Amazon Connect instance alias (letters, digits and inner hyphens, at most 45 characters, not starting with d-) such as wien-delogierung; got ${JSON.stringify(value)}.`,
    );
  }
  return value;
};

export interface HotlineConnectProps {
  /**
   * ARN of an existing Amazon Connect instance to use.
   *
   * @default - a new instance is created
   */
  readonly instanceArn?: string;
  /**
   * Alias of a new instance: its access URL is `https://<alias>.my.connect.aws`, so it must be
   * unique across AWS. With `instanceArn`, the existing instance's alias, which is then required:
   * only that instance's agent workspace may frame the agent page.
   *
   * @default - `eviction-hotline-<account id>` for a new instance; none for an existing one (an error)
   */
  readonly instanceAlias?: string;
  /**
   * What happens to a created instance when it leaves the stack. The instance owns the claimed phone
   * numbers, users and contact records.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long a created instance's flow logs are kept. They record each block a contact passed,
   * with the caller's number and the attributes the functions returned: long enough to look into a
   * complaint about a call of the last quarter, not kept for ever (CloudWatch's default). An existing
   * instance's log group is not this stack's; set its retention where it was created.
   *
   * @default RetentionDays.THREE_MONTHS
   */
  readonly flowLogRetention?: RetentionDays;
}

/**
 * The Amazon Connect side of the hotline: an existing instance or a new one, and the functions its
 * flows may invoke. Queues, hours of operation and the inbound flow hang off `instanceArn`; a flow
 * depends on the associations `allowInvoke` returns.
 */
export class HotlineConnect extends Construct {
  /** ARN of the instance, for every Connect resource (`instanceArn`/`instanceId` take the ARN). */
  readonly instanceArn: string;
  /** The instance this construct created, or `undefined` when an existing one is used. */
  readonly instance: CfnInstance | undefined;
  /** The instance's alias: its agent workspace is served from `https://<alias>.my.connect.aws`. */
  readonly instanceAlias: string;
  /** The created instance's flow log group, or `undefined` when an existing instance is used. */
  readonly flowLogs: LogGroup | undefined;

  constructor(scope: Construct, id: string, props: HotlineConnectProps = {}) {
    super(scope, id);
    if (props.instanceArn !== undefined) {
      if (props.instanceAlias === undefined) {
        throw new Error(
          `instanceAlias is required with instanceArn (${props.instanceArn}): only that instance's agent workspace, https://<alias>.my.connect.aws, may frame the agent page.`,
        );
      }
      this.instanceArn = parseConnectInstanceArn(props.instanceArn).arn;
      this.instance = undefined;
      this.flowLogs = undefined;
      this.instanceAlias = props.instanceAlias;
      return;
    }
    this.instanceAlias = props.instanceAlias ?? Fn.join('-', ['eviction-hotline', Stack.of(this).account]);
    const instance = new CfnInstance(this, 'Instance', {
      identityManagementType: 'CONNECT_MANAGED',
      instanceAlias: this.instanceAlias,
      attributes: { inboundCalls: true, outboundCalls: true, contactflowLogs: true },
    });
    instance.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    // Connect creates `/aws/connect/<instance alias>` itself when flow logging is on, with no
    // retention (kept for ever). Created here first, with a retention, Connect writes into it.
    // https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-logs-stored-in-cloudwatch.html
    this.flowLogs = new LogGroup(this, 'FlowLogs', {
      logGroupName: Fn.join('', ['/aws/connect/', this.instanceAlias]),
      retention: props.flowLogRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    instance.node.addDependency(this.flowLogs);
    this.instance = instance;
    this.instanceArn = instance.attrArn;
  }

  /**
   * Lets the instance's flows invoke `fn`: a resource policy for `connect.amazonaws.com` limited to
   * this instance and account, and the integration association that lists the function in Connect.
   */
  allowInvoke(fn: IFunction): CfnIntegrationAssociation {
    fn.addPermission('ConnectInvoke', {
      principal: new ServicePrincipal('connect.amazonaws.com'),
      sourceArn: this.instanceArn,
      sourceAccount: Stack.of(this).account,
    });
    return new CfnIntegrationAssociation(this, `${fn.node.id}Integration`, {
      instanceId: this.instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: fn.functionArn,
    });
  }
}

/**
 * The ARNs a deployed hotline is made of, recognised by their form alone: a stack's outputs, its
 * resources' physical ids and a flow's parameters all carry them, and none of those says what kind
 * of resource a value names. Formats: Amazon Connect
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html#amazonconnect-resources-for-iam-policies),
 * Lambda, SNS and AppIntegrations (the same reference, one page per service).
 */
export type ResourceArn =
  | { readonly kind: 'connect-instance'; readonly arn: string; readonly instanceId: string }
  | {
      readonly kind: 'queue' | 'contact-flow' | 'hours';
      readonly arn: string;
      readonly instanceId: string;
      /** The resource's id inside the instance. */
      readonly id: string;
    }
  | { readonly kind: 'lambda-function'; readonly arn: string; readonly functionName: string }
  | { readonly kind: 'sns-topic'; readonly arn: string; readonly topicName: string }
  | { readonly kind: 'application'; readonly arn: string; readonly id: string };

export type ResourceKind = ResourceArn['kind'];

const HEAD = '^arn:aws[a-z-]*:';
const REGION_ACCOUNT = String.raw`[a-z]{2}(?:-[a-z]+)+-\d:\d{12}`;
const ID = String.raw`[\w-]+`;

const CONNECT = new RegExp(
  `${HEAD}connect:${REGION_ACCOUNT}:instance/(${ID})(?:/(queue|contact-flow|operating-hours)/(${ID}))?$`,
);
/** An unqualified or qualified function (`…:function:name:alias`): the name is what a stack lists. */
const LAMBDA = new RegExp(`${HEAD}lambda:${REGION_ACCOUNT}:function:([\\w-]+)(?::[\\w$-]+)?$`);
const SNS = new RegExp(`${HEAD}sns:${REGION_ACCOUNT}:([\\w-]+(?:\\.fifo)?)$`);
const APPLICATION = new RegExp(`${HEAD}app-integrations:${REGION_ACCOUNT}:application/(${ID})$`);

const CONNECT_KINDS = { queue: 'queue', 'contact-flow': 'contact-flow', 'operating-hours': 'hours' } as const;

/** What `value` names, or undefined when it is no ARN of a kind the hotline deploys. */
export const parseResourceArn = (value: string): ResourceArn | undefined => {
  const connect = CONNECT.exec(value);
  if (connect) {
    const [arn, instanceId = '', type, id] = connect;
    if (type === undefined || id === undefined) return { kind: 'connect-instance', arn, instanceId };
    return { kind: CONNECT_KINDS[type as keyof typeof CONNECT_KINDS], arn, instanceId, id };
  }
  const lambda = LAMBDA.exec(value);
  if (lambda) return { kind: 'lambda-function', arn: lambda[0], functionName: lambda[1] ?? '' };
  const topic = SNS.exec(value);
  if (topic) return { kind: 'sns-topic', arn: topic[0], topicName: topic[1] ?? '' };
  const application = APPLICATION.exec(value);
  if (application) return { kind: 'application', arn: application[0], id: application[1] ?? '' };
  return undefined;
};

/** The ARN of the instance a Connect resource belongs to (`…:instance/<id>`). */
export const instanceArnOf = (connectArn: string): string =>
  connectArn.replace(/(:instance\/[\w-]+).*$/, '$1');

/**
 * Everything instance-specific the inbound flow refers to. CDK passes tokens (resolved on deploy),
 * `hotline flow` prints the placeholders, and the local interpreter maps the placeholders to the
 * local handlers, queues and hours: all three see the same flow JSON.
 */
export interface InboundFlowReferences {
  readonly identifyCallerArn: string;
  readonly urgentQueueArn: string;
  readonly generalQueueArn: string;
  /** Every callback (queues full, or closed and urgent): a full queue cannot take a callback itself. */
  readonly callbackQueueArn: string;
  readonly hoursArn: string;
}

const INSTANCE = 'arn:aws:connect:eu-central-1:111111111111:instance/00000000-0000-4000-8000-000000000000';

export const PLACEHOLDER_REFERENCES: InboundFlowReferences = Object.freeze({
  identifyCallerArn: 'arn:aws:lambda:eu-central-1:111111111111:function:identify-caller',
  urgentQueueArn: `${INSTANCE}/queue/urgent`,
  generalQueueArn: `${INSTANCE}/queue/general`,
  callbackQueueArn: `${INSTANCE}/queue/callback`,
  hoursArn: `${INSTANCE}/operating-hours/office-hours`,
});

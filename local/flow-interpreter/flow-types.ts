/**
 * The flow types of Amazon Connect
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_ContactFlowTypeCondition.html), plus
 * `FLOW_MODULE` for a module (DescribeContactFlowModule), which is no flow type of its own.
 */
export const FLOW_TYPES = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
  'FLOW_MODULE',
] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export const isFlowType = (value: string): value is FlowType =>
  (FLOW_TYPES as readonly string[]).includes(value);

/** The groups the per-action "Restrictions" of the reference name. */
export const INBOUND: readonly FlowType[] = ['CONTACT_FLOW'];
export const TRANSFER: readonly FlowType[] = ['AGENT_TRANSFER', 'QUEUE_TRANSFER'];
export const CUSTOMER_QUEUE: readonly FlowType[] = ['CUSTOMER_QUEUE'];
export const HOLD: readonly FlowType[] = ['CUSTOMER_HOLD', 'AGENT_HOLD'];
export const WHISPER: readonly FlowType[] = ['CUSTOMER_WHISPER', 'AGENT_WHISPER', 'OUTBOUND_WHISPER'];
export const MODULE: readonly FlowType[] = ['FLOW_MODULE'];

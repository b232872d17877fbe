import * as z from 'zod';
import { parseResourceArn, type ResourceArn } from './resource-arns.ts';

/** A flow's `Content` is not flow-language JSON (DescribeContactFlow should never answer that). */
export class InvalidFlowContentError extends Error {
  constructor(options?: ErrorOptions) {
    super('the contact flow content is not flow-language JSON', options);
    this.name = 'InvalidFlowContentError';
  }
}

/**
 * As much of the flow language as the references need (API reference, "Flow language":
 * https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html). Unknown fields and
 * action types are fine: any parameter may hold an ARN.
 */
const FlowContent = z.object({
  Actions: z.array(
    z.object({
      Identifier: z.string(),
      Type: z.string(),
      Parameters: z.optional(z.record(z.string(), z.unknown())),
    }),
  ),
});

/** What a flow refers to, by kind, each ARN once, in the order the flow first names it. */
export interface FlowReferences {
  readonly lambdaFunctions: readonly string[];
  readonly queues: readonly string[];
  readonly hours: readonly string[];
}

const stringsIn = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
};

/**
 * The functions, queues and hours a published flow's `Content` (DescribeContactFlow) names, wherever
 * in the parameters they stand: `LambdaFunctionARN`, `QueueId`, `HoursOfOperationId` and whatever
 * later actions add.
 */
export const flowReferences = (content: string): FlowReferences => {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new InvalidFlowContentError({ cause: error });
  }
  const parsed = FlowContent.safeParse(json);
  if (!parsed.success) throw new InvalidFlowContentError({ cause: parsed.error });
  const named = parsed.data.Actions.flatMap((action) => stringsIn(action.Parameters ?? {}))
    .map(parseResourceArn)
    .filter((arn): arn is ResourceArn => arn !== undefined);
  const of = (kind: ResourceArn['kind']) => [
    ...new Set(named.filter((arn) => arn.kind === kind).map(({ arn }) => arn)),
  ];
  return { lambdaFunctions: of('lambda-function'), queues: of('queue'), hours: of('hours') };
};

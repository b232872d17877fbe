import { z } from 'zod';

/**
 * The event Amazon Connect sends to a Lambda from InvokeLambdaFunction (CONNECT.md §4). Our own
 * schema because @types/aws-lambda lacks several fields; every object is loose, so fields Connect
 * adds later pass through untouched, and everything we do not need is optional.
 */
const Endpoint = z.looseObject({ Address: z.string().nullish(), Type: z.string().nullish() }).nullish();

export const ContactFlowEvent = z.looseObject({
  Name: z.literal('ContactFlowEvent').optional(),
  Details: z.looseObject({
    ContactData: z.looseObject({
      ContactId: z.string().min(1),
      InitialContactId: z.string().min(1).nullish(),
      PreviousContactId: z.string().nullish(),
      Channel: z.string().default('VOICE'),
      InitiationMethod: z.string().nullish(),
      InstanceARN: z.string().nullish(),
      LanguageCode: z.string().nullish(),
      Attributes: z.record(z.string(), z.string()).nullish(),
      CustomerEndpoint: Endpoint,
      SystemEndpoint: Endpoint,
      Queue: z.looseObject({ ARN: z.string().nullish(), Name: z.string().nullish() }).nullish(),
    }),
    Parameters: z.record(z.string(), z.string()).default({}),
  }),
});
export type ContactFlowEvent = z.infer<typeof ContactFlowEvent>;

/** A STRING_MAP response: a flat map of strings, under Connect's 32 KB limit. */
export const STRING_MAP_MAX_BYTES = 32 * 1024;
export const StringMap = z
  .record(z.string(), z.string())
  .refine((map) => Buffer.byteLength(JSON.stringify(map), 'utf8') < STRING_MAP_MAX_BYTES, 'exceeds 32 KB');
export type StringMap = z.infer<typeof StringMap>;

/** Dotted paths of the fields that failed, for a log line without the values themselves. */
export const issuePaths = (error: z.ZodError): string[] =>
  error.issues.map((i) => i.path.join('.') || '(root)');

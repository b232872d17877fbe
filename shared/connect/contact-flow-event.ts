import * as z from 'zod/mini';

/**
 * The event Amazon Connect sends to a Lambda from InvokeLambdaFunction (docs/amazon-connect.md, "The Lambda event and response"). Our own
 * schema (zod/mini, for a small Lambda bundle) because @types/aws-lambda lacks several fields; every object is loose, so fields Connect
 * adds later pass through untouched, and everything we do not need is optional.
 */
const optionalText = () => z.nullish(z.string());
const Endpoint = z.nullish(z.looseObject({ Address: optionalText(), Type: optionalText() }));

export const ContactFlowEvent = z.looseObject({
  Name: z.optional(z.literal('ContactFlowEvent')),
  Details: z.looseObject({
    ContactData: z.looseObject({
      ContactId: z.string().check(z.minLength(1)),
      InitialContactId: optionalText(),
      PreviousContactId: optionalText(),
      Channel: z._default(z.string(), 'VOICE'),
      InitiationMethod: optionalText(),
      InstanceARN: optionalText(),
      LanguageCode: optionalText(),
      Attributes: z.nullish(z.record(z.string(), z.string())),
      CustomerEndpoint: Endpoint,
      SystemEndpoint: Endpoint,
      Queue: z.nullish(z.looseObject({ ARN: optionalText(), Name: optionalText() })),
    }),
    Parameters: z._default(z.record(z.string(), z.string()), {}),
  }),
});
export type ContactFlowEvent = z.infer<typeof ContactFlowEvent>;

/** A STRING_MAP response: a flat map of strings, under Connect's 32 KB limit. */
export const STRING_MAP_MAX_BYTES = 32 * 1024;
export const StringMap = z
  .record(z.string(), z.string())
  .check(
    z.refine((map) => Buffer.byteLength(JSON.stringify(map), 'utf8') < STRING_MAP_MAX_BYTES, 'exceeds 32 KB'),
  );
export type StringMap = z.infer<typeof StringMap>;

/** Dotted paths of the fields that failed, for a log line without the values themselves. */
export const issuePaths = (error: z.core.$ZodError): string[] =>
  error.issues.map((i) => i.path.join('.') || '(root)');

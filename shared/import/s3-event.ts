import * as z from 'zod';

/**
 * The S3 event notification as Lambda receives it (event message structure version 2.x:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html),
 * reduced to what the import reads. Unknown fields are tolerated.
 */
export const S3ObjectCreatedEvent = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:s3'),
        eventName: z.string().startsWith('ObjectCreated:'),
        s3: z.object({
          bucket: z.object({ name: z.string().min(1) }),
          object: z.object({
            /** URL-encoded, with `+` for a space: decode with decodeS3Key. */
            key: z.string().min(1),
            versionId: z.string().min(1).optional(),
            sequencer: z.string().optional(),
          }),
        }),
      }),
    )
    .min(1),
});
export type S3ObjectCreatedEvent = z.infer<typeof S3ObjectCreatedEvent>;

/** What S3 sends once when a notification is configured; it announces no object. */
const S3TestEvent = z.object({ Event: z.literal('s3:TestEvent') });
export const isS3TestEvent = (event: unknown): boolean => S3TestEvent.safeParse(event).success;

/** Object keys in S3 events are URL-encoded form values: `+` is a space. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

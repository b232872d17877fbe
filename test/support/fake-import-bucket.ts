import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';

interface StoredObject {
  readonly body: Buffer;
  readonly versionId: string;
}

const bodyOf = (value: string | Buffer | Uint8Array): Buffer =>
  typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);

/**
 * An S3 bucket in memory behind aws-sdk-client-mock, answering like S3 does for what the import
 * sends: GetObject with a stream body (in chunks, as a socket delivers it), HeadObject, PutObject
 * with `If-None-Match: *`, and versions. Errors have S3's shapes (NoSuchKey, NotFound, 412).
 */
export const fakeImportBucket = (bucket: string, options: { readonly chunkBytes?: number } = {}) => {
  const client = new S3Client({ region: 'eu-central-1' });
  const mock = mockClient(client);
  const objects = new Map<string, StoredObject[]>();
  let versions = 0;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;

  const put = (key: string, body: string | Buffer | Uint8Array): string => {
    const versionId = `v${++versions}`;
    objects.set(key, [...(objects.get(key) ?? []), { body: bodyOf(body), versionId }]);
    return versionId;
  };
  const find = (key: string, versionId?: string): StoredObject | undefined => {
    const all = objects.get(key) ?? [];
    return versionId === undefined ? all.at(-1) : all.find((o) => o.versionId === versionId);
  };
  const checkBucket = (name: string | undefined) => {
    if (name !== bucket) throw new Error(`the fake bucket is ${bucket}, not ${String(name)}`);
  };
  const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

  mock.on(GetObjectCommand).callsFake((input: { Bucket?: string; Key?: string; VersionId?: string }) => {
    checkBucket(input.Bucket);
    const found = find(input.Key ?? '', input.VersionId);
    if (!found) throw new NoSuchKey({ message: 'The specified key does not exist.', ...meta(404) });
    const chunks: Buffer[] = [];
    for (let at = 0; at < found.body.length; at += chunkBytes)
      chunks.push(found.body.subarray(at, at + chunkBytes));
    return {
      Body: sdkStreamMixin(Readable.from(chunks)),
      ContentLength: found.body.length,
      VersionId: found.versionId,
    };
  });
  mock.on(HeadObjectCommand).callsFake((input: { Bucket?: string; Key?: string }) => {
    checkBucket(input.Bucket);
    const found = find(input.Key ?? '');
    if (!found) throw new NotFound({ message: 'Not Found', ...meta(404) });
    return { ContentLength: found.body.length, VersionId: found.versionId };
  });
  mock
    .on(PutObjectCommand)
    .callsFake((input: { Bucket?: string; Key?: string; Body?: unknown; IfNoneMatch?: string }) => {
      checkBucket(input.Bucket);
      const key = input.Key ?? '';
      if (input.IfNoneMatch === '*' && find(key)) {
        throw new S3ServiceException({
          name: 'PreconditionFailed',
          $fault: 'client',
          message: 'At least one of the pre-conditions you specified did not hold',
          ...meta(412),
        });
      }
      const body = input.Body;
      if (!(typeof body === 'string' || body instanceof Uint8Array)) {
        throw new Error('the fake bucket takes string or byte bodies');
      }
      return { VersionId: put(key, body) };
    });

  return {
    client,
    mock,
    /** Stores an object as an upload would (a new version each time); returns its version id. */
    put,
    /** The current text of an object, or undefined. */
    text: (key: string): string | undefined => find(key)?.body.toString('utf8'),
    keys: (): string[] => [...objects.keys()],
  };
};

/** The event S3 sends for one created object (notification message structure 2.1). */
export const s3ObjectCreatedEvent = (bucket: string, key: string, versionId?: string) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-central-1',
      eventTime: '2026-12-02T10:15:00.123Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '198.51.100.7' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'import-manifest',
        bucket: {
          name: bucket,
          ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
          arn: `arn:aws:s3:::${bucket}`,
        },
        object: {
          // Keys arrive URL-encoded, as S3 sends them.
          key: encodeURIComponent(key).replace(/%2F/g, '/'),
          size: 120,
          eTag: '0123456789abcdef0123456789abcdef',
          ...(versionId ? { versionId } : {}),
          sequencer: '0A1B2C3D4E5F678901',
        },
      },
    },
  ],
});

import * as z from 'zod/mini';
import { READ_MODEL_PARTITION } from './generation.ts';
import { versionedRecord } from './versioned-record.ts';

/**
 * Which keys an import generation wrote, in chunks (ReadModel table, `READMODEL` /
 * `MANIFEST#<generation>#<nnnnn>`): clean-up and erasure delete by key instead of scanning.
 */
export const manifestKeys = {
  /** The partition every manifest is in (the pointer's). */
  partition: READ_MODEL_PARTITION,
  item: (generation: string, chunk: number) => ({
    pk: READ_MODEL_PARTITION,
    sk: `MANIFEST#${generation}#${String(chunk).padStart(5, '0')}`,
  }),
  /** The generation and chunk number inside a manifest's `sk`. */
  ofSk: (sk: string): { generation: string; chunk: number } | undefined => {
    const match = /^MANIFEST#(.+)#(\d+)$/.exec(sk);
    return match?.[1] === undefined ? undefined : { generation: match[1], chunk: Number(match[2]) };
  },
  /** The `sk` prefix of one generation's manifests, or of every manifest. */
  prefix: (generation?: string) => (generation === undefined ? 'MANIFEST#' : `MANIFEST#${generation}#`),
} as const;

const MANIFEST = versionedRecord('generation-manifest', 1);

/**
 * The keys as `pk sk` strings (neither part holds a space). Written before the items themselves, so
 * even an import that dies half-way can be cleaned up by key.
 */
const ManifestRecord = z.object({
  ...MANIFEST.shape,
  generation: z.string().check(z.minLength(1)),
  /** The hash key's version of the generation: an erasure in a superseded generation needs it. */
  hashKeyVersion: z.optional(z.string()),
  keys: z.array(z.string()),
});

export const toManifestItem = (
  generation: string,
  chunk: number,
  itemKeys: readonly { pk: string; sk: string }[],
  hashKeyVersion: string | undefined,
) => ({
  ...manifestKeys.item(generation, chunk),
  ...MANIFEST.stamp,
  generation,
  ...(hashKeyVersion === undefined ? {} : { hashKeyVersion }),
  keys: itemKeys.map(({ pk, sk }) => `${pk} ${sk}`),
});

export const fromManifestItem = (
  item: unknown,
): { generation: string; hashKeyVersion?: string | undefined; keys: { pk: string; sk: string }[] } => {
  const record = MANIFEST.parse(ManifestRecord, item);
  return {
    generation: record.generation,
    ...(record.hashKeyVersion === undefined ? {} : { hashKeyVersion: record.hashKeyVersion }),
    keys: record.keys.map((key) => {
      const [pk = '', sk = ''] = key.split(' ');
      return { pk, sk };
    }),
  };
};

import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { lambdaBuildOptions } from '../infra/constructs/bundling.ts';
import { median } from './stats.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Runs in a fresh `node`: how long importing the bundle takes, module scope included. */
const IMPORT_PROBE = `
const start = performance.now();
await import(process.argv[1]);
process.stdout.write(JSON.stringify({ importMs: performance.now() - start }));
`;

export interface BuiltBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  /** The largest contributors to the output, by package (or top-level folder of ours). */
  readonly largest: readonly { readonly input: string; readonly bytes: number }[];
}

export interface BundleResult {
  readonly handler: BuiltBundle;
  readonly minimal: BuiltBundle;
  readonly settings: BuildOptions;
  readonly importMs: { readonly handler: number[]; readonly minimal: number[] };
  readonly processMs: { readonly handler: number[]; readonly minimal: number[] };
  readonly importMedian: { readonly handler: number; readonly minimal: number };
}

const packageOf = (input: string): string => {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inModules?.[1]) return inModules[1];
  return input.split('/').slice(0, 2).join('/');
};

const largestInputs = (metafile: Metafile, outfile: string): BuiltBundle['largest'] => {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(outfile))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([input, bytes]) => ({ input, bytes }));
};

/** Exactly what NodejsFunction runs (infra/constructs/bundling.ts), plus a metafile to explain the size. */
const buildBundle = async (name: string, outdir: string, entry: string): Promise<BuiltBundle> => {
  const file = join(outdir, name, 'index.mjs');
  const result = await build({
    ...lambdaBuildOptions(join(repoRoot, entry), file),
    absWorkingDir: repoRoot,
    metafile: true,
  });
  return {
    name,
    file,
    bytes: (await stat(file)).size,
    largest: largestInputs(result.metafile, relative(repoRoot, file)),
  };
};

const importOnce = async (file: string): Promise<{ importMs: number; processMs: number }> => {
  const start = performance.now();
  const { stdout } = await run(
    process.execPath,
    // --no-warnings: the SDK warns about Node 20 on stderr at import, which Lambda's Node 24 never does.
    ['--no-warnings', '--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href],
    {
      // The handler reads its configuration at module scope, as in Lambda; nothing is contacted.
      env: {
        PATH: process.env.PATH ?? '',
        READ_MODEL_TABLE: 'bench-ReadModel',
        CALLS_TABLE: 'bench-Calls',
        AWS_REGION: 'eu-central-1',
        // As CDK configures it: the hash key through the extension, asked only when a number is hashed.
        HASH_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:bench-HashKey',
        AWS_SESSION_TOKEN: 'bench',
      },
    },
  );
  const processMs = performance.now() - start;
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== 'object' || parsed === null || !('importMs' in parsed)) {
    throw new Error(`the import probe printed something unexpected: ${stdout.slice(0, 200)}`);
  }
  return { importMs: Number(parsed.importMs), processMs };
};

/** Builds both bundles in this run, then imports each in fresh processes, interleaved. */
export const measureBundles = async (options: { readonly importRuns: number }): Promise<BundleResult> => {
  const outdir = await mkdtemp(join(tmpdir(), 'hotline-bench-'));
  try {
    const handler = await buildBundle('identify-caller', outdir, 'functions/identify-caller/handler.ts');
    const minimal = await buildBundle('minimal-dynamodb', outdir, 'bench/minimal-dynamodb.ts');
    // One unmeasured import each, so neither pays for a cold file cache.
    await importOnce(handler.file);
    await importOnce(minimal.file);
    const importMs = { handler: [] as number[], minimal: [] as number[] };
    const processMs = { handler: [] as number[], minimal: [] as number[] };
    for (let i = 0; i < options.importRuns; i++) {
      const order = i % 2 === 0 ? ([handler, minimal] as const) : ([minimal, handler] as const);
      for (const bundle of order) {
        const side = bundle === handler ? 'handler' : 'minimal';
        const sample = await importOnce(bundle.file);
        importMs[side].push(sample.importMs);
        processMs[side].push(sample.processMs);
      }
    }
    return {
      handler,
      minimal,
      settings: lambdaBuildOptions('<entry>', '<outdir>/index.mjs'),
      importMs,
      processMs,
      importMedian: { handler: median(importMs.handler), minimal: median(importMs.minimal) },
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
};

import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled, in one place: `HotlineFunction` hands these settings to
 * NodejsFunction, and the benchmark (bench/) builds its bundles with exactly the same ones.
 * Plain data, no aws-cdk-lib import, so the benchmark loads it cheaply.
 */

/** The Node.js major version of the Lambda runtime (`nodejs24.x`); the esbuild target follows it. */
export const LAMBDA_NODE_MAJOR = 24;

/**
 * ESM output has no `require`; a few CommonJS dependencies still call it for Node built-ins.
 * The banner gives the module a real one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

export interface LambdaEsbuildSettings {
  readonly target: `node${number}`;
  readonly platform: 'node';
  readonly format: 'esm';
  readonly banner: string;
  readonly minify: boolean;
  readonly sourcemap: boolean;
  /** Source maps carry mappings only: stack traces need no embedded sources, and the zip stays small. */
  readonly sourcesContent: boolean;
  /** `module` first: the ESM builds of the AWS SDK tree-shake far better than the CommonJS ones. */
  readonly mainFields: readonly string[];
  /** Empty: the AWS SDK is bundled (`bundleAwsSDK`), so the version we test is the version we run. */
  readonly external: readonly string[];
}

export const LAMBDA_ESBUILD: LambdaEsbuildSettings = Object.freeze({
  target: `node${LAMBDA_NODE_MAJOR}`,
  platform: 'node',
  format: 'esm',
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: Object.freeze(['module', 'main']),
  external: Object.freeze([]),
});

/**
 * esbuild `build()` options that produce the same bundle NodejsFunction produces for `entry`
 * (NodejsFunction runs the esbuild CLI with these settings and writes `index.mjs`).
 */
export const lambdaBuildOptions = (entry: string, outfile: string): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  target: LAMBDA_ESBUILD.target,
  platform: LAMBDA_ESBUILD.platform,
  format: LAMBDA_ESBUILD.format,
  banner: { js: LAMBDA_ESBUILD.banner },
  minify: LAMBDA_ESBUILD.minify,
  sourcemap: LAMBDA_ESBUILD.sourcemap,
  sourcesContent: LAMBDA_ESBUILD.sourcesContent,
  mainFields: [...LAMBDA_ESBUILD.mainFields],
  external: [...LAMBDA_ESBUILD.external],
  logLevel: 'warning',
});

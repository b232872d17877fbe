/**
 * The pages as they are served: the HTML and CSS of web/ as they stand, the TypeScript of web/src
 * bundled by esbuild (with the shared contracts it imports and the npm packages it uses, such as
 * the Amazon Connect SDK and uPlot), and the vendor style sheets. The local server serves this map
 * from memory; CDK writes it into a folder and deploys that folder, so both places serve the same
 * bytes. Nothing is loaded from another origin at run time: the CSP allows the page's own only.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const WEB_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)));

/** Each page's script: the URL path its HTML loads → its entry module under web/src. */
export const PAGE_SCRIPTS = {
  'agent.js': 'src/agent/main.ts',
  'dashboard.js': 'src/dashboard/main.ts',
  'simulator.js': 'src/simulator/main.ts',
  'landing.js': 'src/landing/main.ts',
  'workspace.js': 'src/workspace/main.ts',
} as const;

/** The browsers the agents' and managers' machines run (evergreen Chromium, Firefox, Safari). */
const BROWSER_TARGETS = ['chrome120', 'firefox121', 'safari17'];

/**
 * Files of npm packages the pages link to, served from the pages' own origin: URL path → the file
 * inside `node_modules`, as `require.resolve` takes it (scripts are bundled instead).
 */
export const VENDOR_FILES = {
  // uPlot (MIT): the dashboard charts' style sheet; its script is bundled into dashboard.js.
  'vendor/uplot.css': 'uplot/dist/uPlot.min.css',
} as const;

const STATIC_TYPES = new Set(['.html', '.css', '.svg']);

/** One served file: its bytes and its content type. */
export interface SiteFile {
  readonly body: Uint8Array;
  readonly contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};
const contentTypeOf = (path: string): string => CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';

/** The bundles of web/src: URL path (no leading slash) → bytes. Throws with esbuild's messages on a build error. */
const bundles = (): Map<string, Uint8Array> => {
  const outdir = join(WEB_ROOT, 'out'); // never written (write: false); names the output paths
  const result = buildSync({
    absWorkingDir: WEB_ROOT,
    entryPoints: Object.entries(PAGE_SCRIPTS).map(([out, source]) => ({
      in: source,
      out: out.replace(/\.js$/, ''),
    })),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: BROWSER_TARGETS,
    minify: true,
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    outdir,
    write: false,
    logLevel: 'silent',
    legalComments: 'eof',
  });
  return new Map(result.outputFiles.map((file) => [relative(outdir, file.path), file.contents]));
};

/** Every file of the site: URL path without the leading slash (`agent.html`, `vendor/uplot.css`) → file. */
export const buildSite = (): ReadonlyMap<string, SiteFile> => {
  const site = new Map<string, SiteFile>();
  for (const name of readdirSync(WEB_ROOT)) {
    if (STATIC_TYPES.has(extname(name))) {
      site.set(name, { body: readFileSync(join(WEB_ROOT, name)), contentType: contentTypeOf(name) });
    }
  }
  const packageFile = createRequire(import.meta.url);
  for (const [name, file] of Object.entries(VENDOR_FILES)) {
    site.set(name, { body: readFileSync(packageFile.resolve(file)), contentType: contentTypeOf(name) });
  }
  for (const [name, body] of bundles()) site.set(name, { body, contentType: contentTypeOf(name) });
  return site;
};

/** The site written into a new folder, for a deployment that copies a folder (CDK's BucketDeployment). */
export const writeSite = (site: ReadonlyMap<string, SiteFile> = buildSite()): string => {
  const folder = mkdtempSync(join(tmpdir(), 'hotline-site-'));
  for (const [name, file] of site) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), file.body);
  }
  return folder;
};

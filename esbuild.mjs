// Builds the extension (dist/extension.js, and dist/nodeApi.js loaded on first use), the webview bundles (dist/webview/*) and, with --tests,
// the integration test bundle that runs inside the VS Code extension host (out/test/integration/index.js).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

/**
 * azure-devops-node-api (src/azdo/nodeApi.ts) goes into its own file, dist/nodeApi.js, which client.ts requires on
 * first use: activation then loads and parses only dist/extension.js (a fraction of the size).
 * @type {import('esbuild').Plugin}
 */
const lazyNodeApi = {
  name: 'lazy-node-api',
  setup(build) {
    build.onResolve({ filter: /^\.\/nodeApi$/ }, (args) =>
      args.importer.replace(/\\/g, '/').endsWith('src/azdo/client.ts') ? { path: './nodeApi.js', external: true } : undefined);
  },
};

/**
 * One binding of the \`vscode\` module for the whole bundle. esbuild gives every file that imports it its own
 * \`__toESM(require("vscode"))\`, which copies every property of the API object; with a file per command and node
 * that cost ~20 ms of activation. All imports now go through one module that binds it once.
 * @type {import('esbuild').Plugin}
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: 'export * from "vscode";', loader: 'js' }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const nodeApi = {
  entryPoints: ['src/azdo/nodeApi.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: 'dist/nodeApi.js',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  mainFields: ['module', 'main'],
};

/** @type {import('esbuild').BuildOptions} */
const extension = {
  entryPoints: ['src/extension.ts'],
  plugins: [lazyNodeApi, vscodeOnce],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  // azure-devops-node-api pulls optional native helpers we never use.
  mainFields: ['module', 'main'],
};

/**
 * Webview bundles: one entry per webview, browser platform, ESM in an IIFE.
 * Add entries here as webviews land, e.g. { in: 'src/webviews/createPullRequest/main.ts', out: 'createPullRequest' }.
 * @type {{ in: string, out: string }[]}
 */
const webviewEntries = [];

/** @type {import('esbuild').BuildOptions} */
const webviews = {
  entryPoints: webviewEntries,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  outdir: 'dist/webview',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  loader: { '.ttf': 'file', '.woff2': 'file' },
};

/**
 * Integration tests: index.ts (the runner, with mocha bundled in: mocha 12 is ESM and the extension host
 * loads CommonJS) plus one bundle per test file, all under out/test/integration/. index.js loads the
 * *.test.js files next to it with mocha, which provides describe/it as globals.
 * @type {import('esbuild').BuildOptions}
 */
const integrationTests = {
  entryPoints: ['test/integration/index.ts', 'test/integration/**/*.test.ts'],
  outbase: 'test/integration',
  outdir: 'out/test/integration',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
  // mocha loads the test files with a runtime require(file), and its parallel mode (unused) resolves workers.
  logOverride: { 'unsupported-require-call': 'silent', 'require-resolve-not-external': 'silent' },
};

const configs = [extension, nodeApi];
if (webviewEntries.length > 0) configs.push(webviews);
if (tests) {
  // Bundles of deleted or renamed test files must not linger: index.js runs every *.test.js it finds.
  fs.rmSync('out/test/integration', { recursive: true, force: true });
  configs.push(integrationTests);
}

if (watch) {
  for (const config of configs) {
    const ctx = await esbuild.context(config);
    await ctx.watch();
  }
  console.log('[esbuild] watching');
} else {
  const results = await Promise.all(configs.map((c) => esbuild.build(c)));
  if (args.has('--analyze')) {
    console.log(await esbuild.analyzeMetafile(results[0].metafile));
    console.log(await esbuild.analyzeMetafile(results[1].metafile));
  }
}

// Builds the extension (dist/extension.js), the webview bundles (dist/webview/*) and, with --tests,
// the integration test bundle that runs inside the VS Code extension host (out/test/integration/index.js).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

/** @type {import('esbuild').BuildOptions} */
const extension = {
  entryPoints: ['src/extension.ts'],
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
const webviewEntries = [
  { in: 'src/webviews/pullRequest/app/main.ts', out: 'pullRequest' },
  { in: 'src/webviews/createPullRequest/app/main.ts', out: 'createPullRequest' },
];

/** Codicons for the webviews (vscode-elements' <vscode-icon> reads the stylesheet with id vscode-codicon-stylesheet). */
function copyCodicons() {
  fs.mkdirSync('dist/webview', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
}

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

const configs = [extension];
if (webviewEntries.length > 0) {
  configs.push(webviews);
  copyCodicons();
}
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
  }
}

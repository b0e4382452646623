import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_IDS } from '../../src/commands/ids';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

interface Contributed { command: string; title: string; category?: string; icon?: string }
interface MenuItem { command?: string; when?: string }

describe('package.json manifest', () => {
  const commands: Contributed[] = manifest.contributes.commands;

  it('targets VS Code 1.100 with matching types and depends on the built-in Git extension', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'], /^\^?1\.100\./);
    assert.deepEqual(manifest.extensionDependencies, ['vscode.git']);
  });

  it('never activates on everything or on startup', () => {
    const events: string[] = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activation on * is not allowed');
    for (const e of events) assert.match(e, /^(onView|onCommand|onAuthenticationRequest|onUri|workspaceContains|onFileSystem):/, e);
  });

  it('registers at activation exactly the commands it contributes (their code loads on first use)', () => {
    assert.deepEqual([...COMMAND_IDS].sort(), commands.map((c) => c.command).sort());
  });

  it('puts every command in the "Azure DevOps" category with a codicon', () => {
    assert.ok(commands.length >= 8);
    for (const c of commands) {
      assert.equal(c.category, 'Azure DevOps', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z0-9-]+\)$/, `${c.command} needs a codicon`);
      assert.match(c.command, /^azureDevOps\./);
    }
  });

  it('has menus only for contributed commands, each with a when clause', () => {
    const ids = new Set(commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus as Record<string, MenuItem[]>)) {
      for (const item of items) {
        if (!item.command) continue;
        assert.ok(ids.has(item.command), `${menu}: unknown command ${item.command}`);
        assert.ok(item.when, `${menu}: ${item.command} needs a when clause`);
      }
    }
  });

  it('describes every setting', () => {
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties as Record<string, { description?: string; markdownDescription?: string }>)) {
      assert.ok(setting.description || setting.markdownDescription, `${key} needs a description`);
      assert.match(key, /^azureDevOps\./);
    }
  });

  it('has a view container in the activity bar with the accounts view and a Sign In welcome', () => {
    assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, 'azureDevOps');
    assert.ok(manifest.contributes.views.azureDevOps.some((v: { id: string }) => v.id === 'azureDevOps.accounts'));
    const welcome = manifest.contributes.viewsWelcome.map((w: { contents: string }) => w.contents).join('\n');
    assert.match(welcome, /\[Sign In\]\(command:azureDevOps\.signIn\)/);
    for (const icon of [manifest.icon, manifest.contributes.viewsContainers.activitybar[0].icon]) {
      assert.ok(fs.existsSync(path.join(root, icon)), `${icon} exists`);
    }
  });

  it('packages only what runs (vsce ls honours .vscodeignore), and every file the bundles load', function () {
    this.timeout(120_000);
    // The production build, as packaging makes it: which files the bundles require at run time (lazily loaded
    // features, REST stack, markdown) is read from the bundles themselves.
    execFileSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: 'ignore' });
    const bundles = fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.js'));
    const required = new Set<string>();
    for (const bundle of bundles) {
      for (const m of fs.readFileSync(path.join(root, 'dist', bundle), 'utf8').matchAll(/require\(["']\.\/([\w.-]+?)(?:\.js)?["']\)/g)) required.add(`dist/${m[1]}.js`);
    }
    assert.ok(required.has('dist/features.js') && required.has('dist/nodeApi.js'), `the core loads features and the REST stack lazily (${[...required].join(', ')})`);
    const out = execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
    assert.ok(files.includes('package.json') && files.includes('README.md') && files.includes('LICENSE') && files.includes('CHANGELOG.md'), files.join(', '));
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/[\w-]+\.js|dist\/templates\/[a-z]+\.json|dist\/webview\/[^/]+\.(js|css|ttf|woff2)|resources\/.+\.(png|svg))$/;
    for (const f of files) assert.match(f, allowed, `${f} should not be in the .vsix`);
    assert.ok(!files.some((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/')));
    for (const file of required) assert.ok(files.includes(file), `${file}, which a bundle requires at run time, is packaged`);
    assert.ok(files.includes('dist/extension.js'));
  });
});

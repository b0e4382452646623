// Refreshes src/templates/gitignore-templates.json from GitHub's own collection of .gitignore templates
// (https://github.com/github/gitignore, CC0-1.0), the collection GitHub offers when it creates a repository.
// Only the templates listed in OFFERED are copied, so the extension stays small and works offline.
//
//   git clone --bare https://github.com/github/gitignore /tmp/github-gitignore.git
//   npm run templates:gitignore -- /tmp/github-gitignore.git [revision]
//
// The first argument is a clone of github/gitignore (bare or not); the revision defaults to HEAD. The JSON
// records the commit it was taken from; review the diff like any other change before committing it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Templates offered in "Create Repository", by their path in github/gitignore (without `.gitignore`). */
const OFFERED = [
  'Android', 'Angular', 'C', 'C++', 'CMake', 'Composer', 'Dart', 'Deno', 'Dotnet', 'Elixir', 'Flutter', 'Go',
  'Godot', 'Gradle', 'Haskell', 'Java', 'Julia', 'Kotlin', 'Laravel', 'Maven', 'Nextjs', 'Node', 'Objective-C',
  'Python', 'R', 'Rails', 'Ruby', 'Rust', 'Scala', 'Swift', 'Symfony', 'Terraform', 'TeX', 'Unity', 'UnrealEngine',
  'VisualStudio', 'WordPress', 'Zig',
  'Global/JetBrains', 'Global/Linux', 'Global/macOS', 'Global/Vim', 'Global/VisualStudioCode', 'Global/Windows',
];

const outFile = path.resolve(__dirname, '..', 'src', 'templates', 'gitignore-templates.json');

function git(repo: string, args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

function main(): void {
  const [repo, revision = 'HEAD'] = process.argv.slice(2);
  if (!repo) {
    console.error('usage: tsx scripts/sync-gitignore-templates.ts <clone of github/gitignore> [revision]');
    process.exit(2);
  }
  const commit = git(repo, ['rev-parse', `${revision}^{commit}`]).trim();
  const commitDate = git(repo, ['show', '-s', '--format=%cI', commit]).trim();
  const templates = OFFERED.map((name) => {
    const file = `${name}.gitignore`;
    const text = git(repo, ['show', `${commit}:${file}`]);
    return { name: name.replace(/^Global\//, ''), path: file, kind: name.startsWith('Global/') ? 'global' : 'project', text };
  });
  const data = {
    source: 'https://github.com/github/gitignore',
    license: 'CC0-1.0',
    commit,
    commitDate,
    generatedBy: 'scripts/sync-gitignore-templates.ts',
    templates,
  };
  fs.writeFileSync(outFile, `${JSON.stringify(data, null, 2)}\n`);
  const size = templates.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  console.log(`${templates.length} templates (${Math.round(size / 1024)} KiB) from github/gitignore@${commit.slice(0, 12)} → ${path.relative(process.cwd(), outFile)}`);
}

main();

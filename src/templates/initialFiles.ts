/** The files of a new repository's first commit, from what the user chose. Knows nothing of VS Code. */
import type { NewFile } from '../azdo/types';
import { gitignoreTemplate } from './gitignore';
import { licenseText, type Notice } from './licenses';

export interface InitialContent {
  /** Name of a .gitignore template (see gitignore.ts). */
  gitignore?: string;
  /** SPDX id of a license and, for licenses with a copyright notice, its year and holder. */
  license?: { id: string } & Notice;
  readme: boolean;
}

/** The files in the order they are listed to the user: README.md, .gitignore, LICENSE. Empty when nothing was chosen. */
export function initialFiles(repositoryName: string, content: InitialContent): NewFile[] {
  const files: NewFile[] = [];
  if (content.readme) files.push({ path: '/README.md', content: `# ${repositoryName}\n` });
  if (content.gitignore) {
    const template = gitignoreTemplate(content.gitignore);
    if (!template) throw new Error(`No .gitignore template named ${content.gitignore}`);
    files.push({ path: '/.gitignore', content: template.text.endsWith('\n') ? template.text : `${template.text}\n` });
  }
  if (content.license) {
    files.push({ path: '/LICENSE', content: licenseText(content.license.id, content.license) });
  }
  return files;
}

/** "README.md", "README.md and LICENSE", "README.md, .gitignore and LICENSE". */
export function listFiles(files: readonly NewFile[], and = 'and'): string {
  const names = files.map((f) => f.path.replace(/^\//, ''));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}

/** The message of the first commit. */
export function initialCommitMessage(files: readonly NewFile[]): string {
  return `Initial commit: add ${listFiles(files)}`;
}

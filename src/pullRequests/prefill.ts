/**
 * What a new pull request starts with: title and description from its commits and branch name, or from the
 * repository's pull request template. Pure logic (unit-tested).
 */

/** A commit message, newest first in lists. */
export interface CommitMessage {
  message: string;
}

/** `feature/add-login_page` → "Add login page". */
export function titleFromBranch(branch: string): string {
  const last = branch.replace(/^refs\/heads\//, '').split('/').filter(Boolean).pop() ?? branch;
  const words = last.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : branch;
}

/**
 * One commit: its subject is the title and its body the description. Several: the branch name is the title and
 * the description lists the commits (oldest first). A template, when the repository has one, is the description.
 */
export function prefill(branch: string, commits: CommitMessage[], template?: string): { title: string; description: string } {
  const subjects = commits.map((c) => c.message.split('\n')[0]?.trim() ?? '').filter(Boolean);
  let title: string;
  let description: string;
  if (commits.length === 1) {
    const [subject = '', ...rest] = commits[0].message.replace(/\r\n/g, '\n').split('\n');
    title = subject.trim() || titleFromBranch(branch);
    description = rest.join('\n').trim();
  } else {
    title = titleFromBranch(branch);
    description = subjects.length > 0 ? [...subjects].reverse().map((s) => `- ${s}`).join('\n') : '';
  }
  if (template !== undefined && template.trim()) description = template.replace(/\r\n/g, '\n').trimEnd() + '\n';
  return { title: title.slice(0, 400), description };
}

/**
 * Where Azure DevOps looks for pull request templates, in order: a template for the target branch, then the
 * default template, each in `.azuredevops/`, `.vsts/`, `docs/` and the root, as `.md` or `.txt`.
 */
export function templateCandidates(targetBranch: string): string[] {
  const folders = ['/.azuredevops/', '/.vsts/', '/docs/', '/'];
  const branch = targetBranch.replace(/^refs\/heads\//, '');
  const out: string[] = [];
  for (const ext of ['.md', '.txt']) for (const f of folders) out.push(`${f}pull_request_template/branches/${branch}${ext}`);
  for (const ext of ['.md', '.txt']) for (const f of folders) out.push(`${f}pull_request_template${ext}`);
  return out;
}

/**
 * Questions shared by "Add Remote" and the push error handler: which repository of the workspace, what to do
 * with a failure, and how to fork a repository (project, name, create). Every question goes through the Prompter.
 */
import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import type { AzdoClient } from '../azdo/client';
import type { ProjectInfo, RepositoryInfo } from '../azdo/types';
import { validateRepositoryName } from '../azdo/validation';
import type { CommandDeps } from '../commands/deps';
import { explain, stepLabel, type NextStep } from '../ui/explain';
import { runStep } from '../ui/nextSteps';
import type { API, Repository } from './git';

/** The workspace repository a command is about: the Source Control view's own (menu), the only one, or a pick. */
export async function pickWorkspaceRepository(deps: CommandDeps, api: API, arg: unknown, title: string): Promise<Repository | undefined> {
  const root = arg instanceof vscode.Uri ? arg
    : typeof arg === 'object' && arg !== null && (arg as { rootUri?: unknown }).rootUri instanceof vscode.Uri ? (arg as { rootUri: vscode.Uri }).rootUri
      : undefined;
  if (root) {
    const found = api.getRepository(root);
    if (found) return found;
  }
  if (api.repositories.length === 1) return api.repositories[0];
  if (api.repositories.length === 0) {
    void deps.prompter().info(vscode.l10n.t('Open a folder that is a git repository first: there is no repository to work with.'));
    return undefined;
  }
  return deps.prompter().pick(api.repositories.map((r) => ({
    label: `$(repo) ${folderName(r)}`, description: vscode.workspace.asRelativePath(r.rootUri, false), value: r,
  })), { title, placeholder: vscode.l10n.t('Choose a repository') });
}

export function folderName(repository: Repository): string {
  const parts = repository.rootUri.path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? repository.rootUri.fsPath;
}

/** The HTTPS URL to add as a remote: the service's, without the user name it puts in front. */
export function httpsRemoteUrl(repository: RepositoryInfo, organizationUrl: string): string {
  if (repository.remoteUrl) return repository.remoteUrl.replace(/^(https?:\/\/)[^@/]+@/i, '$1');
  return `${organizationUrl.replace(/\/+$/, '')}/${encodeURIComponent(repository.projectName)}/_git/${encodeURIComponent(repository.name)}`;
}

/** Shows why an Azure DevOps request failed, with its next steps; true when the user asked to try again. */
export async function showFailure(deps: CommandDeps, account: AccountRecord, err: unknown, during: 'load' | 'action' = 'action'): Promise<boolean> {
  const explanation = explain(err, { organization: account.name, url: account.url, kind: account.kind, during, timeoutSeconds: deps.settings().timeoutSeconds });
  deps.log.error(`Azure DevOps request for ${account.name} failed`, explanation.error);
  const steps: NextStep[] = explanation.steps;
  const choice = await deps.prompter().error(explanation.message, ...steps.map(stepLabel));
  const step = steps.find((s) => stepLabel(s) === choice);
  if (step === 'retry') return true;
  if (step) void runStep(deps.platform, step, account, explanation.settingsQuery);
  return false;
}

/** The first useful line of a git failure (git's own words), for messages. */
export function gitFailure(err: unknown): string {
  const stderr = typeof err === 'object' && err !== null ? (err as { stderr?: unknown }).stderr : undefined;
  const lines = (typeof stderr === 'string' ? stderr : err instanceof Error ? err.message : String(err))
    .split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(fatal|error|remote):/i.test(l)) ?? lines[0] ?? String(err);
}

async function projectsOf(deps: CommandDeps, account: AccountRecord, client: AzdoClient): Promise<{ projects: ProjectInfo[]; repositories: Map<string, RepositoryInfo[]> }> {
  const state = await deps.catalog.load(account.key);
  if (state.status === 'loaded') return { projects: state.data.projects, repositories: state.data.repositories };
  return { projects: await client.listProjects(), repositories: new Map() };
}

/**
 * Forks `parent`: asks for the project (the parent's is marked) and the fork's name (checked against Azure DevOps'
 * rules and the project's repositories; what was typed is kept after a refusal), then creates it. Undefined when
 * the user cancels or gives up after a failure.
 */
export async function createForkInteractively(
  deps: CommandDeps, account: AccountRecord, client: AzdoClient, parent: RepositoryInfo, title: string,
): Promise<RepositoryInfo | undefined> {
  const prompter = deps.prompter();
  let known: Awaited<ReturnType<typeof projectsOf>>;
  for (;;) {
    try {
      known = await deps.platform.withProgress(vscode.l10n.t('Reading the projects of {0}…', account.name), () => projectsOf(deps, account, client));
      break;
    } catch (err) {
      if (!(await showFailure(deps, account, err))) return undefined;
    }
  }
  const ordered = [...known.projects].sort((a, b) => Number(b.id === parent.projectId) - Number(a.id === parent.projectId));
  const project = await prompter.pick(ordered.map((p) => ({
    label: `$(project) ${p.name}`,
    description: p.id === parent.projectId ? vscode.l10n.t('the project of {0}', parent.name) : undefined,
    value: p,
  })), { title, placeholder: vscode.l10n.t('Choose the project to fork {0} into', parent.name) });
  if (!project) return undefined;
  const existing = new Set((known.repositories.get(project.id) ?? []).map((r) => r.name.toLowerCase()));
  let name = existing.has(parent.name.toLowerCase()) ? `${parent.name}-fork` : parent.name;
  for (let n = 2; existing.has(name.toLowerCase()); n++) name = `${parent.name}-fork-${n}`;
  for (;;) {
    const typed = await prompter.input({
      title,
      prompt: vscode.l10n.t('Name of the fork of {0} in {1}', parent.name, project.name),
      value: name,
      validate: (v) => validateRepositoryName(v.trim()) ?? (existing.has(v.trim().toLowerCase())
        ? vscode.l10n.t('The project {0} already has a repository named {1}. Choose another name.', project.name, v.trim()) : undefined),
    });
    if (typed === undefined) return undefined;
    name = typed.trim();
    try {
      const fork = await deps.platform.withProgress(vscode.l10n.t('Forking {0} into {1}…', parent.name, project.name),
        () => client.createFork(parent, project.id, name));
      deps.log.info(`Forked ${parent.projectName}/${parent.name} into ${project.name}/${fork.name} (${account.name})`);
      void deps.catalog.reloadProject(account.key, project.id);
      return fork;
    } catch (err) {
      // A name taken meanwhile: say so and ask again with what was typed; anything else is explained.
      if (await showFailure(deps, account, err)) continue;
      return undefined;
    }
  }
}

import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import type { AzdoClient } from '../azdo/client';
import { AzdoError, mayHaveLanded } from '../azdo/errors';
import { repositoryWebUrl } from '../azdo/organizationUrl';
import type { NewFile, RepositoryInfo } from '../azdo/types';
import { initialCommitMessage, initialFiles, listFiles } from '../templates/initialFiles';
import { explain, stepLabel, type Explanation } from '../ui/explain';
import { runStep } from '../ui/nextSteps';
import { RepositoryNode } from '../views/nodes/repositoryNode';
import { copyCloneUrl } from './copyCloneUrl';
import type { CreateRequest } from './createRepository';
import type { CommandDeps } from './deps';

/** Commands of the clone and remote features; offered after creation when they are installed. */
export const CLONE_COMMAND = 'azureDevOps.cloneRepository';
export const ADD_REMOTE_COMMAND = 'azureDevOps.addRemote';

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function attempt<T>(run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function explainFor(deps: CommandDeps, account: AccountRecord, err: unknown): Explanation {
  return explain(err, { organization: account.name, url: account.url, kind: account.kind, during: 'action', timeoutSeconds: deps.settings().timeoutSeconds });
}

/** Runs a next step the explanation offered; true when the failed operation should be tried again. */
async function runChosenStep(deps: CommandDeps, account: AccountRecord, explanation: Explanation, choice: string | undefined): Promise<boolean> {
  const step = explanation.steps.find((s) => stepLabel(s) === choice);
  return step ? runStep(deps.platform, step, account, explanation.settingsQuery ?? 'azureDevOps.requestTimeout') : false;
}

async function clientFor(deps: CommandDeps, account: AccountRecord): Promise<AzdoClient> {
  const client = await deps.clients.get(account.key);
  if (!client) throw new AzdoError('unauthorized', `No token is stored for ${account.name}`);
  return client;
}

/**
 * Creates the repository, then writes its first commit when files were chosen. A failure of the commit never
 * passes in silence: the user is told the repository exists and is empty, and chooses to try the commit again,
 * delete the repository, or keep it empty. Every choice is kept for a retry. Resolves with the repository, or
 * undefined when nothing is left on the server.
 */
export async function createAndInitialize(
  deps: CommandDeps,
  request: CreateRequest,
  askNewName: (taken: string) => Promise<string | undefined>,
): Promise<RepositoryInfo | undefined> {
  const { account, project } = request;
  const prompter = deps.prompter();
  let created: RepositoryInfo | undefined;
  let unconfirmed = false;
  while (!created) {
    // The last answer was lost: the repository may exist by now, and creating it again would be refused.
    created = unconfirmed ? await findCreated(deps, request) : undefined;
    if (created) break;
    const result = await attempt(async () => {
      const client = await clientFor(deps, account);
      return deps.platform.withProgress(vscode.l10n.t('Creating the repository {0} in {1}…', request.name, project.name),
        () => client.createRepository(project.id, request.name));
    });
    if (result.ok) {
      created = result.value;
      break;
    }
    const explanation = explainFor(deps, account, result.error);
    deps.log.error(`Creating ${request.name} in ${account.url}/${project.name} failed`, explanation.error);
    unconfirmed = mayHaveLanded(explanation.error);
    created = unconfirmed ? await findCreated(deps, request) : undefined;
    if (created) {
      deps.log.info(`${request.name} exists in ${project.name} although the answer to creating it failed`);
      break;
    }
    if (explanation.error.kind === 'conflict') {
      const name = await askNewName(request.name);
      if (!name) return undefined;
      request.name = name;
      continue;
    }
    const what = unconfirmed
      ? vscode.l10n.t('Azure DevOps did not confirm that the repository {0} was created: it may have been created after all (trying again checks first).', request.name)
      : vscode.l10n.t('The repository {0} was not created.', request.name);
    const choice = await prompter.error(`${what} ${explanation.message}`, ...explanation.steps.map(stepLabel));
    if (!(await runChosenStep(deps, account, explanation, choice))) return undefined;
  }
  deps.log.info(`Created the repository ${created.name} (${created.id}) in ${account.url}/${project.name}`);

  const files = initialFiles(created.name, request.content);
  if (files.length > 0) {
    const outcome = await writeFirstCommit(deps, request, created, files);
    await deps.catalog.reloadProject(account.key, project.id);
    if (outcome === 'deleted') return undefined;
    if (outcome === 'committed') created = { ...created, defaultBranch: request.branch };
    else return created;
  } else {
    await deps.catalog.reloadProject(account.key, project.id);
  }
  await offerNextSteps(deps, request, created, files);
  return created;
}

/** The repository of the request, if the project has it now (undefined also when that cannot be read). */
async function findCreated(deps: CommandDeps, request: CreateRequest): Promise<RepositoryInfo | undefined> {
  const found = await attempt(async () => (await clientFor(deps, request.account)).listRepositories(request.project.id));
  return found.ok ? found.value.find((r) => r.name.toLowerCase() === request.name.toLowerCase()) : undefined;
}

type CommitOutcome = 'committed' | 'keptEmpty' | 'deleted';

async function writeFirstCommit(deps: CommandDeps, request: CreateRequest, repo: RepositoryInfo, files: NewFile[]): Promise<CommitOutcome> {
  const { account, project, branch } = request;
  const prompter = deps.prompter();
  const fileList = listFiles(files, vscode.l10n.t('and'));
  for (;;) {
    const result = await attempt(async () => {
      const client = await clientFor(deps, account);
      return deps.platform.withProgress(vscode.l10n.t('Adding {0} to {1}…', fileList, repo.name),
        () => client.pushNewBranch(repo.id, project.id, branch, files, initialCommitMessage(files)));
    });
    if (result.ok) {
      deps.log.info(`First commit ${result.value} of ${repo.name} on ${branch}: ${fileList}`);
      return 'committed';
    }
    // The answer may have been lost after the service wrote the commit: then the branch is there.
    const head = await attempt(async () => (await clientFor(deps, account)).branchHead(repo.id, project.id, branch));
    if (head.ok && head.value) {
      deps.log.info(`The first commit of ${repo.name} is on ${branch} (${head.value}) although its answer failed`);
      return 'committed';
    }
    const explanation = explainFor(deps, account, result.error);
    deps.log.error(`The first commit of ${repo.name} failed`, explanation.error);
    const retry = vscode.l10n.t('Retry Commit');
    const remove = vscode.l10n.t('Delete Repository');
    const keep = vscode.l10n.t('Keep It Empty');
    const choice = await prompter.warning(
      vscode.l10n.t('The repository {0} was created in {1}, but its first commit ({2}) could not be written: on the server it exists and is empty.', repo.name, project.name, fileList),
      { modal: true, detail: vscode.l10n.t('{0}\n\nRetry the commit, delete the empty repository, or keep it empty.', explanation.message) },
      retry, remove, keep,
    );
    if (choice === retry) continue;
    if (choice === remove && await deleteRepository(deps, request, repo)) return 'deleted';
    void prompter.info(vscode.l10n.t('{0} stays in {1}, empty: it has no commit and no branch. Push to it from a clone, or delete it in the browser.', repo.name, project.name));
    return 'keptEmpty';
  }
}

/** Deletes the repository, retrying on request; true once it is gone. */
async function deleteRepository(deps: CommandDeps, request: CreateRequest, repo: RepositoryInfo): Promise<boolean> {
  const { account, project } = request;
  for (;;) {
    const result = await attempt(async () => {
      const client = await clientFor(deps, account);
      await deps.platform.withProgress(vscode.l10n.t('Deleting the repository {0}…', repo.name), () => client.deleteRepository(repo.id, project.id));
    });
    if (result.ok) {
      deps.log.info(`Deleted the repository ${repo.name} (${repo.id}) after its first commit failed`);
      void deps.prompter().info(vscode.l10n.t('The repository {0} was deleted from {1}: nothing of it is left on the server.', repo.name, project.name));
      return true;
    }
    const explanation = explainFor(deps, account, result.error);
    deps.log.error(`Deleting ${repo.name} failed`, explanation.error);
    const choice = await deps.prompter().error(vscode.l10n.t('The empty repository {0} could not be deleted. {1}', repo.name, explanation.message), ...explanation.steps.map(stepLabel));
    if (!(await runChosenStep(deps, account, explanation, choice))) return false;
  }
}

/** After creation: clone it, add it as a remote, open it in the browser, or copy its clone URL. */
async function offerNextSteps(deps: CommandDeps, request: CreateRequest, repo: RepositoryInfo, files: NewFile[]): Promise<void> {
  const { account, project } = request;
  const node = new RepositoryNode(account, project, repo);
  const commands = new Set(await vscode.commands.getCommands(true));
  const actions: { label: string; run: () => Thenable<unknown> }[] = [];
  if (commands.has(CLONE_COMMAND)) actions.push({ label: vscode.l10n.t('Clone'), run: () => vscode.commands.executeCommand(CLONE_COMMAND, node) });
  if (commands.has(ADD_REMOTE_COMMAND) && (vscode.workspace.workspaceFolders?.length ?? 0) > 0) {
    actions.push({ label: vscode.l10n.t('Add as Remote'), run: () => vscode.commands.executeCommand(ADD_REMOTE_COMMAND, node) });
  }
  actions.push({ label: vscode.l10n.t('Open in Browser'), run: () => deps.platform.openExternal(repo.webUrl ?? repositoryWebUrl(account, project.name, repo.name)) });
  if (!commands.has(CLONE_COMMAND)) actions.push({ label: vscode.l10n.t('Copy Clone URL'), run: () => copyCloneUrl(deps, 'https')(node) });
  const message = files.length > 0
    ? vscode.l10n.t('Created the repository {0} in {1} with {2} on {3}.', repo.name, project.name, listFiles(files, vscode.l10n.t('and')), request.branch)
    : vscode.l10n.t('Created the empty repository {0} in {1}.', repo.name, project.name);
  const choice = await deps.prompter().info(message, ...actions.map((a) => a.label));
  await actions.find((a) => a.label === choice)?.run();
}

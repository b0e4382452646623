import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { AzdoError } from '../azdo/errors';
import type { ProjectInfo, RepositoryInfo } from '../azdo/types';
import { validateBranchName, validateRepositoryName } from '../azdo/validation';
import { gitignoreTemplates } from '../templates/gitignore';
import type { InitialContent } from '../templates/initialFiles';
import { licenses } from '../templates/licenses';
import { explain } from '../ui/explain';
import { ProjectNode } from '../views/nodes/projectNode';
import { accountOf, type CommandDeps } from './deps';
import { createAndInitialize } from './initializeRepository';
import { pickAccount } from './pickAccount';

/** Everything the user chose; kept whole so a failed step can be retried without asking again. */
export interface CreateRequest {
  account: AccountRecord;
  project: ProjectInfo;
  name: string;
  content: InitialContent;
  /** The branch of the first commit (only used when there are files). */
  branch: string;
}

const DEFAULT_BRANCH = 'main';

/**
 * "Azure DevOps: Create Repository" from the palette, an organization or a project in the tree: organization,
 * project, name (checked as it is typed), optional .gitignore, license and README, default branch. Then the
 * repository is created and, when files were chosen, initialized with one commit (initializeRepository.ts).
 */
export function createRepository(deps: CommandDeps) {
  /** What the user chose for a repository that was not created, by organization and project: offered again. */
  const unfinished = new Map<string, CreateRequest>();
  return async (arg?: unknown): Promise<RepositoryInfo | undefined> => {
    const account = arg instanceof ProjectNode ? deps.accounts.get(arg.account.key)
      : accountOf(deps, arg) ?? await pickAccount(deps, vscode.l10n.t('Create a repository in which organization?'));
    if (!account) return undefined;
    const project = arg instanceof ProjectNode ? arg.project : await pickProject(deps, account);
    if (!project) return undefined;
    const existing = await existingNames(deps, account, project);
    if (!existing) return undefined;
    const key = `${account.key}|${project.id}`;
    const request = await askRequest(deps, account, project, existing, unfinished.get(key));
    if (!request) return undefined;
    unfinished.set(key, request);
    const created = await createAndInitialize(deps, request, (name) => {
      existing.add(name.toLowerCase());
      return askName(deps, project, existing, name);
    });
    if (created) unfinished.delete(key);
    return created;
  };
}

async function pickProject(deps: CommandDeps, account: AccountRecord): Promise<ProjectInfo | undefined> {
  for (;;) {
    const state = await deps.platform.withProgress(vscode.l10n.t('Loading the projects of {0}…', account.name), () => deps.catalog.load(account.key));
    if (state.status === 'loaded') {
      if (state.data.projects.length === 0) {
        void deps.prompter().info(vscode.l10n.t('{0} has no projects you can see. Create a project in the browser first.', account.name));
        return undefined;
      }
      return deps.prompter().pick(state.data.projects.map((p) => ({ label: p.name, description: p.description, value: p })), {
        title: vscode.l10n.t('Create Repository'),
        placeholder: vscode.l10n.t('Create the repository in which project of {0}?', account.name),
      });
    }
    if (state.status !== 'error') return undefined;
    if (!(await offerRetry(deps, account, state.error))) return undefined;
    await deps.catalog.load(account.key, true);
  }
}

/** The names already taken in the project (lower case), read fresh from the service. */
async function existingNames(deps: CommandDeps, account: AccountRecord, project: ProjectInfo): Promise<Set<string> | undefined> {
  for (;;) {
    try {
      const client = await deps.clients.get(account.key);
      if (!client) throw new AzdoError('unauthorized', `No token is stored for ${account.name}`);
      const repositories = await deps.platform.withProgress(vscode.l10n.t('Reading the repositories of {0}…', project.name), () => client.listRepositories(project.id));
      return new Set(repositories.map((r) => r.name.toLowerCase()));
    } catch (err) {
      if (!(await offerRetry(deps, account, err))) return undefined;
    }
  }
}

/** Explains a failure; true when the user chose to try again. */
async function offerRetry(deps: CommandDeps, account: AccountRecord, err: unknown): Promise<boolean> {
  const explanation = explain(err, { organization: account.name, url: account.url, kind: account.kind, during: 'load', timeoutSeconds: deps.settings().timeoutSeconds });
  deps.log.error(`Create Repository: ${account.url}`, explanation.error);
  const retry = vscode.l10n.t('Try Again');
  return (await deps.prompter().error(explanation.message, retry)) === retry;
}

/** Azure DevOps naming rules, and no name the project already has (names are compared case-insensitively). */
export function checkRepositoryName(value: string, existing: ReadonlySet<string>, project: string): string | undefined {
  const name = value.trim();
  const rule = validateRepositoryName(name);
  if (rule) return rule;
  if (existing.has(name.toLowerCase())) return vscode.l10n.t('{0} already has a repository named "{1}" (names are not case-sensitive). Choose another name.', project, name);
  return undefined;
}

async function askName(deps: CommandDeps, project: ProjectInfo, existing: ReadonlySet<string>, value?: string): Promise<string | undefined> {
  const name = await deps.prompter().input({
    title: vscode.l10n.t('Create Repository in {0}', project.name),
    prompt: vscode.l10n.t('Name of the new repository (at most 64 characters; not / : \\ ~ & % ; @ \' " ? < > | # $ * { } , + = [ ], no leading _ or trailing .)'),
    placeholder: vscode.l10n.t('my-repository'),
    value,
    validate: (v) => checkRepositoryName(v, existing, project.name),
  });
  return name?.trim();
}

/** Asks for name, files and branch; `previous` (a request that was not carried out) gives the typed values again. */
async function askRequest(deps: CommandDeps, account: AccountRecord, project: ProjectInfo, existing: ReadonlySet<string>, previous?: CreateRequest): Promise<CreateRequest | undefined> {
  const prompter = deps.prompter();
  const title = vscode.l10n.t('Create Repository in {0}', project.name);
  const name = await askName(deps, project, existing, previous?.name);
  if (!name) return undefined;

  const gitignore = await prompter.pick([
    { label: vscode.l10n.t('$(circle-slash) No .gitignore'), value: '' },
    ...gitignoreTemplates().map((t) => ({
      label: t.name,
      description: t.kind === 'global' ? vscode.l10n.t('editor or operating system') : undefined,
      value: t.name,
    })),
  ], { title, placeholder: vscode.l10n.t('Add a .gitignore? Type to search GitHub\'s templates (Node, VisualStudio, Python, …)') });
  if (gitignore === undefined) return undefined;

  const license = await prompter.pick([
    { label: vscode.l10n.t('$(circle-slash) No license'), value: '' },
    ...licenses().map((l) => ({ label: l.name, description: l.id, value: l.id })),
  ], { title, placeholder: vscode.l10n.t('Add a license? Type a name or an SPDX id (MIT, Apache-2.0, GPL-3.0-only, …)'), matchOnDescription: true });
  if (license === undefined) return undefined;

  const year = new Date().getFullYear();
  let holder = previous?.content.license?.holder ?? account.user.displayName;
  if (license && licenses().find((l) => l.id === license)?.hasNotice) {
    const typed = await prompter.input({
      title,
      prompt: vscode.l10n.t('Copyright holder for the {0} notice: "Copyright (c) {1} …"', license, String(year)),
      value: holder,
      validate: (v) => (/[\r\n]/.test(v) ? vscode.l10n.t('The copyright holder fits on one line.') : undefined),
    });
    if (typed === undefined) return undefined;
    holder = typed.trim();
  }

  const readme = await prompter.pick([
    { label: vscode.l10n.t('$(book) Add a README.md'), description: vscode.l10n.t('with the repository name as its title'), value: true },
    { label: vscode.l10n.t('$(circle-slash) No README'), value: false },
  ], { title, placeholder: vscode.l10n.t('Add a README?') });
  if (readme === undefined) return undefined;

  const content: InitialContent = {
    gitignore: gitignore || undefined,
    license: license ? { id: license, year, holder } : undefined,
    readme,
  };
  let branch = DEFAULT_BRANCH;
  if (content.gitignore || content.license || content.readme) {
    const typed = await prompter.input({
      title,
      prompt: vscode.l10n.t('Default branch: the first commit goes there'),
      value: previous?.branch ?? DEFAULT_BRANCH,
      validate: (v) => validateBranchName(v.trim()),
    });
    if (typed === undefined) return undefined;
    branch = typed.trim();
  }
  return { account, project, name, content, branch };
}

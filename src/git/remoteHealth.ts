import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { Logger } from '../log';
import type { Prompter } from '../ui/prompter';
import type { API, Repository } from './git';
import { legacyHosts, legacyRewrites, type RemoteRewrite } from './legacyRemotes';
import { azureRemotes } from './remotes';

export interface RemoteHealthDeps {
  accounts: AccountStore;
  log: Logger;
  prompter(): Prompter;
  serviceUrl(): string;
  /** Workspace state: where "Don't Ask Again" is remembered. */
  state: vscode.Memento;
  executeCommand(command: string, ...args: unknown[]): Thenable<unknown>;
}

const REWRITE_KEY = 'azureDevOps.remoteHealth.noRewrite';
const SIGN_IN_KEY = 'azureDevOps.remoteHealth.noSignIn';

/**
 * Looks at the remotes of every repository the Git extension opens (and those open already), locally and cheaply:
 * remotes on the old `{org}.visualstudio.com` / `vs-ssh.visualstudio.com` addresses are offered a rewrite to
 * `dev.azure.com` / `ssh.dev.azure.com` (one notification per repository), and an Azure Repos remote whose
 * organization is not signed in is offered "Sign in to {org}". No network: only git's own state is read.
 */
export class RemoteHealth implements vscode.Disposable {
  private readonly seen = new Set<string>();
  private readonly offeredSignIn = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The check of each repository (by root URI) started this session. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: RemoteHealthDeps) {}

  watch(api: API): void {
    for (const repository of api.repositories) this.track(repository);
    this.disposables.push(api.onDidOpenRepository((repository) => this.track(repository)));
  }

  /** Resolves once the check of this repository (started when it opened) has finished, answers included (tests). */
  async settled(repository: Repository): Promise<void> {
    await this.running.get(repository.rootUri.toString());
  }

  /** Forgets which repositories and organizations were looked at this session (tests). */
  forgetSession(): void {
    this.seen.clear();
    this.offeredSignIn.clear();
  }

  private track(repository: Repository): void {
    const run = this.whenRemotesKnown(repository).then(() => this.check(repository)).catch((err: unknown) => {
      this.deps.log.error(`Checking the remotes of ${repository.rootUri.fsPath} failed`, err);
    });
    this.running.set(repository.rootUri.toString(), run);
  }

  /** A repository just opened may not have read its remotes yet: wait for its first state change (briefly). */
  private whenRemotesKnown(repository: Repository): Promise<void> {
    if (repository.state.remotes.length > 0 || repository.state.HEAD) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, 5000);
      const sub = repository.state.onDidChange(finish);
      function finish(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }

  /** Looks at one repository once per session. */
  async check(repository: Repository): Promise<void> {
    const root = repository.rootUri.toString();
    if (this.seen.has(root)) return;
    this.seen.add(root);
    // Side by side: an unanswered notification must not hold the other one back.
    await Promise.all([this.offerRewrite(repository), this.offerSignIn(repository)]);
  }

  private async offerRewrite(repository: Repository): Promise<void> {
    const root = repository.rootUri.toString();
    const rewrites = legacyRewrites(repository.state.remotes, this.deps.serviceUrl());
    if (rewrites.length === 0 || this.remembered(REWRITE_KEY).includes(root)) return;
    const rewrite = vscode.l10n.t('Rewrite Remotes');
    const notNow = vscode.l10n.t('Not Now');
    const never = vscode.l10n.t("Don't Ask Again");
    const hosts = legacyHosts(rewrites).join(', ');
    const names = [...new Set(rewrites.map((r) => r.remote))].join(', ');
    const choice = await this.deps.prompter().info(
      vscode.l10n.t('The repository {0} reaches Azure DevOps through the old address {1} (remote {2}). Rewrite the remotes to dev.azure.com?',
        repositoryName(repository), hosts, names),
      rewrite, notNow, never);
    if (choice === never) {
      await this.deps.state.update(REWRITE_KEY, [...this.remembered(REWRITE_KEY), root]);
      return;
    }
    if (choice !== rewrite) return;
    const done = await this.apply(repository, rewrites);
    if (done.length > 0) {
      void this.deps.prompter().info(vscode.l10n.t('Rewrote {0}: {1}.', repositoryName(repository), done.map((r) => `${r.remote} → ${r.to}`).join(', ')));
    }
  }

  private async apply(repository: Repository, rewrites: readonly RemoteRewrite[]): Promise<RemoteRewrite[]> {
    const done: RemoteRewrite[] = [];
    for (const r of rewrites) {
      try {
        await setRemoteUrl(repository, r);
        done.push(r);
        this.deps.log.info(`${repositoryName(repository)}: remote ${r.remote} ${r.key} ${r.from} → ${r.to}`);
      } catch (err) {
        this.deps.log.error(`Rewriting remote ${r.remote} of ${repositoryName(repository)} failed`, err);
        void this.deps.prompter().error(vscode.l10n.t('Could not rewrite the remote {0} of {1}: git refused to change its URL. Change it with "git remote set-url {0} {2}".',
          r.remote, repositoryName(repository), r.to));
      }
    }
    return done;
  }

  private async offerSignIn(repository: Repository): Promise<void> {
    const signedIn = new Set(this.deps.accounts.list().map((a) => a.key));
    const never = this.remembered(SIGN_IN_KEY);
    for (const remote of azureRemotes(repository.state.remotes, this.deps.serviceUrl())) {
      if (signedIn.has(remote.key) || never.includes(remote.key) || this.offeredSignIn.has(remote.key)) continue;
      this.offeredSignIn.add(remote.key);
      const org = remote.organization;
      const signIn = vscode.l10n.t('Sign in to {0}', org.name);
      const neverAgain = vscode.l10n.t("Don't Ask Again");
      const choice = await this.deps.prompter().info(
        vscode.l10n.t('The remote {0} of {1} is in the Azure DevOps organization {2}, which you are not signed in to. Sign in to see its pull requests, authors and links here.',
          remote.name, repositoryName(repository), org.name),
        signIn, neverAgain);
      if (choice === neverAgain) await this.deps.state.update(SIGN_IN_KEY, [...this.remembered(SIGN_IN_KEY), remote.key]);
      // The sign-in box opens with the organization filled in: its name in the cloud, its URL on a server.
      if (choice === signIn) await this.deps.executeCommand('azureDevOps.signIn', org.kind === 'services' ? org.name : org.url);
    }
  }

  private remembered(key: string): string[] {
    const value = this.deps.state.get<unknown>(key);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * `git remote set-url` through the Git extension's API: its setConfig adds a value (`--add`), so the old value is
 * unset first, and the result is read back; a remote with several URLs is left alone.
 */
async function setRemoteUrl(repository: Repository, rewrite: RemoteRewrite): Promise<void> {
  const key = `remote.${rewrite.remote}.${rewrite.key}`;
  const values = async () => (await repository.getConfigs()).filter((c) => c.key.toLowerCase() === key.toLowerCase()).map((c) => c.value);
  const before = await values();
  if (before.length !== 1 || before[0] !== rewrite.from) throw new Error(`${key} has ${before.length} values`);
  await repository.unsetConfig(key);
  await repository.setConfig(key, rewrite.to);
  const after = await values();
  if (after.length === 1 && after[0] === rewrite.to) return;
  if (after.length === 0) await repository.setConfig(key, rewrite.from);
  throw new Error(`git did not change ${key}`);
}

function repositoryName(repository: Repository): string {
  const parts = repository.rootUri.path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? repository.rootUri.fsPath;
}

import * as vscode from 'vscode';
import type { AccountRecord, AccountStore } from '../auth/accountStore';
import { organizationKey, parseOrganizationInput } from '../azdo/organizationUrl';
import type { RepositoryDetails } from '../azdo/pullRequests';
import { parseRemoteUrl, type AzureRemote } from '../azdo/remoteUrl';
import type { Settings } from '../config';
import type { API, Repository } from '../git/git';
import type { Logger } from '../log';
import type { ClientProvider } from '../model/clients';

/** A repository open in the workspace whose remote is an Azure Repos repository of a signed-in organization. */
export interface WorkspaceRepository {
  /** `{accountKey}|{repositoryId}`. */
  key: string;
  git: Repository;
  remoteName: string;
  remote: AzureRemote;
  account: AccountRecord;
  repository: RepositoryDetails;
}

export interface WorkspaceScan {
  repositories: WorkspaceRepository[];
  /** Organizations of Azure Repos remotes in the workspace that are not signed in (names). */
  signedOut: string[];
  /** Remotes that could not be resolved (the repository is gone, no access, ...): a message each. */
  problems: string[];
}

/** Prefer `origin`, then `upstream`, then the rest in order. */
function remoteOrder(name: string): number {
  return name === 'origin' ? 0 : name === 'upstream' ? 1 : 2;
}

/**
 * Finds, for each repository open in VS Code's Git extension, the Azure Repos repository of its remote (through
 * `parseRemoteUrl` with the configured service URL) and the signed-in organization it belongs to. Results are
 * cached per repository and remote URL; `onDidChange` fires when repositories, remotes or accounts change.
 */
export class WorkspaceRepositories implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly resolved = new Map<string, Promise<RepositoryDetails | string>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly watched = new WeakMap<Repository, string>();

  constructor(
    private readonly git: () => Promise<API>,
    private readonly accounts: AccountStore,
    private readonly clients: ClientProvider,
    private readonly settings: () => Settings,
    private readonly log: Logger,
  ) {
    this.subscriptions.push(this.changed, { dispose: accounts.onDidChange(() => this.changed.fire()).dispose });
  }

  /**
   * Starts listening to the Git extension (repositories opening and closing, remotes changing). Told once git is
   * available, which may be after the view first asked (git turned on later): the view is told to look again.
   */
  watch(api: API): void {
    this.subscriptions.push(api.onDidOpenRepository((r) => { this.watchRepository(r); this.changed.fire(); }));
    this.subscriptions.push(api.onDidCloseRepository(() => this.changed.fire()));
    for (const r of api.repositories) this.watchRepository(r);
    this.changed.fire();
  }

  private watchRepository(repo: Repository): void {
    if (this.watched.has(repo)) return;
    this.watched.set(repo, this.signature(repo));
    this.subscriptions.push(repo.state.onDidChange(() => {
      const signature = this.signature(repo);
      if (signature !== this.watched.get(repo)) {
        this.watched.set(repo, signature);
        this.changed.fire();
      }
    }));
  }

  private signature(repo: Repository): string {
    return `${repo.state.remotes.map((r) => `${r.name}=${r.fetchUrl ?? ''}`).join(',')}`;
  }

  /** Forgets resolved repositories (a refresh). */
  reset(): void {
    this.resolved.clear();
  }

  async scan(): Promise<WorkspaceScan> {
    const api = await this.git();
    const scan: WorkspaceScan = { repositories: [], signedOut: [], problems: [] };
    for (const repo of api.repositories) {
      this.watchRepository(repo);
      const found = await this.resolve(repo, scan);
      if (found && !scan.repositories.some((r) => r.key === found.key)) scan.repositories.push(found);
    }
    scan.signedOut = [...new Set(scan.signedOut)];
    return scan;
  }

  /** The Azure repository of one git repository (first Azure remote that resolves), or undefined. */
  async forGitRepository(repo: Repository): Promise<WorkspaceRepository | undefined> {
    return this.resolve(repo, { repositories: [], signedOut: [], problems: [] });
  }

  private async resolve(repo: Repository, scan: WorkspaceScan): Promise<WorkspaceRepository | undefined> {
    const settings = this.settings();
    const remotes = [...repo.state.remotes].sort((a, b) => remoteOrder(a.name) - remoteOrder(b.name));
    for (const r of remotes) {
      const url = (r.fetchUrl ?? r.pushUrl ?? '').replace(/^(https?:\/\/)[^@/]+@/i, '$1');
      const remote = parseRemoteUrl(url, { serviceUrls: [settings.serviceUrl] });
      if (!remote) continue;
      const org = parseOrganizationInput(url, { serviceUrl: settings.serviceUrl });
      const account = org.ok ? this.accounts.get(organizationKey(org.organization)) : undefined;
      if (!account) {
        scan.signedOut.push(remote.organization);
        continue;
      }
      const details = await this.details(account, remote);
      if (typeof details === 'string') {
        scan.problems.push(details);
        continue;
      }
      return { key: `${account.key}|${details.id}`, git: repo, remoteName: r.name, remote, account, repository: details };
    }
    return undefined;
  }

  private details(account: AccountRecord, remote: AzureRemote): Promise<RepositoryDetails | string> {
    const cacheKey = `${account.key}|${remote.project}|${remote.repository}`.toLowerCase();
    let pending = this.resolved.get(cacheKey);
    if (!pending) {
      pending = (async () => {
        const client = await this.clients.get(account.key);
        if (!client) return vscode.l10n.t('No token is stored for {0}.', account.name);
        try {
          return await client.pullRequests().repository(remote.project, remote.repository);
        } catch (err) {
          this.log.warn(`Could not resolve ${remote.project}/${remote.repository} in ${account.name}: ${err instanceof Error ? err.message : String(err)}`);
          this.resolved.delete(cacheKey);
          return vscode.l10n.t('{0}/{1} could not be found in {2}.', remote.project, remote.repository, account.name);
        }
      })();
      this.resolved.set(cacheKey, pending);
    }
    return pending;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

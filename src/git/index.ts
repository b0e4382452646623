import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { Settings } from '../config';
import type { Logger } from '../log';
import type { Catalog } from '../model/catalog';
import type { ClientProvider } from '../model/clients';
import type { Prompter } from '../ui/prompter';
import { AzureDevOpsCredentialsProvider } from './credentialsProvider';
import type { API, Repository } from './git';
import { gitApiIfActive } from './gitApi';
import { Deferred, features } from '../lazyFeatures';
import type { AzureDevOpsPublisher, PublishOutcome } from './publisher';
import { AzureDevOpsRemoteSourceProvider } from './remoteSourceProvider';

export interface GitDeps {
  accounts: AccountStore;
  /** Tokens and Microsoft access tokens by organization (src/auth/credentials.ts). */
  credentials?: { secretFor(key: string): Promise<string | undefined> };
  catalog: Catalog;
  clients: ClientProvider;
  log: Logger;
  settings(): Settings;
  prompter(): Prompter;
  withProgress<T>(title: string, task: () => Promise<T>): Thenable<T>;
  openExternal(url: string): Thenable<boolean>;
}

/** The extension's parts of the built-in Git extension: credentials, "Git: Clone" source, "Publish to…" target. */
export interface GitServices {
  readonly credentials: AzureDevOpsCredentialsProvider;
  readonly remoteSources: AzureDevOpsRemoteSourceProvider;
  readonly publisher: Pick<AzureDevOpsPublisher, 'name' | 'icon' | 'publishRepository' | 'publish'>;
  /** The Git extension's API when it is active and enabled. */
  api(): API | undefined;
  /** True while the providers are registered with the Git extension. */
  registered(): boolean;
}

/**
 * Registers the credentials provider, the remote source provider and the publisher with the Git extension just after
 * activation (the Git extension is an extensionDependency, so it is active already; each registration is a message
 * to the window, which activation need not wait for), or at once when something asks for the Git API first, and
 * again when git is enabled later. No network and no git process here: activation stays cheap.
 */
export function initializeGit(context: vscode.ExtensionContext, deps: GitDeps): GitServices {
  let api: API | undefined;
  let registration: vscode.Disposable | undefined;
  const remoteSources = new AzureDevOpsRemoteSourceProvider({ accounts: deps.accounts, catalog: deps.catalog, log: deps.log, settings: deps.settings });
  const credentials = new AzureDevOpsCredentialsProvider({
    accounts: deps.accounts,
    secretFor: deps.credentials ? (key) => deps.credentials!.secretFor(key) : undefined,
    log: deps.log,
    serviceUrl: () => deps.settings().serviceUrl,
    prompter: deps.prompter,
    gitApi: () => gitApi(),
    offered: () => remoteSources.recentlyOffered(),
    forgetOffer: () => remoteSources.forgetOffer(),
  });
  // The publisher's code loads when git first asks for it ("Publish to Azure DevOps").
  let implementation: AzureDevOpsPublisher | undefined;
  const publisherImpl = () => implementation ??= new (features().AzureDevOpsPublisher)({ ...deps, track: (url, run) => credentials.track(url, run) });
  const publisher = {
    name: 'Azure DevOps' as const,
    icon: 'azure-devops' as const,
    publishRepository: (repository: Repository): Promise<void> => publisherImpl().publishRepository(repository),
    publish: (repository: Repository): Promise<PublishOutcome> => publisherImpl().publish(repository),
  };

  // Not whenGitEnabled (gitApi.ts), which waits for the Git extension's first repository scan: the providers are
  // registered at once, before a "Git: Clone" that activated this extension asks for them, and again on every change
  // of git.enabled (the registrations are dropped when it is turned off).
  let enablement: vscode.Disposable | undefined;
  const register = (): void => {
    const found = gitApiIfActive();
    enablement ??= found.extension?.onDidChangeEnablement(() => register());
    registration?.dispose();
    registration = undefined;
    api = found.api;
    if (!api) {
      deps.log.info('The Git extension is not active or git is disabled: Azure DevOps credentials, clone source and publisher are not registered');
      return;
    }
    registration = vscode.Disposable.from(
      api.registerCredentialsProvider(credentials),
      api.registerRemoteSourceProvider(remoteSources),
      api.registerRemoteSourcePublisher(publisher),
    );
    deps.log.debug('Registered the Azure DevOps credentials provider, clone source and publisher with the Git extension');
  };
  const first = new Deferred(register, (err) => deps.log.error('Registering with the Git extension failed', err));
  first.soon();
  const gitApi = (): API | undefined => { first.get(); return api; };
  context.subscriptions.push(first, { dispose: () => { registration?.dispose(); enablement?.dispose(); } });
  return { credentials, remoteSources, publisher, api: gitApi, registered: () => { first.get(); return registration !== undefined; } };
}

/*
 * The parts of the built-in Git extension's API (`vscode.git`, API version 1, VS Code 1.100) that this
 * extension uses, declared here by hand after the public API (microsoft/vscode extensions/git/src/api/git.d.ts).
 * Obtain it with `getGitApi()` in ./gitApi.ts. Add members here as features need them, with the same shapes.
 */
import type { Command, Disposable, Event, ProviderResult, ThemeIcon, Uri } from 'vscode';

export interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: Event<boolean>;
  getAPI(version: 1): API;
}

export type APIState = 'uninitialized' | 'initialized';

export interface InitOptions { defaultBranch?: string }

/** The git executable the Git extension runs. */
export interface Git {
  readonly path: string;
}

export interface API {
  readonly state: APIState;
  readonly git: Git;
  readonly onDidChangeState: Event<APIState>;
  readonly repositories: Repository[];
  readonly onDidOpenRepository: Event<Repository>;
  readonly onDidCloseRepository: Event<Repository>;
  getRepository(uri: Uri): Repository | null;
  toGitUri(uri: Uri, ref: string): Uri;
  init(root: Uri, options?: InitOptions): Promise<Repository | null>;
  openRepository(root: Uri): Promise<Repository | null>;
  // No clone() here: the API of VS Code 1.100 has none (it came later). Clone with the `git.clone` command.
  registerRemoteSourcePublisher(publisher: RemoteSourcePublisher): Disposable;
  registerRemoteSourceProvider(provider: RemoteSourceProvider): Disposable;
  registerCredentialsProvider(provider: CredentialsProvider): Disposable;
  registerPushErrorHandler(handler: PushErrorHandler): Disposable;
  registerSourceControlHistoryItemDetailsProvider(provider: SourceControlHistoryItemDetailsProvider): Disposable;
}

/** 0 = local branch (Head), 1 = remote branch (RemoteHead), 2 = tag. Declared as numbers: a .d.ts enum has no runtime value. */
export type RefType = 0 | 1 | 2;

export interface Ref {
  readonly type: RefType;
  readonly name?: string;
  readonly commit?: string;
  readonly remote?: string;
}

export interface UpstreamRef { readonly remote: string; readonly name: string; readonly commit?: string }

export interface Branch extends Ref {
  readonly upstream?: UpstreamRef;
  readonly ahead?: number;
  readonly behind?: number;
}

export interface Commit {
  readonly hash: string;
  readonly message: string;
  readonly parents: string[];
  readonly authorDate?: Date;
  readonly authorName?: string;
  readonly authorEmail?: string;
}

export interface Remote {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
  readonly isReadOnly: boolean;
}

/** A changed file of the working tree or index (status is a number at runtime). */
export interface Change {
  readonly uri: Uri;
  readonly originalUri: Uri;
  readonly renameUri: Uri | undefined;
  readonly status: number;
}

export interface RepositoryState {
  readonly HEAD: Branch | undefined;
  /** @deprecated The Git extension logs a warning and may answer []: use Repository.getRefs(). */
  readonly refs: Ref[];
  readonly remotes: Remote[];
  readonly mergeChanges: Change[];
  readonly indexChanges: Change[];
  readonly workingTreeChanges: Change[];
  readonly onDidChange: Event<void>;
}

export interface RefQuery {
  readonly contains?: string;
  readonly count?: number;
  readonly pattern?: string | string[];
  readonly sort?: 'alphabetically' | 'committerdate';
}

export interface LogOptions { readonly maxEntries?: number; readonly path?: string; readonly range?: string }

export interface RefQuery {
  readonly contains?: string;
  readonly count?: number;
  readonly pattern?: string | string[];
  readonly sort?: 'alphabetically' | 'committerdate';
}

export interface Repository {
  readonly rootUri: Uri;
  readonly state: RepositoryState;
  /** Every local config entry (`git config --local -l`); keys come lowercased except subsections. */
  getConfigs(): Promise<{ key: string; value: string }[]>;
  getConfig(key: string): Promise<string>;
  /** `git config --local --add`: adds a value (a second one if the key is set), it does not replace. */
  setConfig(key: string, value: string): Promise<string>;
  /** `git config --local --unset key` (failures, such as a key with several values, are swallowed). */
  unsetConfig(key: string): Promise<string>;
  getGlobalConfig(key: string): Promise<string>;
  getBranch(name: string): Promise<Branch>;
  getBranches(query: { remote?: boolean; pattern?: string; count?: number; contains?: string }): Promise<Ref[]>;
  getRefs(query: RefQuery): Promise<Ref[]>;
  getMergeBase(ref1: string, ref2: string): Promise<string | undefined>;
  setBranchUpstream(name: string, upstream: string): Promise<void>;
  show(ref: string, path: string): Promise<string>;
  getCommit(ref: string): Promise<Commit>;
  getRefs(query: RefQuery, cancellationToken?: unknown): Promise<Ref[]>;
  log(options?: LogOptions): Promise<Commit[]>;
  addRemote(name: string, url: string): Promise<void>;
  removeRemote(name: string): Promise<void>;
  renameRemote(name: string, newName: string): Promise<void>;
  fetch(remote?: string, ref?: string, depth?: number): Promise<void>;
  pull(unshallow?: boolean): Promise<void>;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean, force?: unknown): Promise<void>;
  checkout(treeish: string): Promise<void>;
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
  status(): Promise<void>;
}

export interface RemoteSource {
  readonly name: string;
  readonly description?: string;
  readonly detail?: string;
  /** Codicon name (e.g. 'repo') or an icon path. */
  readonly icon?: string;
  readonly url: string | string[];
}

export interface RemoteSourceProvider {
  readonly name: string;
  /** Codicon name, e.g. 'azure-devops'. */
  readonly icon?: string;
  readonly label?: string;
  readonly placeholder?: string;
  readonly supportsQuery?: boolean;
  getBranches?(url: string): ProviderResult<string[]>;
  getRemoteSources(query?: string): ProviderResult<RemoteSource[]>;
}

export interface RemoteSourcePublisher {
  readonly name: string;
  readonly icon?: string;
  publishRepository(repository: Repository): Promise<void>;
}

export interface Credentials { readonly username: string; readonly password: string }

export interface CredentialsProvider {
  getCredentials(host: Uri): ProviderResult<Credentials>;
}

/** Git error codes the extension looks at (strings at runtime; the Git extension knows more). */
export type GitErrorCodes = 'PermissionDenied' | 'PushRejected' | 'AuthenticationFailed' | 'RemoteConnectionError' | (string & {});

export interface PushErrorHandler {
  handlePushError(repository: Repository, remote: Remote, refspec: string, error: Error & { gitErrorCode: GitErrorCodes }): Promise<boolean>;
}

export interface AvatarQueryCommit { readonly hash: string; readonly authorName?: string; readonly authorEmail?: string }
export interface AvatarQuery { readonly commits: AvatarQueryCommit[]; readonly size: number }

export interface SourceControlHistoryItemDetailsProvider {
  provideAvatar(repository: Repository, query: AvatarQuery): ProviderResult<Map<string, string | undefined>>;
  provideHoverCommands(repository: Repository): ProviderResult<Command[]>;
  provideMessageLinks(repository: Repository, message: string): ProviderResult<string>;
}

export type { ThemeIcon };

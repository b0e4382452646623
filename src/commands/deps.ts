import type { AccountRecord, AccountStore } from '../auth/accountStore';
import type { CredentialProvider } from '../auth/credentials';
import type { MicrosoftSessions } from '../auth/microsoft';
import type { ReportDocuments } from '../accounts/reportDocuments';
import type { Settings } from '../config';
import type { GitServices } from '../git';
import type { Logger } from '../log';
import type { Redactor } from '../util/redact';
import type { Catalog } from '../model/catalog';
import type { ClientProvider } from '../model/clients';
import type { PullRequestServices } from '../pullRequests/feature';
import type { Prompter } from '../ui/prompter';
import type { AccountsTreeProvider } from '../views/accountsTree';
import { TreeNode } from '../views/nodes/treeNode';

/** What commands need; passed in by extension.ts (no module singletons, so tests can swap parts). */
export interface CommandDeps {
  accounts: AccountStore;
  catalog: Catalog;
  clients: ClientProvider;
  /** The credential of each organization (its token, or its Microsoft account's token). */
  credentials: CredentialProvider;
  /** VS Code's Microsoft sign-in (a stand-in provider in the integration tests). */
  microsoft(): MicrosoftSessions;
  /** Read-only documents the extension shows (the sign-in check report). */
  reports: ReportDocuments;
  tree: AccountsTreeProvider;
  log: Logger;
  redactor: Redactor;
  settings(): Settings;
  prompter(): Prompter;
  platform: Platform;
  showLog(): void;
  /** Credentials provider, clone source and publisher registered with the built-in Git extension. */
  git: GitServices;
  pullRequests: PullRequestServices;
}

/** Side effects outside the editor, replaceable in tests. */
export interface Platform {
  openExternal(url: string): Thenable<boolean>;
  writeClipboard(text: string): Thenable<void>;
  withProgress<T>(title: string, task: () => Promise<T>): Thenable<T>;
  openSettings(query: string): Thenable<unknown>;
  /** The user's home directory (os.homedir()); ~/.ssh lives there. Tests point it at a temporary directory. */
  homeDir(): string;
}

/** Tree nodes that belong to an account. */
interface AccountNode { account: AccountRecord }

/** Commands are called from tree menus (a node), links and the status bar (an organization key) or the palette (nothing). */
export function accountOf(deps: CommandDeps, arg: unknown): AccountRecord | undefined {
  if (typeof arg === 'string') return deps.accounts.get(arg);
  if (arg instanceof TreeNode && 'account' in arg) return deps.accounts.get((arg as unknown as AccountNode).account.key);
  return undefined;
}

export type CommandHandler = (...args: unknown[]) => Promise<unknown>;
export type CommandFactory = (deps: CommandDeps) => CommandHandler;

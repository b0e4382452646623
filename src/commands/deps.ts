import type * as vscode from 'vscode';
import type { AccountRecord, AccountStore } from '../auth/accountStore';
import type { Settings } from '../config';
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
  tree: AccountsTreeProvider;
  log: Logger;
  redactor: Redactor;
  settings(): Settings;
  prompter(): Prompter;
  platform: Platform;
  showLog(): void;
  pullRequests: PullRequestServices;
}

/** Side effects outside the editor, replaceable in tests. */
export interface Platform {
  openExternal(url: string): Thenable<boolean>;
  writeClipboard(text: string): Thenable<void>;
  withProgress<T>(title: string, task: () => Promise<T>): Thenable<T>;
  openSettings(query: string): Thenable<unknown>;
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
export type { vscode };

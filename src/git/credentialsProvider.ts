import * as vscode from 'vscode';
import type { AccountRecord, AccountStore } from '../auth/accountStore';
import type { Logger } from '../log';
import type { Prompter } from '../ui/prompter';
import { redactPatterns } from '../util/redact';
import { askpassHostKey, AskpassTimers } from './askpassTimers';
import { matchCredentialAccount, type MatchReason } from './credentialMatch';
import type { API, Credentials, CredentialsProvider } from './git';

/** What a test (or the log) may know about one request: never the token. */
export interface CredentialRequest {
  /** What the Git extension passed, as a URL string. */
  url: string;
  /** The organization whose token was handed over, if any. */
  organization?: string;
  reason?: MatchReason | 'picked';
  outcome: 'handed' | 'noAccount' | 'noToken' | 'cancelled';
}

export interface CredentialsProviderOptions {
  accounts: AccountStore;
  /** The secret git sends for an organization: its token, or a Microsoft access token. Default: the stored token. */
  secretFor?: (key: string) => Promise<string | undefined>;
  log: Logger;
  serviceUrl(): string;
  prompter(): Prompter;
  /** The Git extension's API, for the remotes of open repositories (undefined while it is unavailable). */
  gitApi(): API | undefined;
  /** What "Git: Clone" showed last (see AzureDevOpsRemoteSourceProvider.recentlyOffered). */
  offered(): string[];
  forgetOffer(): void;
  /** When the Git extension's askpass cache drops earlier answers (default: its 60 s timers, on the real clock). */
  askpassTimers?: AskpassTimers;
}

/**
 * Hands git the token of the right organization for an HTTPS URL (Git extension credentials provider). The token
 * goes from SecretStorage to the Git extension's askpass helper over its IPC channel, and the helper answers git's
 * prompt (the Git extension passes the answer through a private temporary file it deletes at once): it never goes
 * into the repository, git's configuration, a remote URL, a setting or a process argument.
 */
export class AzureDevOpsCredentialsProvider implements CredentialsProvider {
  private readonly operations = new Map<number, string>();
  private nextOperation = 1;
  private readonly askpassTimers: AskpassTimers;
  /** The last requests (newest last), for the log and the tests. */
  readonly requests: CredentialRequest[] = [];
  /** Answers held back until an earlier answer's askpass timer had fired (see askpassTimers.ts), newest last. */
  readonly heldBack: { host: string; ms: number }[] = [];

  constructor(private readonly options: CredentialsProviderOptions) {
    this.askpassTimers = options.askpassTimers ?? new AskpassTimers();
  }

  /**
   * Runs a git operation the extension starts for `url` (clone, publish): while it runs, a request for the bare
   * host of `url` goes to its organization even when several organizations share the host.
   */
  async track<T>(url: string, run: () => Thenable<T> | Promise<T>): Promise<T> {
    const id = this.nextOperation++;
    this.operations.set(id, url);
    try {
      return await run();
    } finally {
      this.operations.delete(id);
    }
  }

  /** The URLs of the operations running now (see track), for diagnostics. */
  get pendingOperations(): string[] {
    return [...this.operations.values()].map((url) => redactPatterns(url));
  }

  async getCredentials(host: vscode.Uri): Promise<Credentials | undefined> {
    const url = `${host.scheme}://${host.authority}${host.path}`;
    const shown = redactPatterns(url);
    const accounts = this.options.accounts.list();
    const match = matchCredentialAccount(url, accounts, {
      serviceUrl: this.options.serviceUrl(),
      operations: [...this.operations.values()],
      offered: this.options.offered(),
      openRemotes: this.openRemotes(),
    });
    let account: AccountRecord | undefined;
    let reason: CredentialRequest['reason'];
    if (match.kind === 'account') {
      account = match.account;
      reason = match.reason;
      if (reason === 'offered') this.options.forgetOffer();
    } else if (match.kind === 'ambiguous') {
      account = await this.options.prompter().pick(
        match.candidates.map((a) => ({ label: a.name, description: a.user.displayName, detail: a.url, value: a })),
        { title: vscode.l10n.t('Git needs a token for {0}', shown), placeholder: vscode.l10n.t('Which organization is git signing in to? (Several share this host; "Azure DevOps: Check Git Credential Setup" explains how to avoid this question.)') },
      );
      reason = 'picked';
      if (!account) return this.record({ url: shown, outcome: 'cancelled' });
    } else {
      this.options.log.debug(`git asked for credentials for ${shown}: no signed-in organization serves it`);
      return this.record({ url: shown, outcome: 'noAccount' });
    }
    const token = await (this.options.secretFor ?? ((key: string) => this.options.accounts.getToken(key)))(account.key);
    if (!token) {
      this.options.log.warn(`git asked for credentials for ${shown}: ${account.name} has no stored token`);
      return this.record({ url: shown, organization: account.name, reason, outcome: 'noToken' });
    }
    // The Git extension's askpass cache could lose this answer before git reads it (see askpassTimers.ts): wait.
    const cacheKey = askpassHostKey(host.authority);
    for (let wait: number; (wait = this.askpassTimers.delayFor(cacheKey, Date.now(), account.key)) > 0;) {
      this.options.log.info(`git asked for credentials for ${shown}: waiting ${wait} ms until the Git extension's askpass cache for ${cacheKey} is free`);
      keepLast(this.heldBack, { host: cacheKey, ms: wait }, 20);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.askpassTimers.handed(cacheKey, Date.now(), account.key);
    this.options.log.info(`git asked for credentials for ${shown}: handing over the token of ${account.name} (${reason})`);
    this.record({ url: shown, organization: account.name, reason, outcome: 'handed' });
    // Azure DevOps ignores the user name of a personal access token.
    return { username: 'pat', password: token };
  }

  private record(request: CredentialRequest): undefined {
    keepLast(this.requests, request, 50);
    return undefined;
  }

  private openRemotes(): string[] {
    const api = this.options.gitApi();
    if (!api) return [];
    return api.repositories.flatMap((r) => r.state.remotes.flatMap((remote) => [remote.fetchUrl, remote.pushUrl]))
      .filter((u): u is string => typeof u === 'string' && u.length > 0);
  }
}

/** Appends `item`, keeping only the last `max` (the diagnostics lists above). */
function keepLast<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

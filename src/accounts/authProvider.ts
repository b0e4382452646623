import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountRecord, AccountStore } from '../auth/accountStore';
import { organizationKey, parseOrganizationInput } from '../azdo/organizationUrl';

export const PAT_PROVIDER_ID = 'azure-devops-pat';
export const PAT_PROVIDER_LABEL = 'Azure DevOps';

/**
 * "Azure DevOps" in VS Code's Accounts menu: one session per organization signed in with a personal access token
 * (organizations signed in with Microsoft show under the Microsoft account already). Signing out there removes that
 * organization; other extensions may ask for a session with the organization URL as the only scope, e.g.
 * `vscode.authentication.getSession('azure-devops-pat', ['https://dev.azure.com/myorg'], { createIfNone: true })`,
 * and get its token (after VS Code asked the user's consent), sent as the Basic password.
 */
export class PatAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private readonly subscription: { dispose(): unknown };
  /** What VS Code was last told: organization key → session fingerprint (label, state, a hash of the token). */
  private known: Promise<Map<string, string>>;

  constructor(
    private readonly accounts: AccountStore,
    private readonly serviceUrl: () => string,
    /** Signs in to the organization a scope names (or asks for one); undefined when the user gave up. */
    private readonly signIn: (organizationUrl: string | undefined) => Promise<AccountRecord | undefined>,
    /** Signs out of one organization. */
    private readonly signOut: (key: string) => Promise<void>,
  ) {
    this.known = this.fingerprints();
    this.subscription = accounts.onDidChange(() => { this.known = this.announce(); });
  }

  /** The key of the organization a scope (its URL, a name, a repository URL) stands for. */
  private keyOf(scope: string): string | undefined {
    const parsed = parseOrganizationInput(scope, { serviceUrl: this.serviceUrl() });
    return parsed.ok ? organizationKey(parsed.organization) : undefined;
  }

  private patAccounts(): AccountRecord[] {
    return this.accounts.list().filter((a) => a.auth === 'pat');
  }

  private async fingerprints(): Promise<Map<string, string>> {
    const prints = await Promise.all(this.patAccounts().map(async (a): Promise<[string, string]> => {
      const token = await this.accounts.getToken(a.key);
      const digest = token ? createHash('sha256').update(token).digest('hex').slice(0, 16) : 'none';
      return [a.key, `${label(a)}|${a.tokenState}|${digest}`];
    }));
    return new Map(prints);
  }

  private async toSession(account: AccountRecord): Promise<vscode.AuthenticationSession | undefined> {
    const token = await this.accounts.getToken(account.key);
    if (!token) return undefined;
    return { id: account.key, accessToken: token, account: { id: account.key, label: label(account) }, scopes: [account.url] };
  }

  async getSessions(scopes?: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    let list = this.patAccounts();
    const wanted = scopes && scopes.length > 0 ? this.keyOf(scopes[0]) : undefined;
    if (scopes && scopes.length > 0) list = list.filter((a) => a.key === wanted);
    if (options?.account) list = list.filter((a) => a.key === options.account?.id);
    const sessions = await Promise.all(list.map((a) => this.toSession(a)));
    return sessions.filter((s): s is vscode.AuthenticationSession => s !== undefined);
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const account = await this.signIn(scopes[0]);
    const session = account && account.auth === 'pat' ? await this.toSession(account) : undefined;
    if (!session) throw new Error(vscode.l10n.t('Sign-in to Azure DevOps was cancelled.'));
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.signOut(sessionId);
  }

  /** Tells VS Code which sessions came, went or changed (here or in another window); returns what it was told. */
  private async announce(): Promise<Map<string, string>> {
    const before = await this.known;
    const now = await this.fingerprints();
    const byKey = new Map(this.patAccounts().map((a) => [a.key, a]));
    const added: vscode.AuthenticationSession[] = [];
    const changed: vscode.AuthenticationSession[] = [];
    const removed: vscode.AuthenticationSession[] = [];
    for (const [key, print] of now) {
      const account = byKey.get(key);
      const session = account ? await this.toSession(account) : undefined;
      if (!session) continue;
      if (!before.has(key)) added.push(session);
      else if (before.get(key) !== print) changed.push(session);
    }
    for (const key of before.keys()) {
      if (!now.has(key)) removed.push({ id: key, accessToken: '', account: { id: key, label: key }, scopes: [] });
    }
    if (added.length + changed.length + removed.length > 0) this.changed.fire({ added, removed, changed });
    return now;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** How an organization's session reads in the Accounts menu: "alpha — alice@example.com". */
export function label(a: AccountRecord): string {
  return `${a.name} — ${a.user.uniqueName ?? a.user.displayName}`;
}

import * as vscode from 'vscode';
import { microsoftScopes, MSA_TENANT, tenantOfScopes } from '../../../src/auth/microsoft';
import { EXTENSION_ID, testSeed } from './env';

export const STAND_IN_ID = 'azure-devops-test-entra';
export const STAND_IN_LABEL = 'Azure DevOps Test Entra';

/** A person with a Microsoft account: where it lives (home tenant) and the emulator's Entra token per tenant. */
export interface StandInAccount {
  label: string;
  objectId: string;
  home: string;
  tokens: Record<string, string>;
}

interface StoredSession {
  session: vscode.AuthenticationSession;
  tenant: string;
}

/** Tenant ids of the test seed by name (contoso: alpha, beta; fabrikam: gamma, delta). */
export function tenants(): { contoso: string; fabrikam: string } {
  const t = testSeed().tenants ?? {};
  if (!t.contoso || !t.fabrikam) throw new Error('the test seed names no contoso/fabrikam tenants');
  return { contoso: t.contoso, fabrikam: t.fabrikam };
}

/** Alice (work account in contoso, also a guest in fabrikam) and Dave (a personal Microsoft account). */
export function seedAccounts(): { alice: StandInAccount; dave: StandInAccount } {
  const seed = testSeed();
  const { contoso, fabrikam } = tenants();
  const secret = (name: string): string => {
    const t = seed.tokens[name];
    if (!t || t.kind !== 'entra') throw new Error(`the test seed has no Entra token ${name}`);
    return t.token;
  };
  return {
    alice: { label: 'alice@contoso.example', objectId: '0a11ce00-0000-4000-8000-000000000001', home: contoso, tokens: { [contoso]: secret('entra'), [fabrikam]: secret('entra-fabrikam') } },
    dave: { label: 'dave@outlook.example', objectId: '0da7e000-0000-4000-8000-000000000002', home: MSA_TENANT, tokens: { [MSA_TENANT]: secret('entra-msa') } },
  };
}

/**
 * The one allowed fake: an authentication provider standing in for VS Code's `microsoft` provider, because no Entra
 * tenant is reachable from a test. It hands out the emulator's Entra tokens (sent as Bearer by the extension) for the
 * tenant the scopes ask for (`VSCODE_TENANT:<id>`, else the account's home tenant), and refuses like Entra does: an
 * account that does not belong to a tenant gets AADSTS50020, a tenant set to refuse gets its AADSTS error.
 */
export class EntraStandIn implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private sessions: StoredSession[] = [];
  private registration?: vscode.Disposable;
  private counter = 0;
  /** Whom the next interactive sign-in signs in (what the person would choose in the browser). */
  nextAccount: StandInAccount;
  /** Tenants that refuse every sign-in, with the Entra error they answer. */
  readonly refusals = new Map<string, string>();
  /** Every request VS Code passed on: scopes and the account asked for. */
  readonly requests: { kind: 'getSessions' | 'createSession'; scopes: readonly string[]; account?: string }[] = [];

  constructor(private readonly accounts: StandInAccount[]) {
    this.nextAccount = accounts[0];
  }

  register(): this {
    this.registration = vscode.authentication.registerAuthenticationProvider(STAND_IN_ID, STAND_IN_LABEL, this, { supportsMultipleAccounts: true });
    return this;
  }

  private tenantFor(scopes: readonly string[] | undefined, account: StandInAccount): string {
    return (scopes ? tenantOfScopes(scopes) : undefined) ?? account.home;
  }

  private accountOf(id: string | undefined): StandInAccount | undefined {
    return this.accounts.find((a) => `${a.objectId}.${a.home}` === id || a.label === id);
  }

  async getSessions(scopes: readonly string[] | undefined, options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    this.requests.push({ kind: 'getSessions', scopes: scopes ?? [], account: options.account?.label });
    return this.sessions.filter((s) => {
      const account = this.accountOf(s.session.account.id);
      if (!account) return false;
      if (options.account && options.account.id !== s.session.account.id) return false;
      return !scopes || s.tenant === this.tenantFor(scopes, account);
    }).map((s) => s.session);
  }

  async createSession(scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const account = this.accountOf(options.account?.id) ?? this.nextAccount;
    this.requests.push({ kind: 'createSession', scopes, account: account.label });
    const tenant = this.tenantFor(scopes, account);
    const refusal = this.refusals.get(tenant);
    if (refusal) throw new Error(refusal);
    const token = account.tokens[tenant];
    if (!token) {
      throw new Error(`AADSTS50020: User account '${account.label}' from identity provider 'https://sts.windows.net/${account.home}/' does not exist in tenant '${tenant}' and cannot access the application in that tenant.`);
    }
    const session: vscode.AuthenticationSession = {
      id: `stand-in-${++this.counter}`, accessToken: token, scopes: [...scopes],
      account: { id: `${account.objectId}.${account.home}`, label: account.label },
    };
    this.sessions.push({ session, tenant });
    this.emitter.fire({ added: [session], removed: [], changed: [] });
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const removed = this.sessions.filter((s) => s.session.id === sessionId).map((s) => s.session);
    this.sessions = this.sessions.filter((s) => s.session.id !== sessionId);
    if (removed.length > 0) this.emitter.fire({ added: [], removed, changed: [] });
  }

  /**
   * Signs `account` in the way a person does in VS Code's Accounts menu: the extension asked for a session it may not
   * have yet (getSession without createIfNone), VS Code added "Sign in with Azure DevOps Test Entra to use Azure DevOps"
   * to the Accounts menu, and the person chose it. VS Code then creates the session and allows the extension to use
   * it, without a dialog (the test host refuses dialogs, so createIfNone's consent prompt cannot be answered here).
   * Returns the error the sign-in ended with, if any (e.g. the tenant refused).
   */
  async signInThroughAccountsMenu(account: StandInAccount, tenant?: string): Promise<Error | undefined> {
    this.nextAccount = account;
    const prefix = `${STAND_IN_ID}:${EXTENSION_ID}:signin`.toLowerCase();
    const before = new Set((await vscode.commands.getCommands()).filter((c) => c.toLowerCase().startsWith(prefix)));
    const existing = await vscode.authentication.getSession(STAND_IN_ID, microsoftScopes(tenant), {});
    if (existing?.account.label === account.label) return undefined;
    const request = (await vscode.commands.getCommands()).find((c) => c.toLowerCase().startsWith(prefix) && !before.has(c));
    if (!request) {
      const all = (await vscode.commands.getCommands()).filter((c) => /test-entra|signin/i.test(c));
      throw new Error(`VS Code offered no "Sign in with ${STAND_IN_LABEL}" request in the Accounts menu (${all.join(', ')}; before: ${[...before].join(', ')}; existing ${JSON.stringify(existing?.account)})`);
    }
    try {
      await vscode.commands.executeCommand(request);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  /** Signs every account out (as if the user signed out of Microsoft in VS Code). */
  signOutAll(): void {
    const removed = this.sessions.map((s) => s.session);
    this.sessions = [];
    if (removed.length > 0) this.emitter.fire({ added: [], removed, changed: [] });
  }

  dispose(): void {
    this.registration?.dispose();
    this.emitter.dispose();
  }
}

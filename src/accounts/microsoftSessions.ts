import * as vscode from 'vscode';
import { microsoftScopes, type MicrosoftAccount, type MicrosoftSession, type MicrosoftSessionRequest, type MicrosoftSessions } from '../auth/microsoft';
import { Emitter, type Event } from '../util/event';

/** The id of VS Code's built-in Microsoft authentication provider. */
export const MICROSOFT_PROVIDER_ID = 'microsoft';

/**
 * Microsoft (Entra) sessions through VS Code's authentication API: `getSession(providerId, scopes, options)`.
 * The real provider is `microsoft`; the integration tests point the same code at a stand-in provider that returns the
 * emulator's Entra token, because no Entra tenant is reachable from a test.
 */
export class VsCodeMicrosoftSessions implements MicrosoftSessions, vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** What the last request asked VS Code for (the tests check the scopes and options without going online). */
  lastRequest?: { providerId: string; scopes: readonly string[]; options: vscode.AuthenticationGetSessionOptions };

  constructor(readonly providerId: string = MICROSOFT_PROVIDER_ID) {
    this.subscription = vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === this.providerId) this.changed.fire();
    });
  }

  async getSession(request: MicrosoftSessionRequest): Promise<MicrosoftSession | undefined> {
    const scopes = microsoftScopes(request.tenant);
    const detail = vscode.l10n.t('Azure DevOps lists your organizations and opens their repositories with your Microsoft account.');
    let options: vscode.AuthenticationGetSessionOptions;
    switch (request.mode) {
      case 'silent':
        options = { silent: true, account: request.account };
        break;
      case 'newAccount':
        options = { forceNewSession: { detail }, clearSessionPreference: true };
        break;
      default:
        options = { createIfNone: { detail }, account: request.account };
    }
    this.lastRequest = { providerId: this.providerId, scopes, options };
    const session = await vscode.authentication.getSession(this.providerId, scopes, options);
    if (!session) return undefined;
    return { accessToken: session.accessToken, account: { id: session.account.id, label: session.account.label }, scopes: session.scopes };
  }

  async accounts(): Promise<MicrosoftAccount[]> {
    const accounts = await vscode.authentication.getAccounts(this.providerId);
    return accounts.map((a) => ({ id: a.id, label: a.label }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

import type { Credential } from '../azdo/types';
import type { Redactor } from '../util/redact';
import type { AccountStore } from './accountStore';
import type { MicrosoftSessions } from './microsoft';
import type { AccountRecord } from './records';

/**
 * The credential an organization uses right now: its personal access token from SecretStorage, or a fresh access
 * token of its Microsoft account from VS Code (asked silently: VS Code refreshes it; nothing is prompted here).
 */
export class CredentialProvider {
  constructor(
    private readonly accounts: AccountStore,
    private readonly microsoft: () => MicrosoftSessions,
    private readonly redactor?: Redactor,
  ) {}

  async credentialFor(account: AccountRecord): Promise<Credential | undefined> {
    if (account.auth === 'microsoft' && account.microsoft) {
      const ref = account.microsoft;
      try {
        const session = await this.microsoft().getSession({ mode: 'silent', tenant: ref.tenant, account: { id: ref.id, label: ref.label } });
        if (!session) return undefined;
        this.redactor?.add(session.accessToken); // like stored tokens: never in a log line
        return { kind: 'bearer', token: session.accessToken };
      } catch {
        return undefined;
      }
    }
    const token = await this.accounts.getToken(account.key);
    return token ? { kind: 'pat', token } : undefined;
  }

  /**
   * The secret git sends as the Basic password for an organization: the personal access token, or the Microsoft
   * access token (Azure DevOps accepts both over HTTPS). Undefined when the organization has none right now.
   */
  async secretFor(key: string): Promise<string | undefined> {
    const account = this.accounts.get(key);
    if (!account) return undefined;
    return (await this.credentialFor(account))?.token;
  }
}

import type { AccountStore } from '../auth/accountStore';
import { AzdoClient } from '../azdo/client';
import type { RouteCache } from '../azdo/routeCache';
import type { Logger } from '../log';

export interface ConnectionSettings {
  timeoutSeconds: number;
  maxConcurrent: number;
  userAgent: string;
}

/**
 * Hands out one AzdoClient per signed-in organization, built from the token in SecretStorage, and marks the
 * organization's token as rejected when the service answers 401 (which the status bar and tree then show).
 */
export class ClientProvider {
  private readonly clients = new Map<string, { token: string; client: AzdoClient }>();
  /**
   * Tokens read from SecretStorage, kept until an account or a secret changes: every load asked for its token,
   * a round trip to the keychain (or, in a browser, to the page) per organization per refresh.
   */
  private readonly tokens = new Map<string, Promise<string | undefined>>();
  private readonly subscription: { dispose(): unknown };

  constructor(
    private readonly accounts: AccountStore,
    private readonly settings: () => ConnectionSettings,
    private readonly log: Logger,
    /** Route tables remembered across sessions, shared by every organization's client. */
    readonly routes?: RouteCache,
  ) {
    this.subscription = accounts.onDidChange(() => this.tokens.clear());
  }

  async get(key: string): Promise<AzdoClient | undefined> {
    const account = this.accounts.get(key);
    if (!account) return undefined;
    let pending = this.tokens.get(key);
    if (!pending) {
      pending = this.accounts.getToken(key);
      this.tokens.set(key, pending);
      pending.catch(() => this.tokens.delete(key));
    }
    const token = await pending;
    if (!token) return undefined;
    const cached = this.clients.get(key);
    if (cached && cached.token === token) return cached.client;
    const client = createClient(account.url, token, this.settings(), this.log, (status) => {
      if (status === 401 || status === 203) void this.accounts.setTokenState(key, 'rejected');
    }, this.routes);
    this.clients.set(key, { token, client });
    return client;
  }

  /** Forgets clients (all, or one organization's), e.g. after a settings change or sign-out. */
  reset(key?: string): void {
    if (key) this.clients.delete(key);
    else this.clients.clear();
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

export function createClient(
  url: string,
  token: string,
  settings: ConnectionSettings,
  log: Logger,
  onStatus?: (status: number) => void,
  routes?: RouteCache,
): AzdoClient {
  return new AzdoClient(url, { kind: 'pat', token }, {
    timeoutSeconds: settings.timeoutSeconds,
    maxConcurrent: settings.maxConcurrent,
    userAgent: settings.userAgent,
    log: (line) => log.trace(line),
    onStatus,
    routes,
  });
}

import type { AccountStore } from '../auth/accountStore';
import type { CredentialProvider } from '../auth/credentials';
import { AzdoClient, type ClientOptions } from '../azdo/client';
import { ConnectionPool } from '../azdo/connections';
import { ProfileClient } from '../azdo/profileClient';
import type { RouteCache } from '../azdo/routeCache';
import type { Credential } from '../azdo/types';
import type { Logger } from '../log';

export interface ConnectionSettings {
  timeoutSeconds: number;
  maxConcurrent: number;
  userAgent: string;
  proxy?: { url: string; bypass: string[] };
  strictSSL: boolean;
  /** PEM files of extra certificate authorities to trust besides the system's. */
  extraCertificates?: string[];
}

/**
 * Hands out one AzdoClient per signed-in organization, built from its credential (a personal access token in
 * SecretStorage, or the Microsoft account's token from VS Code), and marks the organization's credential as
 * rejected when the service answers 401 (which the status bar and tree then show).
 */
export class ClientProvider {
  private readonly clients = new Map<string, { token: string; client: AzdoClient }>();
  /** Open connections outlive the clients: a refresh (which makes new clients) reuses them. */
  private readonly connections = new ConnectionPool();

  constructor(
    private readonly accounts: AccountStore,
    private readonly settings: () => ConnectionSettings,
    private readonly log: Logger,
    private readonly credentials: CredentialProvider,
    /** Route tables remembered across sessions, shared by every organization's client. */
    readonly routes?: RouteCache,
  ) {}

  async get(key: string): Promise<AzdoClient | undefined> {
    const account = this.accounts.get(key);
    if (!account) return undefined;
    const credential = await this.credentials.credentialFor(account);
    if (!credential) return undefined;
    const cached = this.clients.get(key);
    if (cached && cached.token === credential.token) return cached.client;
    const client = createClient(account.url, credential, this.settings(), this.log, (status) => {
      if (status === 401 || status === 203) void this.accounts.setTokenState(key, 'rejected');
    }, { routes: this.routes, assumeRoutes: account.kind === 'services', connections: this.connections });
    this.clients.set(key, { token: credential.token, client });
    return client;
  }

  /** Forgets clients (all, or one organization's), e.g. after a settings change or sign-out. */
  reset(key?: string): void {
    if (key) this.clients.delete(key);
    else this.clients.clear();
  }

  /**
   * The extension's or VS Code's `http` settings changed: every client is made anew, and requests stop reusing the
   * agents VS Code's proxy support made under the old settings (see ConnectionPool).
   */
  settingsChanged(): void {
    this.reset();
    this.connections.forgetHostAgents();
  }

  /** Origins whose requests reuse VS Code's proxy agent (for tests and diagnostics). */
  get proxyAgentOrigins(): string[] {
    return this.connections.hostAgentOrigins;
  }

  dispose(): void {
    this.clients.clear();
    this.connections.dispose();
  }
}

function clientOptions(settings: ConnectionSettings, log: Logger, onStatus?: (status: number) => void): ClientOptions {
  return {
    timeoutSeconds: settings.timeoutSeconds,
    maxConcurrent: settings.maxConcurrent,
    userAgent: settings.userAgent,
    proxy: settings.proxy,
    strictSSL: settings.strictSSL,
    extraCertificates: settings.extraCertificates,
    log: (line) => log.trace(line),
    onStatus,
  };
}

/** A client for one organization; a bare string is a personal access token. */
export function createClient(
  url: string,
  credential: string | Credential,
  settings: ConnectionSettings,
  log: Logger,
  onStatus?: (status: number) => void,
  /**
   * Route tables remembered across sessions; `assumeRoutes` (Azure DevOps Services) sends the first loads on assumed
   * routes, checked against route discovery; connections shared with other clients.
   */
  shared: Pick<ClientOptions, 'routes' | 'assumeRoutes' | 'connections'> = {},
): AzdoClient {
  const cred: Credential = typeof credential === 'string' ? { kind: 'pat', token: credential } : credential;
  return new AzdoClient(url, cred, { ...clientOptions(settings, log, onStatus), ...shared });
}

/** A client for the profile service (who the credential is, which organizations it can list). */
export function createProfileClient(profileServiceUrl: string, credential: Credential, settings: ConnectionSettings, log: Logger): ProfileClient {
  return new ProfileClient(profileServiceUrl, credential, clientOptions(settings, log));
}

import type { AccountStore } from '../auth/accountStore';
import { AzdoClient } from '../azdo/client';
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
 * Hands out one AzdoClient per signed-in organization, built from the token in SecretStorage, and marks the
 * organization's token as rejected when the service answers 401 (which the status bar and tree then show).
 */
export class ClientProvider {
  private readonly clients = new Map<string, { token: string; client: AzdoClient }>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly settings: () => ConnectionSettings,
    private readonly log: Logger,
  ) {}

  async get(key: string): Promise<AzdoClient | undefined> {
    const account = this.accounts.get(key);
    if (!account) return undefined;
    const token = await this.accounts.getToken(key);
    if (!token) return undefined;
    const cached = this.clients.get(key);
    if (cached && cached.token === token) return cached.client;
    const client = createClient(account.url, token, this.settings(), this.log, (status) => {
      if (status === 401 || status === 203) void this.accounts.setTokenState(key, 'rejected');
    });
    this.clients.set(key, { token, client });
    return client;
  }

  /** Forgets clients (all, or one organization's), e.g. after a settings change or sign-out. */
  reset(key?: string): void {
    if (key) this.clients.delete(key);
    else this.clients.clear();
  }
}

export function createClient(
  url: string,
  token: string,
  settings: ConnectionSettings,
  log: Logger,
  onStatus?: (status: number) => void,
): AzdoClient {
  return new AzdoClient(url, { kind: 'pat', token }, {
    timeoutSeconds: settings.timeoutSeconds,
    maxConcurrent: settings.maxConcurrent,
    userAgent: settings.userAgent,
    proxy: settings.proxy,
    strictSSL: settings.strictSSL,
    extraCertificates: settings.extraCertificates,
    log: (line) => log.trace(line),
    onStatus,
  });
}

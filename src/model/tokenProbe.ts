import type { AccountStore } from '../auth/accountStore';
import type { CredentialProvider } from '../auth/credentials';
import { diagnose, type Diagnosis, type ProbeFacts, type ProbeResult } from '../auth/diagnosis';
import { isPersonalTenant, tenantOfAccountId } from '../auth/microsoft';
import type { AccountRecord } from '../auth/records';
import { isCredentialFailure, toAzdoError } from '../azdo/errors';
import type { Credential } from '../azdo/types';
import type { Logger } from '../log';
import { createClient, createProfileClient, type ConnectionSettings } from './clients';

export interface ProbeDeps {
  accounts: AccountStore;
  credentials: CredentialProvider;
  settings(): ConnectionSettings & { profileServiceUrl: string };
  log: Logger;
}

function failed(err: unknown, what: string): ProbeResult & { ok: false } {
  const error = toAzdoError(err, what);
  return { ok: false, error: error.kind, statusCode: error.statusCode, serverMessage: error.serverMessage };
}

/**
 * Where else a personal access token works: on the other signed-in organizations (connectionData), and which
 * organizations it lists on the profile service (only a global token can). Used when an organization refuses it.
 */
export async function probeTokenElsewhere(
  deps: ProbeDeps,
  token: string,
  self: { key?: string; name: string },
): Promise<{ worksFor: string[]; listsOrganizations?: string[] }> {
  const settings = deps.settings();
  const others = deps.accounts.list().filter((a) => a.key !== self.key && a.name.toLowerCase() !== self.name.toLowerCase());
  const checks = others.map(async (other) => {
    try {
      await createClient(other.url, token, settings, deps.log).getConnectionData();
      return other.name;
    } catch {
      return undefined;
    }
  });
  const listing = (async () => {
    try {
      const { organizations } = await createProfileClient(settings.profileServiceUrl, { kind: 'pat', token }, settings, deps.log).listOrganizations();
      return organizations.map((o) => o.name);
    } catch {
      return undefined; // an organization-scoped token cannot list organizations: that is the norm now
    }
  })();
  const worksFor = (await Promise.all(checks)).filter((n): n is string => n !== undefined);
  return { worksFor, listsOrganizations: await listing };
}

/** The facts about one organization's credential: who it is, whether git answers, and where else a failing token works. */
export async function probeAccount(deps: ProbeDeps, account: AccountRecord): Promise<ProbeFacts> {
  const base: ProbeFacts = {
    auth: account.auth, hasCredential: false, expectedUser: account.user, tokenExpires: account.tokenExpires, organization: account.name,
    personalAccount: account.auth === 'microsoft' && isPersonalTenant(account.microsoft?.tenant ?? tenantOfAccountId(account.microsoft?.id ?? '')),
  };
  let credential: Credential | undefined;
  try {
    credential = await deps.credentials.credentialFor(account);
  } catch {
    credential = undefined;
  }
  if (!credential) return base;
  const facts: ProbeFacts = { ...base, hasCredential: true };
  const client = createClient(account.url, credential, deps.settings(), deps.log);
  try {
    const connection = await client.getConnectionData();
    facts.connection = { ok: true, user: connection.user };
  } catch (err) {
    facts.connection = failed(err, `Checking the sign-in to ${account.name}`);
    if (credential.kind === 'pat' && isCredentialFailure(toAzdoError(err, 'connectionData'))) {
      Object.assign(facts, await probeTokenElsewhere(deps, credential.token, account));
    }
    return facts;
  }
  try {
    await client.listRepositories();
    facts.git = { ok: true };
  } catch (err) {
    facts.git = failed(err, `Listing the repositories of ${account.name}`);
  }
  return facts;
}

/**
 * Probes and diagnoses one organization, and records what was learnt: a refused credential marks the organization
 * rejected, a working one clears that mark.
 */
export async function diagnoseAccount(deps: ProbeDeps, account: AccountRecord, now = new Date()): Promise<Diagnosis> {
  const facts = await probeAccount(deps, account);
  const diagnosis = diagnose(facts, now);
  const refused = facts.connection && !facts.connection.ok && (facts.connection.error === 'unauthorized' || facts.connection.error === 'signInPage');
  if (refused || !facts.hasCredential) await deps.accounts.setTokenState(account.key, 'rejected');
  else if (facts.connection?.ok) await deps.accounts.setTokenState(account.key, 'valid');
  deps.log.info(`Sign-in check of ${account.url}: ${diagnosis.cause}`);
  return diagnosis;
}

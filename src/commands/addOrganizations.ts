import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { organizationKey, parseOrganizationInput, type OrganizationRef } from '../azdo/organizationUrl';
import { explain } from '../ui/explain';
import type { CommandDeps } from './deps';
import { verifyToken } from './tokenChecks';

/** The organization a name from the accounts list stands for (under azureDevOps.serviceUrl). */
export function organizationNamed(deps: CommandDeps, name: string): OrganizationRef | undefined {
  const parsed = parseOrganizationInput(name, { serviceUrl: deps.settings().serviceUrl });
  return parsed.ok ? parsed.organization : undefined;
}

/**
 * Adds several organizations with one (global) personal access token: each is checked like a single sign-in, the
 * ones that work are saved together, and the ones that do not are named with the reason.
 */
export async function addOrganizationsWithToken(
  deps: CommandDeps,
  names: string[],
  token: string,
  expires: string | undefined,
): Promise<{ added: AccountRecord[]; failed: { name: string; message: string }[] }> {
  const results = await deps.platform.withProgress(vscode.l10n.t('Checking the token for {0} organizations…', names.length), () => Promise.all(names.map(async (name) => {
    const org = organizationNamed(deps, name);
    if (!org) return { name, message: vscode.l10n.t('"{0}" is not an organization name', name) };
    try {
      const user = await verifyToken(deps, org, token);
      const record: AccountRecord = {
        key: organizationKey(org), kind: org.kind, name: org.name, url: org.url, auth: 'pat', user,
        addedAt: new Date().toISOString(), tokenState: 'valid', tokenExpires: expires,
      };
      return record;
    } catch (err) {
      return { name, message: explain(err, { organization: org.name, url: org.url, kind: org.kind, during: 'signIn' }).message };
    }
  })));
  const added = results.filter((r): r is AccountRecord => 'key' in r);
  const failed = results.filter((r): r is { name: string; message: string } => !('key' in r));
  if (added.length > 0) {
    await deps.accounts.saveMany(added, token);
    for (const a of added) {
      deps.clients.reset(a.key);
      deps.catalog.invalidate(a.key);
    }
    deps.log.info(`Signed in with one token to ${added.map((a) => a.url).join(', ')}`);
  }
  for (const f of failed) deps.log.warn(`Not added: ${f.name}: ${f.message}`);
  return { added, failed };
}

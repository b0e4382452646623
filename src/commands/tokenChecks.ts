import type { OrganizationRef } from '../azdo/organizationUrl';
import type { AzdoUser } from '../azdo/types';
import { createClient, createProfileClient } from '../model/clients';
import type { CommandDeps } from './deps';

/** Checks a token against the organization: who it belongs to (connectionData) and that git answers (Code scope). */
export async function verifyToken(deps: CommandDeps, org: OrganizationRef, token: string): Promise<AzdoUser> {
  const client = createClient(org.url, token, deps.settings(), deps.log);
  const connection = await client.getConnectionData();
  await client.listRepositories();
  return connection.user;
}

/** The organizations a token can list on the profile service (a global token), or undefined (an organization token). */
export async function organizationsOfToken(deps: CommandDeps, token: string): Promise<string[] | undefined> {
  try {
    const { organizations } = await createProfileClient(deps.settings().profileServiceUrl, { kind: 'pat', token }, deps.settings(), deps.log).listOrganizations();
    return organizations.map((o) => o.name);
  } catch {
    return undefined;
  }
}

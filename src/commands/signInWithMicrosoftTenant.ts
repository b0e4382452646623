import type { CommandDeps } from './deps';
import { signInWithMicrosoft } from './signInWithMicrosoft';

/** "Azure DevOps: Sign In with Microsoft (Choose Tenant)…": the same sign-in for the tenant the user names. */
export function signInWithMicrosoftTenant(deps: CommandDeps) {
  return async (tenant?: unknown) => signInWithMicrosoft(deps)({ chooseTenant: true, tenant: typeof tenant === 'string' ? tenant : undefined });
}

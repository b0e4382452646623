import { accountOf, type CommandDeps } from './deps';
import { ProjectNode } from '../views/nodes/projectNode';

/**
 * Refresh: the whole tree (view title), one organization, or one project's repositories. What is shown stays
 * visible (marked refreshing) until the fresh content replaces it.
 */
export function refresh(deps: CommandDeps) {
  return async (arg?: unknown): Promise<void> => {
    if (arg instanceof ProjectNode) {
      await deps.catalog.reloadProject(arg.account.key, arg.project.id);
      return;
    }
    const account = accountOf(deps, arg);
    if (account) {
      deps.clients.reset(account.key);
      await deps.catalog.load(account.key, true);
      return;
    }
    deps.clients.reset();
    await deps.catalog.loadAll(deps.accounts.list().map((a) => a.key), true);
  };
}

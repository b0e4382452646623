import { resolveOrigin } from '../pullRequests/createOrigin';
import type { CreatePullRequestPanel } from '../webviews/createPullRequest/panel';
import type { CommandDeps } from './deps';

/**
 * "Create Pull Request": from the Source Control view (a repository or a branch of its graph), a repository of the
 * Azure DevOps tree or the Pull Requests view, or the palette (the workspace repository).
 */
export function createPullRequest(deps: CommandDeps) {
  return async (...args: unknown[]): Promise<CreatePullRequestPanel | undefined> => {
    const origin = await resolveOrigin({ ...deps, workspace: deps.pullRequests.workspace }, args);
    return origin ? deps.pullRequests.create.open(origin) : undefined;
  };
}

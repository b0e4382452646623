import type { CommandDeps } from './deps';

/** "Refresh Pull Requests": forgets the lists and the workspace repositories, and reloads what is shown. */
export function refreshPullRequests(deps: CommandDeps) {
  return async (): Promise<void> => {
    deps.pullRequests.refresh();
  };
}

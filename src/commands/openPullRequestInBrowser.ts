import type { CommandDeps } from './deps';
import { webUrlOfArg } from './pullRequestArg';

/** Opens a pull request's web page. */
export function openPullRequestInBrowser(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const url = await webUrlOfArg(deps, arg);
    return url ? deps.platform.openExternal(url) : false;
  };
}

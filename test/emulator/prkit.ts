/** Helpers of the pull request tests of the emulator (not a test file itself). */
import { GitApi } from 'azure-devops-node-api/GitApi';
import { PolicyApi } from 'azure-devops-node-api/PolicyApi';
import { WorkItemTrackingApi } from 'azure-devops-node-api/WorkItemTrackingApi';
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import type { GitPullRequest } from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { RunningEmulator } from './index';
import { pat } from './testkit';

export const ZERO = '0000000000000000000000000000000000000000';

export interface Apis { git: GitApi; policy: PolicyApi; wit: WorkItemTrackingApi; core: CoreApi }

export function apis(emu: RunningEmulator, token: string, org = 'alpha'): Apis {
  const url = `${emu.url}/${org}`;
  return { git: new GitApi(url, pat(token)), policy: new PolicyApi(url, pat(token)), wit: new WorkItemTrackingApi(url, pat(token)), core: new CoreApi(url, pat(token)) };
}

export async function headOf(git: GitApi, repo: string, branch: string, project = 'Web'): Promise<string> {
  const refs = await git.getRefs(repo, project, `heads/${branch}`);
  const ref = refs.find((r) => r.name === `refs/heads/${branch}`);
  if (!ref?.objectId) throw new Error(`no branch ${branch} in ${repo}`);
  return ref.objectId;
}

/** Creates (or moves) a branch with one commit that writes `files` on top of `from` (a commit id). */
export async function commitTo(git: GitApi, repo: string, branch: string, from: string, files: Record<string, string>, comment: string, options: { existing?: string; project?: string; edit?: boolean } = {}): Promise<string> {
  const push = await git.createPush({
    refUpdates: [{ name: `refs/heads/${branch}`, oldObjectId: options.existing ?? ZERO }],
    commits: [{
      comment, parents: [from],
      changes: Object.entries(files).map(([path, content]) => ({ changeType: (options.edit ? 2 : 1) as never, item: { path: `/${path}` }, newContent: { content, contentType: 0 as never } })),
    }],
  }, repo, options.project ?? 'Web');
  const id = push.commits?.[push.commits.length - 1]?.commitId;
  if (!id) throw new Error('push returned no commit');
  return id;
}

/** Adds a commit that edits existing files (or adds new ones with add: true) on a branch. */
export async function commitOn(git: GitApi, repo: string, branch: string, changes: Record<string, string>, comment: string, add = false, project = 'Web'): Promise<string> {
  const head = await headOf(git, repo, branch, project);
  const push = await git.createPush({
    refUpdates: [{ name: `refs/heads/${branch}`, oldObjectId: head }],
    commits: [{ comment, changes: Object.entries(changes).map(([path, content]) => ({ changeType: (add ? 1 : 2) as never, item: { path: `/${path}` }, newContent: { content, contentType: 0 as never } })) }],
  }, repo, project);
  return push.commits?.[0]?.commitId ?? '';
}

export async function createPr(git: GitApi, body: GitPullRequest, repo = 'web-app', project = 'Web'): Promise<GitPullRequest> {
  return git.createPullRequest(body, repo, project);
}

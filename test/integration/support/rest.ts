// The emulator's REST API as a test sees it (plain fetch with Basic auth): setting up pull requests and checking
// what the service received and stored.
import { emulator } from './env';

export interface RawPullRequest {
  pullRequestId: number;
  title: string;
  description: string;
  status: string;
  isDraft: boolean;
  mergeStatus: string;
  sourceRefName: string;
  targetRefName: string;
  createdBy: { id: string; displayName: string };
  reviewers: { id: string; displayName: string; vote: number; isRequired?: boolean; isContainer?: boolean }[];
  labels?: { name: string }[];
  lastMergeSourceCommit?: { commitId: string };
  autoCompleteSetBy?: { id: string };
  completionOptions?: { mergeStrategy?: string; deleteSourceBranch?: boolean; transitionWorkItems?: boolean };
  workItemRefs?: { id: string }[];
}

export async function rest<T>(method: string, path: string, token: string, body?: unknown, accept = 'application/json'): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${emulator().url}/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`, accept,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
  return { status: res.status, body: parsed as T, text };
}

const repoPath = (org: string, project: string, repo: string) => `${encodeURIComponent(org)}/${encodeURIComponent(project)}/_apis/git/repositories/${encodeURIComponent(repo)}`;

export async function headOf(token: string, org: string, project: string, repo: string, branch: string): Promise<string> {
  const res = await rest<{ value: { name: string; objectId: string }[] }>('GET', `${repoPath(org, project, repo)}/refs?filter=heads/${branch}`, token);
  const ref = res.body.value.find((r) => r.name === `refs/heads/${branch}`);
  if (!ref) throw new Error(`no branch ${branch}`);
  return ref.objectId;
}

/** A new branch on the service with one commit that adds (or, with edit, changes) files, on top of `from`. */
export async function pushBranch(token: string, org: string, project: string, repo: string, branch: string, from: string, files: Record<string, string>, comment: string, edit = false): Promise<string> {
  const res = await rest<{ commits: { commitId: string }[] }>('POST', `${repoPath(org, project, repo)}/pushes`, token, {
    refUpdates: [{ name: `refs/heads/${branch}`, oldObjectId: '0000000000000000000000000000000000000000' }],
    commits: [{ comment, parents: [from], changes: Object.entries(files).map(([p, content]) => ({ changeType: edit ? 'edit' : 'add', item: { path: `/${p}` }, newContent: { content, contentType: 'rawtext' } })) }],
  });
  if (res.status !== 201) throw new Error(`push failed: ${res.status} ${res.text}`);
  return res.body.commits[0].commitId;
}

export async function createPullRequest(token: string, org: string, project: string, repo: string, body: Record<string, unknown>): Promise<RawPullRequest> {
  const res = await rest<RawPullRequest>('POST', `${repoPath(org, project, repo)}/pullrequests`, token, body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body;
}

export async function getPullRequest(token: string, org: string, project: string, repo: string, id: number): Promise<RawPullRequest> {
  return (await rest<RawPullRequest>('GET', `${repoPath(org, project, repo)}/pullrequests/${id}?includeWorkItemRefs=true`, token)).body;
}

export async function listPullRequests(token: string, org: string, project: string, repo: string, query = 'searchCriteria.status=all'): Promise<RawPullRequest[]> {
  return (await rest<{ value: RawPullRequest[] }>('GET', `${repoPath(org, project, repo)}/pullrequests?${query}`, token)).body.value;
}

export async function vote(token: string, org: string, project: string, repo: string, id: number, reviewerId: string, value: number): Promise<void> {
  const res = await rest('PUT', `${repoPath(org, project, repo)}/pullRequests/${id}/reviewers/${reviewerId}`, token, { vote: value });
  if (res.status !== 200) throw new Error(`vote failed: ${res.status} ${res.text}`);
}

/** Id of the one person or team the identity picker finds for `query`. */
export async function identityId(token: string, org: string, query: string): Promise<string> {
  const res = await rest<{ results: { identities: { localId: string }[] }[] }>('POST', `${encodeURIComponent(org)}/_apis/IdentityPicker/Identities`, token, { query, identityTypes: ['user', 'group'] });
  const found = res.body.results[0].identities;
  if (found.length !== 1) throw new Error(`${found.length} identities match ${query}`);
  return found[0].localId;
}

export async function workItemState(token: string, org: string, id: number): Promise<string> {
  const res = await rest<{ value: { fields: Record<string, string> }[] }>('GET', `${encodeURIComponent(org)}/_apis/wit/workitems?ids=${id}`, token);
  return res.body.value[0].fields['System.State'];
}

/** JSON shapes of pull requests, reviewers, iterations, threads, work items and identities, as the service sends them. */
import type { Identity, PullRequest, Reviewer, Team, WorkItem } from './collab';
import type { CommitInfo } from './gitstore';
import type { Host, Repo } from './state';
import { descriptorOf, hostUrl, identityRef, repoApiUrl, repoRef, type Urls } from './views';
import { seg } from './util';

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

export function teamDisplayName(team: Team): string {
  return `[${team.project.name}]\\${team.name}`;
}

export function teamDescriptor(team: Team): string {
  return `vssgp.${Buffer.from(team.id).toString('base64').replace(/=+$/, '')}`;
}

/** IdentityRef of a user or a team (teams are containers). */
export function identityJson(urls: Urls, host: Host, identity: Identity): Record<string, unknown> {
  if (identity.kind === 'user') return identityRef(urls, host, identity.user);
  const base = hostUrl(urls, host);
  return {
    displayName: teamDisplayName(identity), url: `${base}/_apis/Identities/${identity.id}`,
    _links: { avatar: { href: `${base}/_apis/GraphProfile/MemberAvatars/${teamDescriptor(identity)}` } },
    id: identity.id, uniqueName: `vstfs:///Classification/TeamProject/${identity.project.id}\\${identity.name}`,
    imageUrl: `${base}/_api/_common/identityImage?id=${identity.id}`, descriptor: teamDescriptor(identity), isContainer: true,
  };
}

export function prApiUrl(urls: Urls, pr: PullRequest): string {
  return `${repoApiUrl(urls, pr.repo)}/pullRequests/${pr.id}`;
}

export function reviewerJson(urls: Urls, pr: PullRequest, r: Reviewer): Record<string, unknown> {
  const out: Record<string, unknown> = {
    reviewerUrl: `${prApiUrl(urls, pr)}/reviewers/${r.identity.id}`, vote: r.vote, hasDeclined: r.hasDeclined,
    isRequired: r.isRequired, isFlagged: r.isFlagged, ...identityJson(urls, pr.repo.project.host, r.identity),
  };
  if (!r.isRequired) delete out.isRequired;
  return out;
}

function commitRef(urls: Urls, repo: Repo, commitId: string): Record<string, unknown> {
  return { commitId, url: `${repoApiUrl(urls, repo)}/commits/${commitId}` };
}

export function commitRefJson(urls: Urls, repo: Repo, c: CommitInfo): Record<string, unknown> {
  return { commitId: c.commitId, author: c.author, committer: c.committer, comment: c.comment, url: `${repoApiUrl(urls, repo)}/commits/${c.commitId}` };
}

export const MERGE_STRATEGY_NAMES = ['noFastForward', 'squash', 'rebase', 'rebaseMerge'] as const;

/** GitPullRequest. `full` adds what the single-item GET returns beyond the list (links, completion details). */
export function pullRequestJson(urls: Urls, pr: PullRequest, options: { full?: boolean; commits?: Record<string, unknown>[]; workItems?: boolean } = {}): Record<string, unknown> {
  const host = pr.repo.project.host;
  const out: Record<string, unknown> = {
    repository: { ...repoRef(urls, pr.repo), project: { id: pr.repo.project.id, name: pr.repo.project.name, state: 'wellFormed', visibility: pr.repo.project.visibility } },
    pullRequestId: pr.id, codeReviewId: pr.id, status: pr.status,
    createdBy: identityRef(urls, host, pr.createdBy), creationDate: pr.creationDate,
    title: pr.title, description: pr.description, sourceRefName: pr.sourceRefName, targetRefName: pr.targetRefName,
    mergeStatus: pr.mergeStatus, isDraft: pr.isDraft, mergeId: pr.mergeId,
    reviewers: pr.reviewers.map((r) => reviewerJson(urls, pr, r)),
    labels: pr.labels.map((l) => ({ id: l.id, name: l.name, active: l.active })),
    url: prApiUrl(urls, pr), supportsIterations: true,
    artifactId: `vstfs:///Git/PullRequestId/${pr.repo.project.id}%2f${pr.repo.id}%2f${pr.id}`,
  };
  if (pr.lastMergeSourceCommit) out.lastMergeSourceCommit = commitRef(urls, pr.repo, pr.lastMergeSourceCommit);
  if (pr.lastMergeTargetCommit) out.lastMergeTargetCommit = commitRef(urls, pr.repo, pr.lastMergeTargetCommit);
  if (pr.lastMergeCommit) out.lastMergeCommit = commitRef(urls, pr.repo, pr.lastMergeCommit);
  if (pr.mergeFailureMessage) out.mergeFailureMessage = pr.mergeFailureMessage;
  if (pr.closedDate) out.closedDate = pr.closedDate;
  if (pr.closedBy) out.closedBy = identityRef(urls, host, pr.closedBy);
  if (pr.autoCompleteSetBy) out.autoCompleteSetBy = identityRef(urls, host, pr.autoCompleteSetBy);
  if (pr.completionOptions) out.completionOptions = pr.completionOptions;
  if (pr.completionQueueTime) out.completionQueueTime = pr.completionQueueTime;
  if (pr.sourceRepo !== pr.repo) out.forkSource = { name: pr.sourceRefName, repository: repoRef(urls, pr.sourceRepo) };
  if (options.commits) out.commits = options.commits;
  if (options.workItems) out.workItemRefs = pr.workItemIds.map((id) => workItemRef(urls, host, id));
  if (options.full) {
    const api = prApiUrl(urls, pr);
    out._links = {
      self: { href: api }, repository: { href: repoApiUrl(urls, pr.repo) }, workItems: { href: `${api}/workitems` },
      sourceBranch: { href: `${repoApiUrl(urls, pr.repo)}/refs/${pr.sourceRefName}` }, targetBranch: { href: `${repoApiUrl(urls, pr.repo)}/refs/${pr.targetRefName}` },
      statuses: { href: `${api}/statuses` }, sourceCommit: { href: `${repoApiUrl(urls, pr.repo)}/commits/${pr.lastMergeSourceCommit ?? ''}` },
      createdBy: { href: `${urls.vssps}/${seg(host.name)}/_apis/Identities/${pr.createdBy.id}` }, iterations: { href: `${api}/iterations` },
    };
  }
  return out;
}

export function workItemUrl(urls: Urls, host: Host, id: number): string {
  return `${hostUrl(urls, host)}/_apis/wit/workItems/${id}`;
}

export function workItemRef(urls: Urls, host: Host, id: number): Record<string, unknown> {
  return { id: String(id), url: workItemUrl(urls, host, id) };
}

export function workItemJson(urls: Urls, host: Host, w: WorkItem): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    'System.Id': w.id, 'System.AreaPath': w.project.name, 'System.TeamProject': w.project.name, 'System.IterationPath': w.project.name,
    'System.WorkItemType': w.type, 'System.State': w.state, 'System.Title': w.title,
  };
  if (w.assignedTo) fields['System.AssignedTo'] = identityRef(urls, host, w.assignedTo);
  return {
    id: w.id, rev: w.rev, fields, url: workItemUrl(urls, host, w.id),
    _links: { html: { href: `${hostUrl(urls, host)}/${seg(w.project.name)}/_workitems/edit/${w.id}` } },
  };
}

/** An entity of the identity picker (users and groups of the organization). */
export function pickerEntity(_urls: Urls, host: Host, identity: Identity): Record<string, unknown> {
  if (identity.kind === 'team') {
    return {
      entityId: `vss.ds.v1.ims.group.${identity.id.replace(/-/g, '')}`, entityType: 'Group', originDirectory: 'vsd', originId: identity.id,
      localDirectory: 'vsd', localId: identity.id, displayName: teamDisplayName(identity), scopeName: identity.project.name,
      samAccountName: identity.name, active: true, subjectDescriptor: teamDescriptor(identity), description: `The default project team of ${identity.project.name}`,
      mail: null, isMru: false,
    };
  }
  const u = identity.user;
  return {
    entityId: `vss.ds.v1.ims.user.${u.id.replace(/-/g, '')}`, entityType: 'User', originDirectory: 'vsd', originId: u.id,
    localDirectory: 'vsd', localId: u.id, displayName: u.displayName, scopeName: host.name, samAccountName: u.email,
    active: true, subjectDescriptor: descriptorOf(u), department: null, jobTitle: null, mail: u.email,
    mailNickname: u.email.split('@')[0], signInAddress: u.email, surname: u.displayName.split(' ').slice(-1)[0], guest: false, isMru: false,
  };
}

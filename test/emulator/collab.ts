/**
 * What people do around code in the emulated service: teams (group identities), work items and pull requests
 * with their reviewers, iterations, threads, statuses and labels. Built from the seed; git work for pull
 * requests (merges, completion) lives in prgit.ts, the REST routes in prapi.ts.
 */
import type { Seed, SeedOrganization, SeedReviewer } from './seed';
import type { EmulatorState, Host, Project, Repo, User } from './state';
import { guidFrom, sameName } from './util';

export interface Team {
  kind: 'team';
  id: string;
  name: string;
  project: Project;
  /** User keys. */
  members: Set<string>;
}

/** Someone who can be a reviewer: a user or a team. */
export type Identity = { kind: 'user'; id: string; user: User } | Team;

export interface WorkItem {
  id: number;
  rev: number;
  title: string;
  type: string;
  state: string;
  project: Project;
  assignedTo?: User;
}

export interface Reviewer {
  identity: Identity;
  vote: number;
  isRequired: boolean;
  isFlagged: boolean;
  hasDeclined: boolean;
}

export interface Iteration {
  id: number;
  sourceCommit: string;
  targetCommit: string;
  commonCommit: string;
  author: User;
  createdDate: string;
  reason: 'create' | 'push';
}

export interface Comment {
  id: number;
  author: User;
  content: string;
  publishedDate: string;
  commentType: 'text' | 'system';
}

export interface Thread {
  id: number;
  status: string;
  publishedDate: string;
  lastUpdatedDate: string;
  comments: Comment[];
  filePath?: string;
  line?: number;
}

export interface PrStatus {
  id: number;
  state: string;
  description?: string;
  context: { name: string; genre?: string };
  targetUrl?: string;
  creationDate: string;
  createdBy: User;
}

export interface CompletionOptions {
  mergeStrategy?: 'noFastForward' | 'squash' | 'rebase' | 'rebaseMerge';
  deleteSourceBranch?: boolean;
  transitionWorkItems?: boolean;
  mergeCommitMessage?: string;
  bypassPolicy?: boolean;
  bypassReason?: string;
}

export type MergeStatus = 'notSet' | 'queued' | 'conflicts' | 'succeeded' | 'rejectedByPolicy' | 'failure';

export interface PullRequest {
  id: number;
  repo: Repo;
  /** The repository the source branch lives in (a fork of `repo`), or `repo`. */
  sourceRepo: Repo;
  title: string;
  description: string;
  sourceRefName: string;
  targetRefName: string;
  status: 'active' | 'abandoned' | 'completed';
  isDraft: boolean;
  createdBy: User;
  creationDate: string;
  closedDate?: string;
  closedBy?: User;
  mergeId: string;
  mergeStatus: MergeStatus;
  mergeFailureMessage?: string;
  conflicts: string[];
  lastMergeSourceCommit?: string;
  lastMergeTargetCommit?: string;
  lastMergeCommit?: string;
  reviewers: Reviewer[];
  iterations: Iteration[];
  threads: Thread[];
  statuses: PrStatus[];
  labels: { id: string; name: string; active: boolean }[];
  workItemIds: number[];
  completionOptions?: CompletionOptions;
  autoCompleteSetBy?: User;
  completionQueueTime?: string;
}

interface HostCollab {
  teams: Team[];
  workItems: WorkItem[];
  pullRequests: PullRequest[];
  nextPullRequestId: number;
  nextThreadId: number;
}

/** Teams, work items and pull requests of every organization and collection. */
export class Collaboration {
  private readonly hosts = new Map<Host, HostCollab>();

  constructor(private readonly state: EmulatorState, seed: Seed) {
    const seeded = [...seed.organizations.map((o) => ({ o, kind: 'cloud' as const })), ...(seed.server?.collections ?? []).map((o) => ({ o, kind: 'server' as const }))];
    for (const { o, kind } of seeded) {
      const host = state.findHost(kind, o.name);
      if (host) this.build(host, o);
    }
  }

  of(host: Host): HostCollab {
    let c = this.hosts.get(host);
    if (!c) {
      c = { teams: [], workItems: [], pullRequests: [], nextPullRequestId: 1, nextThreadId: 1 };
      this.hosts.set(host, c);
    }
    return c;
  }

  private build(host: Host, o: SeedOrganization): void {
    const c = this.of(host);
    for (const sp of o.projects) {
      const project = this.state.findProject(host, sp.name);
      if (!project) continue;
      for (const t of sp.teams ?? []) {
        c.teams.push({ kind: 'team', id: t.id ?? guidFrom(host.kind, host.name, sp.name, 'team', t.name), name: t.name, project, members: new Set(t.members) });
      }
      for (const w of sp.workItems ?? []) {
        c.workItems.push({
          id: w.id, rev: 1, title: w.title, type: w.type, state: w.state ?? 'New', project,
          assignedTo: w.assignedTo ? this.state.users.get(w.assignedTo) : undefined,
        });
      }
    }
    for (const sp of o.projects) {
      for (const sr of sp.repositories ?? []) {
        const repo = this.state.findProject(host, sp.name)?.repos.find((r) => sameName(r.name, sr.name));
        if (!repo) continue;
        for (const p of sr.pullRequests ?? []) {
          const creator = this.state.users.get(p.createdBy);
          if (!creator) throw new Error(`seed pull request "${p.title}": unknown user ${p.createdBy}`);
          const pr = this.create(repo, repo, creator, {
            title: p.title, description: p.description ?? '', sourceRefName: `refs/heads/${p.source}`, targetRefName: `refs/heads/${p.target}`,
            isDraft: p.isDraft ?? false, date: p.date,
          });
          pr.status = p.status ?? 'active';
          if (pr.status !== 'active') { pr.closedDate = pr.creationDate; pr.closedBy = creator; }
          for (const r of p.reviewers ?? []) {
            const identity = this.seedIdentity(host, repo.project, r);
            pr.reviewers.push({ identity, vote: r.vote ?? 0, isRequired: r.isRequired ?? false, isFlagged: false, hasDeclined: false });
          }
          pr.workItemIds = p.workItems ?? [];
          pr.labels = (p.labels ?? []).map((name) => ({ id: guidFrom('label', name), name, active: true }));
          for (const t of p.threads ?? []) {
            const author = this.state.users.get(t.author);
            if (!author) throw new Error(`seed pull request "${p.title}": unknown thread author ${t.author}`);
            const date = pr.creationDate;
            pr.threads.push({
              id: this.nextThreadId(host), status: t.status ?? 'active', publishedDate: date, lastUpdatedDate: date, filePath: t.filePath, line: t.line,
              comments: t.comments.map((content, i) => ({ id: i + 1, author, content, publishedDate: date, commentType: 'text' })),
            });
          }
        }
      }
    }
  }

  private seedIdentity(host: Host, project: Project, r: SeedReviewer): Identity {
    if (r.user) {
      const user = this.state.users.get(r.user);
      if (user) return { kind: 'user', id: user.id, user };
    }
    const team = this.of(host).teams.find((t) => t.project === project && sameName(t.name, r.team ?? ''));
    if (!team) throw new Error(`seed reviewer ${JSON.stringify(r)}: no such user or team`);
    return team;
  }

  create(repo: Repo, sourceRepo: Repo, creator: User, init: { title: string; description: string; sourceRefName: string; targetRefName: string; isDraft: boolean; date?: string }): PullRequest {
    const c = this.of(repo.project.host);
    const id = c.nextPullRequestId++;
    const pr: PullRequest = {
      id, repo, sourceRepo, title: init.title, description: init.description, sourceRefName: init.sourceRefName, targetRefName: init.targetRefName,
      status: 'active', isDraft: init.isDraft, createdBy: creator, creationDate: init.date ?? new Date().toISOString(),
      mergeId: guidFrom('merge', repo.id, String(id), String(Date.now())), mergeStatus: 'queued', conflicts: [],
      reviewers: [], iterations: [], threads: [], statuses: [], labels: [], workItemIds: [],
    };
    c.pullRequests.push(pr);
    return pr;
  }

  nextThreadId(host: Host): number {
    return this.of(host).nextThreadId++;
  }

  pullRequests(host: Host): PullRequest[] {
    return this.of(host).pullRequests;
  }

  teams(host: Host): Team[] {
    return this.of(host).teams;
  }

  workItems(host: Host): WorkItem[] {
    return this.of(host).workItems;
  }

  /** A user (member of the organization) or a team, by id. */
  findIdentity(host: Host, id: string): Identity | undefined {
    const lower = id.toLowerCase();
    const team = this.teams(host).find((t) => t.id.toLowerCase() === lower);
    if (team) return team;
    const user = [...this.state.users.values()].find((u) => u.id.toLowerCase() === lower);
    return user && this.state.isMember(host, user) ? { kind: 'user', id: user.id, user } : undefined;
  }

  /** Teams the user belongs to. */
  teamsOf(host: Host, user: User): Team[] {
    return this.teams(host).filter((t) => t.members.has(user.key));
  }
}

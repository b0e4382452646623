/** In-memory model of the emulated service, built from a {@link Seed}. Git content lives in GitStore. */
import { Collaboration } from './collab';
import type { SeedPolicies, Seed, SeedOrganization, SeedRepository, SeedToken } from './seed';
import { guidFrom, sameName, GUID_RE } from './util';

export type HostKind = 'cloud' | 'server';

export interface User {
  key: string;
  id: string;
  displayName: string;
  email: string;
}

export interface TokenRecord {
  name: string;
  secret: string;
  user: User;
  organizations: string[] | '*';
  scopes?: string[];
  expires?: Date;
  kind: 'pat' | 'entra';
  /** Entra tokens: the issuing tenant id. */
  tenant?: string;
}

/** An organization (cloud) or a project collection (server). */
export interface Host {
  kind: HostKind;
  name: string;
  id: string;
  members?: Set<string>;
  signInPage: boolean;
  /** Entra tenant id the organization is connected to. */
  tenant?: string;
  projects: Project[];
}

export interface Project {
  host: Host;
  id: string;
  name: string;
  description?: string;
  visibility: 'private' | 'public';
  revision: number;
  lastUpdateTime: string;
  repos: Repo[];
}

export interface PushRecord {
  pushId: number;
  date: string;
  user: User;
  refUpdates: { name: string; oldObjectId: string; newObjectId: string }[];
  commitIds: string[];
}

export interface Repo {
  project: Project;
  id: string;
  name: string;
  isDisabled: boolean;
  /** Full ref name (`refs/heads/main`); undefined while the repository has no branch. */
  defaultBranch?: string;
  parent?: Repo;
  /** Seed description, used to build the bare repository on first access. */
  seed?: SeedRepository;
  /** For forks created through the API: the only ref to copy (`sourceRef`). */
  sourceRef?: string;
  creator: User;
  size: number;
  nextPushId: number;
  pushes: PushRecord[];
  /** Keys of users who may read but not push (no Contribute permission), like members of Readers. */
  contributeDenied: Set<string>;
  /** Branch policies (pull requests). */
  policies?: SeedPolicies;
}

/** Rough size of a seeded repository before it is built (sum of file contents). */
function estimateSize(seed: SeedRepository): number {
  let size = 0;
  for (const commit of seed.commits ?? []) {
    for (const content of Object.values(commit.files)) size += content ? Buffer.byteLength(content) + 60 : 0;
    size += 200;
  }
  return size;
}

function seedDefaultBranch(seed: SeedRepository): string | undefined {
  const commits = seed.commits ?? [];
  if (commits.length === 0) return undefined;
  const branches = Object.keys(seed.branches ?? { main: '' });
  const name = seed.defaultBranch ?? (branches.includes('main') ? 'main' : branches[0]);
  return name ? `refs/heads/${name}` : undefined;
}

export class EmulatorState {
  readonly users = new Map<string, User>();
  readonly tokens: TokenRecord[] = [];
  readonly organizations: Host[] = [];
  readonly collections: Host[] = [];
  readonly defaultToken: string;
  /** Teams, work items and pull requests. */
  readonly collab: Collaboration;

  constructor(seed: Seed) {
    for (const [key, u] of Object.entries(seed.users)) {
      this.users.set(key, { key, id: u.id ?? guidFrom('user', key), displayName: u.displayName, email: u.email });
    }
    for (const [name, t] of Object.entries(seed.tokens)) this.addToken(name, t);
    const token = seed.tokens[seed.defaultToken];
    if (!token) throw new Error(`defaultToken ${seed.defaultToken} missing`);
    this.defaultToken = token.token;
    for (const o of seed.organizations) this.organizations.push(this.buildHost('cloud', o));
    for (const c of seed.server?.collections ?? []) this.collections.push(this.buildHost('server', c));
    for (const host of [...this.organizations, ...this.collections]) this.linkForks(host, seed);
    this.collab = new Collaboration(this, seed);
  }

  addToken(name: string, t: SeedToken): TokenRecord {
    const user = this.users.get(t.user);
    if (!user) throw new Error(`token ${name}: unknown user ${t.user}`);
    const record: TokenRecord = {
      name, secret: t.token, user, organizations: t.organizations, scopes: t.scopes,
      expires: t.expires ? new Date(t.expires) : undefined, kind: t.kind ?? 'pat', tenant: t.tenant,
    };
    this.tokens.push(record);
    return record;
  }

  revokeToken(nameOrSecret: string): boolean {
    const index = this.tokens.findIndex((t) => t.name === nameOrSecret || t.secret === nameOrSecret);
    if (index < 0) return false;
    this.tokens.splice(index, 1);
    return true;
  }

  findToken(secret: string): TokenRecord | undefined {
    return this.tokens.find((t) => t.secret === secret);
  }

  private firstUser(): User {
    const first = this.users.values().next();
    if (first.done) throw new Error('seed has no users');
    return first.value;
  }

  private buildHost(kind: HostKind, o: SeedOrganization): Host {
    const host: Host = {
      kind, name: o.name, id: o.id ?? guidFrom(kind, 'host', o.name),
      members: o.members ? new Set(o.members) : undefined, signInPage: o.signInPage ?? false, tenant: o.tenant, projects: [],
    };
    for (const p of o.projects) {
      const project: Project = {
        host, id: p.id ?? guidFrom(kind, o.name, 'project', p.name), name: p.name, description: p.description,
        visibility: p.visibility ?? 'private', revision: 10, lastUpdateTime: '2024-01-01T00:00:00.000Z', repos: [],
      };
      for (const r of p.repositories ?? []) {
        project.repos.push({
          project, id: r.id ?? guidFrom(kind, o.name, p.name, 'repo', r.name), name: r.name,
          isDisabled: r.isDisabled ?? false, defaultBranch: seedDefaultBranch(r), seed: r,
          creator: (r.creator ? this.users.get(r.creator) : undefined) ?? this.firstUser(),
          size: estimateSize(r), nextPushId: 1, pushes: [], contributeDenied: new Set(r.contributeDenied ?? []),
                    policies: r.policies,
        });
      }
      host.projects.push(project);
    }
    return host;
  }

  private linkForks(host: Host, _seed: Seed): void {
    for (const project of host.projects) {
      for (const repo of project.repos) {
        const forkOf = repo.seed?.forkOf;
        if (!forkOf) continue;
        const parentProject = forkOf.project ? this.findProject(host, forkOf.project) : project;
        const parent = parentProject?.repos.find((r) => sameName(r.name, forkOf.repository));
        if (!parent) throw new Error(`${host.name}/${project.name}/${repo.name}: fork parent not found`);
        repo.parent = parent;
        repo.defaultBranch = parent.seed ? seedDefaultBranch(parent.seed) : parent.defaultBranch;
        repo.size = parent.size;
      }
    }
  }

  findHost(kind: HostKind, name: string): Host | undefined {
    const list = kind === 'cloud' ? this.organizations : this.collections;
    return list.find((h) => sameName(h.name, name));
  }

  findProject(host: Host, idOrName: string): Project | undefined {
    return host.projects.find((p) => p.id.toLowerCase() === idOrName.toLowerCase() || sameName(p.name, idOrName));
  }

  allRepos(host: Host): Repo[] {
    const repos: Repo[] = [];
    for (const p of host.projects) for (const r of p.repos) repos.push(r);
    return repos;
  }

  /**
   * A repository by id or name. With a project, names resolve inside it; without one, an id resolves
   * across the organization and a name only when exactly one repository has it.
   */
  findRepo(host: Host, project: Project | undefined, idOrName: string): Repo | undefined {
    const pool = project ? project.repos : this.allRepos(host);
    if (GUID_RE.test(idOrName)) {
      const byId = pool.find((r) => r.id.toLowerCase() === idOrName.toLowerCase());
      if (byId) return byId;
    }
    const byName = pool.filter((r) => sameName(r.name, idOrName));
    return byName.length === 1 ? byName[0] : undefined;
  }

  createRepo(project: Project, name: string, creator: User, parent?: Repo, sourceRef?: string): Repo {
    const repo: Repo = {
      project, id: guidFrom(project.host.kind, project.host.name, project.name, 'repo', name, String(Date.now()), String(Math.random())),
      name, isDisabled: false, creator, size: parent ? parent.size : 0, nextPushId: 1, pushes: [],
      parent, sourceRef, contributeDenied: new Set(),
      defaultBranch: parent ? (sourceRef ?? parent.defaultBranch) : undefined,
    };
    project.repos.push(repo);
    return repo;
  }

  deleteRepo(repo: Repo): void {
    const list = repo.project.repos;
    list.splice(list.indexOf(repo), 1);
    for (const r of this.allRepos(repo.project.host)) if (r.parent === repo) r.parent = undefined;
  }

  /** Whether the user may push to the repository (the Git Contribute permission). */
  mayContribute(repo: Repo, user: User): boolean {
    return !repo.contributeDenied.has(user.key);
  }

  /** Whether the user may see the organization (membership). */
  isMember(host: Host, user: User): boolean {
    return !host.members || host.members.has(user.key);
  }

  /**
   * Cloud organizations the user is a member of (accounts API). With a tenant (an Entra token), only the
   * organizations connected to that tenant, as the service lists them for a directory.
   */
  memberOrganizations(user: User, tenant?: string): Host[] {
    return this.organizations.filter((h) => this.isMember(h, user) && (!tenant || !h.tenant || sameName(h.tenant, tenant)));
  }
}

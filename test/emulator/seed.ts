/**
 * Seed format of the Azure DevOps emulator: the users, tokens, organizations (cloud), collections
 * (Azure DevOps Server), projects and repositories it starts with. A seed is plain JSON; see
 * `seeds/demo.json` (playground) and `seeds/test.json` (integration tests) and README.md.
 *
 * Ids are optional everywhere: a missing id is derived deterministically from the names, so the same
 * seed always yields the same GUIDs (and, with the fixed commit dates, the same commit SHAs).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { guidFrom } from './util';

/** A person. The key in {@link Seed.users} is how tokens, commits and members refer to them. */
export interface SeedUser {
  displayName: string;
  /** Email, also the unique name (`properties.Account.$value` in connectionData). */
  email: string;
  /** GUID; derived from the key when absent. */
  id?: string;
}

/** A credential the emulator accepts. The key in {@link Seed.tokens} is a name for tests and docs. */
export interface SeedToken {
  /** The secret, sent as the Basic password (PAT) or as `Bearer` (kind `entra`). */
  token: string;
  /** Key into {@link Seed.users}: whom the token authenticates. */
  user: string;
  /**
   * Organizations and collections the token may be used for. `"*"` means not organization-scoped:
   * a global PAT ("All accessible organizations") or an Entra token; only such tokens may call the
   * profile and accounts APIs on vssps.
   */
  organizations: string[] | '*';
  /**
   * PAT scopes, e.g. `["vso.code_write", "vso.project"]`. Absent = full access. Git routes need a
   * `vso.code*` scope (writes need `vso.code_write`, `vso.code_manage` or `vso.code_full`).
   */
  scopes?: string[];
  /** ISO date; from that instant on the token is rejected with 401. */
  expires?: string;
  /** `pat` (default) or `entra` (a Microsoft Entra access token, accepted as Bearer and as Basic password). */
  kind?: 'pat' | 'entra';
  /**
   * Entra tokens: the directory (tenant id) that issued the token. Organizations connected to another tenant
   * refuse it (401, VS30063), and the accounts API lists only the organizations of this tenant. The consumer
   * tenant of personal Microsoft accounts ({@link MSA_TENANT}) is refused everywhere: Entra sign-in does not
   * serve personal accounts for Azure DevOps.
   */
  tenant?: string;
}

/** The tenant id Microsoft uses for personal Microsoft accounts (outlook.com, live.com, ...). */
export const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** One commit of a seeded repository. Its tree is the first parent's tree with `files` applied. */
export interface SeedCommit {
  /** Label other commits and branches use to refer to this commit (defaults to its index, "0", "1", ...). */
  label?: string;
  message: string;
  /** Key into {@link Seed.users}, or an explicit name and email. Defaults to the repository creator. */
  author?: string | { name: string; email: string };
  /** ISO date used as author and committer date (deterministic SHAs). */
  date: string;
  /** Labels of the parents. Default: the previous commit in the list (none for the first one). */
  parents?: string[];
  /** Path (no leading slash) -> new content (UTF-8 text), or `null` to delete the file. */
  files: Record<string, string | null>;
}

export interface SeedRepository {
  name: string;
  id?: string;
  commits?: SeedCommit[];
  /** Branch name (without `refs/heads/`) -> commit label. Default `{ main: <last commit> }`. */
  branches?: Record<string, string>;
  /** Lightweight tags: tag name -> commit label. */
  tags?: Record<string, string>;
  /** Default branch name (without `refs/heads/`); defaults to `main` if present, else the first branch. */
  defaultBranch?: string;
  isDisabled?: boolean;
  /** Makes this repository a fork of another repository of the same organization (its refs are copied). */
  forkOf?: { project?: string; repository: string };
  /** Key into {@link Seed.users}; creator of the refs. Defaults to the first user. */
  creator?: string;
  /**
   * Keys into {@link Seed.users} of people who may read but not push (no Git Contribute permission): pushes
   * are refused with TF401027 like the service does. The control API changes it at run time.
   */
  contributeDenied?: string[];
  /** Branch policies of the repository (pull requests into any branch). */
  policies?: SeedPolicies;
  /** Pull requests that exist from the start (their merges are computed on first access). */
  pullRequests?: SeedPullRequest[];
}

export interface SeedPolicies {
  /** "Minimum number of reviewers": approvals (vote >= 5) needed, the author's own vote not counted. */
  minimumApproverCount?: number;
}

/** A reviewer: a user key or a team name (of the same project), with a vote (10, 5, 0, -5, -10). */
export interface SeedReviewer {
  user?: string;
  team?: string;
  vote?: number;
  isRequired?: boolean;
}

export interface SeedPullRequest {
  title: string;
  description?: string;
  /** Branch names without refs/heads/. */
  source: string;
  target: string;
  /** User key. */
  createdBy: string;
  isDraft?: boolean;
  status?: 'active' | 'abandoned' | 'completed';
  reviewers?: SeedReviewer[];
  /** Work item ids linked to the pull request. */
  workItems?: number[];
  labels?: string[];
  date?: string;
  /** Comment threads that exist from the start (a file's threads name its path and line). */
  threads?: SeedThread[];
}

export interface SeedThread {
  /** User key. */
  author: string;
  comments: string[];
  status?: 'active' | 'fixed' | 'wontFix' | 'closed' | 'byDesign' | 'pending';
  filePath?: string;
  line?: number;
}

/** A team of a project: a group identity that can be a reviewer. */
export interface SeedTeam {
  name: string;
  id?: string;
  /** User keys. */
  members: string[];
}

/** A work item of a project (ids are unique in the organization). */
export interface SeedWorkItem {
  id: number;
  title: string;
  /** Bug, Task, User Story, ... */
  type: string;
  state?: string;
  /** User key. */
  assignedTo?: string;
}

export interface SeedProject {
  name: string;
  id?: string;
  description?: string;
  visibility?: 'private' | 'public';
  repositories?: SeedRepository[];
  teams?: SeedTeam[];
  workItems?: SeedWorkItem[];
}

/** An Azure DevOps Services organization or an Azure DevOps Server project collection. */
export interface SeedOrganization {
  name: string;
  id?: string;
  /** Keys of the users who are members (listed by the accounts API). Default: every user. */
  members?: string[];
  /** Answer unauthenticated requests with `203` and an HTML sign-in page instead of `401`. */
  signInPage?: boolean;
  /** Microsoft Entra tenant (id) the organization is connected to; Entra tokens of other tenants are refused. */
  tenant?: string;
  projects: SeedProject[];
}

export interface Seed {
  users: Record<string, SeedUser>;
  tokens: Record<string, SeedToken>;
  /** Name of the token reported as `pat` (should be valid for every organization and collection). */
  defaultToken: string;
  /** Names for tenant ids, for tests and docs (e.g. `{ "contoso": "2f4a…" }`); the emulator itself uses the ids. */
  tenants?: Record<string, string>;
  /** Azure DevOps Services organizations (served under `url`). */
  organizations: SeedOrganization[];
  /** Azure DevOps Server (served under `serverUrl`). */
  server?: { collections: SeedOrganization[] };
}

/** Loads a seed from a path (JSON) or returns a deep copy of an object, and checks it. */
export function loadSeed(seed: Seed | string | undefined): Seed {
  let value: unknown;
  if (seed === undefined) {
    value = JSON.parse(readFileSync(path.join(__dirname, 'seeds', 'demo.json'), 'utf8'));
  } else if (typeof seed === 'string') {
    value = JSON.parse(readFileSync(seed, 'utf8').replace(/^\uFEFF/, ''));
  } else {
    value = structuredClone(seed);
  }
  return checkSeed(value);
}

function fail(message: string): never {
  throw new Error(`Invalid emulator seed: ${message}`);
}

function checkSeed(value: unknown): Seed {
  if (typeof value !== 'object' || value === null) fail('not an object');
  const seed = value as Seed;
  if (typeof seed.users !== 'object' || typeof seed.tokens !== 'object') fail('users and tokens are required');
  if (!Array.isArray(seed.organizations)) fail('organizations must be an array');
  const hosts = [...seed.organizations, ...(seed.server?.collections ?? [])];
  for (const [name, token] of Object.entries(seed.tokens)) {
    if (!seed.users[token.user]) fail(`token ${name} names unknown user ${token.user}`);
    if (token.organizations !== '*' && !Array.isArray(token.organizations)) fail(`token ${name}: organizations`);
  }
  if (!seed.tokens[seed.defaultToken]) fail(`defaultToken ${seed.defaultToken} is not a token`);
  for (const host of hosts) {
    if (!host.name || !Array.isArray(host.projects)) fail(`organization ${host.name} needs a name and projects`);
    for (const project of host.projects) {
      for (const repo of project.repositories ?? []) {
        const labels = new Set((repo.commits ?? []).map((c, i) => c.label ?? String(i)));
        for (const target of [...Object.values(repo.branches ?? {}), ...Object.values(repo.tags ?? {})]) {
          if (!labels.has(target)) fail(`${host.name}/${project.name}/${repo.name}: unknown commit label ${target}`);
        }
      }
    }
  }
  return seed;
}

export interface GenerateSeedOptions {
  organizations: number;
  projectsPerOrg: number;
  reposPerProject: number;
  /**
   * A pull request in org-1/project-1/repo-1 (`feature/large` into `main`) that changes this many files, with
   * `threads` comment threads (half of them on files). None when 0 or absent.
   */
  largePullRequest?: { files: number; threads: number };
}

/** The large pull request of {@link generateSeed}'s options, for org-1/project-1/repo-1. */
function largePullRequest(files: number, threads: number): Pick<SeedRepository, 'commits' | 'branches' | 'pullRequests'> {
  const changed: Record<string, string> = {};
  for (let i = 1; i <= files; i++) changed[`src/module-${Math.ceil(i / 50)}/file-${i}.ts`] = `export const value${i} = ${i};\n`;
  return {
    commits: [{ label: 'large', message: `Change ${files} files`, date: '2024-01-02T00:00:00Z', parents: ['0'], files: changed }],
    branches: { 'feature/large': 'large' },
    pullRequests: [{
      title: `Change ${files} files`, description: `A pull request with ${files} changed files and ${threads} comment threads.`,
      source: 'feature/large', target: 'main', createdBy: 'bench', date: '2024-01-02T00:00:00Z',
      threads: Array.from({ length: threads }, (_, i): SeedThread => ({
        author: 'bench', comments: [`Comment ${i + 1}: please have a look.`, 'Done.'], status: i % 3 === 0 ? 'fixed' : 'active',
        ...(i % 2 === 0 ? { filePath: `/src/module-${Math.ceil((i + 1) / 50)}/file-${i + 1}.ts`, line: 1 } : {}),
      })),
    }],
  };
}

/**
 * A large synthetic seed for benchmarks: `org-1..N`, `project-1..M`, `repo-1..K`, each repository one
 * commit on `main`. Tokens: `pat` (every organization), one per organization named after it (`org-3` →
 * `bench-pat-org-3`, valid for that organization only, as tokens are since global PATs retire), `global` and
 * `entra` (not organization-scoped). Repositories are built lazily, so even 10,000 of them start instantly.
 */
export function generateSeed(options: GenerateSeedOptions): Seed {
  const organizations: SeedOrganization[] = [];
  for (let o = 1; o <= options.organizations; o++) {
    const projects: SeedProject[] = [];
    for (let p = 1; p <= options.projectsPerOrg; p++) {
      const repositories: SeedRepository[] = [];
      for (let r = 1; r <= options.reposPerProject; r++) {
        const large = o === 1 && p === 1 && r === 1 && options.largePullRequest?.files
          ? largePullRequest(options.largePullRequest.files, options.largePullRequest.threads) : undefined;
        repositories.push({
          name: `repo-${r}`,
          commits: [{
            message: 'Initial commit',
            date: '2024-01-01T00:00:00Z',
            files: { 'README.md': `# repo-${r}\n\nProject project-${p} of org-${o}.\n` },
          }, ...(large?.commits ?? [])],
          ...(large ? { branches: { main: '0', ...large.branches }, pullRequests: large.pullRequests } : {}),
        });
      }
      projects.push({ name: `project-${p}`, repositories });
    }
    organizations.push({ name: `org-${o}`, projects });
  }
  const names = organizations.map((o) => o.name);
  const perOrganization = Object.fromEntries(names.map((name): [string, SeedToken] =>
    [name, { token: `bench-pat-${name}`, user: 'bench', organizations: [name] }]));
  return {
    users: { bench: { displayName: 'Bench User', email: 'bench@example.com', id: guidFrom('user', 'bench') } },
    tokens: {
      ...perOrganization,
      pat: { token: 'bench-pat-all-organizations', user: 'bench', organizations: names },
      global: { token: 'bench-global-pat', user: 'bench', organizations: '*' },
      entra: { token: 'bench-entra-token', user: 'bench', organizations: '*', kind: 'entra' },
    },
    defaultToken: 'pat',
    organizations,
  };
}

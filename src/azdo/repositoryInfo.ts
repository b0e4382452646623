import type { GitRepository, GitRepositoryRef } from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { RepositoryInfo } from './types';

/**
 * Making RepositoryInfo from the service's repositories: one at a time, a whole list on the calling thread, or a
 * whole list packed on the reading thread (bodyWorker.ts) and unpacked on the extension host's. Pure: no I/O.
 */

/** `refs/heads/main` → `main` (10,000 of these per load: no regular expression). */
export function branchName(ref: string | undefined): string | undefined {
  return (ref?.startsWith('refs/heads/') ? ref.slice(11) : ref) || undefined;
}

type Same = <T extends string | undefined>(value: T) => T;

/** Equal strings as one instance. */
export function interner(): Same {
  const seen = new Map<string, string>();
  return <T extends string | undefined>(value: T): T => {
    if (value === undefined) return value;
    const known = seen.get(value);
    if (known !== undefined) return known as T;
    seen.set(value, value);
    return value;
  };
}

export function toRepositoryInfo(r: GitRepository | GitRepositoryRef, same: Same = (v) => v): RepositoryInfo {
  const parent = 'parentRepository' in r ? r.parentRepository : undefined;
  return {
    id: r.id!,
    name: r.name!,
    projectId: same(r.project!.id!),
    projectName: same(r.project!.name ?? ''),
    defaultBranch: same(branchName('defaultBranch' in r ? r.defaultBranch : undefined)),
    isDisabled: 'isDisabled' in r && r.isDisabled === true,
    isFork: r.isFork === true,
    parentName: parent ? [parent.project?.name, parent.name].filter(Boolean).join('/') : undefined,
    remoteUrl: r.remoteUrl,
    sshUrl: r.sshUrl,
    webUrl: 'webUrl' in r ? r.webUrl : undefined,
    size: 'size' in r && typeof r.size === 'number' ? r.size : undefined,
  };
}

/**
 * The repositories of a list answer (`{count, value}` or a bare array), those that name an id, a name and a
 * project; null when the answer is no list at all. The project and branch strings repeat across a list: kept once
 * each, the loaded lists weigh less (a tenth of them is its project's id and name).
 */
export function repositoriesOf(answer: unknown): RepositoryInfo[] | null {
  const list = listOf(answer);
  if (!list) return null;
  const same = interner();
  return list.filter(isNamed).map((r) => toRepositoryInfo(r, same));
}

function listOf(answer: unknown): GitRepository[] | null {
  if (Array.isArray(answer)) return answer as GitRepository[];
  const value = (answer as { value?: unknown } | null)?.value;
  return Array.isArray(value) ? value as GitRepository[] : null;
}

function isNamed(r: GitRepository | null): r is GitRepository {
  return typeof r === 'object' && r !== null && !!r.id && !!r.name && !!r.project?.id;
}

/**
 * A list's repositories as compact JSON for the trip between threads: the strings that repeat (projects, branches)
 * once in `shared`, each repository a row of fields by position. Parsing it takes a fraction of parsing the answer,
 * and a fraction of what the structured clone of the same objects costs the receiving thread.
 */
type Row = [id: string, name: string, projectId: number, projectName: number, branch: number, flags: number,
  parentName: string | null, remoteUrl: string | null, sshUrl: string | null, webUrl: string | null, size: number | null];
interface Packed { shared: string[]; rows: Row[] }

export function packRepositories(answer: unknown): string {
  const repositories = repositoriesOf(answer);
  if (!repositories) return 'null';
  const shared: string[] = [];
  const index = new Map<string, number>();
  const at = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let i = index.get(value);
    if (i === undefined) {
      i = shared.push(value) - 1;
      index.set(value, i);
    }
    return i;
  };
  const rows = repositories.map((r): Row => [
    r.id, r.name, at(r.projectId), at(r.projectName), at(r.defaultBranch), (r.isDisabled ? 1 : 0) | (r.isFork ? 2 : 0),
    r.parentName ?? null, r.remoteUrl ?? null, r.sshUrl ?? null, r.webUrl ?? null, r.size ?? null,
  ]);
  return JSON.stringify({ shared, rows } satisfies Packed);
}

/** What packRepositories packed, as repositoriesOf would have made it. Throws on text that is not such a packing. */
export function unpackRepositories(text: string): RepositoryInfo[] | null {
  const packed = JSON.parse(text) as Packed | null;
  if (packed === null) return null;
  const { shared, rows } = packed;
  if (!Array.isArray(shared) || !Array.isArray(rows)) throw new SyntaxError('not a packed list of repositories');
  const out = new Array<RepositoryInfo>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [id, name, projectId, projectName, branch, flags, parentName, remoteUrl, sshUrl, webUrl, size] = rows[i];
    out[i] = {
      id,
      name,
      projectId: shared[projectId],
      projectName: shared[projectName],
      defaultBranch: branch < 0 ? undefined : shared[branch],
      isDisabled: (flags & 1) !== 0,
      isFork: (flags & 2) !== 0,
      parentName: parentName ?? undefined,
      remoteUrl: remoteUrl ?? undefined,
      sshUrl: sshUrl ?? undefined,
      webUrl: webUrl ?? undefined,
      size: size ?? undefined,
    };
  }
  return out;
}

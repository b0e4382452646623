// RepositoryInfo from the service's repositories, one or a whole list. Pure: no I/O.
import type { GitRepository, GitRepositoryRef } from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { RepositoryInfo } from './types';

/** `refs/heads/main` → `main` (10,000 of these per load: no regular expression). */
function branchName(ref: string | undefined): string | undefined {
  return (ref?.startsWith('refs/heads/') ? ref.slice(11) : ref) || undefined;
}

type Same = <T extends string | undefined>(value: T) => T;

/** Equal strings as one instance. */
function interner(): Same {
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
 * The repositories of a list (getCollection has taken it out of its `{count, value}` already), those that name an
 * id, a name and a project; null when the answer is no list at all. The project and branch strings repeat across a
 * list: kept once each, the loaded lists weigh less (a tenth of them is its project's id and name).
 */
export function repositoriesOf(list: unknown): RepositoryInfo[] | null {
  if (!Array.isArray(list)) return null;
  const same = interner();
  return (list as (GitRepository | null)[]).filter(isNamed).map((r) => toRepositoryInfo(r, same));
}

function isNamed(r: GitRepository | null): r is GitRepository {
  return typeof r === 'object' && r !== null && !!r.id && !!r.name && !!r.project?.id;
}

import type { GitRepository } from 'azure-devops-node-api/interfaces/GitInterfaces';

/**
 * Repository lists as the service answers them (`{count, value}`), for the tests of reading them: every kind of
 * repository (default branch or none, disabled, fork with its parent, missing URLs and size) and items the
 * extension skips (no id, no name, no project, null).
 */
export function repositoryList(count: number): { count: number; value: unknown[] } {
  const value: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const project = { id: `p-${i % 3}`, name: `Project ${i % 3}`, url: `https://dev.azure.com/org/_apis/projects/p-${i % 3}`, state: 'wellFormed', revision: 10, visibility: 'private' };
    // As on the wire: enums as their names (node-api's types say numbers).
    const repo = {
      id: `r-${i}`,
      name: `repo-${i}`,
      url: `https://dev.azure.com/org/p-${i % 3}/_apis/git/repositories/r-${i}`,
      project: project as unknown as GitRepository['project'],
      defaultBranch: i % 4 === 0 ? undefined : i % 4 === 1 ? 'refs/heads/main' : `refs/heads/release/${i}`,
      size: i % 5 === 0 ? undefined : i * 100,
      remoteUrl: i % 7 === 0 ? undefined : `https://org@dev.azure.com/org/Project%20${i % 3}/_git/repo-${i}`,
      sshUrl: `git@ssh.dev.azure.com:v3/org/Project%20${i % 3}/repo-${i}`,
      webUrl: `https://dev.azure.com/org/Project%20${i % 3}/_git/repo-${i}`,
      isDisabled: i % 6 === 0,
      isInMaintenance: false,
    } as GitRepository & { isDisabled?: boolean; isInMaintenance?: boolean };
    if (i % 9 === 0) {
      repo.isFork = true;
      repo.parentRepository = { id: `r-${i + 1}`, name: `upstream-${i}`, project: { id: 'p-0', name: 'Project 0' } } as GitRepository['parentRepository'];
    }
    value.push(repo);
  }
  value.push({ id: 'no-name', project: { id: 'p-0' } }, { name: 'no-id', project: { id: 'p-0' } }, { id: 'x', name: 'no-project' }, null);
  return { count: value.length, value };
}

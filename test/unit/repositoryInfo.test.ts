import * as assert from 'node:assert/strict';
import { repositoriesOf, toRepositoryInfo } from '../../src/azdo/repositoryInfo';
import { repositoryList } from '../support/repositoryLists';

describe('repositoryInfo (RepositoryInfo from the service\'s repositories)', () => {
  it('reads every field of a list and skips items that name no id, name or project', () => {
    const list = repositoryList(20).value;
    const repositories = repositoriesOf(list);
    assert.ok(repositories);
    assert.equal(repositories.length, 20, 'the 4 unusable items are skipped');
    assert.deepEqual(repositories[0], {
      id: 'r-0', name: 'repo-0', projectId: 'p-0', projectName: 'Project 0', defaultBranch: undefined, isDisabled: true,
      isFork: true, parentName: 'Project 0/upstream-0', remoteUrl: undefined, sshUrl: 'git@ssh.dev.azure.com:v3/org/Project%200/repo-0',
      webUrl: 'https://dev.azure.com/org/Project%200/_git/repo-0', size: undefined,
    });
    assert.equal(repositories[1].defaultBranch, 'main');
    assert.equal(repositories[2].defaultBranch, 'release/2', 'only refs/heads/ comes off');
    assert.equal(repositories[2].size, 200);
    assert.equal(repositories[1].isFork, false);
    assert.deepEqual(repositories.map((r) => r.id), Array.from({ length: 20 }, (_, i) => `r-${i}`), 'in the service\'s order; only the unusable items are gone');
  });

  it('says null for an answer that holds no list', () => {
    for (const answer of [null, {}, { value: [] }, 'text', 42]) assert.equal(repositoriesOf(answer), null, JSON.stringify(answer));
    assert.deepEqual(repositoriesOf([]), []);
  });

  it('keeps a size only when it is a number', () => {
    const repo = { id: 'a', name: 'b', project: { id: 'p', name: 'P' }, size: '12' } as never;
    assert.equal(toRepositoryInfo(repo).size, undefined);
  });
});

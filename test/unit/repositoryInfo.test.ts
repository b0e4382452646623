import * as assert from 'node:assert/strict';
import { packRepositories, repositoriesOf, toRepositoryInfo, unpackRepositories } from '../../src/azdo/repositoryInfo';
import { repositoryList } from '../support/repositoryLists';

describe('repositoryInfo (RepositoryInfo from the service\'s repositories)', () => {
  it('reads every field of a list and skips items that name no id, name or project', () => {
    const list = repositoryList(20);
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
    assert.deepEqual(repositoriesOf(list.value), repositories, 'a bare array reads the same');
  });

  it('says null for an answer that holds no list', () => {
    for (const answer of [null, {}, { value: 'x' }, 'text', 42]) assert.equal(repositoriesOf(answer), null, JSON.stringify(answer));
    assert.deepEqual(repositoriesOf({ count: 0, value: [] }), []);
  });

  it('unpacks to exactly what reading the list here makes, field for field', () => {
    for (const count of [0, 1, 37, 250]) {
      const list = repositoryList(count);
      assert.deepStrictEqual(unpackRepositories(packRepositories(list)), repositoriesOf(list), `${count} repositories`);
    }
    assert.equal(unpackRepositories(packRepositories({ message: 'not a list' })), null);
  });

  it('packs repeated project and branch strings once, smaller than the answer', () => {
    const list = repositoryList(300);
    const packed = packRepositories(list);
    assert.equal(packed.split('"Project 1"').length - 1, 1, 'one project name appears once');
    assert.ok(packed.length < JSON.stringify(list).length / 2, `${packed.length} vs ${JSON.stringify(list).length}`);
  });

  it('rejects text that is no packing', () => {
    assert.throws(() => unpackRepositories('{"rows": 3}'), SyntaxError);
    assert.throws(() => unpackRepositories('not json'), SyntaxError);
  });

  it('keeps a size only when it is a number', () => {
    const repo = { id: 'a', name: 'b', project: { id: 'p', name: 'P' }, size: '12' } as never;
    assert.equal(toRepositoryInfo(repo).size, undefined);
  });
});

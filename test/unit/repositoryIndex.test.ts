import * as assert from 'node:assert/strict';
import type { AccountRecord } from '../../src/auth/accountStore';
import type { RepositoryInfo } from '../../src/azdo/types';
import { cloneUrlFor, filterRepositories, type ListedRepository } from '../../src/git/repositoryIndex';

function listed(org: string, project: string, name: string, extra: Partial<RepositoryInfo> = {}): ListedRepository {
  const account = { key: `https://dev.azure.com/${org}`, name: org } as AccountRecord;
  return {
    account,
    repository: {
      id: `${org}-${project}-${name}`, name, projectId: project, projectName: project, isDisabled: false, isFork: false,
      remoteUrl: `https://${org}@dev.azure.com/${org}/${encodeURIComponent(project)}/_git/${encodeURIComponent(name)}`, ...extra,
    },
  };
}

describe('repository index for the clone pickers', () => {
  const list = [listed('alpha', 'Web', 'web-app'), listed('alpha', 'Tools', 'scripts'), listed('beta', 'Mobile', 'ios'), listed('beta', 'Web Site', 'site')];
  const names = (items: ListedRepository[]) => items.map((i) => `${i.account.name}/${i.repository.name}`);

  it('keeps everything for an empty query and filters by every word, across organization, project and name', () => {
    assert.deepEqual(names(filterRepositories(list, undefined)), names(list));
    assert.deepEqual(names(filterRepositories(list, '   ')), names(list));
    assert.deepEqual(names(filterRepositories(list, 'web')), ['alpha/web-app', 'beta/site']);
    assert.deepEqual(names(filterRepositories(list, 'beta web')), ['beta/site']);
    assert.deepEqual(names(filterRepositories(list, 'ALPHA/tools')), ['alpha/scripts']);
    assert.deepEqual(names(filterRepositories(list, 'nothing')), []);
  });

  it('clone URLs: HTTPS without the {org}@ user name, SSH as reported or computed', () => {
    const web = listed('alpha', 'Web Site', 'my repo').repository;
    assert.equal(cloneUrlFor(web, 'https'), 'https://dev.azure.com/alpha/Web%20Site/_git/my%20repo');
    assert.equal(cloneUrlFor(web, 'ssh'), 'git@ssh.dev.azure.com:v3/alpha/Web%20Site/my%20repo');
    assert.equal(cloneUrlFor({ ...web, sshUrl: 'git@ssh.dev.azure.com:v3/alpha/x/y' }, 'ssh'), 'git@ssh.dev.azure.com:v3/alpha/x/y');
    assert.equal(cloneUrlFor({ ...web, remoteUrl: 'http://127.0.0.1:5000/alpha/Web/_git/web-app' }, 'ssh', 'http://127.0.0.1:5000'), 'git@ssh.dev.azure.com:v3/alpha/Web/web-app');
    assert.equal(cloneUrlFor({ ...web, remoteUrl: undefined }, 'https'), undefined);
  });
});

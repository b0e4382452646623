import * as assert from 'node:assert/strict';
import { prefill, templateCandidates, titleFromBranch } from '../../src/pullRequests/prefill';

describe('pull request prefill', () => {
  it('makes a title of a branch name', () => {
    assert.equal(titleFromBranch('feature/add-login_page'), 'Add login page');
    assert.equal(titleFromBranch('refs/heads/users/alice/fix--crash'), 'Fix crash');
    assert.equal(titleFromBranch('main'), 'Main');
  });

  it('takes one commit\'s subject and body', () => {
    assert.deepEqual(prefill('feature/x', [{ message: 'Fix the login page\n\nThe button did nothing.\nNow it signs in.' }]),
      { title: 'Fix the login page', description: 'The button did nothing.\nNow it signs in.' });
  });

  it('lists several commits (oldest first) under the branch title', () => {
    assert.deepEqual(prefill('feature/search-orders', [{ message: 'Test search\n\nbody' }, { message: 'Add search' }]),
      { title: 'Search orders', description: '- Add search\n- Test search' });
  });

  it('uses the template as the description when there is one', () => {
    assert.deepEqual(prefill('feature/x', [{ message: 'One commit\n\nbody' }], '## What\r\n\r\n## Why\r\n'),
      { title: 'One commit', description: '## What\n\n## Why\n' });
    assert.equal(prefill('b', [], '   ').description, '');
  });

  it('looks for templates where Azure DevOps does: the target branch first, then the default', () => {
    const c = templateCandidates('release/1.0');
    assert.equal(c[0], '/.azuredevops/pull_request_template/branches/release/1.0.md');
    assert.ok(c.indexOf('/pull_request_template/branches/release/1.0.md') < c.indexOf('/.azuredevops/pull_request_template.md'));
    assert.deepEqual(c.slice(-8, -4), ['/.azuredevops/pull_request_template.md', '/.vsts/pull_request_template.md', '/docs/pull_request_template.md', '/pull_request_template.md']);
    assert.equal(c.length, 16);
  });
});

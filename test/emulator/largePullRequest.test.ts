import * as assert from 'node:assert/strict';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { generateSeed, startEmulator, type RunningEmulator } from './index';
import { pat } from './testkit';

describe('emulator: the bench\'s large pull request (1,000 changed files, 200 threads), paged like the service', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let git: GitApi;

  before(async () => {
    emu = await startEmulator({ seed: generateSeed({ organizations: 1, projectsPerOrg: 1, reposPerProject: 2, largePullRequest: { files: 1000, threads: 200 } }) });
    git = new GitApi(`${emu.url}/org-1`, pat(emu.tokens['org-1']));
  });
  after(async () => emu.close());

  it('lists the pull request with its 200 threads, half of them on files', async () => {
    const [pr] = await git.getPullRequests('repo-1', {}, 'project-1');
    assert.equal(pr.title, 'Change 1000 files');
    const threads = await git.getThreads('repo-1', pr.pullRequestId!, 'project-1');
    assert.equal(threads.length, 200);
    assert.equal(threads.filter((t) => t.threadContext?.filePath).length, 100);
    assert.equal(threads[0].comments?.length, 2);
    assert.deepEqual(await git.getPullRequests('repo-2', {}, 'project-1'), []);
  });

  it('pages the iteration changes: 100 by default, at most 2000 with $top, the rest with $skip', async () => {
    const [pr] = await git.getPullRequests('repo-1', {}, 'project-1');
    const [iteration] = await git.getPullRequestIterations('repo-1', pr.pullRequestId!, 'project-1');
    const first = await git.getPullRequestIterationChanges('repo-1', pr.pullRequestId!, iteration.id!, 'project-1');
    assert.equal(first.changeEntries?.length, 100);
    assert.equal(first.nextSkip, 100);
    const all = await git.getPullRequestIterationChanges('repo-1', pr.pullRequestId!, iteration.id!, 'project-1', 5000);
    assert.equal(all.changeEntries?.length, 1000, 'a $top above 2000 is capped at 2000; 1000 fit');
    assert.equal(all.nextSkip, undefined);
    const paths = new Set(all.changeEntries?.map((c) => c.item?.path));
    assert.equal(paths.size, 1000);
    const rest = await git.getPullRequestIterationChanges('repo-1', pr.pullRequestId!, iteration.id!, 'project-1', 300, 900);
    assert.equal(rest.changeEntries?.length, 100);
    assert.equal(rest.nextSkip, undefined);
  });
});

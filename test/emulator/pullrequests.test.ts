import * as assert from 'node:assert/strict';
import { GitPullRequestMergeStrategy, PullRequestAsyncStatus, PullRequestStatus, type GitPullRequest } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { PolicyEvaluationStatus } from 'azure-devops-node-api/interfaces/PolicyInterfaces';
import childProcess from 'node:child_process';
import * as path from 'node:path';
import * as sinon from 'sinon';
import { startEmulator, type RunningEmulator } from './index';
import { loadSeed } from './seed';
import { apis, commitOn, commitTo, createPr, headOf, type Apis } from './prkit';
import { raw, rejection, startTestEmulator, T } from './testkit';

const ALICE = (emu: RunningEmulator) => apis(emu, emu.pat);
const BOB = (emu: RunningEmulator) => apis(emu, T.bobGlobal);

describe('emulator: pull requests through azure-devops-node-api', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let alice: Apis;
  let bob: Apis;
  let ids: { alice: string; bob: string; carol: string; webTeam: string };

  before(async () => {
    emu = await startTestEmulator();
  });
  after(async () => emu.close());
  beforeEach(async () => {
    await emu.control.reset();
    alice = ALICE(emu);
    bob = BOB(emu);
    const idOf = async (query: string): Promise<string> => {
      const res = await raw(`${emu.url}/alpha/_apis/IdentityPicker/Identities`, { method: 'POST', token: emu.pat, body: { query, identityTypes: ['user', 'group'] } });
      const found = (res.body as { results: { identities: { localId: string }[] }[] }).results[0].identities;
      assert.equal(found.length, 1, `one identity matches ${query}`);
      return found[0].localId;
    };
    ids = { alice: await idOf('alice'), bob: await idOf('bob'), carol: await idOf('carol'), webTeam: await idOf('web team') };
  });

  async function topic(name = 'topic', files: Record<string, string> = { 'src/topic.ts': 'export const topic = 1;\n' }): Promise<string> {
    const main = await headOf(alice.git, 'web-app', 'main');
    return commitTo(alice.git, 'web-app', name, main, files, `Add ${name}`);
  }

  it('creates a pull request with reviewers, work items and labels; gets it by repository and by project', async () => {
    const source = await topic();
    const pr = await createPr(alice.git, {
      sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'Add topic', description: 'Adds **topic**.',
      reviewers: [{ id: ids.bob, isRequired: true } as never, { id: ids.webTeam } as never], workItemRefs: [{ id: '101' }], labels: [{ name: 'feature' }], isDraft: true,
    });
    assert.equal(pr.pullRequestId, 1);
    assert.equal(pr.status, PullRequestStatus.Active);
    assert.equal(pr.isDraft, true);
    assert.equal(pr.mergeStatus, PullRequestAsyncStatus.Succeeded);
    assert.equal(pr.lastMergeSourceCommit?.commitId, source);
    assert.deepEqual(pr.reviewers?.map((r) => [r.displayName, r.isRequired === true, r.vote, r.isContainer === true]), [
      ['Bob Builder', true, 0, false], ['[Web]\\Web Team', false, 0, true]]);
    assert.equal(pr.createdBy?.displayName, 'Alice Example');
    assert.deepEqual(pr.labels?.map((l) => l.name), ['feature']);
    const byRepo = await alice.git.getPullRequest('web-app', 1, 'Web', undefined, undefined, undefined, true, true);
    assert.equal(byRepo.title, 'Add topic');
    assert.deepEqual(byRepo.workItemRefs?.map((w) => w.id), ['101']);
    assert.deepEqual(byRepo.commits?.map((c) => c.commitId), [source]);
    assert.equal((await alice.git.getPullRequestById(1, 'Web')).pullRequestId, 1);
    assert.deepEqual((await alice.git.getPullRequestWorkItemRefs('web-app', 1, 'Web')).map((w) => w.id), ['101']);
    assert.equal(await alice.git.getPullRequestById(99, 'Web'), null);
  });

  it('computes the merge into refs/pull/{id}/merge with real git (two parents: target and source)', async () => {
    const source = await topic();
    const main = await headOf(alice.git, 'web-app', 'main');
    const pr = await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T' });
    const refs = await alice.git.getRefs('web-app', 'Web', 'pull/');
    const merge = refs.find((r) => r.name === `refs/pull/${pr.pullRequestId}/merge`);
    assert.equal(merge?.objectId, pr.lastMergeCommit?.commitId);
    const commit = await alice.git.getCommit(merge?.objectId ?? '', 'web-app', 'Web');
    assert.deepEqual(commit.parents, [main, source]);
  });

  it('refuses duplicates, missing branches, the same branch, unknown reviewers and work items with the service\'s errors', async () => {
    await topic();
    await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T' });
    const dup = await rejection(createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T2' }));
    assert.equal(dup.statusCode, 409);
    assert.match(dup.message, /TF401179/);
    const missing = await rejection(createPr(alice.git, { sourceRefName: 'refs/heads/nope', targetRefName: 'refs/heads/main', title: 'T' }));
    assert.equal(missing.statusCode, 400);
    assert.match(missing.message, /TF401398/);
    const same = await rejection(createPr(alice.git, { sourceRefName: 'refs/heads/main', targetRefName: 'refs/heads/main', title: 'T' }));
    assert.equal(same.statusCode, 400);
    const noTitle = await rejection(createPr(alice.git, { sourceRefName: 'refs/heads/feature/flags', targetRefName: 'refs/heads/main', title: ' ' }));
    assert.equal(noTitle.statusCode, 400);
    const workItem = await rejection(createPr(alice.git, { sourceRefName: 'refs/heads/feature/flags', targetRefName: 'refs/heads/main', title: 'T', workItemRefs: [{ id: '999' }] }));
    assert.match(workItem.message, /TF401232: Work item 999 does not exist/);
    const reviewer = await rejection(createPr(alice.git, { sourceRefName: 'refs/heads/feature/flags', targetRefName: 'refs/heads/main', title: 'T', reviewers: [{ id: '11111111-1111-1111-1111-111111111111' } as never] }));
    assert.equal(reviewer.statusCode, 400);
  });

  it('lists with searchCriteria (status, creator, reviewer, branches, repository) and $top/$skip, newest first', async () => {
    await topic('one');
    await topic('two');
    await createPr(alice.git, { sourceRefName: 'refs/heads/one', targetRefName: 'refs/heads/main', title: 'One', reviewers: [{ id: ids.webTeam } as never] });
    await createPr(bob.git, { sourceRefName: 'refs/heads/two', targetRefName: 'refs/heads/main', title: 'Two', reviewers: [{ id: ids.alice } as never] });
    await createPr(bob.git, { sourceRefName: 'refs/heads/feature/flags', targetRefName: 'refs/heads/release/1.0', title: 'Three' });
    await alice.git.updatePullRequest({ status: PullRequestStatus.Abandoned }, 'web-app', 3, 'Web');
    const titles = (list: GitPullRequest[]) => list.map((p) => p.title);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', {}, 'Web')), ['Two', 'One']);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', { status: PullRequestStatus.All }, 'Web')), ['Three', 'Two', 'One']);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', { status: PullRequestStatus.Abandoned }, 'Web')), ['Three']);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', { creatorId: ids.alice }, 'Web')), ['One']);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', { reviewerId: ids.alice }, 'Web')), ['Two']);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', { reviewerId: ids.webTeam }, 'Web')), ['One']);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', { sourceRefName: 'refs/heads/two', targetRefName: 'refs/heads/main' }, 'Web')), ['Two']);
    assert.deepEqual(titles(await alice.git.getPullRequests('web-app', {}, 'Web', undefined, 1, 1)), ['One']);
    const repoId = (await alice.git.getRepository('web-app', 'Web')).id ?? '';
    assert.deepEqual(titles(await alice.git.getPullRequestsByProject('Web', { repositoryId: repoId, status: PullRequestStatus.All })), ['Three', 'Two', 'One']);
    assert.deepEqual(await alice.git.getPullRequests('scripts', {}, 'Tools'), []);
  });

  it('votes only for yourself, adds and removes reviewers, and evaluates the required-reviewer policy from votes', async () => {
    await topic();
    await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T', reviewers: [{ id: ids.bob, isRequired: true } as never] });
    const artifact = (pr: GitPullRequest) => `vstfs:///CodeReview/CodeReviewId/${pr.repository?.project?.id ?? ''}/${pr.pullRequestId ?? 0}`;
    const pr = await alice.git.getPullRequest('web-app', 1, 'Web');
    const evaluations = async () => (await alice.policy.getPolicyEvaluations('Web', artifact(pr))).map((e) => [e.configuration?.type?.displayName, e.status]);
    assert.deepEqual(await evaluations(), [['Required reviewers', PolicyEvaluationStatus.Rejected]]);
    const forOther = await rejection(alice.git.createPullRequestReviewer({ vote: 10 }, 'web-app', 1, ids.bob, 'Web'));
    assert.equal(forOther.statusCode, 400);
    assert.match(forOther.message, /only set their own vote/);
    const added = await alice.git.createPullRequestReviewer({ vote: 0 }, 'web-app', 1, ids.carol, 'Web');
    assert.equal(added.displayName, 'Carol Contoso');
    const own = await bob.git.createPullRequestReviewer({ vote: 5 }, 'web-app', 1, ids.bob, 'Web');
    assert.equal(own.vote, 5);
    assert.equal(own.isRequired, true);
    assert.deepEqual(await evaluations(), [['Required reviewers', PolicyEvaluationStatus.Approved]]);
    await alice.git.deletePullRequestReviewer('web-app', 1, ids.carol, 'Web');
    assert.deepEqual((await alice.git.getPullRequestReviewers('web-app', 1, 'Web')).map((r) => [r.displayName, r.vote]), [['Bob Builder', 5]]);
  });

  async function completeWith(strategy: GitPullRequestMergeStrategy): Promise<{ pr: GitPullRequest; main: string; source: string; before: string }> {
    const before = await headOf(alice.git, 'web-app', 'main');
    await topic('topic', { 'src/a.ts': 'a\n' });
    const source = await commitOn(alice.git, 'web-app', 'topic', { 'src/b.ts': 'b\n' }, 'Add b', true);
    await commitOn(alice.git, 'web-app', 'main', { 'README.md': '# web-app\n\nMoved on.\n' }, 'Main moves on');
    const created = await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'Two files', workItemRefs: [{ id: '102' }] });
    const pr = await alice.git.updatePullRequest({
      status: PullRequestStatus.Completed, lastMergeSourceCommit: created.lastMergeSourceCommit,
      completionOptions: { mergeStrategy: strategy, deleteSourceBranch: true, transitionWorkItems: true },
    }, 'web-app', created.pullRequestId ?? 0, 'Web');
    return { pr, main: await headOf(alice.git, 'web-app', 'main'), source, before };
  }

  it('completes with a no-fast-forward merge: a merge commit on main, source deleted, work items closed', async () => {
    const { pr, main, source } = await completeWith(GitPullRequestMergeStrategy.NoFastForward);
    assert.equal(pr.status, PullRequestStatus.Completed);
    assert.equal(pr.closedBy?.displayName, 'Alice Example');
    assert.equal(pr.lastMergeCommit?.commitId, main);
    const commit = await alice.git.getCommit(main, 'web-app', 'Web');
    assert.equal(commit.parents?.[1], source);
    assert.equal(commit.comment, 'Merged PR 1: Two files');
    assert.deepEqual(await alice.git.getRefs('web-app', 'Web', 'heads/topic'), []);
    const [item] = await alice.wit.getWorkItems([102]);
    assert.equal(item.fields?.['System.State'], 'Closed');
  });

  it('completes with squash (one parent), rebase (linear, authors kept) and rebase + merge (semi-linear)', async () => {
    const squash = await completeWith(GitPullRequestMergeStrategy.Squash);
    const squashed = await alice.git.getCommit(squash.main, 'web-app', 'Web');
    assert.equal(squashed.parents?.length, 1);
    await emu.control.reset();
    const rebase = await completeWith(GitPullRequestMergeStrategy.Rebase);
    const tip = await alice.git.getCommit(rebase.main, 'web-app', 'Web');
    assert.equal(tip.comment, 'Add b');
    assert.equal(tip.parents?.length, 1);
    const below = await alice.git.getCommit(tip.parents?.[0] ?? '', 'web-app', 'Web');
    assert.equal(below.comment, 'Add topic');
    assert.equal((await alice.git.getCommit(below.parents?.[0] ?? '', 'web-app', 'Web')).comment, 'Main moves on');
    await emu.control.reset();
    const semi = await completeWith(GitPullRequestMergeStrategy.RebaseMerge);
    const merge = await alice.git.getCommit(semi.main, 'web-app', 'Web');
    assert.equal(merge.parents?.length, 2);
    assert.notEqual(merge.parents?.[1], semi.source, 'the second parent is the rebased source, not the original');
    assert.equal((await alice.git.getCommit(merge.parents?.[1] ?? '', 'web-app', 'Web')).comment, 'Add b');
  });

  it('reports conflicts as mergeStatus conflicts and refuses to complete them', async () => {
    const main = await headOf(alice.git, 'web-app', 'main');
    await commitTo(alice.git, 'web-app', 'clash', main, { 'README.md': 'their readme\n' }, 'Theirs', { edit: true });
    await commitOn(alice.git, 'web-app', 'main', { 'README.md': 'our readme\n' }, 'Ours');
    const pr = await createPr(alice.git, { sourceRefName: 'refs/heads/clash', targetRefName: 'refs/heads/main', title: 'Clash' });
    assert.equal(pr.mergeStatus, PullRequestAsyncStatus.Conflicts);
    const refused = await rejection(alice.git.updatePullRequest({ status: PullRequestStatus.Completed, lastMergeSourceCommit: pr.lastMergeSourceCommit }, 'web-app', 1, 'Web'));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.message, /merge conflicts \(README\.md\)/);
  });

  it('blocks completion on policies and drafts; auto-complete completes once the required reviewer approves', async () => {
    await topic();
    const pr = await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T', isDraft: true, reviewers: [{ id: ids.bob, isRequired: true } as never] });
    const draft = await rejection(alice.git.updatePullRequest({ status: PullRequestStatus.Completed, lastMergeSourceCommit: pr.lastMergeSourceCommit }, 'web-app', 1, 'Web'));
    assert.match(draft.message, /draft/);
    await alice.git.updatePullRequest({ isDraft: false }, 'web-app', 1, 'Web');
    const blocked = await rejection(alice.git.updatePullRequest({ status: PullRequestStatus.Completed, lastMergeSourceCommit: pr.lastMergeSourceCommit }, 'web-app', 1, 'Web'));
    assert.match(blocked.message, /Required reviewers/);
    const auto = await alice.git.updatePullRequest({ autoCompleteSetBy: { id: ids.alice }, completionOptions: { mergeStrategy: GitPullRequestMergeStrategy.Squash } }, 'web-app', 1, 'Web');
    assert.equal(auto.autoCompleteSetBy?.id, ids.alice);
    assert.equal(auto.status, PullRequestStatus.Active);
    await bob.git.createPullRequestReviewer({ vote: 10 }, 'web-app', 1, ids.bob, 'Web');
    const done = await alice.git.getPullRequest('web-app', 1, 'Web');
    assert.equal(done.status, PullRequestStatus.Completed);
    assert.equal((await alice.git.getCommit(await headOf(alice.git, 'web-app', 'main'), 'web-app', 'Web')).parents?.length, 1);
  });

  it('cancels auto-complete, abandons and reactivates (refused while a duplicate is active), and refuses a stale completion', async () => {
    await topic();
    const pr = await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T', reviewers: [{ id: ids.bob, isRequired: true } as never] });
    await alice.git.updatePullRequest({ autoCompleteSetBy: { id: ids.alice } }, 'web-app', 1, 'Web');
    const cancelled = await alice.git.updatePullRequest({ autoCompleteSetBy: { id: '00000000-0000-0000-0000-000000000000' } }, 'web-app', 1, 'Web');
    assert.equal(cancelled.autoCompleteSetBy, undefined);
    const abandoned = await alice.git.updatePullRequest({ status: PullRequestStatus.Abandoned }, 'web-app', 1, 'Web');
    assert.equal(abandoned.status, PullRequestStatus.Abandoned);
    await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'Again' });
    const refused = await rejection(alice.git.updatePullRequest({ status: PullRequestStatus.Active }, 'web-app', 1, 'Web'));
    assert.equal(refused.statusCode, 409);
    await alice.git.updatePullRequest({ status: PullRequestStatus.Abandoned }, 'web-app', 2, 'Web');
    assert.equal((await alice.git.updatePullRequest({ status: PullRequestStatus.Active }, 'web-app', 1, 'Web')).status, PullRequestStatus.Active);
    await commitOn(alice.git, 'web-app', 'topic', { 'src/topic.ts': 'export const topic = 2;\n' }, 'Second iteration');
    const stale = await rejection(alice.git.updatePullRequest({ status: PullRequestStatus.Completed, lastMergeSourceCommit: pr.lastMergeSourceCommit }, 'web-app', 1, 'Web'));
    assert.equal(stale.statusCode, 409);
    assert.match(stale.message, /has changed/);
  });

  it('adds an iteration per push, with changes and commits; threads, statuses and labels', async () => {
    await topic();
    await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T' });
    await commitOn(alice.git, 'web-app', 'topic', { 'src/index.ts': 'export const changed = true;\n' }, 'Change index');
    const iterations = await alice.git.getPullRequestIterations('web-app', 1, 'Web');
    assert.deepEqual(iterations.map((i) => i.id), [1, 2]);
    const changes = await alice.git.getPullRequestIterationChanges('web-app', 1, 2, 'Web');
    assert.deepEqual(changes.changeEntries?.map((c) => [c.item?.path, c.changeType]).sort(), [['/src/index.ts', 2], ['/src/topic.ts', 1]]);
    const edited = changes.changeEntries?.find((c) => c.item?.path === '/src/index.ts');
    const blob = await alice.git.getBlobContent('web-app', edited?.item?.objectId ?? '', 'Web');
    let text = '';
    for await (const chunk of blob) text += String(chunk);
    assert.equal(text, 'export const changed = true;\n');
    const commits = await alice.git.getPullRequestCommits('web-app', 1, 'Web');
    assert.deepEqual(commits.map((c) => c.comment), ['Change index', 'Add topic']);
    const thread = await alice.git.createThread({ comments: [{ content: 'Looks good' }], status: 1 }, 'web-app', 1, 'Web');
    assert.equal(thread.comments?.[0]?.author?.displayName, 'Alice Example');
    assert.equal((await alice.git.getThreads('web-app', 1, 'Web')).length, 1);
    await raw(`${emu.url}/alpha/Web/_apis/git/repositories/web-app/pullRequests/1/statuses`, { method: 'POST', token: emu.pat, body: { state: 'succeeded', description: 'Build 42 passed', context: { name: 'build', genre: 'ci' } } });
    const statuses = await alice.git.getPullRequestStatuses('web-app', 1, 'Web');
    assert.equal(statuses[0]?.description, 'Build 42 passed');
    await alice.git.createPullRequestLabel({ name: 'ready' }, 'web-app', 1, 'Web');
    assert.deepEqual((await alice.git.getPullRequestLabels('web-app', 1, 'Web')).map((l) => l.name), ['ready']);
  });

  it('shares the syncs of a pull request among the requests that arrive together, which still see a push made before them', async () => {
    await topic();
    await createPr(alice.git, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T' });
    await commitOn(alice.git, 'web-app', 'topic', { 'src/index.ts': 'export const changed = true;\n' }, 'Change index');
    // What the details page asks for at once; each request brings the pull request up to date with its branches first.
    const spawned = sinon.spy(childProcess, 'spawn');
    try {
      const [pr, iterations, commits] = await Promise.all([
        alice.git.getPullRequest('web-app', 1, 'Web'),
        alice.git.getPullRequestIterations('web-app', 1, 'Web'),
        alice.git.getPullRequestCommits('web-app', 1, 'Web'),
        alice.git.getThreads('web-app', 1, 'Web'),
        alice.git.getPullRequestStatuses('web-app', 1, 'Web'),
        alice.git.getPullRequestById(1, 'Web'),
      ]);
      assert.deepEqual(iterations.map((i) => i.id), [1, 2]);
      assert.equal(pr.lastMergeSourceCommit?.commitId, iterations[1]?.sourceRefCommit?.commitId);
      assert.deepEqual(commits.map((c) => c.comment), ['Change index', 'Add topic']);
      // A sync reads both branches (two rev-parse); six syncs would read them twelve times.
      const branchReads = spawned.getCalls().filter((c) => (c.args[1] as string[]).includes('rev-parse')).length;
      assert.ok(branchReads > 0 && branchReads <= 4, `the branches were read ${branchReads} times for six requests`);
    } finally {
      spawned.restore();
    }
  });

  it('finds people and teams (identity picker), my teams, memberships, work items by id and by title (WIQL)', async () => {
    const picker = await raw(`${emu.url}/alpha/_apis/IdentityPicker/Identities`, { method: 'POST', token: emu.pat, body: { query: 'car', identityTypes: ['user', 'group'], operationScopes: ['ims', 'source'], options: { MinResults: 5, MaxResults: 20 } } });
    assert.deepEqual((picker.body as { results: { identities: { displayName: string; entityType: string }[] }[] }).results[0].identities.map((i) => [i.displayName, i.entityType]), [['Carol Contoso', 'User']]);
    const group = await raw(`${emu.url}/alpha/_apis/IdentityPicker/Identities`, { method: 'POST', token: emu.pat, body: { query: 'web', identityTypes: ['group'] } });
    assert.deepEqual((group.body as { results: { identities: { displayName: string }[] }[] }).results[0].identities.map((i) => i.displayName), ['[Web]\\Web Team']);
    const mine = await alice.core.getAllTeams(true);
    assert.deepEqual(mine.map((t) => [t.name, t.id]), [['Web Team', ids.webTeam]]);
    const me = await raw(`${emu.url}/alpha/_apis/identities?identityIds=${ids.alice}&queryMembership=Direct`, { token: emu.pat });
    assert.equal((me.body as { value: { memberOf: string[] }[] }).value[0].memberOf.length, 1);
    const items = await alice.wit.getWorkItems([101, 103]);
    assert.deepEqual(items.map((w) => w.fields?.['System.Title']), ['Login page shows a blank screen', 'Document the build']);
    const found = await alice.wit.queryByWiql({ query: "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Title] CONTAINS 'feature'" }, { project: 'Web' });
    assert.deepEqual(found.workItems?.map((w) => w.id), [102]);
    const missing = await raw(`${emu.url}/alpha/_apis/wit/workitems?ids=101,999`, { token: emu.pat });
    assert.equal(missing.status, 404);
    assert.match(missing.text, /TF401232: Work item 999/);
  });

  it('serves a file of a branch as text (pull request templates are read this way)', async () => {
    await commitOn(alice.git, 'web-app', 'main', { '.azuredevops/pull_request_template.md': '## What\n' }, 'Template', true);
    const res = await raw(`${emu.url}/alpha/Web/_apis/git/repositories/web-app/items?path=%2F.azuredevops%2Fpull_request_template.md&versionDescriptor.version=main`, { token: emu.pat, headers: { accept: 'text/plain' } });
    assert.equal(res.status, 200);
    assert.equal(res.text, '## What\n');
    const none = await raw(`${emu.url}/alpha/Web/_apis/git/repositories/web-app/items?path=%2Fnope.md`, { token: emu.pat, headers: { accept: 'text/plain' } });
    assert.equal(none.status, 404);
  });
});

describe('emulator: seeded pull requests and the minimum-reviewers policy', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;

  before(async () => {
    const seed = loadSeed(path.join(__dirname, 'seeds', 'demo.json'));
    const repo = seed.organizations[0].projects[0].repositories?.find((r) => r.name === 'fiber-api');
    assert.ok(repo, 'the demo seed has fiber-api');
    repo.policies = { minimumApproverCount: 2 };
    emu = await startEmulator({ seed });
  });
  after(async () => emu.close());

  it('serves the seeded pull requests with their merges computed on first access (one with conflicts)', async () => {
    const { git } = apis(emu, emu.pat, 'fabrikam');
    const list = await git.getPullRequests('fiber-api', { status: PullRequestStatus.All }, 'Fabrikam Fiber');
    assert.deepEqual(list.map((p) => [p.title, p.isDraft === true, p.mergeStatus]), [
      ['Release notes', true, PullRequestAsyncStatus.Succeeded],
      ['Greet by name', false, PullRequestAsyncStatus.Conflicts],
      ['Search orders by customer', false, PullRequestAsyncStatus.Succeeded],
      ['Add feature flags', false, PullRequestAsyncStatus.Succeeded],
    ]);
    const search = list[2];
    assert.deepEqual(search.reviewers?.map((r) => [r.displayName, r.vote, r.isRequired === true]), [
      ['Alice Example', 0, true], ['[Fabrikam Fiber]\\Fiber Team', 0, false], ['Carol Contoso', 5, false]]);
    assert.deepEqual((await git.getPullRequestCommits('fiber-api', search.pullRequestId ?? 0, 'Fabrikam Fiber')).map((c) => c.comment), ['Test the search endpoint', 'Add a search endpoint\n\nSearches orders by customer name.']);
  });

  it('evaluates "Minimum number of reviewers" from approvals, not counting the author', async () => {
    const alice = apis(emu, emu.pat, 'fabrikam');
    const flags = (await alice.git.getPullRequests('fiber-api', {}, 'Fabrikam Fiber')).find((p) => p.title === 'Add feature flags');
    assert.ok(flags?.pullRequestId);
    const artifact = `vstfs:///CodeReview/CodeReviewId/${flags.repository?.project?.id ?? ''}/${flags.pullRequestId}`;
    const status = async () => (await alice.policy.getPolicyEvaluations('Fabrikam Fiber', artifact)).map((e) => [e.configuration?.type?.displayName, e.status]);
    assert.deepEqual(await status(), [['Minimum number of reviewers', PolicyEvaluationStatus.Rejected]]);
    const aliceId = flags.createdBy?.id ?? '';
    await alice.git.createPullRequestReviewer({ vote: 10 }, 'fiber-api', flags.pullRequestId, aliceId, 'Fabrikam Fiber');
    assert.deepEqual(await status(), [['Minimum number of reviewers', PolicyEvaluationStatus.Rejected]], 'the author\'s own vote does not count');
    emu.control.addToken('carol', { token: 'demo-carol', user: 'carol', organizations: ['fabrikam'] });
    const carol = apis(emu, 'demo-carol', 'fabrikam');
    const carolId = (await carol.core.getAllTeams(true))[0]?.id;
    assert.ok(carolId, 'carol is in a team');
    const me = await raw(`${emu.url}/fabrikam/_apis/IdentityPicker/Identities`, { method: 'POST', token: 'demo-carol', body: { query: 'carol', identityTypes: ['user'] } });
    const carolUser = (me.body as { results: { identities: { localId: string }[] }[] }).results[0].identities[0].localId;
    await carol.git.createPullRequestReviewer({ vote: 5 }, 'fiber-api', flags.pullRequestId, carolUser, 'Fabrikam Fiber');
    assert.deepEqual(await status(), [['Minimum number of reviewers', PolicyEvaluationStatus.Approved]]);
  });
});

// The REST layer's pull request clients (PullRequestClient, CollaborationClient) against the emulator over real HTTP.
import * as assert from 'node:assert/strict';
import { AzdoClient } from '../../src/azdo/client';
import { AzdoError } from '../../src/azdo/errors';
import type { RepoAddress } from '../../src/azdo/pullRequests';
import type { RunningEmulator } from '../emulator/index';
import { apis, commitOn, commitTo, headOf } from '../emulator/prkit';
import { startTestEmulator, T } from '../emulator/testkit';

function client(emu: RunningEmulator, token = emu.pat): AzdoClient {
  return new AzdoClient(`${emu.url}/alpha`, { kind: 'pat', token }, { timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test' });
}

async function rejected(promise: Promise<unknown>): Promise<AzdoError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AzdoError, `an AzdoError, got ${String(err)}`);
    return err;
  }
  throw new Error('expected a rejection');
}

describe('PullRequestClient and CollaborationClient (against the emulator)', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let repo: RepoAddress;

  before(async () => { emu = await startTestEmulator(); });
  after(async () => emu.close());
  beforeEach(async () => {
    await emu.control.reset();
    const r = (await client(emu).listRepositories('Web')).find((x) => x.name === 'web-app');
    assert.ok(r);
    repo = { projectId: r.projectId, repositoryId: r.id };
  });

  it('creates with reviewers and work items, lists, reads, votes, and maps everything to its own model', async () => {
    const { git } = apis(emu, emu.pat);
    await commitTo(git, 'web-app', 'topic', await headOf(git, 'web-app', 'main'), { 'src/topic.ts': 'export const t = 1;\n' }, 'Add topic');
    const azdo = client(emu);
    const collab = azdo.collaboration();
    const [bob] = await collab.searchIdentities('bob');
    const [team] = (await collab.searchIdentities('web')).filter((i) => i.isGroup);
    assert.equal(bob.displayName, 'Bob Builder');
    assert.equal(bob.uniqueName, 'bob@example.com');
    assert.equal(team.displayName, '[Web]\\Web Team');
    const created = await azdo.pullRequests().create(repo, {
      sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'Topic', description: 'Why', isDraft: false,
      reviewers: [{ id: bob.id, isRequired: true }, { id: team.id, isRequired: false }], workItemIds: [101], labels: ['x'],
    });
    assert.equal(created.status, 'active');
    assert.equal(created.mergeStatus, 'succeeded');
    assert.equal(created.sourceBranch, 'topic');
    assert.equal(created.targetBranch, 'main');
    assert.equal(created.webUrl, `${emu.url}/alpha/Web/_git/web-app/pullrequest/${created.id}`);
    assert.deepEqual(created.reviewers.map((r) => [r.displayName, r.isRequired, r.isGroup, r.vote]), [['Bob Builder', true, false, 0], ['[Web]\\Web Team', false, true, 0]]);
    assert.deepEqual(created.labels, ['x']);
    assert.match(created.creationDate, /^\d{4}-\d\d-\d\dT/);
    const me = (await azdo.getConnectionData()).user;
    assert.deepEqual((await azdo.pullRequests().list(repo, { creatorId: me.id })).map((p) => p.id), [created.id]);
    assert.deepEqual(await azdo.pullRequests().list(repo, { reviewerId: me.id }), []);
    assert.deepEqual((await collab.groupIdsOf(me.id)).includes(team.id.toLowerCase()), true);
    assert.deepEqual((await azdo.pullRequests().list(repo, { reviewerId: team.id })).map((p) => p.id), [created.id]);
    assert.deepEqual(await azdo.pullRequests().workItemIds(repo, created.id), [101]);
    assert.deepEqual((await collab.workItems([101])).map((w) => [w.title, w.type, w.state]), [['Login page shows a blank screen', 'Bug', 'Active']]);
    assert.deepEqual((await collab.searchWorkItems(repo.projectId, 'feature')).map((w) => w.id), [102]);
    assert.deepEqual((await collab.searchWorkItems(repo.projectId, '#103')).map((w) => w.title), ['Document the build']);
    assert.deepEqual(await collab.policies(repo.projectId, created.id), [{ name: 'Required reviewers', status: 'rejected', isBlocking: true }]);
    const bobClient = client(emu, T.bobGlobal);
    assert.equal((await bobClient.pullRequests().vote(repo, created.id, bob.id, 10)).vote, 10);
    assert.deepEqual(await collab.policies(repo.projectId, created.id), [{ name: 'Required reviewers', status: 'approved', isBlocking: true }]);
    const refused = await rejected(azdo.pullRequests().vote(repo, created.id, bob.id, -10));
    assert.match(refused.serverMessage ?? '', /own vote/);
  });

  it('completes with options, reads iterations, changes, blobs, commits, statuses, threads and files of a branch', async () => {
    const { git } = apis(emu, emu.pat);
    await commitTo(git, 'web-app', 'topic', await headOf(git, 'web-app', 'main'), { 'src/topic.ts': 'one\n' }, 'Add topic');
    await commitOn(git, 'web-app', 'topic', { 'src/index.ts': 'changed\n' }, 'Change index');
    const prs = client(emu).pullRequests();
    const pr = await prs.create(repo, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 'T', description: '', isDraft: true, reviewers: [], workItemIds: [], labels: [] });
    const [iteration] = await prs.iterations(repo, pr.id);
    const changes = await prs.changes(repo, pr.id, iteration.id);
    assert.deepEqual(changes.map((c) => [c.path, c.changeType]).sort(), [['/src/index.ts', 'edit'], ['/src/topic.ts', 'add']]);
    const edit = changes.find((c) => c.changeType === 'edit');
    assert.equal((await prs.blob(repo, edit?.objectId ?? '')).toString('utf8'), 'changed\n');
    assert.equal((await prs.blob(repo, edit?.originalObjectId ?? '')).toString('utf8'), "export function main(): string {\n  return 'hello, world';\n}\n");
    assert.equal((await rejected(prs.blob(repo, '1111111111111111111111111111111111111111'))).kind, 'notFound');
    assert.deepEqual((await prs.commits(repo, pr.id)).map((c) => c.message), ['Change index', 'Add topic']);
    assert.equal((await prs.addComment(repo, pr.id, 'Nice')).comments[0].content, 'Nice');
    assert.equal((await prs.threads(repo, pr.id)).length, 1);
    assert.deepEqual(await prs.statuses(repo, pr.id), []);
    assert.equal(await prs.aheadOf(repo, 'topic', 'main'), 2);
    assert.equal(await prs.aheadOf(repo, 'nope', 'main'), undefined);
    assert.deepEqual((await prs.branches(repo)).map((b) => b.name), ['feature/flags', 'main', 'release/1.0', 'topic']);
    assert.equal(await client(emu).collaboration().fileText(repo, '/README.md', 'main'), '# web-app\n\nThis repository is part of the Azure DevOps emulator seed.\n');
    assert.equal(await client(emu).collaboration().fileText(repo, '/.azuredevops/pull_request_template.md', 'main'), undefined);
    const draft = await rejected(prs.complete(repo, pr, { mergeStrategy: 'squash' }));
    assert.equal(draft.kind, 'conflict');
    assert.match(draft.serverMessage ?? '', /draft/);
    await prs.update(repo, pr.id, { isDraft: false });
    const auto = await prs.update(repo, pr.id, { autoCompleteSetBy: (await client(emu).getConnectionData()).user.id, completionOptions: { mergeStrategy: 'rebase', deleteSourceBranch: true } });
    assert.equal(auto.status, 'completed', 'no policy blocks it, so auto-complete completes at once');
    assert.equal(auto.completionOptions?.mergeStrategy, 'rebase');
    assert.equal(auto.completionOptions?.deleteSourceBranch, true);
    assert.equal((await prs.get(repo, pr.id)).status, 'completed');
    assert.equal((await rejected(prs.get(repo, 999))).kind, 'notFound');
  });
});

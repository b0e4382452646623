import * as assert from 'node:assert/strict';
import type { AccountRecord } from '../../src/auth/accountStore';
import type { PullRequestInfo } from '../../src/azdo/pullRequestTypes';
import type { Logger } from '../../src/log';
import type { ClientProvider } from '../../src/model/clients';
import { PullRequestLists, type ListTarget } from '../../src/pullRequests/lists';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A service whose list answers come back only when the test releases them, in any order. */
function slowService() {
  const calls: { resolve(items: PullRequestInfo[]): void }[] = [];
  const client = {
    pullRequests: () => ({
      list: () => new Promise<PullRequestInfo[]>((resolve) => { calls.push({ resolve }); }),
    }),
  };
  const clients = { get: async () => client } as unknown as ClientProvider;
  return { clients, calls };
}

const pr = (id: number): PullRequestInfo => ({ id, title: `PR ${id}`, createdBy: { id: 'someone' }, reviewers: [] }) as unknown as PullRequestInfo;
const target: ListTarget = {
  account: { key: 'k', user: { id: 'me' } } as unknown as AccountRecord,
  repo: { projectId: 'p', repositoryId: 'r' } as ListTarget['repo'],
  label: 'P/r',
};
const settle = () => new Promise((r) => setImmediate(r));
const ids = (state: { status: string; items?: PullRequestInfo[] }) => (state.items ?? []).map((p) => p.id);

describe('PullRequestLists (loads shared, refreshes after a change never answered by an older load)', () => {
  it('shares one load between concurrent readers', async () => {
    const { clients, calls } = slowService();
    const lists = new PullRequestLists(clients, silent);
    const a = lists.load(target, 'allActive');
    const b = lists.load(target, 'allActive');
    await settle();
    assert.equal(calls.length, 1, 'one request for two readers');
    calls[0].resolve([pr(1)]);
    assert.deepEqual([ids(await a), ids(await b)], [[1], [1]]);
  });

  it('a forced load (after a change) does not reuse a load that started before it', async () => {
    const { clients, calls } = slowService();
    const lists = new PullRequestLists(clients, silent);
    const before = lists.load(target, 'allActive');
    await settle();
    const after = lists.load(target, 'allActive', true);
    await settle();
    assert.equal(calls.length, 2, 'the forced load asks the service again');
    calls[1].resolve([pr(2), pr(1)]);
    calls[0].resolve([pr(1)]);
    assert.deepEqual(ids(await after), [2, 1]);
    assert.deepEqual(ids(await before), [2, 1], 'the older load hands over the newer answer');
    assert.deepEqual(ids(lists.peek(target, 'allActive') as never), [2, 1], 'the stale answer, arriving last, is not kept');
  });

  it('a load that was running when the lists were invalidated does not bring old items back', async () => {
    const { clients, calls } = slowService();
    const lists = new PullRequestLists(clients, silent);
    const old = lists.load(target, 'allActive');
    await settle();
    lists.invalidate();
    const fresh = lists.load(target, 'allActive');
    await settle();
    calls[0].resolve([pr(1)]);
    await settle();
    assert.equal(lists.peek(target, 'allActive'), undefined, 'the answer read before the invalidation is not kept');
    calls[1].resolve([pr(3)]);
    assert.deepEqual(ids(await fresh), [3]);
    assert.deepEqual(ids(await old), [3]);
    assert.deepEqual(ids(lists.peek(target, 'allActive') as never), [3]);
  });
});

import * as assert from 'node:assert/strict';
import { DraftStore } from '../../src/pullRequests/drafts';
import type { CreateForm } from '../../src/webviews/createPullRequest/messages';

function memento(): { get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void>; data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: <T>(key: string) => data.get(key) as T | undefined, update: async (key, value) => { data.set(key, structuredClone(value)); } };
}

const form = (title: string): CreateForm => ({
  sourceRepositoryId: 'r', sourceBranch: 'b', targetRepositoryId: 'r', targetBranch: 'main', title, description: '', isDraft: false,
  reviewers: [], workItems: [], labels: [], autoComplete: false, mergeStrategy: 'noFastForward', deleteSourceBranch: false, transitionWorkItems: true,
});

describe('DraftStore (pull requests being written)', () => {
  it('keeps a draft per source until it is deleted', async () => {
    const m = memento();
    const store = new DraftStore(m);
    const key = DraftStore.key('https://dev.azure.com/org', 'repo', 'feature/x');
    await store.save(key, form('Typed'));
    assert.equal(new DraftStore(m).get(key)?.title, 'Typed', 'another store over the same state sees it');
    assert.equal(store.get(DraftStore.key('https://dev.azure.com/org', 'repo', 'other')), undefined);
    await store.delete(key);
    assert.equal(store.get(key), undefined);
  });

  it('forgets drafts older than 30 days and keeps at most 50', async () => {
    let now = 0;
    const store = new DraftStore(memento(), () => now);
    await store.save('old', form('old'));
    now = 31 * 24 * 3600 * 1000;
    assert.equal(store.get('old'), undefined);
    for (let i = 0; i < 60; i++) { now += 1; await store.save(`k${i}`, form(String(i))); }
    assert.equal(store.get('k0'), undefined);
    assert.equal(store.get('k59')?.title, '59');
    assert.equal(store.get('k10')?.title, '10');
  });
});

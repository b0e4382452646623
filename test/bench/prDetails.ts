// prDetailsRtt: opening the bench's large pull request (org-1/project-1/repo-1, 1,000 changed files, 200 comment
// threads) with "Azure DevOps: Open Pull Request" until its details and file list are posted to the webview.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { PullRequestRef } from '../../src/pullRequests/ref';
import type { TestingApi } from '../../src/testing';
import type { PullRequestPanel } from '../../src/webviews/pullRequest/panel';
import { control } from '../integration/support/env';
import { criticalPath, log, maxInFlight, median, profiled } from './hostkit';

export interface PrDetailsResult {
  /** Median of the opens after the first (the route tables of the areas involved are known, as after any earlier use). */
  ms: number;
  /** The first open in the window: route discovery of the policy and work item areas included. */
  firstMs: number;
  /** Until the page had said it is ready too (the webview starting in the browser), median. */
  shownMs: number;
  requests: number;
  firstRequests: number;
  criticalPath: number;
  maxInFlight: number;
  files: number;
  /** Comments shown (the 200 threads have two each). */
  comments: number;
}

const OPENS = 4;

function largePullRequestRef(api: TestingApi): PullRequestRef {
  const account = api.deps.accounts.list().find((a) => a.name === 'org-1');
  const state = account && api.deps.catalog.state(account.key);
  if (!account || state?.status !== 'loaded') throw new Error('org-1 is not loaded');
  const project = state.data.projects.find((p) => p.name === 'project-1');
  const repository = project && state.data.repositories.get(project.id)?.find((r) => r.name === 'repo-1');
  if (!project || !repository) throw new Error('org-1/project-1/repo-1 is not known');
  return { accountKey: account.key, projectId: project.id, repositoryId: repository.id, id: 1 };
}

/** Polls (every 2 ms: the host's own thread, so a cheap check) until `probe` holds. */
async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function openOnce(ref: PullRequestRef): Promise<{ ms: number; shownMs: number; files: number; comments: number; startedAt: number }> {
  const startedAt = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  const panel = await vscode.commands.executeCommand<PullRequestPanel | undefined>('azureDevOps.openPullRequest', ref);
  if (!panel) throw new Error('the pull request did not open');
  // The whole pull request: the details with the file list (a first open shows the details before the files come).
  const stateOf = () => panel.channel.posted.find((m) => m.type === 'state' && m.state.pending.length === 0);
  const errorOf = () => panel.channel.posted.find((m) => m.type === 'error');
  await until(() => !!stateOf() || !!errorOf(), 'the details of the pull request');
  const ms = performance.now() - t0;
  const error = errorOf();
  if (error) throw new Error(`the pull request failed to load: ${JSON.stringify(error)}`);
  await panel.channel.ready;
  const shownMs = performance.now() - t0;
  const state = stateOf();
  const files = state?.type === 'state' ? state.state.files.length : 0;
  const comments = state?.type === 'state' ? state.state.comments.length : 0;
  panel.panel.dispose();
  return { ms, shownMs, files, comments, startedAt };
}

export async function measurePrDetails(api: TestingApi): Promise<PrDetailsResult> {
  const ref = largePullRequestRef(api);
  const runs: Awaited<ReturnType<typeof openOnce>>[] = [];
  let firstRequests = 0;
  let requests = 0;
  let depth = 0;
  let most = 0;
  for (let i = 0; i < OPENS; i++) {
    await control.clearLog();
    const run = await profiled(i === 1 ? 'AZDO_BENCH_PROFILE_PR' : '', () => openOnce(ref));
    const entries = await control.log();
    if (run.files !== 1000) throw new Error(`the details show ${run.files} changed files, the seed has 1000`);
    if (i === 0) firstRequests = entries.entries.length;
    else {
      requests = entries.entries.length;
      depth = Math.max(depth, criticalPath(entries.entries));
    }
    most = Math.max(most, maxInFlight(entries));
    runs.push(run);
    log(`pull request details: ${run.ms.toFixed(0)} ms (page ready at ${run.shownMs.toFixed(0)} ms), ${entries.entries.length} requests`
      + ` (${entries.entries.map((e) => `${e.method} ${e.path.split('/').slice(-2).join('/')} ${(e.start - run.startedAt).toFixed(0)}..${((e.end ?? e.start) - run.startedAt).toFixed(0)}`).join(', ')})`);
  }
  const later = runs.slice(1);
  return {
    ms: median(later.map((r) => r.ms)), firstMs: runs[0].ms, shownMs: median(later.map((r) => r.shownMs)),
    requests, firstRequests, criticalPath: depth, maxInFlight: most, files: runs[0].files, comments: runs[0].comments,
  };
}

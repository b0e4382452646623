// The Git extension's askpass cache and its 60 s timers (see src/git/askpassTimers.ts), with the real Git extension:
// the test asks its askpass handler exactly as git's askpass helper does (user name prompt, then password prompt),
// timed so that the timer of an earlier answer fires in between. It takes a minute, the length of that timer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, emulator, extensionApi, orgToken, signIn, signOutEverywhere } from './support/env';

/** The parts of the Git extension's Askpass (extensions/git/src/askpass.ts) that git's askpass helper reaches over IPC. */
interface GitAskpass {
  handle(request: { askpassType: 'https'; request: string; host: string }): Promise<string>;
  cache: Map<string, unknown>;
}

function gitAskpass(): GitAskpass | undefined {
  const exports = vscode.extensions.getExtension('vscode.git')?.exports as { _model?: { askpass?: Partial<GitAskpass> } } | undefined;
  const askpass = exports?._model?.askpass;
  return typeof askpass?.handle === 'function' && askpass.cache instanceof Map ? askpass as GitAskpass : undefined;
}

const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe('Git askpass: an answer outlives an earlier answer\'s timer', function () {
  this.timeout(120_000);
  let api: TestingApi;
  const origin = new URL(emulator().url).origin;
  const hostKey = new URL(origin).host;
  const token = orgToken('alpha');

  before(async () => {
    api = await extensionApi();
    await cleanSlate(api);
    await signIn(api, 'alpha', token);
  });
  after(async () => signOutEverywhere(api));

  it('hands the token just before the earlier answer\'s timer fires, and git\'s password prompt still finds it', async function () {
    const askpass = gitAskpass();
    if (!askpass) {
      console.log('      (skipped: this VS Code\'s Git extension has no askpass handler where VS Code 1.100 keeps it)');
      this.skip();
    }
    // What git's askpass helper sends: the prompt, and the host of the remote (no path: credential.useHttpPath unset).
    const ask = (prompt: 'Username' | 'Password') => askpass.handle({ askpassType: 'https', request: `${prompt} for '${origin}': `, host: origin });

    const firstAsked = Date.now();
    assert.equal(await ask('Username'), 'pat', 'the provider answered the user name prompt');
    const firstAnswered = Date.now();
    assert.equal(await ask('Password'), token, 'the password prompt got alpha\'s token from the cache');
    const heldBefore = api.deps.git.credentials.heldBack.length;

    // The second user name prompt comes 0.4 s before the first answer's timer (60 s after it was cached) fires.
    await sleepUntil(firstAsked + 60_000 - 400);
    assert.equal(await ask('Username'), 'pat');
    // git's password prompt comes after that timer has fired.
    await sleepUntil(firstAnswered + 60_000 + 300);
    assert.ok(askpass.cache.has(hostKey),
      'the second answer is still in the Git extension\'s askpass cache when git asks for the password (the first answer\'s timer removed it otherwise)');
    assert.equal(await ask('Password'), token);

    const held = api.deps.git.credentials.heldBack.slice(heldBefore);
    assert.equal(held.length, 1, `the provider held the second answer back once (held: ${JSON.stringify(held)})`);
    assert.equal(held[0].host, hostKey);
    assert.ok(held[0].ms >= 400 && held[0].ms <= 2_000, `held back past the timer, not much longer: ${held[0].ms} ms`);
  });
});

// The Git extension's askpass cache (see src/git/askpassTimers.ts), with the real Git extension: the tests ask its
// askpass handler exactly as git's askpass helper does (user name prompt, then password prompt), timed so that an
// earlier answer's timer fires in between (a minute: the length of that timer), or so that another organization's
// git process asks in between.
import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, emulator, extensionApi, orgToken, signIn, signOutEverywhere } from './support/env';
import { gitAskpass, watchAskpassCache } from './support/git';

const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe('Git askpass: the answer git reads is the one handed to it', function () {
  this.timeout(120_000);
  let api: TestingApi;
  const origin = new URL(emulator().url).origin;
  const hostKey = new URL(origin).host;
  const token = orgToken('alpha');
  const betaToken = orgToken('beta');

  let watch: ReturnType<typeof watchAskpassCache> | undefined;
  /** For a failure message: what happened to the cache, and what the provider held back. */
  const seen = () => `askpass cache: ${JSON.stringify(watch?.events())}; held back: ${JSON.stringify(api.deps.git.credentials.heldBack)}`;

  before(async () => {
    watch = watchAskpassCache();
    api = await extensionApi();
    await cleanSlate(api);
    await signIn(api, 'alpha', token);
  });
  after(async () => {
    watch?.dispose();
    await signOutEverywhere(api);
  });

  it('hands the token just before the earlier answer\'s timer fires, and git\'s password prompt still finds it', async function () {
    const askpass = gitAskpass();
    if (!askpass) {
      console.log('      (skipped: this VS Code\'s Git extension has no askpass handler where VS Code 1.100 keeps it)');
      this.skip();
    }
    // What git's askpass helper sends: the prompt, and the host of the remote (no path: credential.useHttpPath unset).
    const ask = (prompt: 'Username' | 'Password') => askpass.handle({ askpassType: 'https', request: `${prompt} for '${origin}': `, host: origin });

    assert.equal(await ask('Username'), 'pat', 'the provider answered the user name prompt');
    // The Git extension cached the answer (and started its timer) as the prompt was answered. That may be a while
    // after it was asked: the provider may have held it back for a timer of an earlier test's answer.
    const firstAnswered = Date.now();
    assert.equal(await ask('Password'), token, 'the password prompt got alpha\'s token from the cache');
    const heldBefore = api.deps.git.credentials.heldBack.length;

    // The second user name prompt comes 0.4 s before the first answer's timer (60 s after it was cached) fires.
    await sleepUntil(firstAnswered + 60_000 - 400);
    assert.equal(await ask('Username'), 'pat');
    // git's password prompt comes after that timer has fired.
    await sleepUntil(firstAnswered + 60_000 + 300);
    assert.ok(askpass.cache.has(hostKey),
      `the second answer is still in the Git extension's askpass cache when git asks for the password (the first answer's timer removed it otherwise); ${seen()}`);
    assert.equal(await ask('Password'), token);

    const held = api.deps.git.credentials.heldBack.slice(heldBefore);
    const total = held.reduce((sum, h) => sum + h.ms, 0);
    assert.ok(held.length > 0 && held.every((h) => h.host === hostKey), `the provider held the second answer back; ${seen()}`);
    assert.ok(total >= 400 && total <= 6_000, `held back past the timer (and a late firing), not much longer: ${total} ms`);
  });

  it('two organizations\' git processes asking at once for the same host: each gets its own organization\'s token', async function () {
    const askpass = gitAskpass();
    if (!askpass) {
      console.log('      (skipped: this VS Code\'s Git extension has no askpass handler where VS Code 1.100 keeps it)');
      this.skip();
    }
    await signIn(api, 'beta', betaToken);
    // With credential.useHttpPath, git names the repository: the organization is exact, but the cache is per host.
    const alphaRepo = `${origin}/alpha/Web/_git/web-app`;
    const betaRepo = `${origin}/beta/Mobile/_git/ios`;
    const ask = (prompt: 'Username' | 'Password', url: string) => askpass.handle({ askpassType: 'https', request: `${prompt} for '${url}': `, host: url });
    const heldBefore = api.deps.git.credentials.heldBack.length;
    api.deps.git.credentials.requests.length = 0;

    assert.equal(await ask('Username', alphaRepo), 'pat');
    // beta's git process asks for its user name before alpha's asks for the password (which comes a moment later).
    const betaUser = ask('Username', betaRepo);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await ask('Password', alphaRepo), token, `alpha's git process gets alpha's token, not beta's; ${seen()}`);
    assert.equal(await betaUser, 'pat');
    assert.equal(await ask('Password', betaRepo), betaToken, 'beta\'s git process gets beta\'s token');

    assert.deepEqual(api.deps.git.credentials.requests.map((r) => [r.organization, r.reason, r.outcome]), [['alpha', 'path', 'handed'], ['beta', 'path', 'handed']]);
    const held = api.deps.git.credentials.heldBack.slice(heldBefore);
    // Held for alpha's answer (1.5 s), and maybe for a timer of an answer of an earlier test.
    assert.ok(held.length > 0 && held.every((h) => h.ms <= 6_000), `beta's answer waited for alpha's to be read; ${seen()}`);
  });
});
